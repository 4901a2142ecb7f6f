"""Printing helpers shared by the CLI modules: rich tables and JSON.

rich loads on first use of ``console``, ``err_console`` or ``table``: a command
that prints JSON (`mailcrm status --json` from a script) does not pay its 25 ms.
"""

from __future__ import annotations

import json
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


def to_plain(data):
    if is_dataclass(data) and not isinstance(data, type):
        return asdict(data)
    if isinstance(data, (list, tuple)):
        return [to_plain(d) for d in data]
    if isinstance(data, dict):
        return {k: to_plain(v) for k, v in data.items()}
    return data


def table(*columns: str, title: str | None = None) -> Table:
    from rich.table import Table

    grid = Table(title=title, show_lines=False, header_style="bold")
    for column in columns:
        grid.add_column(column, overflow="fold")
    return grid


def parse_day(ctx, param, value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("use YYYY-MM-DD") from None


# Hidden: lets tests and the demo run a command as of a given day.
TODAY_OPTION = click.option("--today", "today", callback=parse_day, hidden=True, metavar="YYYY-MM-DD",
                            help="Run as if it were this day (tests, demos).")
