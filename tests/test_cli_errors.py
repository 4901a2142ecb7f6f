"""Issue 32: every error is the usual one line, whatever the user typed."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli


@pytest.fixture
def config(tmp_path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text('[database]\npath = "x.db"\n', encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command, expected",
    [
        (["show", "99999999999999999999"], "no message '99999999999999999999'"),
        (["show", "²"], "no message '²'"),
        (["show", "--raw", "99999999999999999999"], "no message"),
        (["drafts", "show", "99999999999999999999"], "no draft '99999999999999999999'"),
        (["drafts", "show", "²"], "no draft '²'"),
        (["customers", "show", "#99999999999999999999"], "no customer"),
    ],
)
def test_ids_that_name_no_row_get_the_usual_not_found_line(config, command, expected):
    result = CliRunner().invoke(cli, ["--config", str(config), *command])
    assert result.exit_code == 1
    assert expected in result.output and "unexpected error" not in result.output, result.output


GOOD = '[database]\npath = "x.db"\n\n[[accounts]]\nname = "lisa"\nemail = "lisa@hengtai-valve.com"\n'


@pytest.mark.parametrize(
    "section, key",
    [
        ('[grading.follow_up_days]\nA = "weekly"\n', "grading.follow_up_days.A"),
        ('[grading]\nfollow_up_days = { A = "weekly" }\n', "grading.follow_up_days.A"),
        ("[grading]\na_share = 7\n", "grading.a_share"),
        ('[rules]\ntag_fade_days = "never"\n', "rules.tag_fade_days"),
        ('[drafts]\ncooldown_days = "soon"\n', "drafts.cooldown_days"),
        ('[content]\nsignatur = "Lisa"\n', "content.signatur"),
        ('[holidays]\nclosures = [{ name = "CNY", from = 2027-02-14, to = 2027-02-04 }]\n', "holidays.closures[0].to"),
        ('[digest]\nlanguage = "de"\n', "digest.language"),
        ("[pool]\ndays = -1\n", "pool.days"),
        ('[nightly]\nsend_digests = "yes"\n', "nightly.send_digests"),
        ('[customers]\nignore = ["not an address"]\n', "customers.ignore"),
        ('[templates]\npath = ["mine"]\n', "templates.path"),
    ],
)
@pytest.mark.parametrize("command", [["status"], ["today"], ["customers", "list"]])
def test_a_bad_setting_in_any_section_fails_every_command_with_file_and_line(tmp_path, section, key, command):
    path = tmp_path / "config.toml"
    path.write_text(GOOD + "\n# the section under test\n" + section, encoding="utf-8")
    line = GOOD.count("\n") + 4  # a blank line, the comment, the header, then the bad value
    result = CliRunner().invoke(cli, ["--config", str(path), *command])
    assert result.exit_code == 1, result.output
    message = result.output.strip()
    assert message.startswith(f"Error: {path}:{line}: {key}: "), message
    assert "\n" not in message


@pytest.mark.parametrize(
    "nightly, code, said",
    [
        (
            "[nightly]\nsend_digests = true\n",
            1,
            "problem: digests not sent: no account has [accounts.smtp] to send them from (add one, or set [nightly] "
            "send_digests = false)",
        ),
        ("", 0, "warning: digests not sent: no account has [accounts.smtp] to send them from"),
        ("[nightly]\nsend_digests = false\n", 0, None),
    ],
)
@pytest.mark.parametrize("quiet", [["-q"], []])
def test_nightly_says_on_stderr_that_digests_were_not_sent(tmp_path, nightly, code, said, quiet):
    path = tmp_path / "config.toml"
    path.write_text(GOOD + nightly, encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(path), *quiet, "nightly"])
    assert result.exit_code == code, result.output
    if said:
        assert said in result.stderr, result.stderr
    else:
        assert "digests" not in result.stderr
    assert ("ok" in result.stdout.splitlines()[-1]) == (code == 0)


ROOT = Path(__file__).resolve().parent.parent


def test_exit_codes_are_documented_for_every_command():
    doc = (ROOT / "docs" / "exit-codes.md").read_text(encoding="utf-8")
    missing = [name for name in cli.list_commands(None) if f"`{name}" not in doc]
    assert not missing, f"docs/exit-codes.md does not name: {missing}"
    assert "docs/exit-codes.md" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_shell_completion_as_the_readme_says():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'eval "$(_MAILCRM_COMPLETE=bash_source mailcrm)"' in readme
    runner = CliRunner()
    script = runner.invoke(cli, [], prog_name="mailcrm", env={"_MAILCRM_COMPLETE": "bash_source"})
    assert "_mailcrm_completion" in script.output and script.exit_code == 0
    words = runner.invoke(
        cli,
        [],
        prog_name="mailcrm",
        env={"_MAILCRM_COMPLETE": "bash_complete", "COMP_WORDS": "mailcrm drafts l", "COMP_CWORD": "2"},
    )
    assert "plain,list" in words.output.split(), words.output  # a lazily loaded group completes too
