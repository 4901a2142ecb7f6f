"""CLI: `customers note`, `customers notes` and `customers import-notes`: every contact
recorded (calls, visits, meetings, chats, faxes) beside the mail. Parse, call, print.

The customers group adds these commands.
"""

from __future__ import annotations

import os
from pathlib import Path

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..customers import contacts
from ..output import print_json

KIND_HELP = "note (the default), call, visit, meeting, chat or fax."


@click.command()
@click.argument("key")
@click.argument("text")
@click.option("--kind", metavar="KIND", default="note", show_default=True, help=KIND_HELP)
@click.option("--date", "when", metavar="YYYY-MM-DD[ HH:MM]", help="When it happened (default: now).")
@click.option("--direction", metavar="in|out", help="Who reached out: out we did (default), in they did.")
@click.option("--author", default=lambda: os.environ.get("USER", ""), show_default="$USER", help="Who wrote it.")
@click.option("--json", "as_json", is_flag=True, help="Print what was recorded as JSON.")
@click.pass_obj
def note(state, key: str, text: str, kind: str, when: str | None, direction: str | None, author: str, as_json) -> None:
    """Record a note, or a contact outside the mail: a call, visit, meeting, chat or fax.

    A contact counts like mail: in the timeline, the last contact each way and whose
    turn it is. A call or a visit of ours after their mail answers it (off "waiting
    for your answer" in `mailcrm today`) and restarts the follow-up interval; one of
    theirs (--direction in) makes it our turn. A plain note counts in none of these.
    A day without a time is noon that day (now, when it is today).

    \b
    Examples:
        mailcrm customers note acme-armaturen.de "Decision after the trade fair"
        mailcrm customers note acme-armaturen.de "Called Hans: wants 2 samples" --kind call --date 2026-12-01
        mailcrm customers note besttrading.com "John called about the B/L" --kind call --direction in
        mailcrm customers note besttrading.com "Visited their Dubai office" --kind visit --date "2026-11-20 15:00"
    """
    result = contacts.add_contact(
        state.db, state.config, key, text, kind=kind, when=when, direction=direction, author=author or None
    )
    if as_json:
        print_json(result)
        return
    what = contacts.describe(result)
    output.say(f"{what} of {result['at'][:16].replace('T', ' ')} UTC added to {result['customer']}")


@click.command()
@click.argument("key")
@click.option("--kind", metavar="KIND", help="Only this kind: " + KIND_HELP)
@click.option("--limit", type=int, metavar="N", help="At most N, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@click.pass_obj
def notes(state, key: str, kind: str | None, limit: int | None, as_json: bool) -> None:
    """A customer's notes and contacts outside the mail, newest first.

    → we reached out, ← they did.

    \b
    Examples:
        mailcrm customers notes acme-armaturen.de
        mailcrm customers notes acme-armaturen.de --kind call --json
    """
    found = contacts.list_contacts(state.db, key, kind=kind, limit=limit)
    if as_json:
        print_json(found)
        return
    if not found["notes"]:
        output.say(f"{found['customer']}: no {kind or 'notes or contacts'} recorded")
        return
    grid = output.table("date", "kind", "by", "what", title=f"{found['name'] or found['customer']}")
    for row in found["notes"]:
        grid.add_row(row["at"][:10], contacts.describe(row), row["author"] or "", row["text"])
    output.print_table(grid)


@click.command(name="import-notes")
@click.argument("csv_path", metavar="CSV", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", metavar="KIND", default="call", show_default=True, help="The kind of rows without one.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
def import_notes(state, csv_path: Path, kind: str, as_json: bool) -> None:
    """Import a call log (or any contact log) from CSV: customer, date, kind, direction, text, author.

    The customer column takes a domain, a contact address, #id or the name; kind and
    direction take call/visit/… and in/out (电话, 拜访, 呼入, 呼出 too). Bad rows are
    reported with their line; a contact already recorded is skipped, so importing the
    same file twice adds nothing.

    \b
    Example:
        mailcrm customers import-notes calls-2026-11.csv
    """
    report = contacts.import_contacts_csv(state.db, state.config, csv_path, kind=kind)
    if as_json:
        print_json(report)
    else:
        for error in report.errors:
            click.echo(f"error: {error}", err=True)
        output.say(report.line())
    if report.errors:
        raise SystemExit(1)
