"""CLI conventions: docs/cli.md matches --help; every command has an example."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from mailcrm.sample_config import config_text
from mailcrm.cli import clidoc
from mailcrm.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


def section(text: str) -> str:
    return text.split(clidoc.START, 1)[1].split(clidoc.END, 1)[0].strip()


def test_cli_reference_matches_the_real_help():
    page = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert section(page) == clidoc.reference().strip(), f"docs/cli.md is stale: run `{clidoc.COMMAND}`"


def test_readme_links_to_the_cli_reference():
    assert "(docs/cli.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_has_help_with_an_example():
    for path in clidoc.command_paths(cli):
        text = clidoc.help_text(cli, path)
        command = clidoc.find_command(cli, path)
        if hasattr(command, "commands"):
            continue  # groups list their commands; the commands carry the examples
        assert "Example" in text, f"mailcrm {' '.join(path)} --help has no example"


def test_errors_are_one_line_without_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--config", str(tmp_path / "missing.toml"), "status"])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert "no configuration file" in result.output


def test_debug_shows_the_traceback(tmp_path):
    result = CliRunner().invoke(cli, ["--debug", "--config", str(tmp_path / "missing.toml"), "status"])
    assert result.exit_code == 1 and result.exception is not None
    assert type(result.exception).__name__ == "ConfigError"


def test_search_survives_any_input(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(config_text("x.db", accounts=()), encoding="utf-8")
    runner = CliRunner()
    for query in ['"', "AND OR NOT", "(((", "a*b*", "NEAR(", '报价 "unclosed', "-", "*", "💥"]:
        result = runner.invoke(cli, ["--config", str(config), "search", query])
        assert result.exit_code in (0, 1), result.output
        assert "Traceback" not in result.output and "fts5" not in result.output.lower()


def test_cron_commands_do_not_import_the_whole_program():
    """`mailcrm sync` under cron should not pay for the report, templates or HTML parsing."""
    import subprocess
    import sys

    code = (
        "import sys; from mailcrm.cli.main import cli; "
        "heavy = [m for m in ('mailcrm.night.report', 'mailcrm.cli.customers', 'mailcrm.drafts.templating', 'bs4', "
        "'mailcrm.engine.runner', 'jinja2') if m in sys.modules]; print(heavy)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


WRITER_MODULES = (
    "mailcrm.mail.parse",
    "mailcrm.mail.mimetree",
    "mailcrm.mail.store",
    "mailcrm.mail.sync",
    "mailcrm.mail.imap",
    "mailcrm.mail.folder_sync",
    "mailcrm.mail.headers",
    "mailcrm.mail.mimeparts",
    "mailcrm.night.run",
)


@pytest.mark.parametrize(
    "command, heavy",
    [
        (["status"], WRITER_MODULES),
        (["search", "valve"], WRITER_MODULES),
        (["today"], WRITER_MODULES + ("mailcrm.engine.runner", "mailcrm.engine.message_pass")),
        (
            ["drafts", "list"],
            (
                "mailcrm.mail.imap",
                "mailcrm.drafts.smtp",
                "mailcrm.drafts.push",
                "mailcrm.drafts.tracking",
                "mailcrm.drafts.generate",
                "aiosmtplib",
                "holidays",
            ),
        ),
        (["status", "--json"], WRITER_MODULES + ("rich",)),
        (["search", "valve", "--json"], WRITER_MODULES + ("rich",)),
        (["customers", "list", "--json"], ("rich",)),
        (["today", "--json"], ("rich",)),
        (["drafts", "list", "--json"], ("rich",)),
    ],
)
def test_read_commands_load_only_what_they_use(tmp_path, command, heavy):
    """Read commands run many times a day: `status` took 0.23 s when it loaded the MIME
    parser, the writer and the sync worker, 0.16 s without; `today` 0.25 s with the rule
    engine's runner, 0.21 s without; `drafts list` 0.30 s with IMAP, SMTP and the
    holiday calendars, 0.27 s without. Printing JSON needs no rich (25 ms)."""
    import subprocess
    import sys

    config = tmp_path / "config.toml"
    config.write_text(config_text("crm.db", me={"company": "Hengtai"}, accounts=()), encoding="utf-8")
    code = (
        "import sys; from click.testing import CliRunner; from mailcrm.cli.main import cli; "
        f"result = CliRunner().invoke(cli, ['--config', {str(config)!r}, *{command!r}]); "
        f"print(result.exit_code, [m for m in {heavy!r} if m in sys.modules])"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "0 []", (result.stdout, result.stderr)


def test_lazy_commands_are_listed_with_their_own_summaries():
    """`mailcrm --help` lists the lazy commands from LAZY_COMMANDS: each summary must say
    what the command's own help says, at any terminal width."""
    import click

    from mailcrm.cli.main import LAZY_COMMANDS

    context = click.Context(cli)
    for name, (_, summary) in LAZY_COMMANDS.items():
        command, stand_in = cli.get_command(context, name), click.Command(name, help=summary)
        for limit in (20, 45, 62, 80, 300):
            assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit), (
                f"the summary of `{name}` in LAZY_COMMANDS differs from its help"
            )


def test_top_level_help_lists_every_command_without_importing_them():
    import subprocess
    import sys

    from mailcrm.cli.main import LAZY_COMMANDS

    code = (
        "import sys; from click.testing import CliRunner; from mailcrm.cli.main import cli; "
        "out = CliRunner().invoke(cli, ['--help']).output; "
        "print([m for m in sys.modules if m.endswith('_cli')]); print(out)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    imported, listing = result.stdout.split("\n", 1)
    assert imported == "[]"
    listed = {line.split()[0] for line in listing.split("Commands:", 1)[1].splitlines() if line.strip()}
    assert set(LAZY_COMMANDS) | {"sync", "import", "search", "show", "status", "demo"} <= listed
