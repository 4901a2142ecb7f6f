"""Configuration: the documented keys load; mistakes name file, key and line."""

import os
import stat
from pathlib import Path

import pytest

from mailcrm.config import find_config_path, load_config, parse_config
from mailcrm.schema import open_db
from mailcrm.errors import ConfigError, SecretError

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
[database]
path = "data/crm.db"
[me]
company = "Ningbo Hengtai Valve Co., Ltd."
domains = ["hengtai-valve.com"]
[[accounts]]
name = "lisa"
email = "sales@hengtai-valve.com"
owner = "Lisa Chen"
[accounts.imap]
host = "127.0.0.1"
security = "none"
password_env = "MAILCRM_TEST_PW"
folders = ["INBOX", "\\\\Sent"]
since = "2023-01-01"
"""


def write(tmp_path, text):
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_config_loads_with_every_documented_key():
    config = load_config(ROOT / "config.example.toml")
    account = config.accounts[0]
    assert account.name == "lisa" and account.owner == "Lisa Chen"
    assert account.imap.port == 993 and account.imap.security == "ssl"
    assert account.imap.folders == ["INBOX", "\\Sent"]
    assert config.me.domains == ["hengtai-valve.com"]
    assert "lisa@hengtai-valve.com" in config.own_addresses()


def test_database_path_is_relative_to_the_config_file(tmp_path):
    config = load_config(write(tmp_path, MINIMAL))
    assert config.database_path == tmp_path / "data" / "crm.db"
    assert config.accounts[0].imap.port == 143  # default for security = none


def test_config_found_through_environment_variable(tmp_path, monkeypatch):
    path = write(tmp_path, MINIMAL)
    monkeypatch.setenv("MAILCRM_CONFIG", str(path))
    assert find_config_path(None) == path
    assert find_config_path(tmp_path / "other.toml") == tmp_path / "other.toml"


@pytest.mark.parametrize(
    "change, expected",
    [
        (('security = "none"', 'security = "tls"'), "accounts[0].imap.security: must be one of"),
        (('host = "127.0.0.1"', 'host = "imap.example.com"'), "'none' is only allowed for localhost"),
        (("folders =", "folderz ="), "accounts[0].imap.folderz: unknown setting"),
        (('since = "2023-01-01"', 'since = "last year"'), "since: 'last year' is not a date"),
        (('password_env = "MAILCRM_TEST_PW"', 'password = "hunter2"'), "passwords never go in the config file"),
        (('email = "sales@hengtai-valve.com"', "email = 42"), "accounts[0].email: must be a str"),
    ],
)
def test_mistakes_name_file_key_and_line(tmp_path, change, expected):
    path = write(tmp_path, MINIMAL.replace(*change))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert str(path) in message and expected in message
    assert message.count("\n") == 0


def test_error_points_at_the_offending_line(tmp_path):
    path = write(tmp_path, MINIMAL.replace("folders =", "folderz ="))
    with pytest.raises(ConfigError) as info:
        load_config(path)
    line = MINIMAL.splitlines().index('folders = ["INBOX", "\\\\Sent"]') + 1
    assert f"{path}:{line}:" in str(info.value)


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path, MINIMAL + "\n[broken\n")
    with pytest.raises(ConfigError, match=r"config.toml: .*line \d+"):
        load_config(path)


def test_missing_config_says_where_it_looked(tmp_path):
    with pytest.raises(ConfigError, match="no configuration file"):
        load_config(tmp_path / "nope.toml")


def test_secret_from_env_and_from_command(tmp_path, monkeypatch):
    config = parse_config(MINIMAL, tmp_path / "c.toml")
    creds = config.accounts[0].imap.credentials
    monkeypatch.delenv("MAILCRM_TEST_PW", raising=False)
    with pytest.raises(SecretError, match="MAILCRM_TEST_PW is not set"):
        creds.secret()
    monkeypatch.setenv("MAILCRM_TEST_PW", "s3cret")
    assert creds.secret() == "s3cret"
    command = parse_config(
        MINIMAL.replace('password_env = "MAILCRM_TEST_PW"', "password_command = \"printf 'tok\\\\nignored'\""), None
    )
    assert command.accounts[0].imap.credentials.secret() == "tok"


def test_failing_password_command_does_not_leak_output(tmp_path):
    text = MINIMAL.replace('password_env = "MAILCRM_TEST_PW"', "password_command = \"sh -c 'echo topsecret; exit 3'\"")
    creds = parse_config(text, None).accounts[0].imap.credentials
    with pytest.raises(SecretError) as info:
        creds.secret()
    assert "exited with 3" in str(info.value) and "topsecret" not in str(info.value)


def test_database_file_is_private(tmp_path):
    path = tmp_path / "sub" / "crm.db"
    open_db(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_example_config_sections_pass_each_modules_validation():
    from mailcrm.drafts import settings as draft_settings
    from mailcrm.mail import addresses as freemail
    from mailcrm.engine import grading
    from mailcrm.night import settings as management_settings

    config = load_config(ROOT / "config.example.toml")
    assert draft_settings.load_settings(config) is not None
    assert freemail.customer_settings(config) is not None
    assert grading.grading_settings(config).follow_up_days == {"A": 7, "B": 14, "C": 30}
    assert management_settings.digest_settings(config).manager_language == "zh"
    assert management_settings.pool_settings(config).days == 0
    assert management_settings.nightly_settings(config).push_drafts


def test_config_text_is_the_toml_of_what_it_is_given(tmp_path):
    """The one way the demo, the tests and the benchmarks write a config: values round-trip."""
    import tomllib

    from mailcrm.sample_config import LISA, config_text

    tricky = 'C:\\mail "archive"\n宁波'
    account = dict(LISA, imap={"host": "127.0.0.1", "port": 993, "password_env": "X", "folders": ["INBOX", "\\Sent"]})
    text = config_text(
        "crm.db",
        me={"manager": "Grace Zhou"},
        sections={"customers": {"ignore": [tricky]}, "grading": {"a_share": 0.7, "rfm": True}},
        notes={"customers": "suppliers, not customers"},
        accounts=(account,),
        extra="[nightly]\nsend_digests = false\n",
    )
    data = tomllib.loads(text)
    assert data["database"] == {"path": "crm.db"}
    assert data["me"] == {
        "company": "Ningbo Hengtai Valve Co., Ltd.",
        "domains": ["hengtai-valve.com"],
        "manager": "Grace Zhou",
    }
    assert data["customers"]["ignore"] == [tricky] and data["grading"] == {"a_share": 0.7, "rfm": True}
    assert data["accounts"][0]["imap"]["folders"] == ["INBOX", "\\Sent"] and data["nightly"]["send_digests"] is False
    assert "# suppliers, not customers" in text
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    assert load_config(path).accounts[0].imap.port == 993
