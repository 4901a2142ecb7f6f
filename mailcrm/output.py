"""Printing helpers shared by the CLI modules: rich tables and JSON.

rich loads on first use of ``console``, ``err_console`` or ``table``: a command
that prints JSON (`mailcrm status --json` from a script) does not pay its 25 ms.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from dataclasses import asdict, is_dataclass
from datetime import date
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from rich.table import Table


def __getattr__(name: str):
    """``console`` and ``err_console``, made when first imported (PEP 562)."""
    if name not in ("console", "err_console"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rich.console import Console

    globals()[name] = Console(stderr=name == "err_console")  # later look-ups find it here
    return globals()[name]


def print_json(data) -> None:
    click.echo(json.dumps(to_plain(data), ensure_ascii=False, indent=2, default=str))


def format_options(command):
    """--csv and --tsv on a list command: the records --json prints, a line each (as sqlite-utils does)."""
    command = click.option(
        "--tsv", "fmt", flag_value="tsv", help="Print tab-separated values: a header line, then one line per row."
    )(command)
    return click.option(
        "--csv", "fmt", flag_value="csv", help="Print CSV: a header line, then the rows (opens in Excel)."
    )(command)


def print_data(records, fmt: str | None, as_json: bool) -> bool:
    """For --csv, --tsv or --json: print the records, True. False: the command prints its table."""
    if fmt:
        print_rows(records, fmt)
    elif as_json:
        print_json(records)
    return bool(fmt or as_json)


def print_rows(records, fmt: str) -> None:
    """Records (dicts or dataclasses) as CSV or TSV, with the keys --json has as columns.

    Lists and tables inside a record are written as JSON. In TSV every row is one
    line: tabs and line breaks inside a value become spaces (CSV quotes them instead).
    """
    rows = [to_plain(record) for record in records]
    columns = list(dict.fromkeys(key for row in rows for key in row))
    table_rows = [columns] + [[cell(row.get(column)) for column in columns] for row in rows]
    buffer = io.StringIO()
    if fmt == "csv":
        csv.writer(buffer, lineterminator="\n").writerows(table_rows)
    else:
        buffer.writelines(
            "\t".join(re.sub(r"[\t\r\n]+", " ", value) for value in values) + "\n" for values in table_rows
        )
    click.echo(buffer.getvalue() if rows else "", nl=False)


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (bool, list, dict)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def to_plain(data):
    if is_dataclass(data) and not isinstance(data, type):
        return asdict(data)
    if isinstance(data, (list, tuple)):
        return [to_plain(d) for d in data]
    if isinstance(data, dict):
        return {k: to_plain(v) for k, v in data.items()}
    return data


def table(*columns: str, title: str | None = None) -> Table:
    """A table whose cells and title are shown as written (see `plain_table_class`)."""
    from rich.text import Text

    grid = plain_table_class()(title=None if title is None else Text(title), show_lines=False, header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    return grid


@functools.cache
def plain_table_class() -> type[Table]:
    """rich's Table, except that a str cell is text, never markup.

    Cells hold mail text: a subject "[ports-jp 8947] Re: …" lost its bracket and
    one with "[/bold]" raised MarkupError. Styled cells are built with `styled()`.
    """
    from rich.table import Table
    from rich.text import Text

    class PlainTable(Table):
        def add_row(self, *renderables, **kwargs) -> None:
            super().add_row(*(Text(value) if isinstance(value, str) else value for value in renderables), **kwargs)

    return PlainTable


# Piped output: a row stays on one line, whatever its length, so that `grep` finds in it
# what --json has (at 80 columns an address was folded over two lines).
PIPED_WIDTH = 100_000


def print_table(grid: Table) -> None:
    """The table at the terminal's width; piped or redirected, each row on one line."""
    console = stdout()
    if console.is_terminal:
        console.print(grid)
        return
    from rich.console import Console

    Console(width=PIPED_WIDTH, color_system=None, highlight=False).print(grid)


def styled(*parts: str | tuple[str, str]):
    """Text from plain pieces and (piece, style) pairs: a style without parsing markup in the pieces."""
    from rich.text import Text

    return Text.assemble(*parts)


def say(text: str, style: str | None = None) -> None:
    """One line (or several) of text as written: mail text is never read as markup, nor wrapped."""
    stdout().print(text, style=style, markup=False, highlight=False, soft_wrap=True)


def rule(title: str, style: str = "rule.line") -> None:
    """A horizontal rule whose title is shown as written (a person's name, a customer key)."""
    from rich.text import Text

    stdout().rule(Text(title), style=style)


def stdout():
    """The stdout console, made on first use like `output.console`."""
    return globals().get("console") or __getattr__("console")


def parse_day(ctx, param, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


# Hidden: lets tests and the demo run a command as of a given day.
TODAY_OPTION = click.option(
    "--today",
    "today",
    callback=parse_day,
    hidden=True,
    metavar="YYYY-MM-DD",
    help="Run as if it were this day (tests, demos).",
)
