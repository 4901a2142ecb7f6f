"""Faults on the wire between mailcrm and a real Dovecot (tests/faultproxy.py).

Whatever breaks (a cut during login, a SEARCH or a message literal, a BYE, a stall, a
garbled line, refused connections), the hard rules hold: after the faulty sync and a clean
one the database holds exactly the messages on the server, each once, and no flag on the
server changed.  And one fault costs one folder at most: the sync reconnects and goes on.
"""

from __future__ import annotations

import secrets
import time

import pytest
from tests.faultproxy import After, Fault, FaultProxy
from tests.mailfactory import make_message
from tests.syncsetup import load, stored_counts, write_config

from mailcrm.mail import retry
from mailcrm.mail.sync import sync

FOLDERS = {"INBOX": range(40), "Archive": range(100, 120), "Sent": range(200, 210)}  # name -> message numbers
ALL_IDS = sorted(f"test-{n}@acme-armaturen.de" for numbers in FOLDERS.values() for n in numbers)
STALL_TIMEOUT = 1  # seconds: the client's socket timeout in the stall tests


@pytest.fixture(autouse=True)
def quick_reconnects(monkeypatch):
    monkeypatch.setattr(retry, "RECONNECT_DELAYS", (0.05, 0.1, 0.2))


@pytest.fixture
def proxy(dovecot_server):
    with FaultProxy(dovecot_server.port) as running:
        yield running


@pytest.fixture(scope="module")
def three_folders(dovecot_server):
    """A user with INBOX, Archive and Sent holding 40, 20 and 10 messages, some read, some flagged.

    Shared by the module's tests: a sync changes nothing on the server (each test checks that).
    """
    login, password = f"faults-{secrets.token_hex(4)}@hengtai-valve.com", secrets.token_urlsafe(12)
    dovecot_server.add_user(login, password)
    for folder, numbers in FOLDERS.items():
        for flags in ((), ("\\Seen",), ("\\Seen", "\\Flagged")):
            chosen = [n for n in numbers if n % 3 == len(flags)]
            dovecot_server.append_many(login, folder, (make_message(n) for n in chosen), flags=flags)
    return login, password


def config_through(proxy, dovecot_server, tmp_path, user, timeout: float | None = None):
    """A config whose account reaches the server through the proxy, in cleartext (patterns need it)."""
    path = write_config(
        tmp_path, proxy.server_like(dovecot_server), [user], folders=tuple(FOLDERS), security="none", batch_size=10
    )
    if timeout is not None:  # the [accounts.imap] table is the file's last
        path.write_text(path.read_text() + f"timeout = {timeout}\n")
    return load(path)


def server_flags(dovecot_server, login) -> dict:
    return {folder: dovecot_server.flags_snapshot(login, folder) for folder in FOLDERS}


def stored_message_ids(db) -> list[str]:
    return sorted(row[0] for row in db.execute("SELECT message_id FROM messages"))


def one_line_problems(summary) -> list[str]:
    problems = summary.errors + [f.error for f in summary.folders if f.error]
    assert all("\n" not in problem for problem in problems), problems
    return problems


# -- the invariants after every kind of fault -------------------------------------------

FAULTS = {
    "cut during LOGIN": Fault.cut(After(b"LOGIN ", 3), direction="up"),
    "cut during LIST": Fault.cut(After(b"* LIST", 10)),
    "cut while listing the UIDs": Fault.cut(After((b"* SEARCH", b"* 2 FETCH (UID 2)"), 4)),
    "cut in the first message literal": Fault.cut(After(b"BODY[] {", 300)),
    "cut in a later message literal": Fault.cut(After(b"<test-25@", 5)),
    "cut in the client's FETCH command": Fault.cut(After(b"UID FETCH", 4), direction="up"),
    "BYE between two messages": Fault.bye(After(b"* 5 FETCH (UID 5 FLAGS")),
    "garbage between two messages": Fault.garbage(After(b"* 5 FETCH (UID 5 FLAGS")),
    "stall in a message literal": Fault.stall(After(b"BODY[] {", 300), seconds=STALL_TIMEOUT + 1.5),
    "refused connection": Fault.refuse(),
}


@pytest.mark.parametrize("fault", FAULTS.values(), ids=FAULTS.keys())
def test_after_a_fault_and_a_clean_sync_every_message_is_stored_once_and_no_flag_changed(
    tmp_path, dovecot_server, three_folders, proxy, fault
):
    login, _ = three_folders
    flags_before = server_flags(dovecot_server, login)
    config, db = config_through(
        proxy, dovecot_server, tmp_path, three_folders, timeout=STALL_TIMEOUT if fault.kind == "stall" else None
    )
    proxy.inject(fault, connections=1)
    faulty = sync(config, db)
    assert proxy.fired, "the fault never fired: its pattern did not come"
    one_line_problems(faulty)
    clean = sync(config, db)
    assert clean.ok, clean.line()
    assert stored_message_ids(db) == ALL_IDS
    assert stored_counts(db) == {"messages": 70, "locations": 70, "distinct_ids": 70}
    assert server_flags(dovecot_server, login) == flags_before


def test_a_throttled_server_is_slow_but_complete(tmp_path, dovecot_server, imap_user, proxy):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(10)))
    config, db = config_through(proxy, dovecot_server, tmp_path, imap_user)
    proxy.inject(Fault.throttle(10_000), connections=1)
    started = time.monotonic()
    summary = sync(config, db)
    assert summary.ok, summary.line()
    assert stored_counts(db)["messages"] == 10
    assert time.monotonic() - started > 0.25  # the throttle really slowed the first connection down


# -- one fault costs one folder at most (issue 31, item 16) -------------------------------

MID_FETCH_FAULTS = {
    "cut": Fault.cut(After(b"BODY[] {", 300)),
    "cut after two batches were stored": Fault.cut(After(b"<test-25@", 5)),
    "garbage": Fault.garbage(After(b"* 5 FETCH (UID 5 FLAGS")),
    "stall": Fault.stall(After(b"BODY[] {", 300), seconds=STALL_TIMEOUT + 1.5),
}


@pytest.mark.parametrize("fault", MID_FETCH_FAULTS.values(), ids=MID_FETCH_FAULTS.keys())
def test_a_fault_mid_fetch_in_the_first_folder_does_not_cost_the_later_folders(
    tmp_path, dovecot_server, three_folders, proxy, fault
):
    config, db = config_through(
        proxy, dovecot_server, tmp_path, three_folders, timeout=STALL_TIMEOUT if fault.kind == "stall" else None
    )
    proxy.inject(fault, connections=1)  # INBOX is fetched first: the fault lands there
    summary = sync(config, db)
    assert proxy.fired
    done = {f.folder: (f.new, f.error) for f in summary.folders}
    assert done["Archive"] == (20, None) and done["Sent"] == (10, None), summary.line()
    # INBOX itself was tried again on the new connection; what both tries stored is counted
    assert summary.ok, [f.line() for f in summary.folders]
    assert stored_message_ids(db) == ALL_IDS
    assert (summary.total("new"), summary.total("copies")) == (70, 0), summary.line()


def test_a_folder_that_fails_again_after_reconnecting_is_named_and_the_others_still_sync(
    tmp_path, dovecot_server, three_folders, proxy
):
    # test-7 lives in INBOX only: every connection is cut inside that message
    config, db = config_through(proxy, dovecot_server, tmp_path, three_folders)
    proxy.inject(Fault.cut(After(b"<test-7@", 2)), connections=20)
    summary = sync(config, db)
    failed = [f for f in summary.folders if f.error]
    assert [f.folder for f in failed] == ["INBOX"], summary.line()
    assert failed[0].line().startswith("account0/INBOX: FAILED: ") and "\n" not in failed[0].line()
    assert {f.folder: f.new for f in summary.folders if not f.error} == {"Archive": 20, "Sent": 10}
    assert stored_counts(db)["messages"] < 70  # INBOX's batches from test-7 on were not stored
    proxy.clear()
    summary = sync(config, db)
    assert summary.ok and stored_message_ids(db) == ALL_IDS


def test_when_the_server_stays_away_the_sync_gives_up_after_a_few_tries_and_says_why(
    tmp_path, dovecot_server, three_folders, proxy
):
    config, db = config_through(proxy, dovecot_server, tmp_path, three_folders)
    proxy.inject(Fault.cut(After(b"BODY[] {", 300)), connections=1)
    proxy.inject(Fault.refuse(), connections=10)
    started = time.monotonic()
    summary = sync(config, db)
    assert time.monotonic() - started < 10
    assert proxy.connections == 1 + len(retry.RECONNECT_DELAYS)  # bounded: one try per delay
    one_line_problems(summary)
    assert [f.folder for f in summary.folders if f.error] == ["INBOX"]  # the one whose fetch was cut
    assert len(summary.errors) == 1 and "gave up reconnecting after 3 tries" in summary.errors[0]
    assert summary.errors[0].endswith("not synced: Archive, Sent")
    proxy.clear()
    summary = sync(config, db)
    assert summary.ok and stored_message_ids(db) == ALL_IDS
