"""What a sync or an import records besides messages: its run, its errors, the folders it saw."""

from __future__ import annotations

import json

from .store import utcnow


def collisions_text(count: int) -> str:
    """The summary lines' note on reused Message-IDs, for a sync and an import alike."""
    return (
        f" ({count} reused Message-ID{'s' if count != 1 else ''} with other content: kept as separate messages)"
        if count
        else ""
    )


def folder_row(db, account: str, name: str, role: str) -> int:
    db.execute(
        "INSERT INTO folders (account, name, role) VALUES (?, ?, ?) "
        "ON CONFLICT (account, name) DO UPDATE SET role = excluded.role",
        [account, name, role],
    )
    return db.execute("SELECT id FROM folders WHERE account = ? AND name = ?", [account, name]).fetchone()[0]


def record_error(
    db,
    *,
    stage: str,
    error: str,
    account: str | None = None,
    folder: str | None = None,
    uid: int | None = None,
    message: int | None = None,
) -> None:
    db.execute(
        "INSERT INTO errors (at, account, folder, uid, message, stage, error) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [utcnow(), account, folder, uid, message, stage, error[:2000]],
    )


def start_run(db, kind: str) -> int:
    return db.execute("INSERT INTO sync_runs (kind, started) VALUES (?, ?)", [kind, utcnow()]).lastrowid


def finish_run(db, run: int, summary: dict, ok: bool) -> None:
    db.execute(
        "UPDATE sync_runs SET finished = ?, status = ?, summary = ? WHERE id = ?",
        [utcnow(), "ok" if ok else "failed", json.dumps(summary, ensure_ascii=False), run],
    )
