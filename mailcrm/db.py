"""Open the database: file mode 0600, WAL, pragmas, the migrations it is handed.

Each part owns its migration set; `mailcrm.schema.open_db` gathers them all (the
core cannot import the parts above it)."""

from __future__ import annotations

import os
import sqlite3
import threading
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import Iterator, Sequence

import sqlite_utils

from .errors import MailcrmError
from .health import damaged, is_damage, refuse_if_recorded_damaged
from .health import migrations as core_migrations
from .lock import setup_lock


CHECKPOINT_EVERY = 16384  # WAL pages between automatic checkpoints (64 MB); see configure()
CACHE_KB = 8000  # page cache: memory stays flat on big mailboxes
# During a bulk write (a first sync, an import) a bigger cache and rarer automatic
# checkpoints: storing 20,000 prepared messages took 3.63 s instead of 4.66 s (medians
# of 6; 32 MB cache alone 4.25 s, 256 MB WAL alone 4.01 s). Costs 24 MB of memory and
# up to 256 MB of WAL on disk while it lasts; journal_size_limit shrinks it afterwards.
BULK_CACHE_KB = 32000
BULK_CHECKPOINT_EVERY = 65536


def create_private_file(path: Path) -> None:
    """Create the file with mode 0600 before SQLite does: mail is private."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def open_db(path: str | Path, *, migrate: bool = True, migration_sets: Sequence = ()) -> sqlite_utils.Database:
    """Open (creating it 0600) and configure; with ``migrate``, apply the core's and the given sets."""
    in_memory = str(path) == ":memory:"  # SQLite's name for no file at all
    path = Path(path)
    if not in_memory and not path.exists():
        create_private_file(path)
    try:
        conn = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        with nullcontext() if in_memory else setup_lock(path):
            configure(db)
            if migrate:
                for migration_set in (core_migrations, *migration_sets):
                    migration_set.apply(db)
                refuse_if_recorded_damaged(db, path)
    except sqlite3.DatabaseError as exc:
        if is_damage(exc):
            raise damaged(path, str(exc)) from None
        raise MailcrmError(f"{path}: cannot open database: {exc}") from None
    return db


def configure(db: sqlite_utils.Database) -> None:
    # WAL lets `status`/`search` read while a sync writes; NORMAL sync is
    # durable at each transaction boundary in WAL mode except on power loss.
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute(f"PRAGMA cache_size = -{CACHE_KB}")
    db.execute("PRAGMA temp_store = MEMORY")
    # A checkpoint copies the WAL into the database with two fsyncs; every 64 MB
    # of WAL rather than every 4 MB makes a first sync's commits 30% cheaper.
    db.execute(f"PRAGMA wal_autocheckpoint = {CHECKPOINT_EVERY}")
    db.execute("PRAGMA journal_size_limit = 67108864")  # and the WAL file shrinks back to 64 MB


def add_foreign_keys(
    db: sqlite_utils.Database, wanted: dict[str, list[tuple[str, str, str]]], rebuilt: dict[str, str] | None = None
) -> None:
    """Declare foreign keys on existing tables: table -> [(column, other table, other column)].

    ``rebuilt``: table -> the SQL that rebuilds it with its keys, for what sqlite-utils'
    transform can't copy (a WITHOUT ROWID table).

    SQLite adds a foreign key only by rebuilding the table, and dropping the old copy of
    a table others point at (drafts) counts as deleting its rows unless foreign keys are
    off, which they can only be outside a transaction: so this runs from a migration
    registered with transactional=False, and does its rebuilds in one transaction of its
    own. Keys already declared are skipped, so running it twice changes nothing.
    """
    db.execute("PRAGMA foreign_keys = OFF")
    try:
        with transaction(db):
            for table, keys in wanted.items():
                declared = {(fk.column, fk.other_table) for fk in db[table].foreign_keys}
                missing = [key for key in keys if (key[0], key[1]) not in declared]
                if missing:
                    db[table].transform(add_foreign_keys=missing)
            for table, script in (rebuilt or {}).items():
                if not db[table].foreign_keys:
                    for statement in script.split(";"):
                        if statement.strip():
                            db.execute(statement)
    finally:
        db.execute("PRAGMA foreign_keys = ON")


@contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, rolled back on any exception.

    The connection runs in autocommit mode, so transactions are always
    explicit: a batch of messages and the cursor covering it commit together.
    """
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


class GroupedTransactions:
    """Many batches in one transaction: committed when full, or whenever asked.

    Every commit writes out each page its rows touched, and the indexes keyed
    by hashes (Message-ID, content hash, references, attachment digests) touch
    pages all over the file. With a transaction per 2 MB fetch, a first sync of
    20,000 messages wrote 680 MB of WAL for a 293 MB database, the hashed
    indexes 10 to 50 times over. A batch that fails undoes the whole open
    transaction (a savepoint per batch kept 14 MB of page copies in memory and
    cost more CPU than it saved); a failure outside a batch, such as a
    dropped connection, keeps what was stored.
    """

    def __init__(self, db: sqlite_utils.Database, max_items: int, max_bytes: int):
        self.db, self.max_items, self.max_bytes = db, max_items, max_bytes
        self.open, self.items, self.bytes = False, 0, 0

    @contextmanager
    def batch(self, items: int, nbytes: int) -> Iterator[None]:
        if not self.open:
            self.db.execute("BEGIN IMMEDIATE")
            self.open, self.items, self.bytes = True, 0, 0
        try:
            yield
        except BaseException:
            self.rollback()
            raise
        self.items, self.bytes = self.items + items, self.bytes + nbytes
        if self.items >= self.max_items or self.bytes >= self.max_bytes:
            self.commit()

    def rollback(self) -> None:
        self.open = False
        if self.db.conn.in_transaction:  # not if SQLite rolled back already (disk full, say)
            self.db.execute("ROLLBACK")

    def commit(self) -> None:
        """Commit the batches so far, e.g. before waiting for more: never hold the lock idle."""
        if not self.open:
            return
        self.open = False
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error:
            if self.db.conn.in_transaction:
                self.db.execute("ROLLBACK")
            raise


@contextmanager
def grouped_transactions(db: sqlite_utils.Database, max_items: int, max_bytes: int) -> Iterator[GroupedTransactions]:
    """Batches grouped into transactions; what was stored is committed even if the source fails."""
    group = GroupedTransactions(db, max_items, max_bytes)
    try:
        yield group
    finally:
        group.commit()


@contextmanager
def bulk_writes(db: sqlite_utils.Database) -> Iterator[None]:
    """Settings for writing many transactions in a row, and checkpoints in the background."""
    saved = {name: db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("cache_size", "wal_autocheckpoint")}
    db.execute(f"PRAGMA cache_size = -{BULK_CACHE_KB}")
    db.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_EVERY}")
    try:
        with background_checkpoints(db):
            yield
    finally:
        for name, value in saved.items():
            db.execute(f"PRAGMA {name} = {int(value)}")


@contextmanager
def background_checkpoints(db: sqlite_utils.Database, interval: float = 1.0) -> Iterator[None]:
    """During a bulk write, copy the WAL into the database from another thread too.

    A checkpoint is mostly waiting for two fsyncs; run by the writing
    connection it stalls the writer. Here a thread with its own connection
    runs PASSIVE checkpoints (never blocking the writer) every `interval`
    seconds, so by the time the writer's own automatic checkpoint comes (every
    64 MB; it is what lets the WAL start over, keeping the file bounded) most
    frames are already copied and synced. In-memory databases: nothing to do.
    """
    path = database_file(db)
    if not path:
        yield
        return
    stop = threading.Event()
    worker = threading.Thread(target=checkpoint_until, args=(path, stop, interval), name="wal-checkpoint", daemon=True)
    worker.start()
    try:
        yield
    finally:
        stop.set()
        worker.join(timeout=60)


def checkpoint_until(path: str, stop: threading.Event, interval: float) -> None:
    conn = sqlite3.connect(path, timeout=30, isolation_level=None)
    try:
        while not stop.wait(interval):
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
    except sqlite3.Error:
        pass  # the writer's own checkpoints resume afterwards; nothing is lost
    finally:
        conn.close()


def database_file(db: sqlite_utils.Database) -> str:
    """The main database's file; '' for an in-memory database."""
    for _, name, path in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return path or ""
    return ""


SQLITE_MAX_INTEGER = 2**63 - 1


def row_id(text: str) -> int | None:
    """`text` as a row id, or None: only ASCII digits within SQLite's integer range.

    str.isdigit() also accepts "²" (int() then fails) and a user may type 30 digits
    (SQLite then overflows); both simply name no row.
    """
    text = text.strip()
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= SQLITE_MAX_INTEGER else None
