"""Database housekeeping: background WAL checkpoints during bulk writes."""

from __future__ import annotations

import time

import sqlite_utils

from mailcrm.db import CHECKPOINT_EVERY, background_checkpoints, open_db, transaction


def test_background_checkpoints_copy_the_wal_into_the_database_while_the_writer_goes_on(tmp_path):
    path = tmp_path / "crm.db"
    db = open_db(path)
    db.execute("CREATE TABLE scratch (data BLOB)")
    before = path.stat().st_size
    with background_checkpoints(db, interval=0.05):
        assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == 0  # the writer never stalls on one
        with transaction(db):
            db.conn.executemany("INSERT INTO scratch VALUES (?)", [(bytes(1000 * [n % 251]),) for n in range(3000)])
        deadline = time.monotonic() + 10
        while path.stat().st_size < before + 3_000_000 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert path.stat().st_size >= before + 3_000_000  # the rows reached the database file itself
    assert db.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == CHECKPOINT_EVERY
    assert db.execute("SELECT count(*) FROM scratch").fetchone()[0] == 3000


def test_in_memory_databases_need_no_checkpoints():
    db = sqlite_utils.Database(memory=True)
    with background_checkpoints(db):
        db.execute("CREATE TABLE t (x)")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0
