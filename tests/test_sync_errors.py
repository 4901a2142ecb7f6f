"""What a sync says when something goes wrong: once, in words, on stderr, also under -q (real Dovecot)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from tests.courierlike import CourierLikeProxy
from tests.faultproxy import After, Fault, FaultProxy

from mailcrm.mail import retry
from mailcrm.mail.sync import sync

from tests.mailfactory import make_message
from tests.syncsetup import load, write_config


@pytest.fixture(autouse=True)
def quick_reconnects(monkeypatch):
    monkeypatch.setattr(retry, "RECONNECT_DELAYS", (0.05, 0.1, 0.2))


def mailcrm(path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "mailcrm", "--config", str(path), *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env or dict(os.environ))


def test_a_wrong_password_is_said_once_decoded_and_the_rest_of_the_run_says_what_it_skipped(
    tmp_path, dovecot_server, imap_user
):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1))
    path = write_config(tmp_path, dovecot_server, [(login, "wrong"), imap_user], folders=("INBOX", "Quotes 2024"))
    for args in (["-q", "sync"], ["sync"]):
        done = mailcrm(path, *args)
        assert done.returncode == 1
        errors = done.stderr.strip().splitlines()
        login_errors = [line for line in errors if "account0" in line]
        assert len(login_errors) == 1, done.stderr  # once, not also as a log line
        assert "[AUTHENTICATIONFAILED] Authentication failed." in login_errors[0]
        assert "b'" not in done.stderr
        # a configured folder the server lacks is an error too, on stderr even under -q
        assert any("account1/Quotes 2024" in line and "no such folder" in line for line in errors), done.stderr
    assert "drafts-track: skipped: account0, account1/Quotes 2024 did not sync completely" in done.stdout
    listed = json.loads(mailcrm(path, "status", "--errors", "--json").stdout)
    assert listed[0]["account"] in ("account0", "account1")
    assert any(e["account"] == "account0" and "AUTHENTICATIONFAILED" in e["error"] for e in listed)
    assert "mailcrm status --errors" in mailcrm(path, "status").stdout


def test_an_unreadable_keyring_fails_its_own_account_only(tmp_path, dovecot_server, imap_user):
    import keyring  # noqa: F401 - a test dependency: missing, this fails rather than skips

    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1))
    path = write_config(tmp_path, dovecot_server, [imap_user, imap_user], folders=("INBOX",))
    text = path.read_text().replace('password_env = "MAILCRM_TEST_PW_0"', 'keyring_service = "mailcrm"')
    path.write_text(text)
    env = dict(os.environ, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")  # as under cron
    done = mailcrm(path, "-q", "sync", env=env)
    assert done.returncode == 1
    assert "account0" in done.stderr and "use password_env or password_command" in done.stderr, done.stderr
    _, db = load(path)
    assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 1  # account1 synced


@pytest.fixture
def proxy(dovecot_server):
    with FaultProxy(dovecot_server.port) as running:
        yield running


def through(proxy, dovecot_server, tmp_path, user, timeout: float | None = None):
    path = write_config(tmp_path, proxy.server_like(dovecot_server), [user], folders=("INBOX",), security="none")
    if timeout is not None:
        path.write_text(path.read_text() + f"timeout = {timeout}\n")
    return load(path)


def folder_error(summary) -> str:
    errors = [f.error for f in summary.folders if f.error] + summary.errors
    assert len(errors) == 1 and "\n" not in errors[0], errors
    return errors[0]


def test_a_timeout_names_the_setting_and_its_value(tmp_path, dovecot_server, imap_user, proxy):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(5)))
    config, db = through(proxy, dovecot_server, tmp_path, imap_user, timeout=1)
    proxy.inject(Fault.stall(After(b"BODY[] {", 100), seconds=2.5), connections=10)
    error = folder_error(sync(config, db))
    assert "did not answer FETCH within 1 s" in error and "`timeout` setting" in error, error


def test_a_malformed_answer_is_one_line_in_words(tmp_path, dovecot_server, imap_user, proxy):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(5)))
    config, db = through(proxy, dovecot_server, tmp_path, imap_user)
    proxy.inject(Fault.garbage(After(b"* 2 FETCH (UID 2 FLAGS")), connections=10)
    error = folder_error(sync(config, db))
    assert len(error) < 200 and "Tuple incomplete" not in error and "garbled" not in error, error


def test_a_server_alert_is_shown_to_the_user(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1))
    with CourierLikeProxy(dovecot_server.host, dovecot_server.port) as proxy:
        proxy.alert = b"Your mailbox is 98% full: delete old mail"
        path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), security="none", ca=False)
        path.write_text(path.read_text().replace(f"port = {dovecot_server.port}\n", f"port = {proxy.port}\n"))
        done = mailcrm(path, "-q", "sync")
    assert done.returncode == 0, done.stderr
    assert "server alert: account0: Your mailbox is 98% full: delete old mail" in done.stderr
