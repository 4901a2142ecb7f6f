"""Database housekeeping: background WAL checkpoints during bulk writes."""

from __future__ import annotations

import sqlite3
import time

import pytest
import sqlite_utils

from mailcrm.db import background_checkpoints, grouped_transactions, transaction

from mailcrm.schema import open_db


def test_background_checkpoints_copy_the_wal_into_the_database_while_the_writer_goes_on(tmp_path):
    path = tmp_path / "crm.db"
    db = open_db(path)
    db.execute("CREATE TABLE scratch (data BLOB)")
    before = path.stat().st_size
    with background_checkpoints(db, interval=0.05):
        db.execute("PRAGMA wal_autocheckpoint = 0")  # only the background thread copies, here
        with transaction(db):
            db.conn.executemany("INSERT INTO scratch VALUES (?)", [(bytes(1000 * [n % 251]),) for n in range(3000)])
        deadline = time.monotonic() + 10
        while path.stat().st_size < before + 3_000_000 and time.monotonic() < deadline:
            time.sleep(0.05)
    assert path.stat().st_size >= before + 3_000_000  # the rows reached the database file itself
    assert db.execute("SELECT count(*) FROM scratch").fetchone()[0] == 3000


def test_the_wal_stays_bounded_during_a_long_bulk_write(tmp_path):
    """The writer's own checkpoints still run, so the WAL starts over instead of growing."""
    path = tmp_path / "crm.db"
    db = open_db(path)
    db.execute("PRAGMA wal_autocheckpoint = 256")  # 1 MB, to see it on a small scale
    db.execute("CREATE TABLE scratch (data BLOB)")
    with background_checkpoints(db, interval=0.01):
        for batch in range(40):
            with transaction(db):
                db.conn.executemany("INSERT INTO scratch VALUES (?)", [(bytes([batch % 251]) * 1000,)] * 500)
    assert (tmp_path / "crm.db-wal").stat().st_size < 8_000_000  # 20 MB were written
    assert db.execute("SELECT count(*) FROM scratch").fetchone()[0] == 20_000


def test_in_memory_databases_need_no_checkpoints():
    db = sqlite_utils.Database(memory=True)
    with background_checkpoints(db):
        db.execute("CREATE TABLE t (x)")
    assert db.execute("SELECT count(*) FROM t").fetchone()[0] == 0


def test_customers_marked_dirty_before_the_upgrade_are_still_recomputed(tmp_path):
    """m005 moves the JSON list of dirty customers into its own table."""
    import sqlite_utils

    from mailcrm.customers.keys import mark_dirty, take_dirty
    from mailcrm.mail.schema import migrations

    db = sqlite_utils.Database(tmp_path / "old.db")
    migrations.apply(db, stop_before="m005_customer_dirty")
    db.execute("INSERT INTO customer_meta (name, value) VALUES ('dirty', '[3, 7]')")
    for pk in (3, 7, 9):  # customer_dirty points at customers (m010)
        db.execute(
            "INSERT INTO customers (id, key, kind, created) VALUES (?, ?, 'company', '2026-01-01')", [pk, f"c{pk}.com"]
        )
    migrations.apply(db)
    assert db.execute("SELECT count(*) FROM customer_meta WHERE name = 'dirty'").fetchone()[0] == 0
    mark_dirty(db, {7, 9, None})
    assert take_dirty(db) == {3, 7, 9}
    assert take_dirty(db) == set()


def test_bulk_writes_raise_the_cache_and_checkpoint_interval_and_put_them_back(tmp_path):
    from mailcrm.db import BULK_CACHE_KB, BULK_CHECKPOINT_EVERY, CACHE_KB, CHECKPOINT_EVERY, bulk_writes

    db = open_db(tmp_path / "crm.db")

    def settings():
        return [db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "wal_autocheckpoint")]

    with bulk_writes(db):
        assert settings() == [-BULK_CACHE_KB, BULK_CHECKPOINT_EVERY]
    assert settings() == [-CACHE_KB, CHECKPOINT_EVERY]
    with pytest.raises(RuntimeError), bulk_writes(db):
        raise RuntimeError("a failed sync")
    assert settings() == [-CACHE_KB, CHECKPOINT_EVERY]  # memory stays flat for whatever runs next


def test_an_in_memory_database_leaves_no_file_behind(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = open_db(":memory:")
    assert db.execute("PRAGMA database_list").fetchone()[2] == ""  # SQLite's mark of no file
    assert "messages" in db.table_names()
    assert list(tmp_path.iterdir()) == []


def scratch_db(tmp_path):
    db = open_db(tmp_path / "crm.db")
    db.execute("CREATE TABLE scratch (n INTEGER)")
    reader = sqlite3.connect(tmp_path / "crm.db")
    return db, lambda: reader.execute("SELECT count(*) FROM scratch").fetchone()[0]


def insert_batch(db, transactions, first: int, count: int) -> None:
    with transactions.batch(count, count * 100):
        db.conn.executemany("INSERT INTO scratch VALUES (?)", [(n,) for n in range(first, first + count)])


def test_grouped_transactions_commit_when_full_and_what_is_left_at_the_end(tmp_path):
    db, committed = scratch_db(tmp_path)
    seen = []
    with grouped_transactions(db, max_items=5, max_bytes=10**9) as transactions:
        for first in range(0, 12, 2):
            insert_batch(db, transactions, first, 2)
            seen.append(committed())
    assert seen == [0, 0, 6, 6, 6, 12]  # another connection sees whole groups only
    assert committed() == 12


def test_grouped_transactions_commit_early_or_by_size(tmp_path):
    db, committed = scratch_db(tmp_path)
    with grouped_transactions(db, max_items=100, max_bytes=300) as transactions:
        insert_batch(db, transactions, 0, 1)
        transactions.commit()  # the caller is about to wait: nothing stays locked meanwhile
        assert committed() == 1
        insert_batch(db, transactions, 1, 3)  # 300 bytes: full
        assert committed() == 4


def test_a_failing_batch_undoes_its_group_and_a_failing_source_keeps_it(tmp_path):
    db, committed = scratch_db(tmp_path)
    with pytest.raises(ZeroDivisionError):
        with grouped_transactions(db, max_items=100, max_bytes=10**9) as transactions:
            insert_batch(db, transactions, 0, 2)
            with transactions.batch(1, 100):
                db.execute("INSERT INTO scratch VALUES (99)")
                1 / 0
    assert committed() == 0 and not db.conn.in_transaction
    with pytest.raises(ConnectionError):  # e.g. the server went away between fetches
        with grouped_transactions(db, max_items=100, max_bytes=10**9) as transactions:
            insert_batch(db, transactions, 0, 2)
            raise ConnectionError("dropped")
    assert committed() == 2 and not db.conn.in_transaction


def test_an_older_database_gets_its_pointers_declared_and_keeps_its_rows(tmp_path):
    """The m*_foreign_keys migrations rebuild tables that hold rows already (rule_episodes is WITHOUT ROWID)."""
    import sqlite3

    import sqlite_utils

    from mailcrm.drafts.schema import migrations as drafts_set
    from mailcrm.engine.schema import migrations as engine_set
    from mailcrm.mail.schema import migrations as mail_set
    from mailcrm.night.schema import migrations as night_set

    path = tmp_path / "old.db"
    old = sqlite_utils.Database(path)
    for migration_set, before in (
        (mail_set, "m010_foreign_keys"),
        (engine_set, "m003_foreign_keys"),
        (drafts_set, "m003_foreign_keys"),
        (night_set, "m002_foreign_keys"),
    ):
        migration_set.apply(old, stop_before=before)
    old.execute("INSERT INTO customers (id, key, kind, created) VALUES (5, 'acme.de', 'company', '2026-01-01')")
    old.execute("INSERT INTO rule_episodes (rule, customer, since) VALUES ('risk.complaint', 5, '2026-02-01')")
    old.execute("INSERT INTO customer_tags (customer, tag, status, changed) VALUES (5, 'oem-odm', 'active', 'x')")
    old.conn.commit()
    old.conn.close()

    db = open_db(path)
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert [fk.other_table for fk in db["rule_episodes"].foreign_keys] == ["customers"]
    assert {fk.column for fk in db["drafts"].foreign_keys} == {"customer", "parent_message", "sent_message"}
    assert db.execute("SELECT customer, since FROM rule_episodes").fetchall() == [(5, "2026-02-01")]
    assert db.execute("SELECT tag FROM customer_tags WHERE customer = 5").fetchall() == [("oem-odm",)]
    with pytest.raises(sqlite3.IntegrityError):  # a row pointing at no customer is refused
        db.execute("INSERT INTO customer_tags (customer, tag, status, changed) VALUES (99, 'x', 'active', 'x')")
