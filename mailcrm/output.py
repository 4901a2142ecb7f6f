"""Printing helpers shared by the CLI modules: rich tables and JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from datetime import date

import click
from rich.console import Console
from rich.table import Table

console = Console()
err_console = Console(stderr=True)


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
