"""Issue 32: every error is the usual one line, whatever the user typed."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from mailcrm.cli import cli


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[database]\npath = "x.db"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("command, expected", [
    (["show", "99999999999999999999"], "no message '99999999999999999999'"),
    (["show", "²"], "no message '²'"),
    (["show", "--raw", "99999999999999999999"], "no message"),
    (["drafts", "show", "99999999999999999999"], "no draft '99999999999999999999'"),
    (["drafts", "show", "²"], "no draft '²'"),
    (["customers", "show", "#99999999999999999999"], "no customer"),
])
def test_ids_that_name_no_row_get_the_usual_not_found_line(config, command, expected):
    result = CliRunner().invoke(cli, ["--config", str(config), *command])
    assert result.exit_code == 1
    assert expected in result.output and "unexpected error" not in result.output, result.output
