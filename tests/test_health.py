"""A damaged database file: found before writing, and said in one line with what to do."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys

from mailcrm.sample_config import config_text

from tests.mailfactory import make_message
from tests.syncsetup import write_config


def damage_the_middle(path) -> None:
    """Overwrite part of every page in the middle third, as a failing disk would."""
    size = os.path.getsize(path)
    with open(path, "r+b") as file:
        for offset in range(size // 3, 2 * size // 3, 4096):
            file.seek(offset + 200)
            file.write(bytes(range(256)) * 4)


class Result:
    def __init__(self, done: subprocess.CompletedProcess):
        self.exit_code, self.output = done.returncode, done.stdout + done.stderr


def mailcrm(path, *args: str) -> Result:
    """In a process of its own: it closes the database when it ends, as a real command does."""
    command = [sys.executable, "-m", "mailcrm", "--config", str(path), *args]
    return Result(subprocess.run(command, capture_output=True, text=True, timeout=120))


def test_a_damaged_database_is_found_before_sync_writes_and_every_command_says_so(tmp_path, dovecot_server, imap_user):
    login, _ = imap_user
    dovecot_server.append_many(
        login, "INBOX", (make_message(n, body="Valve specification.\n" * 80) for n in range(300))
    )
    path = write_config(tmp_path, dovecot_server, [imap_user], folders=("INBOX",))
    assert mailcrm(path, "-q", "sync").exit_code == 0
    database = tmp_path / "mailcrm.db"
    conn = sqlite3.connect(database)
    conn.execute("UPDATE health SET checked = '2026-01-01T00:00:00+00:00'")  # as on the next day
    conn.commit()
    conn.close()  # the last connection: the WAL goes into the file
    assert not (tmp_path / "mailcrm.db-wal").exists()
    damage_the_middle(database)
    dovecot_server.append(login, "INBOX", make_message(999))
    result = mailcrm(path, "sync")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "mailcrm.db is damaged" in lines[0] and ".recover" in lines[0], result.output
    for command in (["customers", "list"], ["search", "valve"], ["status"]):
        result = mailcrm(path, *command)
        assert result.exit_code == 1 and "is damaged" in result.output, (command, result.output)


def test_a_query_that_meets_a_bad_page_says_the_database_is_damaged(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(config_text("crm.db", accounts=()), encoding="utf-8")
    (tmp_path / "crm.db").write_bytes(b"SQLite format 3\x00" + b"\xff" * 8192)
    result = mailcrm(config, "status")
    assert result.exit_code == 1
    assert "crm.db is damaged" in result.output and "unexpected" not in result.output, result.output
