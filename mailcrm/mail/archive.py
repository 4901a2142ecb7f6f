"""Read what is stored: status, full-text search, one message, attachments."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from ..db import row_id
from ..errors import MailcrmError, NotFoundError
from .textindex import fts_query


def status(db) -> dict:
    """Per account and folder: stored messages, last sync, errors; totals."""
    folders = [
        dict(row)
        for row in db.query(
            "SELECT f.account, f.name AS folder, f.role, f.last_sync, f.last_error, f.last_uid, f.older_than_since, "
            "(SELECT count(*) FROM locations l WHERE l.folder = f.id AND l.gone_at IS NULL) AS messages, "
            "(SELECT count(*) FROM locations l WHERE l.folder = f.id AND l.gone_at IS NOT NULL) AS gone, "
            "(SELECT count(*) FROM errors e WHERE e.account = f.account AND e.folder = f.name) AS errors "
            "FROM folders f ORDER BY f.account, f.name"
        )
    ]
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    last_run = db.execute(
        "SELECT kind, started, finished, status, summary FROM sync_runs ORDER BY id DESC LIMIT 1"
    ).fetchone()
    return {
        "messages": one("SELECT count(*) FROM messages"),
        "threads": one("SELECT count(DISTINCT thread_id) FROM messages"),
        "attachments": one("SELECT count(*) FROM attachments"),
        "unparsed": one("SELECT count(*) FROM messages WHERE parse_error IS NOT NULL"),
        "errors": one("SELECT count(*) FROM errors"),
        "folders": folders,
        "last_run": dict(zip(("kind", "started", "finished", "status", "summary"), last_run)) if last_run else None,
        "last_nightly": last_nightly(db),
    }


def recorded_errors(db, limit: int = 50) -> list[dict]:
    """The errors syncs, imports and runs recorded, newest first."""
    return [
        dict(row)
        for row in db.query(
            "SELECT at, account, folder, uid, message, stage, error FROM errors ORDER BY id DESC LIMIT ?", [limit]
        )
    ]


def last_nightly(db) -> dict | None:
    """The latest nightly run as recorded: when, how long, each stage, the problems."""
    row = db.execute(
        "SELECT started, finished, status, summary FROM sync_runs WHERE kind = 'nightly' ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    summary = json.loads(row[3]) if row[3] else {}
    return {
        "started": row[0],
        "finished": row[1],
        "status": row[2] or "running or interrupted",
        "seconds": summary.get("seconds"),
        "problems": summary.get("problems", []),
        "stages": [
            {k: s.get(k) for k in ("name", "seconds", "skipped", "problems")} for s in summary.get("stages", [])
        ],
    }


@dataclass
class Hit:
    id: int
    date: str | None
    from_email: str | None
    subject: str
    snippet: str


def search(db, query: str, limit: int = 20) -> list[Hit]:
    """Full-text search over subject, body and attachment names.

    Any input works: it is reduced to quoted FTS5 terms, so stray quotes,
    operators or brackets can never produce a syntax error.
    """
    expression = fts_query(query)
    if expression is None:
        raise MailcrmError("nothing to search for: type some words")
    ids = newest_matches(db, expression, limit)
    marks = ",".join("?" * len(ids))
    rows = (
        db.execute(
            f"SELECT id, date, from_email, subject, body_text FROM messages WHERE id IN ({marks}) ORDER BY date DESC",
            ids,
        ).fetchall()
        if ids
        else []
    )
    return [Hit(pk, date, sender, subject, snippet(body, query)) for pk, date, sender, subject, body in rows]


# Above this many matches, walking the date index newest-first and stopping at
# `limit` beats sorting every match by date; below it, sorting the few wins.
MANY_MATCHES = 1000
MATCHES = "SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?"


def newest_matches(db, expression: str, limit: int) -> list[int]:
    count = db.execute(f"SELECT count(*) FROM ({MATCHES})", [expression]).fetchone()[0]
    index = "INDEXED BY messages_date" if count > MANY_MATCHES else ""
    sql = f"SELECT id FROM messages {index} WHERE id IN ({MATCHES}) ORDER BY date DESC LIMIT ?"
    return [row[0] for row in db.execute(sql, [expression, limit])]


def snippet(body: str, query: str, width: int = 120) -> str:
    words = [w for w in re.findall(r"\w+", query) if len(w) > 1] or [query]
    lowered = body.lower()
    positions = [lowered.find(w.lower()) for w in words if lowered.find(w.lower()) >= 0]
    start = max(0, min(positions) - width // 3) if positions else 0
    text = " ".join(body[start : start + width].split())
    return ("…" if start else "") + text


def message(db, message_id: str | int) -> dict:
    """A stored message by row id or Message-ID, with addresses, attachments and locations."""
    row = find_message(db, message_id)
    pk = row["id"]
    row["headers"] = json.loads(row["headers"])
    row["defects"] = json.loads(row["defects"])
    row["addresses"] = [
        dict(r)
        for r in db.query("SELECT role, email, name FROM addresses WHERE message = ? ORDER BY role, position", [pk])
    ]
    row["attachments"] = [
        dict(r)
        for r in db.query(
            "SELECT idx, filename, content_type, size, sha256, inline FROM attachments WHERE message = ? ORDER BY idx",
            [pk],
        )
    ]
    row["locations"] = [
        dict(r)
        for r in db.query(
            "SELECT f.account, f.name AS folder, l.uid, l.flags, l.gone_at FROM locations l "
            "JOIN folders f ON f.id = l.folder WHERE l.message = ? ORDER BY f.account, f.name",
            [pk],
        )
    ]
    return row


def find_message(db, key: str | int) -> dict:
    text = str(key).strip().strip("<>")
    pk = row_id(text)
    if pk is not None:
        rows = list(db.query("SELECT * FROM messages WHERE id = ?", [pk]))
    elif text.isdigit():
        rows = []  # digits, but no row id: "²", or more than SQLite's integers hold
    else:
        rows = list(db.query("SELECT * FROM messages WHERE message_id = ?", [text]))
    if not rows:
        raise NotFoundError(f"no message {key!r} (use the id from `mailcrm search`, or a Message-ID)")
    return rows[0]


def raw_message(db, key: str | int) -> bytes:
    pk = find_message(db, key)["id"]
    compression, data = db.execute("SELECT compression, data FROM message_raw WHERE message = ?", [pk]).fetchone()
    from .store import decompress  # the writer's module: `status` and `search` need none of it

    return decompress(compression, data)


def save_attachments(db, key: str | int, directory: Path, index: int | None = None) -> list[Path]:
    """Write a message's attachments into a folder; names are made safe."""
    raw = raw_message(db, key)
    stored = message(db, key)["attachments"]
    wanted = [a for a in stored if index is None or a["idx"] == index]
    if not wanted:
        raise NotFoundError(f"message {key} has no attachment {index if index is not None else ''}".strip())
    directory.mkdir(parents=True, exist_ok=True)
    from .parse import extract_attachment  # the MIME parser loads only when a file is saved

    return [write_attachment(directory, *extract_attachment(raw, a["idx"]), a["idx"]) for a in wanted]


def write_attachment(directory: Path, filename: str | None, content_type: str, payload: bytes, index: int) -> Path:
    name = safe_filename(filename) or f"attachment-{index}"
    target = directory / name
    counter = 1
    while target.exists():
        target = directory / f"{Path(name).stem}-{counter}{Path(name).suffix}"
        counter += 1
    target.write_bytes(payload)
    return target


def safe_filename(name: str | None) -> str:
    """No path separators, no leading dots, no control characters."""
    if not name:
        return ""
    name = re.sub(r"[\x00-\x1f/\\:]", "_", name).strip().lstrip(".")
    return name[:200]
