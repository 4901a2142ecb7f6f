"""CLI: `handover`. Parse, call the library, print."""

from __future__ import annotations

from pathlib import Path

import click

from ..customers import handover as handover_lib
from ..output import print_json
from .customers import echo, plural


@click.command()
@click.option("--from", "from_owner", required=True, metavar="OWNER", help="The salesperson leaving (name or account).")
@click.option("--to", "to_owner", required=True, metavar="OWNER", help="The salesperson taking over.")
@click.option("--customer", metavar="KEY", help="Hand over only this customer.")
@click.option(
    "--dir",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the briefs (default: ./handover-FROM-to-TO-DATE).",
)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
def handover(
    state, from_owner: str, to_owner: str, customer: str | None, directory: Path | None, as_json: bool
) -> None:
    """Move a salesperson's customers to another and write a Markdown brief per customer:
    who they are, contacts, last exchanges, open threads, orders, what is pending.

    \b
    Examples:
        mailcrm handover --from "Lisa Chen" --to "Tom Wang"
        mailcrm handover --from lisa --to tom --customer acme-armaturen.de --dir ./briefs
    """
    result = handover_lib.handover(state.db, state.config, from_owner, to_owner, customer=customer, directory=directory)
    if as_json:
        print_json(
            {
                "from": result.from_owner,
                "to": result.to_owner,
                "directory": result.directory,
                "briefs": [{"key": b.key, "name": b.name, "path": b.path} for b in result.briefs],
            }
        )
        return
    for brief in result.briefs:
        echo(f"{brief.key}: {brief.path}")
    echo(
        f"{plural(len(result.briefs), 'customer')} handed over from {result.from_owner} to {result.to_owner}; "
        f"briefs in {result.directory}/"
    )
