"""CLI: `customers docs`, every file exchanged with a customer by kind. Parse, call, print.

The customers group adds this command; `customers show` prints the summary line from here.
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import output  # rich loads when a table is printed, not for --json
from ..customers import documents


def size(n: int | None) -> str:
    n = n or 0
    return f"{n / 1048576:.1f} MB" if n >= 1048576 else f"{max(1, round(n / 1024))} KB"


@click.command()
@click.argument("key")
@click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(documents.KINDS), help="Only this kind (repeat for several)."
)
@click.option("--copies", is_flag=True, help="Every exchange of a file, not only the first.")
@click.option(
    "--save",
    "save_dir",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="DIR",
    help="Write the files into DIR, a folder per kind.",
)
@click.option("--limit", type=int, metavar="N", help="At most N documents, newest first.")
@click.option("--json", "as_json", is_flag=True, help="Print as JSON.")
@output.format_options
@click.pass_obj
def docs(state, key: str, kinds: tuple[str, ...], copies: bool, save_dir, limit, as_json: bool, fmt) -> None:
    """Every file exchanged with a customer, by kind: contract, PO, PI, quotation, B/L, certificate …

    The kind comes from the file name, its type, the subject and the mail around it,
    in the rule pack's languages (合同, Bestellung, cotización, договор, عقد …); a file
    sent again is listed once, at its first exchange. `--save DIR` writes them all.

    \b
    Kinds: contract po pi quotation invoice packing-list bl certificate payment
           drawing catalogue photo other
    \b
    Examples:
        mailcrm customers docs kessler-armaturen.de
        mailcrm customers docs kessler-armaturen.de --kind contract --kind pi
        mailcrm customers docs kessler-armaturen.de --kind po --json
        mailcrm customers docs kessler-armaturen.de --save ./kessler-docs
    """
    rows = documents.documents_of(state.db, key, kinds=kinds, copies=copies)
    rows = rows[:limit] if limit else rows
    if save_dir:
        saved = documents.save(state.db, rows, save_dir)
        if as_json:
            output.print_json([dict(doc, path=str(path)) for doc, path in saved])
            return
        for doc, path in saved:
            output.say(f"saved {path}  ({documents.label(doc['kind'])}, {doc['direction']} {(doc['date'] or '')[:10]})")
        output.say(f"{len(saved)} file{'' if len(saved) == 1 else 's'} saved in {save_dir}")
        return
    if output.print_data(rows, fmt, as_json):
        return
    if not rows:
        what = " of kind " + ", ".join(kinds) if kinds else ""
        output.say(f"no documents{what} exchanged with {key}")
        return
    print_documents(rows, key)


def print_documents(rows: list[dict], key: str) -> None:
    grid = output.table("date", "kind", "", "file", "size", "message", title=f"documents: {key}")
    for d in rows:
        arrow = {"sent": "→ sent", "received": "← received"}.get(d["direction"], d["direction"] or "")
        times = f" (×{d['times']})" if d["times"] > 1 else ""
        grid.add_row(
            (d["date"] or "")[:10],
            documents.label(d["kind"]),
            arrow,
            (d["filename"] or f"attachment-{d['idx']}") + times,
            size(d["size"]),
            f"#{d['message']} {d['subject'] or ''}"[:60],
        )
    output.print_table(grid)


def summary_lines(info: dict, key: str) -> list[str]:
    """`customers show`: one line of counts (documents.summary) and the newest contract, PI and PO."""
    if not info["total"]:
        return []
    lines = [f"  documents  {documents.summary_text(info)} · mailcrm customers docs {key}"]
    for kind, doc in info["newest"].items():
        lines.append(
            f"             newest {documents.label(kind)}: {doc['filename']} "
            f"({doc['direction']} {(doc['date'] or '')[:10]}, message #{doc['message']})"
        )
    return lines
