"""One writer at a time: syncs started together, and a sync that waits its turn (real Dovecot)."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

from mailcrm.lock import database_lock

from tests.mailfactory import make_message
from tests.syncsetup import load, stored_counts, write_config


def start_sync(path, *extra: str) -> subprocess.Popen:
    command = [sys.executable, "-m", "mailcrm", "--config", str(path), "-q", "sync", *extra]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_syncs_started_together_on_a_new_database(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append_many(login, "INBOX", (make_message(n) for n in range(300)))
    for round_ in range(3):
        folder = tmp_path / f"round{round_}"
        folder.mkdir()
        path = write_config(folder, dovecot_server, [imap_user], folders=("INBOX",))
        processes = [start_sync(path) for _ in range(2)]
        results = [(p.wait(timeout=120), p.stderr.read()) for p in processes]
        for code, stderr in results:
            # the loser is told the database is busy, in one line; nothing else goes wrong
            assert code == 0 or ("is busy: sync by pid" in stderr and len(stderr.strip().splitlines()) == 1), stderr
        assert any(code == 0 for code, _ in results)
        _, db = load(path)
        assert stored_counts(db)["messages"] == 300


def test_a_sync_with_wait_runs_when_the_lock_is_released(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append(login, "INBOX", make_message(1))
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    config, _ = load(path)
    held, release = threading.Event(), threading.Event()

    def nightly() -> None:
        with database_lock(config.database_path, "nightly"):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=nightly)
    holder.start()
    try:
        assert held.wait(10)
        refused = start_sync(path)
        assert refused.wait(60) == 1
        message = refused.stderr.read()
        assert "busy: nightly by pid" in message and "--wait SECONDS" in message
        waiting = start_sync(path, "--wait", "20")
        time.sleep(1.0)
        assert waiting.poll() is None  # still waiting its turn
        release.set()
        assert waiting.wait(60) == 0, waiting.stderr.read()
    finally:
        release.set()
        holder.join(10)
    _, db = load(path)
    assert stored_counts(db)["messages"] == 1
