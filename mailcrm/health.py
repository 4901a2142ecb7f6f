"""Is the database file sound? Checked before writing, said in one line when it is not.

A database damaged in the middle (a disk error, a copy taken mid-write) still
answers the queries that miss the bad pages, so `customers list` looked fine
while `search` failed, and `sync` went on writing into it. Writers therefore
run SQLite's quick_check first. It reads the whole file (about 0.1 s per 10 MB),
so it runs at most once a day; what it found is recorded, and every command
refuses a database recorded as damaged until it is restored or recovered.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlite_utils import Migrations

from .errors import DatabaseDamaged

migrations = Migrations("mailcrm-core")


@migrations()
def m001_health(db):
    # When the last integrity check ran and what it found.
    db.execute("CREATE TABLE IF NOT EXISTS health (name TEXT PRIMARY KEY, checked TEXT NOT NULL, result TEXT NOT NULL)")


CHECK_EVERY = timedelta(hours=24)
DAMAGE_SIGNS = ("malformed", "not a database", "corrupt")


def is_damage(exc: BaseException) -> bool:
    return isinstance(exc, sqlite3.DatabaseError) and any(sign in str(exc).lower() for sign in DAMAGE_SIGNS)


def damaged(path: str | Path, detail: str) -> DatabaseDamaged:
    detail = " ".join(detail.replace("*** in database main ***", "").split())[:120]
    name = Path(path).name
    return DatabaseDamaged(
        f"{path} is damaged (SQLite: {detail}). Restore your last backup (README: Backing up), or "
        f"rescue what is readable: sqlite3 {name} '.recover' | sqlite3 recovered.db, then point "
        "[database] path at recovered.db"
    )


def check_before_writing(db, path: str | Path, *, every: timedelta = CHECK_EVERY) -> None:
    """Raise DatabaseDamaged if the file is corrupt; a sound result is trusted for `every`."""
    last = db.execute("SELECT checked, result FROM health WHERE name = 'quick_check'").fetchone()
    now = datetime.now(timezone.utc)
    if last and last[1] == "ok" and now - datetime.fromisoformat(last[0]) < every:
        return
    try:
        found = [row[0] for row in db.execute("PRAGMA quick_check(3)")]
    except sqlite3.DatabaseError as exc:
        found = [str(exc)]
    result = "ok" if found == ["ok"] else found[0]
    record(db, now, result)
    if result != "ok":
        raise damaged(path, result)


def refuse_if_recorded_damaged(db, path: str | Path) -> None:
    """Every command: a database the last check found damaged is not read as if it were whole."""
    last = db.execute("SELECT result FROM health WHERE name = 'quick_check'").fetchone()
    if last and last[0] != "ok":
        raise damaged(path, last[0])


def record(db, when: datetime, result: str) -> None:
    try:
        db.execute(
            "INSERT INTO health (name, checked, result) VALUES ('quick_check', ?, ?) ON CONFLICT (name) "
            "DO UPDATE SET checked = excluded.checked, result = excluded.result",
            [when.isoformat(timespec="seconds"), result[:500]],
        )
    except sqlite3.DatabaseError:
        pass  # too damaged to say so: the next writer checks again
