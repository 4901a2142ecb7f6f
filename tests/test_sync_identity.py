"""Message identity, flags on every path, and workers that die with a killed sync (real Dovecot)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from mailcrm.mail.identity import header_hash, identity_hash
from mailcrm.mail.fetchreply import header_section
from mailcrm.mail.imap import ImapSession
from mailcrm.mail.sync import sync

from tests.mailfactory import make_message
from tests.syncsetup import load, stored_counts, write_config

QUOTE_ID = "<QT-2026-0412@erp.acme-armaturen.de>"  # an ERP that stamps every quotation with one ID


def quotation(quantity: int) -> bytes:
    return make_message(
        1,
        subject="Quotation request DN50",
        message_id=QUOTE_ID,
        body=f"Please quote {quantity} pcs of DN50 ball valves, PN40, delivery to Hamburg.\n",
    )


def run(tmp_path, dovecot_server, users, full: bool = False, **options):
    config, db = load(write_config(tmp_path, dovecot_server, users, **options))
    return sync(config, db, full=full), db


def searchable(db, word: str) -> int:
    return db.execute("SELECT count(*) FROM messages_fts WHERE messages_fts MATCH ?", [word]).fetchone()[0]


# -- the same Message-ID, other content -----------------------------------------------


def test_a_reused_message_id_with_other_content_is_another_message(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", quotation(500))
    dovecot_server.append(login, "INBOX", quotation(800))  # same ID, From and Subject
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert summary.total("new") == 2 and summary.total("id_collisions") == 1
    assert "1 reused Message-ID with other content" in summary.line()
    assert searchable(db, "500") == 1 and searchable(db, "800") == 1
    # a third version arriving later, into a database that knows the ID, is kept too
    dovecot_server.append(login, "INBOX", quotation(1200))
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert (summary.total("new"), summary.total("id_collisions")) == (1, 1)
    assert stored_counts(db)["messages"] == 3 and searchable(db, "1200") == 1


def test_a_copy_from_another_mailbox_is_still_one_message(tmp_path, dovecot_server, imap_user):
    # Tom's copy has its own transport headers: the same message, two locations.
    login, _ = imap_user
    tom = (f"tom-{login}", "tom-pw")
    dovecot_server.add_user(*tom)
    dovecot_server.append(login, "INBOX", quotation(500))
    delivered = (
        b"Return-Path: <hans@acme-armaturen.de>\r\nDelivered-To: tom@hengtai-valve.com\r\n"
        b"Received: from mx1.acme-armaturen.de by mx.hengtai-valve.com; Mon, 2 Mar 2026 09:31:02 +0100\r\n"
        b"X-Spam-Score: 0.1\r\nAuthentication-Results: mx.hengtai-valve.com; dkim=pass\r\n"
    )
    dovecot_server.append(tom[0], "INBOX", delivered + quotation(500))
    summary, db = run(tmp_path, dovecot_server, [imap_user, tom], folders=("INBOX",))
    assert summary.total("id_collisions") == 0
    assert (stored_counts(db)["messages"], stored_counts(db)["locations"]) == (1, 2)


def test_identity_ignores_transport_headers_and_line_ends_but_not_content():
    plain = quotation(500)
    relayed = b"Received: from a by b\r\n\tid 42; Mon, 2 Mar 2026\r\nX-Mailer-Scan: ok\r\n" + plain
    assert identity_hash(relayed) == identity_hash(plain.replace(b"\r\n", b"\n") + b"\n")
    assert identity_hash(quotation(800)) != identity_hash(plain)
    assert header_hash(relayed) != header_hash(plain)


# -- flags on every path -----------------------------------------------------------------


def stored_flags(db, folder: str) -> dict[int, set[str]]:
    rows = db.execute(
        "SELECT l.uid, l.flags FROM locations l JOIN folders f ON f.id = l.folder "
        "WHERE f.name = ? AND l.gone_at IS NULL",
        [folder],
    ).fetchall()
    return {uid: set(flags.split()) for uid, flags in rows}


def server_flags(dovecot_server, login: str, folder: str) -> dict[int, set[str]]:
    return {
        uid: {f.decode() for f in flags} - {"\\Recent"}
        for uid, flags in dovecot_server.flags_snapshot(login, folder).items()
    }


def test_flags_stay_right_after_a_full_sync_and_a_uidvalidity_rescan(tmp_path, dovecot_server, imap_user, monkeypatch):
    login, _ = imap_user
    for n in range(12):
        flags = [f for f, on in (("\\Seen", n % 2), ("\\Answered", n % 3 == 0), ("\\Flagged", n == 5)) if on]
        dovecot_server.append(login, "INBOX", make_message(n), flags=flags)
    expected = server_flags(dovecot_server, login, "INBOX")
    assert sum(1 for f in expected.values() if "\\Answered" in f) == 4
    _, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert stored_flags(db, "INBOX") == expected
    assert not any("\\Recent" in flags for flags in stored_flags(db, "INBOX").values())

    _, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), full=True)
    assert stored_flags(db, "INBOX") == expected

    dovecot_server.set_uidvalidity(login, "INBOX", 4242)
    downloaded = []
    original = ImapSession.fetch
    monkeypatch.setattr(ImapSession, "fetch", lambda self, uids: downloaded.extend(uids) or original(self, uids))
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert summary.folders[0].rescanned and summary.total("copies") == 12
    assert stored_flags(db, "INBOX") == server_flags(dovecot_server, login, "INBOX")
    assert downloaded == []  # a rescan recognises its own mail from the headers: no body downloaded


def test_a_header_section_is_found_whatever_the_server_calls_it():
    # Courier echoes the field names quoted; Dovecot does not.
    header = b"Message-ID: <a@b>\r\n\r\n"
    assert header_section({b'BODY[HEADER.FIELDS ("MESSAGE-ID")]': header, b"UID": 3}) == header
    assert header_section({b"BODY[HEADER.FIELDS (MESSAGE-ID)]": header}) == header
    assert header_section({b"RFC822.SIZE": 10}) == b""


# -- a killed sync leaves no worker and no lock behind ---------------------------------


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie. Orphans come back to this process (a subreaper, see dovecot.py): reap them."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    if state == "Z":
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
        return False
    return True


def wait_for(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def test_a_killed_sync_leaves_no_worker_holding_the_lock(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append_many(
        login, "INBOX", (make_message(n, body=f"Order {n}. " + "Spec line.\n" * 200) for n in range(1200))
    )
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), batch_size=200)
    command = [sys.executable, "-m", "mailcrm", "--config", str(path), "-q", "sync"]
    database = path.parent / "mailcrm.db"
    for point in (1, 400):  # kill the main process only, with its parse workers running
        process = subprocess.Popen(command, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        assert wait_for(lambda: len(children_of(process.pid)) >= 2 and count_messages(database) >= point, 60), (
            "the parse workers never started"
        )
        workers = children_of(process.pid)
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        assert wait_for(lambda: not any(alive(pid) for pid in workers), 5), "parse workers outlived the killed sync"
    finished = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr
    assert "busy" not in finished.stderr
    _, db = load(path)
    assert stored_counts(db) == {"messages": 1200, "locations": 1200, "distinct_ids": 1200}


def count_messages(database: Path) -> int:
    import sqlite3

    try:
        with sqlite3.connect(database, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM messages").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


# -- a server that answers like Courier ----------------------------------------------------


def test_a_server_without_uidnext_that_answers_uid_searches_empty_still_syncs_everything(
    tmp_path, dovecot_server, imap_user
):
    from tests.courierlike import CourierLikeProxy

    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(40)))
    with CourierLikeProxy(dovecot_server.host, dovecot_server.port) as proxy:
        proxy.hide_uidnext = proxy.empty_uid_search = True
        path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",), security="none", ca=False)
        path.write_text(path.read_text().replace(f"port = {dovecot_server.port}\n", f"port = {proxy.port}\n"))
        config, db = load(path)
        first = sync(config, db)
        assert first.ok and first.total("new") == 40, first.line()
        dovecot_server.append(login, "INBOX", make_message(99))
        dovecot_server.doveadm("flags", "add", "-u", login, "\\Answered", "mailbox", "INBOX", "uid", "3")
        second = sync(config, db)
        assert second.ok and (second.total("new"), second.total("updated")) == (1, 1), second.line()
    assert stored_counts(db) == {"messages": 41, "locations": 41, "distinct_ids": 41}


def test_flags_wiped_by_an_older_version_are_repaired_by_the_next_sync(tmp_path, dovecot_server, imap_user):
    from mailcrm.mail.schema import m008_recheck_every_flag

    login, _ = imap_user
    for n in range(6):
        dovecot_server.append(login, "INBOX", make_message(n), flags=["\\Seen", "\\Answered"][: n % 3])
    _, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    db.execute("UPDATE locations SET flags = ''")  # what a --full sync of an older version left
    m008_recheck_every_flag(db)
    summary, db = run(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert summary.total("updated") == 4
    assert stored_flags(db, "INBOX") == server_flags(dovecot_server, login, "INBOX")


def test_identity_is_the_same_whatever_slice_a_line_end_falls_in():
    # The body is hashed a megabyte at a time: a CRLF split across two slices is still one line end.
    from mailcrm.mail.identity import HASH_SLICE

    head = b"From: hans@acme-armaturen.de\r\nSubject: drawings\r\n\r\n"
    for filler in (HASH_SLICE - 1, HASH_SLICE, HASH_SLICE + 1):
        body = b"x" * filler + b"\r\nnext line\r\n"
        assert identity_hash(head + body) == identity_hash((head + body).replace(b"\r\n", b"\n")), filler
