"""CLI: `customers pending` and `customers promote`, the senders the triage held back. Parse, call, print.

The customers group adds these commands (`customers ignore` is the third decision).
"""

from __future__ import annotations

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..customers import decisions, triage


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@click.command()
@click.option("--all", "include_all", is_flag=True, help="Also the senders set aside: spam, bulk, forwarders, banks …")
@click.option("--limit", type=int, metavar="N", help="At most N senders.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@output.format_options
@click.pass_obj
def pending(state, include_all: bool, limit: int | None, as_json: bool, fmt) -> None:
    """Senders who wrote to us but are no customer yet: no inquiry, no answer from us.

    Spam, phishing, bulk mail, service notifications, forwarders, banks and suppliers
    are set aside (--all lists them with the reason). One command decides a sender:
    `customers promote KEY` makes a customer, `customers ignore KEY` never one.

    \b
    Examples:
        mailcrm customers pending
        mailcrm customers pending --all --json
        mailcrm customers promote tim@fairtrade-events.de
    """
    rows = triage.pending(state.db, include_all=include_all, limit=limit)
    if output.print_data(rows, fmt, as_json):
        return
    if not rows:
        output.say("nobody is pending" + ("" if include_all else " (--all lists the senders set aside)"))
        return
    grid = output.table("sender", *(["verdict"] if include_all else []), "mails", "last mail", "why")
    for row in rows:
        sender = row["key"] if not row["name"] else f"{row['name']}\n{row['key']}"
        subject = f"{(row['last_seen'] or '')[:10]} {row['last_subject'] or ''}".strip()
        grid.add_row(
            sender, *([row["verdict"]] if include_all else []), str(row["messages"] or 0), subject, row["reason"]
        )
    output.print_table(grid)
    count = sum(row["verdict"] == "pending" for row in rows)
    output.say(
        f"{count} pending · `mailcrm customers promote KEY` makes a customer, `mailcrm customers ignore KEY` never one"
    )


@click.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the new customer's profile as JSON.")
@click.pass_obj
def promote(state, key: str, as_json: bool) -> None:
    """Make a customer of a sender the triage held back (pending, or set aside by mistake).

    Their mail is filed under the new customer at once, and the rules conclude it at the
    next run. `customers ignore KEY` is the other answer.

    \b
    Examples:
        mailcrm customers promote tim@fairtrade-events.de
        mailcrm customers promote ningbo-freight.com
    """
    profile = decisions.promote(state.db, state.config, key)
    if as_json:
        output.print_json(profile)
        return
    output.say(f"{profile['key']} is a customer now ({plural(profile['messages_in'], 'mail')} from them)")
