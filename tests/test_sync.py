"""The sync worker against a real Dovecot: read-only, incremental, no loss, no duplicates."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.mail.sync import sync

from tests.mailfactory import make_message
from tests.syncsetup import load, stored_counts, write_config


# The tests marked with this also run against a server without CONDSTORE, SPECIAL-USE and
# UIDPLUS (tests/dovecot.py: plain_server); they take `imap_server`, on which `imap_user` lives.
on_both_servers = pytest.mark.parametrize("imap_server", ["dovecot", "plain"], indirect=True)


@pytest.fixture
def mailbox(imap_server, imap_user):
    """A user with 30 messages in INBOX (some unread) and 5 in Sent."""
    login, _ = imap_user
    for n in range(30):
        flags = ("\\Seen",) if n % 3 else ()
        imap_server.append(login, "INBOX", make_message(n), flags=flags)
    for n in range(100, 105):
        imap_server.append(login, "Sent", make_message(n, sender=login, to="hans@acme-armaturen.de"), flags=("\\Seen",))
    return imap_user


def run(tmp_path, dovecot_server, users, **options):
    config, db = load(write_config(tmp_path, dovecot_server, users, **options))
    return sync(config, db), db


@pytest.mark.parametrize("imap_server", ["plain"], indirect=True)
def test_the_plain_server_really_lacks_condstore_special_use_and_uidplus(tmp_path, imap_server, mailbox):
    # Else the tests on both servers would prove nothing about servers without them.
    from mailcrm.mail.imap import ImapSession

    config, _ = load(write_config(tmp_path, imap_server, [mailbox]))
    with ImapSession(config.accounts[0].imap) as session:
        assert not {"CONDSTORE", "QRESYNC", "SPECIAL-USE", "UIDPLUS"} & session.capabilities
        assert not session.has_condstore
        assert all(folder.flags == ("\\HasNoChildren",) for folder in session.folders())
        state = session.examine("INBOX")
    assert state.highestmodseq is None and state.uidnext == 31  # Dovecot still sends UIDNEXT


def test_courier_without_uidnext_syncs_first_and_incrementally_and_renames_no_file(tmp_path, courier_server):
    # Courier sends no UIDNEXT, names folders INBOX.Sent, has no SPECIAL-USE or CONDSTORE.
    # Its flags live in the Maildir file names: a flag set or cleared would rename a file.
    login = f"courier-{os.getpid()}-{time.monotonic_ns()}@hengtai-valve.com"
    courier_server.add_user(login, "courier-pw")
    courier_server.append_many(login, "INBOX", (make_message(n) for n in range(0, 20, 2)), flags=["\\Seen"])
    courier_server.append_many(login, "INBOX", (make_message(n) for n in range(1, 20, 2)))
    courier_server.append_many(login, "INBOX.Sent", (make_message(n) for n in range(100, 105)), flags=["\\Seen"])

    def files() -> list[str]:
        return sorted(
            path.name
            for folder in ("INBOX", "INBOX.Sent")
            for path in (courier_server.maildir(login, folder) / "cur").iterdir()
        )

    before = files()
    config, db = load(write_config(tmp_path, courier_server, [(login, "courier-pw")], security="none", ca=False))
    summary = sync(config, db)
    assert summary.ok, [f.line() for f in summary.folders] + summary.errors
    assert dict(db.execute("SELECT name, role FROM folders").fetchall()) == {"INBOX": "inbox", "INBOX.Sent": "sent"}
    assert stored_counts(db) == {"messages": 25, "locations": 25, "distinct_ids": 25}
    courier_server.append_many(login, "INBOX", [make_message(50)])
    summary = sync(config, db)
    assert (summary.total("new"), summary.total("copies")) == (1, 0), summary.line()
    assert stored_counts(db)["messages"] == 26
    after = files()
    assert set(before) <= set(after) and len(after) == len(before) + 1  # no file renamed, one added


@on_both_servers
def test_first_sync_stores_every_message_once(tmp_path, imap_server, mailbox):
    summary, db = run(tmp_path, imap_server, [mailbox])
    assert summary.ok, summary.line()
    assert summary.total("new") == 35 and summary.total("failed") == 0
    assert stored_counts(db) == {"messages": 35, "locations": 35, "distinct_ids": 35}
    roles = dict(db.execute("SELECT name, role FROM folders").fetchall())
    assert roles == {"INBOX": "inbox", "Sent": "sent"}


def test_no_change_sync_is_skipped_and_adds_nothing(tmp_path, dovecot_server, mailbox):
    run(tmp_path, dovecot_server, [mailbox])
    summary, db = run(tmp_path, dovecot_server, [mailbox])
    assert all(f.skipped for f in summary.folders)
    assert summary.total("new") == 0 and stored_counts(db)["messages"] == 35


def test_no_change_check_uses_the_saved_count_and_still_sees_an_expunge(tmp_path, dovecot_server, mailbox):
    _, db = run(tmp_path, dovecot_server, [mailbox])
    assert dict(db.execute("SELECT name, present FROM folders").fetchall()) == {"INBOX": 30, "Sent": 5}
    db.execute("UPDATE folders SET present = NULL")  # a database from before migration m004
    summary, db = run(tmp_path, dovecot_server, [mailbox])
    assert all(f.skipped for f in summary.folders)  # counted instead, and saved again
    assert db.execute("SELECT present FROM folders WHERE name = 'INBOX'").fetchone()[0] == 30
    dovecot_server.doveadm("expunge", "-u", mailbox[0], "mailbox", "INBOX", "uid", "1")
    summary, db = run(tmp_path, dovecot_server, [mailbox])
    assert summary.total("gone") == 1
    assert db.execute("SELECT present FROM folders WHERE name = 'INBOX'").fetchone()[0] == 29


@on_both_servers
def test_sync_never_changes_flags_or_modseq(tmp_path, imap_server, mailbox):
    login, _ = mailbox
    before = {f: (imap_server.flags_snapshot(login, f), imap_server.highestmodseq(login, f)) for f in ("INBOX", "Sent")}
    run(tmp_path, imap_server, [mailbox])
    run(tmp_path, imap_server, [mailbox], folders=("INBOX", "\\Sent"))
    after = {f: (imap_server.flags_snapshot(login, f), imap_server.highestmodseq(login, f)) for f in ("INBOX", "Sent")}
    assert after == before
    unread = [uid for uid, flags in after["INBOX"][0].items() if b"\\Seen" not in flags]
    assert len(unread) == 10  # still unread: bodies were fetched with BODY.PEEK


@on_both_servers
def test_incremental_sync_picks_up_new_mail_flags_and_expunges(tmp_path, imap_server, mailbox):
    login, _ = mailbox
    run(tmp_path, imap_server, [mailbox])
    for n in range(200, 203):
        imap_server.append(login, "INBOX", make_message(n))
    imap_server.doveadm("flags", "add", "-u", login, "\\Answered", "mailbox", "INBOX", "uid", "1")
    imap_server.doveadm("expunge", "-u", login, "mailbox", "INBOX", "uid", "2")
    summary, db = run(tmp_path, imap_server, [mailbox])
    inbox = next(f for f in summary.folders if f.folder == "INBOX")
    assert (inbox.new, inbox.updated, inbox.gone) == (3, 1, 1)
    flags = db.execute(
        "SELECT flags FROM locations l JOIN folders f ON f.id = l.folder WHERE f.name = 'INBOX' AND uid = 1"
    ).fetchone()[0]
    assert "\\Answered" in flags.split()
    # the expunged message stays in the history, marked gone from that folder
    assert stored_counts(db)["messages"] == 38
    assert db.execute("SELECT count(*) FROM locations WHERE gone_at IS NOT NULL").fetchone()[0] == 1


@on_both_servers
def test_uidvalidity_change_rescans_without_duplicates(tmp_path, imap_server, mailbox):
    login, _ = mailbox
    run(tmp_path, imap_server, [mailbox])
    imap_server.set_uidvalidity(login, "INBOX", 777)
    summary, db = run(tmp_path, imap_server, [mailbox])
    inbox = next(f for f in summary.folders if f.folder == "INBOX")
    assert inbox.rescanned and inbox.new == 0 and inbox.copies == 30
    assert stored_counts(db) == {"messages": 35, "locations": 35, "distinct_ids": 35}


@on_both_servers
def test_message_in_two_folders_and_two_accounts_is_one_message(tmp_path, imap_server, imap_user):
    login, password = imap_user
    tom = (f"tom-{login}", "tom-pw")
    imap_server.add_user(*tom)
    shared = make_message(1, to=f"{login}, {tom[0]}")
    imap_server.append(login, "INBOX", shared)
    imap_server.append(login, "Archive", shared)
    # Tom's copy differs in a Received header, as real deliveries do
    imap_server.append(tom[0], "INBOX", b"Received: from mx by tom\r\n" + shared)
    summary, db = run(tmp_path, imap_server, [imap_user, tom], folders=("INBOX", "\\Archive"))
    assert summary.ok, summary.line()
    assert stored_counts(db)["messages"] == 1
    assert stored_counts(db)["locations"] == 3
    assert summary.total("copies") == 2


def test_a_duplicate_inside_the_first_folder_of_an_empty_database_is_one_message(tmp_path, dovecot_server, imap_user):
    # Into an empty database the sync asks only for sizes (no Message-IDs): the store still dedupes.
    login, _ = imap_user
    twice = make_message(7)
    dovecot_server.append_many(login, "INBOX", [twice, make_message(8), twice])
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert (summary.total("new"), summary.total("copies")) == (2, 1)
    assert (stored_counts(db)["messages"], stored_counts(db)["locations"]) == (2, 3)


@on_both_servers
def test_copies_are_found_in_every_survey_chunk_of_a_big_folder(tmp_path, imap_server, imap_user, monkeypatch):
    # Big folders are surveyed (sizes, Message-IDs) a chunk of UIDs at a time: a copy in a
    # later chunk is still recognised, and batches still cover every UID once.
    import mailcrm.mail.folder_sync as folder_sync

    monkeypatch.setattr(folder_sync, "SURVEY_CHUNK", 3)
    login, _ = imap_user
    messages = [make_message(n) for n in range(10)]
    imap_server.append_many(login, "INBOX", messages)
    imap_server.append_many(login, "Archive", messages[4:] + [make_message(50)])
    summary, db = run(tmp_path, imap_server, [imap_user], folders=("INBOX", "\\Archive"), batch_size=2)
    assert summary.ok, summary.line()
    assert (summary.total("new"), summary.total("copies")) == (11, 6)
    assert (stored_counts(db)["messages"], stored_counts(db)["locations"]) == (11, 17)


def test_batches_are_bounded_by_count_and_bytes_and_skip_no_uid():
    from mailcrm.mail.folder_sync import MAX_BATCH_BYTES, plan_batches

    uids = list(range(1, 11))
    sizes = [MAX_BATCH_BYTES // 2 + 1] * 4 + [10] * 6
    batches = list(plan_batches(uids, sizes, {2: 99}, batch_size=3))
    assert batches == [[1, 2], [3], [4, 5, 6], [7, 8, 9], [10]]


def half_megabyte_messages(dovecot_server, login, count: int) -> None:
    padding = "Specification sheet attached, page after page. " * 10_000  # 0.48 MB: 4 to a 2 MB fetch
    dovecot_server.append_many(login, "INBOX", (make_message(n, body=f"{padding} {n}") for n in range(count)))


def messages_per_commit(db) -> list[int]:
    """Watch the connection: how many cursor updates (one per fetch) each COMMIT covered."""
    covered = [0]

    def watch(sql: str) -> None:
        if sql.startswith("UPDATE folders") and "last_uid = max(last_uid" in sql:
            covered[-1] += 1
        elif sql == "COMMIT" and covered[-1]:
            covered.append(0)

    db.conn.set_trace_callback(watch)
    return covered


def slowed(monkeypatch, target, name: str, seconds: float) -> None:
    """Each call of `target.name` takes `seconds` longer."""
    original = getattr(target, name)

    def wrapper(*args, **kwargs):
        time.sleep(seconds)
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, wrapper)


def test_one_transaction_covers_several_fetches_while_they_arrive_ahead(
    tmp_path, dovecot_server, imap_user, monkeypatch
):
    """Fetches stop at 2 MB, commits at batch_size messages: every commit rewrites the hashed indexes' pages."""
    from mailcrm.mail.store import Preparer

    login, _ = imap_user
    half_megabyte_messages(dovecot_server, login, 24)
    config, db = load(write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), batch_size=10))
    original_submit = Preparer.submit

    def slow_to_parse(self, items):
        ready = original_submit(self, items)
        return lambda: (time.sleep(0.3), ready())[1]  # the next fetch is in long before this one is stored

    monkeypatch.setattr(Preparer, "submit", slow_to_parse)
    covered = messages_per_commit(db)
    summary = sync(config, db)
    assert summary.ok and stored_counts(db)["messages"] == 24
    # fetches of 4 messages (2 MB); a commit once 10 messages are in: after 12 and after 24
    assert [count for count in covered if count] == [3, 3]


def test_the_transaction_is_committed_before_waiting_for_the_next_fetch(
    tmp_path, dovecot_server, imap_user, monkeypatch
):
    """A slow server must not keep the database locked: other commands write between fetches."""
    from mailcrm.mail import imap

    login, _ = imap_user
    half_megabyte_messages(dovecot_server, login, 12)
    config, db = load(write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), batch_size=10))
    slowed(monkeypatch, imap.ImapSession, "fetch", 1.0)  # storing a fetch takes far less
    covered = messages_per_commit(db)
    summary = sync(config, db)
    assert summary.ok and stored_counts(db)["messages"] == 12
    assert [count for count in covered if count] == [1, 1, 1]


def test_bad_message_is_stored_raw_and_the_sync_goes_on(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1))
    dovecot_server.append(login, "INBOX", b"\x00\xff\xfe garbage without headers \x00\r\n")
    dovecot_server.append(login, "INBOX", make_message(2))
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert stored_counts(db)["messages"] == 3  # nothing lost, the odd one kept raw
    assert summary.total("new") + summary.total("failed") == 3


def test_since_bounds_the_first_sync(tmp_path, dovecot_server, imap_user):
    from datetime import datetime, timezone

    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1), internaldate=datetime(2020, 1, 1, tzinfo=timezone.utc))
    dovecot_server.append(login, "INBOX", make_message(2), internaldate=datetime(2026, 1, 1, tzinfo=timezone.utc))
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), since="2025-01-01")
    assert stored_counts(db)["messages"] == 1
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), since="2025-01-01")
    assert stored_counts(db)["messages"] == 1


def test_non_ascii_folder_names_round_trip(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.create_folder(login, "已发送")
    dovecot_server.append(login, "已发送", make_message(5, sender=login))
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("已发送",))
    assert [f.folder for f in summary.folders] == ["已发送"] and summary.total("new") == 1


def test_implicit_tls_verifies_the_certificate(tmp_path, dovecot_server, mailbox):
    summary, _ = run(tmp_path, dovecot_server, [mailbox], security="ssl")
    assert summary.ok and summary.total("new") == 35
    untrusted = tmp_path / "untrusted"
    untrusted.mkdir()
    summary, _ = run(untrusted, dovecot_server, [mailbox], security="ssl", ca=False)
    assert not summary.ok and "certificate" in summary.errors[0]


def test_wrong_password_is_one_line_and_other_accounts_still_sync(tmp_path, dovecot_server, mailbox):
    login, _ = mailbox
    summary, db = run(tmp_path, dovecot_server, [(login, "wrong"), mailbox])
    assert len(summary.errors) == 1 and "\n" not in summary.errors[0]
    assert stored_counts(db)["messages"] == 35


def test_second_sync_of_same_database_is_refused_while_one_runs(tmp_path, dovecot_server, mailbox):
    from mailcrm.errors import LockError
    from mailcrm.lock import database_lock

    config, db = load(write_config(tmp_path, dovecot_server, [mailbox]))
    with database_lock(config.database_path, "sync"):
        with pytest.raises(LockError, match="busy"):
            sync(config, db)


def test_cli_sync_status_search_show(tmp_path, dovecot_server, mailbox):
    path = write_config(tmp_path, dovecot_server, [mailbox])
    runner = CliRunner()
    result = runner.invoke(cli, ["--config", str(path), "sync"])
    assert result.exit_code == 0, result.output
    assert "35 new" in result.output
    assert re.search(r"^sync: 2 folders, 35 new, .*, 0 failed \(\d+\.\d s\)$", result.output, re.M), result.output
    status = json.loads(runner.invoke(cli, ["--config", str(path), "status", "--json"]).output)
    assert status["messages"] == 35
    assert {f["folder"]: f["messages"] for f in status["folders"]} == {"INBOX": 30, "Sent": 5}
    hits = json.loads(runner.invoke(cli, ["--config", str(path), "search", "number 7", "--json"]).output)
    assert any("Inquiry 7:" in h["subject"] for h in hits)
    shown = runner.invoke(cli, ["--config", str(path), "show", str(hits[0]["id"])])
    assert "DN50 ball valves" in shown.output and "hans@acme-armaturen.de" in shown.output


def test_cli_sync_json_says_what_filing_and_rules_did_and_how_long_each_took(tmp_path, dovecot_server, mailbox):
    path = write_config(tmp_path, dovecot_server, [mailbox])
    result = CliRunner().invoke(cli, ["--config", str(path), "sync", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)  # one document: nothing else on stdout
    assert sum(f["new"] for f in report["folders"]) == 35 and report["ok"] and report["seconds"] > 0
    steps = {step["name"]: step for step in report["after_store"]["steps"]}
    assert report["after_store"]["ok"] and {"customers", "rules"} <= set(steps)
    assert steps["customers"]["seconds"] > 0 and not steps["customers"]["skipped"]
    assert any("35 messages" in line for line in steps["customers"]["lines"]), steps["customers"]["lines"]
    again = json.loads(CliRunner().invoke(cli, ["--config", str(path), "sync", "--json"]).output)
    assert sum(f["new"] for f in again["folders"]) == 0
    assert {s["name"]: s["skipped"] for s in again["after_store"]["steps"]}["customers"] == "no new mail to file"


# -- killed at any instant -----------------------------------------------------------


def count_messages(path) -> int:
    import sqlite3

    with sqlite3.connect(path.parent / "mailcrm.db", timeout=5) as conn:
        try:
            return conn.execute("SELECT count(*) FROM messages").fetchone()[0]
        except sqlite3.OperationalError:
            return 0  # schema not created yet


def kill_when_stored(command, env, path, target: int) -> None:
    """Start a sync and SIGKILL it as soon as `target` messages are stored."""
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if count_messages(path) >= target:
            break
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)


def test_sync_killed_at_several_points_resumes_without_loss_or_duplicates(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(1500)))
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), batch_size=25)
    command = [sys.executable, "-m", "mailcrm", "--config", str(path), "-q", "sync"]
    env = dict(os.environ)
    stored = []
    for target in (1, 300, 700, 1100):
        kill_when_stored(command, env, path, target)
        stored.append(count_messages(path))
    finished = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    _, db = load(path)
    assert stored_counts(db) == {"messages": 1500, "locations": 1500, "distinct_ids": 1500}
    print("stored after each kill:", stored)
    # every kill landed mid-sync: some progress kept, never the whole folder
    assert all(0 < count < 1500 for count in stored) and stored == sorted(stored)


def test_xoauth2_login_with_a_token_command(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1))
    token = dovecot_server.issue_token(login)
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    text = path.read_text().replace('password_env = "MAILCRM_TEST_PW_0"', f'oauth2_token_command = "echo {token}"')
    path.write_text(text)
    config, db = load(path)
    summary = sync(config, db)
    assert summary.ok and summary.total("new") == 1
    dovecot_server.revoke_token(token)
    summary = sync(config, db)
    assert not summary.ok and token not in summary.errors[0]


def test_client_sends_imap_id_after_login(tmp_path, dovecot_server, imap_user):
    run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert "name=mailcrm" in dovecot_server.log_tail(200)


def test_connection_dropped_mid_sync_is_reconnected_and_the_same_sync_completes(
    tmp_path, dovecot_server, imap_user, monkeypatch
):
    import threading

    from mailcrm.mail import retry

    monkeypatch.setattr(retry, "RECONNECT_DELAYS", (0.05, 0.1, 0.2))
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(1500)))
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), batch_size=25)
    config, db = load(path)
    kicked = threading.Event()

    def kick_when_stored() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and count_messages(path) < 200:
            time.sleep(0.01)
        dovecot_server.kick(login)  # doveadm kick: the server drops the connection
        kicked.set()

    watcher = threading.Thread(target=kick_when_stored)
    watcher.start()
    summary = sync(config, db)
    watcher.join(timeout=60)
    assert kicked.is_set()
    # the drop was noticed (and recorded), then INBOX was synced again on a new connection
    dropped = db.execute("SELECT error FROM errors WHERE stage = 'folder' AND folder = 'INBOX'").fetchall()
    assert len(dropped) == 1 and "\n" not in dropped[0][0]
    assert summary.ok, summary.line()
    assert stored_counts(db) == {"messages": 1500, "locations": 1500, "distinct_ids": 1500}
