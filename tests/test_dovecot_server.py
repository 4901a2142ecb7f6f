"""The Dovecot test server itself works: every other IMAP test relies on it."""

from __future__ import annotations

import socket
import ssl
import time
from datetime import datetime, timezone
from pathlib import Path

import imapclient
import pytest

from tests.dovecot import DovecotError, DovecotServer, fetch_all


def process_group(pgid: int) -> list[str]:
    """'pid state' of every process (zombies too) in process group ``pgid``."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            stat = (entry / "stat").read_text() if entry.name.isdigit() else ""
        except OSError:
            continue
        if stat:
            state, _ppid, pgrp = stat.rsplit(")", 1)[1].split()[:3]
            if int(pgrp) == pgid:
                found.append(f"{entry.name} {state}")
    return found


def message(n: int, size: int = 0) -> bytes:
    body = ("Export price list for DN50 gate valves, FOB Ningbo. " * (size // 52 + 1))[:size] or "hello"
    return (
        f"From: Hans Weber <hans@acme-armaturen.de>\r\n"
        f"To: lisa@hengtai-valve.com\r\n"
        f"Subject: Quote {n}\r\n"
        f"Message-ID: <quote-{n}@acme-armaturen.de>\r\n"
        f"Date: Mon, 04 Mar 2024 09:{n % 60:02d}:00 +0100\r\n"
        f"\r\n{body}\r\n"
    ).encode()


def test_plain_login_and_capabilities(dovecot_server, imap_user):
    login, password = imap_user
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    assert b"STARTTLS" in client.capabilities()
    client.login(login, password)
    caps = client.capabilities()
    for cap in (b"CONDSTORE", b"QRESYNC", b"ID", b"UIDPLUS", b"SPECIAL-USE", b"MOVE", b"IDLE", b"ENABLE"):
        assert cap in caps
    assert dict(client.id_({"name": "mailcrm-test"}))[b"name"] == b"Dovecot"
    client.logout()


def test_wrong_password_is_rejected(dovecot_server, imap_user):
    login, _ = imap_user
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    with pytest.raises(imapclient.exceptions.LoginError):
        client.login(login, "not-the-password")
    client.shutdown()


def test_starttls_verifies_with_the_test_ca(dovecot_server, imap_user):
    login, password = imap_user
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    client.starttls(ssl.create_default_context(cafile=dovecot_server.ca_file))
    client.login(login, password)
    assert client.list_folders()
    client.logout()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_implicit_tls_verifies_with_the_test_ca(dovecot_server, imap_user, host):
    login, password = imap_user
    context = ssl.create_default_context(cafile=dovecot_server.ca_file)
    client = imapclient.IMAPClient(host, dovecot_server.tls_port, ssl=True, ssl_context=context, timeout=10)
    client.login(login, password)
    client.logout()


def test_tls_verification_fails_without_the_ca(dovecot_server):
    with pytest.raises(ssl.SSLCertVerificationError):
        imapclient.IMAPClient(
            dovecot_server.host, dovecot_server.tls_port, ssl=True, ssl_context=ssl.create_default_context(), timeout=10
        )
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    with pytest.raises(ssl.SSLCertVerificationError):
        client.starttls(ssl.create_default_context())


def test_xoauth2_and_oauthbearer(dovecot_server, imap_user):
    login, _ = imap_user
    token = dovecot_server.issue_token(login)
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    assert b"AUTH=XOAUTH2" in client.capabilities()
    client.oauth2_login(login, token)
    client.logout()
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    client.oauthbearer_login(login, token)
    client.logout()
    dovecot_server.revoke_token(token)
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    with pytest.raises(imapclient.exceptions.LoginError):
        client.oauth2_login(login, token)
    client.shutdown()
    # A token is only good for the user it was issued to.
    other = dovecot_server.issue_token("tom@hengtai-valve.com")
    client = imapclient.IMAPClient(dovecot_server.host, dovecot_server.port, ssl=False, timeout=10)
    with pytest.raises(imapclient.exceptions.LoginError):
        client.oauth2_login(login, other)
    client.shutdown()


def test_special_use_folders_exist_and_are_subscribed(dovecot_server, imap_user):
    login, _ = imap_user
    client = dovecot_server.connect(login)
    listed = {name: set(flags) for flags, _, name in client.list_folders()}
    subscribed = {name for _, _, name in client.list_sub_folders()}
    client.logout()
    for name, flag in {
        "Drafts": b"\\Drafts",
        "Sent": b"\\Sent",
        "Trash": b"\\Trash",
        "Junk": b"\\Junk",
        "Archive": b"\\Archive",
    }.items():
        assert flag in listed[name]
        assert name in subscribed
    assert "INBOX" in listed


@pytest.mark.parametrize("name", ["已发送", "草稿箱", "Sent Items", "Kunden/Müller GmbH", "Orders.2024"])
def test_plain_folders_round_trip_without_special_use(dovecot_server, imap_user, name):
    login, _ = imap_user
    dovecot_server.create_folder(login, name)
    client = dovecot_server.connect(login)
    listed = {n: flags for flags, _, n in client.list_folders()}
    assert name in listed
    assert not {b"\\Sent", b"\\Drafts", b"\\Trash", b"\\Junk", b"\\Archive", b"\\All"} & set(listed[name])
    assert name in {n for _, _, n in client.list_sub_folders()}
    if "/" not in name:  # the raw wire name is modified UTF-7
        wire = imapclient.imap_utf7.encode(name)
        raw = client._imap.list('""', b'"' + wire + b'"')[1]
        assert any(wire in line for line in raw)
    uid = dovecot_server.append(login, name, message(1))
    assert client.select_folder(name, readonly=True)[b"EXISTS"] == 1
    assert uid == 1
    client.logout()


def test_folder_with_special_use_is_per_user(dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.create_folder(login, "已发送", special_use="\\Sent")
    dovecot_server.create_folder(login, "Sent Items", special_use="Sent")
    client = dovecot_server.connect(login)
    listed = {n: set(flags) for flags, _, n in client.list_folders()}
    client.logout()
    assert b"\\Sent" in listed["已发送"] and b"\\Sent" in listed["Sent Items"]
    # Another user creating the same names gets plain folders.
    dovecot_server.create_folder("tom@hengtai-valve.com", "Sent Items", exist_ok=True)
    client = dovecot_server.connect("tom@hengtai-valve.com")
    listed = {n: set(flags) for flags, _, n in client.list_folders()}
    client.logout()
    assert b"\\Sent" not in listed["Sent Items"]
    with pytest.raises(ValueError):
        dovecot_server.create_folder(login, "Bogus", special_use="\\Bogus")


def test_append_returns_uid_and_keeps_flags_and_date(dovecot_server, imap_user):
    login, _ = imap_user
    uid1 = dovecot_server.append(login, "INBOX", message(1))
    uid2 = dovecot_server.append(login, "INBOX", message(2), flags=(b"\\Seen", b"$Important"))
    assert (uid1, uid2) == (1, 2)
    snapshot = dovecot_server.flags_snapshot(login, "INBOX")
    assert snapshot == {1: (), 2: (b"$Important", b"\\Seen")}
    client = dovecot_server.connect(login)
    client.select_folder("INBOX", readonly=True)
    assert client.fetch([2], ["BODY.PEEK[]"])[2][b"BODY[]"] == message(2)
    client.logout()


def test_flags_snapshot_changes_nothing(dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", [message(n) for n in range(3)])
    dovecot_server.doveadm("flags", "add", "-u", login, "\\Flagged", "mailbox", "INBOX", "uid", "2")
    modseq = dovecot_server.highestmodseq(login, "INBOX")
    first = dovecot_server.flags_snapshot(login, "INBOX")
    assert first == {1: (), 2: (b"\\Flagged",), 3: ()}
    assert dovecot_server.flags_snapshot(login, "INBOX") == first
    assert dovecot_server.highestmodseq(login, "INBOX") == modseq
    # A flag change moves HIGHESTMODSEQ (CONDSTORE works).
    dovecot_server.doveadm("flags", "add", "-u", login, "\\Seen", "mailbox", "INBOX", "uid", "1")
    assert dovecot_server.highestmodseq(login, "INBOX") > modseq


def test_append_many_is_fast_and_ordered(dovecot_server, imap_user):
    login, _ = imap_user
    raws = [message(n, size=5000) for n in range(5000)]
    t0 = time.monotonic()
    assert dovecot_server.append_many(login, "INBOX", raws) == 5000
    elapsed = time.monotonic() - t0
    assert elapsed < 15, f"append_many took {elapsed:.1f}s for 5,000 messages"
    status = dovecot_server.status(login, "INBOX")
    assert status["messages"] == 5000 and status["uidnext"] == 5001
    client = dovecot_server.connect(login)
    client.select_folder("INBOX", readonly=True)
    subjects = fetch_all(client, "BODY.PEEK[HEADER.FIELDS (SUBJECT)]")
    assert len(subjects) == 5000
    assert all(
        v[b"BODY[HEADER.FIELDS (SUBJECT)]"].strip() == f"Subject: Quote {uid - 1}".encode()
        for uid, v in subjects.items()
    )
    assert client.fetch([4321], ["BODY.PEEK[]"])[4321][b"BODY[]"] == raws[4320]
    client.logout()
    # More can follow, also into other folders, with flags.
    dovecot_server.append_many(login, "INBOX", [message(5000)])
    dovecot_server.append_many(login, "Archive", [message(1), message(2)], flags=["\\Seen"])
    assert dovecot_server.status(login, "INBOX")["messages"] == 5001
    assert dovecot_server.flags_snapshot(login, "Archive") == {1: (b"\\Seen",), 2: (b"\\Seen",)}
    with pytest.raises(DovecotError):
        dovecot_server.append_many(login, "No Such Folder", [message(1)])


def test_append_many_internaldate_and_non_ascii_folder(dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.create_folder(login, "已发送")
    dovecot_server.append_many(login, "已发送", [message(1), message(2)], internaldate="header")
    fixed = datetime(2023, 5, 17, 8, 30, tzinfo=timezone.utc)
    dovecot_server.append_many(login, "已发送", [message(3)], internaldate=fixed)
    client = dovecot_server.connect(login)
    client.select_folder("已发送", readonly=True)
    dates = {uid: d[b"INTERNALDATE"] for uid, d in fetch_all(client, "INTERNALDATE").items()}
    client.logout()
    assert dates[1].astimezone(timezone.utc) == datetime(2024, 3, 4, 8, 1, tzinfo=timezone.utc)
    assert dates[2].astimezone(timezone.utc) == datetime(2024, 3, 4, 8, 2, tzinfo=timezone.utc)
    assert dates[3].astimezone(timezone.utc) == fixed


def test_set_uidvalidity(dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", message(1))
    dovecot_server.set_uidvalidity(login, "INBOX", 777)
    client = dovecot_server.connect(login)
    assert client.select_folder("INBOX", readonly=True)[b"UIDVALIDITY"] == 777
    client.logout()


def test_expunge_via_doveadm(dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", [message(n) for n in range(5)])
    dovecot_server.doveadm("expunge", "-u", login, "mailbox", "INBOX", "uid", "3")
    assert sorted(dovecot_server.flags_snapshot(login, "INBOX")) == [1, 2, 4, 5]
    with pytest.raises(DovecotError, match="doveadm"):
        dovecot_server.doveadm("no-such-command")


def test_kick_drops_the_connection(dovecot_server, imap_user):
    login, _ = imap_user
    client = dovecot_server.connect(login)
    client.select_folder("INBOX")
    other = dovecot_server.connect("tom@hengtai-valve.com")
    dovecot_server.kick(login)
    with pytest.raises((imapclient.exceptions.IMAPClientAbortError, OSError)):
        for _ in range(50):  # the kick is a signal: give it a moment to land
            client.noop()
            time.sleep(0.05)
    other.noop()  # other users stay connected
    other.logout()


def test_add_user_while_running(dovecot_server):
    dovecot_server.add_user("new-hire@hengtai-valve.com", "welcome 1")
    client = dovecot_server.connect("new-hire@hengtai-valve.com")
    assert client.select_folder("INBOX")[b"EXISTS"] == 0
    client.logout()


def test_users_are_isolated(dovecot_server, imap_user):
    login, _ = imap_user
    assert dovecot_server.flags_snapshot(login, "INBOX") == {}
    assert dovecot_server.flags_snapshot(login, "Sent") == {}


def test_separate_server_starts_and_stops_fast_and_leaves_nothing():
    server = DovecotServer(users={"solo@hengtai-valve.com": "pw"})
    t0 = time.monotonic()
    server.start()
    started = time.monotonic() - t0
    try:
        assert started < 2, f"start took {started:.2f}s"
        pid, root = server._proc.pid, server.root
        client = server.connect("solo@hengtai-valve.com")
        client.select_folder("INBOX")
    finally:
        t0 = time.monotonic()
        server.stop()
        stopped = time.monotonic() - t0
    assert stopped < 1, f"stop took {stopped:.2f}s"
    assert not root.exists()
    for port in (server.port, server.tls_port):
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
    assert process_group(pid) == [], "dovecot processes left behind"
    server.stop()  # idempotent


def test_restart_keeps_ports_users_and_mail():
    with DovecotServer(users={"solo@hengtai-valve.com": "pw"}) as server:
        server.append(server_user := "solo@hengtai-valve.com", "INBOX", message(1))
        client = server.connect(server_user)
        client.select_folder("INBOX")
        ports = (server.port, server.tls_port)
        server.restart()
        with pytest.raises((imapclient.exceptions.IMAPClientAbortError, OSError)):
            client.noop()
        assert (server.port, server.tls_port) == ports
        assert server.flags_snapshot(server_user, "INBOX") == {1: ()}


def test_start_failure_reports_the_log(monkeypatch):
    server = DovecotServer(users={"solo@hengtai-valve.com": "pw"}, start_timeout=2)
    monkeypatch.setattr(server, "internal_user", "no-such-user-xyz")
    with pytest.raises(DovecotError) as info:
        server.start()
    assert "no-such-user-xyz" in str(info.value)
    assert not server.running
