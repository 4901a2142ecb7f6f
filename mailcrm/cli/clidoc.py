"""Render the CLI reference (docs/cli.md) from the real --help texts.

`python -m mailcrm.cli.clidoc --write docs/cli.md` refreshes it; a test fails when
docs/cli.md and the real --help disagree. Only the part between the start and
end markers is generated: the page's introduction above it is kept as written
(a page without the markers is written whole).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import click

START = "<!-- cli-reference:start -->"
END = "<!-- cli-reference:end -->"
COMMAND = "python -m mailcrm.cli.clidoc --write docs/cli.md"
INTRO = f"""# CLI reference

Every `mailcrm` command's `--help`, as the program prints it. Everything below is
generated from the real help texts: after changing a command, run
`{COMMAND}` (a test fails while this page is stale).
Exit codes are in [exit-codes.md](exit-codes.md); the guide is the [README](../README.md).
"""


def command_paths(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Every command's path, lazily loaded groups included (list/get_command, not .commands)."""
    context = click.Context(group)
    paths = []
    for name in group.list_commands(context):
        command = group.get_command(context, name)
        paths.append(prefix + (name,))
        if isinstance(command, click.Group):
            paths.extend(command_paths(command, prefix + (name,)))
    return paths


def find_command(root: click.Group, path: tuple[str, ...]) -> click.Command:
    command: click.Command = root
    for name in path:
        command = command.get_command(click.Context(command), name)  # type: ignore[attr-defined]
    return command


def help_text(root: click.Group, path: tuple[str, ...]) -> str:
    # The same help option names as the real CLI, or click caches a bare --help.
    context = click.Context(
        root, info_name="mailcrm", terminal_width=100, max_content_width=100, help_option_names=["-h", "--help"]
    )
    command: click.Command = root
    for name in path:
        command = command.get_command(context, name)  # type: ignore[attr-defined]
        context = click.Context(
            command,
            info_name=name,
            parent=context,
            terminal_width=100,
            max_content_width=100,
            help_option_names=["-h", "--help"],
        )
    return command.get_help(context)


def reference() -> str:
    from .main import cli

    parts = []
    for path in [()] + command_paths(cli):
        title = " ".join(("mailcrm",) + path)
        parts.append(f"### `{title}`\n\n```\n{help_text(cli, path).rstrip()}\n```\n")
    return "\n".join(parts)


def replace_section(text: str, section: str) -> str:
    pattern = re.compile(re.escape(START) + ".*?" + re.escape(END), re.DOTALL)
    return pattern.sub(lambda _: f"{START}\n{section}\n{END}", text)


def page(existing: str | None) -> str:
    """The page with a fresh reference: `existing` with its section replaced, or a new page."""
    if existing is not None and START in existing and END in existing:
        return replace_section(existing, reference())
    return f"{INTRO}\n{START}\n{reference()}\n{END}\n"


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--write":
        path = Path(argv[1])
        existing = path.read_text(encoding="utf-8") if path.exists() else None
        path.write_text(page(existing), encoding="utf-8")
        return 0
    print(reference())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
