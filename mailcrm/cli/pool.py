"""CLI: `customers pool` and `customers claim`, the public pool (公海). Parse, call, print.

The library is the night's (night/pool.py releases idle customers each night): it
loads when a command runs. The customers group adds these two commands.
"""

from __future__ import annotations

from datetime import date

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..output import TODAY_OPTION, print_json


def plain(*values) -> list[str]:
    """Table cells as text (output.table shows "[accounts.imap]" as written, not as markup)."""
    return [str(value) for value in values]


@click.command()
@click.option("--release", is_flag=True, help="Release idle customers now (the nightly run does this).")
@click.option("--dry-run", is_flag=True, help="With --release: show who would go, change nothing.")
@click.option("--limit", type=int, metavar="N", help="List at most N customers.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@TODAY_OPTION
@click.pass_obj
def pool(state, release: bool, dry_run: bool, limit: int | None, as_json: bool, today: date | None) -> None:
    """The public pool (公海): customers whose owner did not follow up for [pool] days.

    Anyone may claim them with `mailcrm customers claim KEY`.

    \b
    Examples:
        mailcrm customers pool
        mailcrm customers pool --release --dry-run
    """
    from ..night import pool as lib

    if release or dry_run:
        released = lib.release_idle(state.db, state.config, today=today, dry_run=dry_run)
        if as_json:
            print_json(released.as_dict())
            return
        print_released(released)
        return
    rows = lib.pool_list(state.db)[:limit]
    if as_json:
        print_json(rows)
        return
    print_pool(rows)


def print_released(released) -> None:
    if not released.days:
        output.say("no public pool: set [pool] days in the config (e.g. days = 30)")
        return
    grid = output.table("customer", "owner", "grade", "stage", "last follow-up", "idle days")
    for row in released.released:
        grid.add_row(
            *plain(
                row["name"] or row["key"],
                row["owner"] or "",
                row["grade"] or "",
                row["stage"] or "",
                row["last"],
                row["idle_days"],
            )
        )
    if released.released:
        output.print_table(grid)
    output.say(released.line())


def print_pool(rows: list[dict]) -> None:
    if not rows:
        output.say("the public pool is empty")
        return
    grid = output.table("customer", "key", "country", "grade", "stage", "was with", "released", "idle days")
    for row in rows:
        grid.add_row(
            *plain(
                row["name"] or row["key"],
                row["key"],
                row["country"] or "",
                row["grade"] or "",
                row["stage"] or "",
                row["previous_owner"] or "",
                row["released"] or "",
                row["idle_days"] or "",
            )
        )
    output.print_table(grid)
    output.say(f"{len(rows)} customers in the public pool; `mailcrm customers claim KEY` takes one")


@click.command()
@click.argument("key")
@click.option("--owner", metavar="NAME", help="Who claims it (name or account); needed when there are several.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def claim(state, key: str, owner: str | None, as_json: bool) -> None:
    """Claim a customer from the public pool: they become yours, their follow-up clock starts again.

    \b
    Example:
        mailcrm customers claim acme-armaturen.de --owner tom
    """
    from ..night.pool import claim as claim_customer

    result = claim_customer(state.db, state.config, key, owner)
    if as_json:
        print_json(result)
        return
    output.say(f"{result['name'] or result['key']} ({result['key']}) is now {result['owner']}'s customer")
