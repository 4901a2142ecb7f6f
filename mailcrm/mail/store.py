"""Store messages: one row per message, many locations, threads, FTS.

Parsing and compressing (`prepare`) is separate from writing (`MessageStore`)
so that the CPU-heavy half can run outside the writer's transaction.
"""

from __future__ import annotations

import json
import os
import threading
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, NamedTuple, Sequence

import sqlite_utils
import zstandard

from ..clock import utcnow
from .identity import header_hash, identity_hash, unix_sha256
from .textindex import index_text
from ..workers import fork_pool

if TYPE_CHECKING:
    from .parse import ParsedMessage

# zstd level 1 compresses mail as well as zlib level 6 at about 5x its speed
# (level 3 gains 1% of size for 40% more time: most bytes are attachments).
RAW_COMPRESSION = "zstd"
ZSTD_LEVEL = 1
_local = threading.local()  # a compressor per thread: they are not safe to share
POOL_THRESHOLD = 64  # smaller batches are parsed in-process: a pool costs more to start


class Envelope(NamedTuple):
    """What the writer needs of a parsed message beyond its row: plain tuples, cheap to pickle."""

    message_id: str | None
    subject: str
    from_email: str | None
    recipients: tuple[str, ...]  # To, Cc and Bcc addresses
    addresses: tuple[tuple[str, int, str, str], ...]  # (role, position, email, name)
    refs: tuple[str, ...]  # In-Reply-To, then References, deduplicated
    attachments: tuple[tuple, ...]  # (index, filename, type, size, sha256, inline, cid)


@dataclass
class Prepared:
    """A message ready to insert: parsed (or not), compressed, its row and index text built.

    Everything CPU-bound happens here, in a worker process, so the writer
    process only runs SQL. Only the row, the index text and the envelope
    cross the pipe back: unpickling the whole ParsedMessage (addresses and
    attachments as dataclasses) cost the writer process 0.05 ms a message.
    """

    size: int
    compressed: bytes
    parsed: ParsedMessage | None  # in the preparing process only
    parse_error: str | None
    content_hash: str
    identity_hash: str = ""  # content without transport headers: identity.py
    header_hash: str = ""
    row: dict = field(default_factory=dict)  # messages columns, less first_seen/direction
    fts: tuple[str, str, str] = ("", "", "")  # subject, body, attachment names for FTS
    envelope: Envelope | None = None  # None when the message could not be parsed

    def __getstate__(self) -> dict:
        return dict(self.__dict__, parsed=None)


def envelope_of(parsed: ParsedMessage) -> Envelope:
    refs = dict.fromkeys(([parsed.in_reply_to] if parsed.in_reply_to else []) + parsed.references)
    return Envelope(
        message_id=parsed.message_id,
        subject=parsed.subject,
        from_email=parsed.from_addr.email if parsed.from_addr else None,
        recipients=tuple(a.email for a in parsed.to + parsed.cc + parsed.bcc if a.email),
        addresses=tuple(address_rows(parsed)),
        refs=tuple(ref for ref in refs if ref),
        attachments=tuple(
            (a.index, a.filename, a.content_type, a.size, a.sha256, int(a.inline), a.content_id)
            for a in parsed.attachments
        ),
    )


def prepare(raw: bytes, internaldate: datetime | None = None) -> Prepared:
    """Parse and compress; a parser failure is recorded, never raised."""
    from .parse import parse_message  # loaded on first use: a no-change sync never parses

    try:
        parsed, error = parse_message(raw, internaldate), None
        content_hash = parsed.content_hash
    except Exception as exc:  # noqa: BLE001 - one bad message must not stop a sync
        parsed, error = None, f"{type(exc).__name__}: {exc}"
        content_hash = unix_sha256(raw)
    compressed = compressor().compress(raw)
    ready = Prepared(
        len(raw),
        compressed,
        parsed,
        error,
        content_hash,
        identity_hash(raw),
        header_hash(raw),
        envelope=envelope_of(parsed) if parsed is not None else None,
    )
    ready.row = message_row(ready)
    ready.fts = (
        index_text(ready.row.get("subject", "")),
        index_text(ready.row.get("body_text", "")),
        index_text(ready.row.get("attachment_names", "")),
    )
    if parsed is not None:
        parsed.body_html = None  # not stored; no need to carry it back from the worker
    return ready


def compressor() -> zstandard.ZstdCompressor:
    if not hasattr(_local, "compressor"):
        _local.compressor = zstandard.ZstdCompressor(level=ZSTD_LEVEL)
    return _local.compressor


def message_row(prepared: Prepared) -> dict:
    parsed = prepared.parsed
    base = {
        "content_hash": prepared.content_hash,
        "size": prepared.size,
        "parse_error": prepared.parse_error,
        "identity_hash": prepared.identity_hash or None,
        "header_hash": prepared.header_hash or None,
    }
    if parsed is None:
        return base
    names = [a.filename for a in parsed.attachments if a.filename]
    return base | {
        "message_id": parsed.message_id,
        "subject": parsed.subject,
        "from_email": parsed.from_addr.email if parsed.from_addr else None,
        "from_name": parsed.from_addr.name if parsed.from_addr else None,
        "date": parsed.date.astimezone(timezone.utc).isoformat(timespec="seconds"),
        "date_source": parsed.date_source,
        "in_reply_to": parsed.in_reply_to,
        "body_text": parsed.body_text,
        "attachment_names": "\n".join(names),
        "attachment_count": len(parsed.attachments),
        "headers": json.dumps(parsed.headers, ensure_ascii=False),
        "defects": json.dumps(parsed.defects, ensure_ascii=False),
        "utc_offset": parsed.utc_offset,
    }


def prepare_chunk(items: list[tuple[bytes, datetime | None]]) -> list[Prepared]:
    return [prepare(raw, when) for raw, when in items]


class Preparer:
    """Parses and compresses batches, on every core when a batch is big.

    Parsing is the CPU-heavy half of a sync; worker processes do it while
    the main process talks IMAP and writes SQLite. Use as a context manager.
    """

    def __init__(self, workers: int | None = None):
        self.workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        self.pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> "Preparer":
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def map(self, items: list[tuple[bytes, datetime | None]]) -> list[Prepared]:
        return self.submit(items)()

    def submit(self, items: list[tuple[bytes, datetime | None]]) -> Callable[[], list[Prepared]]:
        """Start preparing now; the returned function waits for the results.

        Submitting the next batch before storing the current one keeps the
        workers busy while SQLite writes.
        """
        # A small batch is parsed in-process only while no pool runs: once one
        # does, a batch of a few big messages parsed here would stall the writer.
        if self.workers < 2 or (self.pool is None and len(items) < POOL_THRESHOLD):
            return lambda: [prepare(raw, when) for raw, when in items]
        if self.pool is None:
            # fork: workers start in milliseconds and inherit the loaded modules
            self.pool = fork_pool(self.workers)
        # Two chunks per worker: each chunk is a round trip through the pool's queues, and
        # eight per batch cost 8% more CPU than four for the same messages (0.42 against
        # 0.33 s in the main process and 3.8 against 3.6 s in the workers, 8,000 messages).
        chunk = max(1, len(items) // (self.workers * 2))
        futures = [self.pool.submit(prepare_chunk, items[i : i + chunk]) for i in range(0, len(items), chunk)]
        return lambda: [prepared for future in futures for prepared in future.result()]


def decompress(compression: str, data: bytes) -> bytes:
    if compression == "zstd":
        return zstandard.ZstdDecompressor().decompress(data)
    if compression == "zlib":
        return zlib.decompress(data)
    if compression == "none":
        return data
    raise ValueError(f"unknown compression {compression!r}")


class MessageStore:
    """Writes messages into the database. Callers own the transaction."""

    def __init__(self, db: sqlite_utils.Database, direction: Callable[[str | None, Sequence[str]], str] | None = None):
        """``direction``: in, out or internal for (sender, recipients); the customers
        module's rule (``Classifier.direction``), so that filing rewrites no row."""
        self.db = db
        self.direction_of = direction or (lambda sender, recipients: "in")
        self.unindexed: list[tuple] | None = None  # full-text rows waiting for the batch's end
        self.collided = False  # the last `add` met another message under the same Message-ID

    # -- batches ----------------------------------------------------------------

    @contextmanager
    def batch(self) -> Iterator["MessageStore"]:
        """Store many messages in the caller's transaction; index them at the end.

        FTS5 flushes its pending terms at every savepoint release, so indexing
        inside each message's savepoint made the full-text index a third of
        the writer's time. One executemany at the end of the batch is cheap.
        """
        self.unindexed = []
        try:
            yield self
            self.db.conn.executemany(
                "INSERT INTO messages_fts (rowid, subject, body_text, attachment_names) VALUES (?, ?, ?, ?)",
                self.unindexed,
            )
        finally:
            self.unindexed = None

    @contextmanager
    def one_message(self) -> Iterator[None]:
        """All or nothing for one message: a savepoint, and its index row only if it stays."""
        mark = len(self.unindexed) if self.unindexed is not None else 0
        self.db.execute("SAVEPOINT message")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO message")
            self.db.execute("RELEASE message")
            if self.unindexed is not None:
                del self.unindexed[mark:]
            raise
        self.db.execute("RELEASE message")

    # -- finding what is already stored ---------------------------------------

    def find_existing(self, prepared: Prepared) -> int | None:
        """The stored copy of this message: the same Message-ID and the same content.

        Copies in other mailboxes differ in their transport headers only, so the
        content is compared without them (identity.py). A stored message with the
        same Message-ID but other content is another message: ``collided`` is set,
        and the caller stores this one beside it.
        """
        self.collided = False
        envelope = prepared.envelope
        if envelope and envelope.message_id:
            candidates = self.identities(envelope.message_id)
            for pk, identity in candidates:
                if identity == prepared.identity_hash:
                    return pk
            self.collided = bool(candidates)
            return None
        row = self.db.execute(
            "SELECT id FROM messages WHERE content_hash = ? OR identity_hash = ? LIMIT 1",
            [prepared.content_hash, prepared.identity_hash],
        ).fetchone()
        return row[0] if row else None

    def identities(self, message_id: str) -> list[tuple[int, str]]:
        """(id, identity hash) of the messages stored under a Message-ID."""
        rows = self.db.execute("SELECT id, identity_hash FROM messages WHERE message_id = ?", [message_id]).fetchall()
        return [(pk, identity or self.backfill_hashes(pk)[0]) for pk, identity in rows]

    def certain_copy(self, message_id: str, size: int, header: str) -> int | None:
        """The stored message this one certainly is, judged without downloading it.

        Certain: the same Message-ID, the same size and the same whole header
        block, Received lines included (a label or another folder of the same
        mailbox, a rescan after a UIDVALIDITY change). Anything less (a copy from
        another mailbox, a reused Message-ID) is downloaded and compared whole.
        """
        rows = self.db.execute(
            "SELECT id, size, header_hash FROM messages WHERE message_id = ? AND size = ?", [message_id, size]
        ).fetchall()
        for pk, _, stored in rows:
            if (stored or self.backfill_hashes(pk)[1]) == header:
                return pk
        return None

    def backfill_hashes(self, pk: int) -> tuple[str, str]:
        """Identity and header hashes of a message stored before they were kept."""
        compression, data = self.db.execute(
            "SELECT compression, data FROM message_raw WHERE message = ?", [pk]
        ).fetchone()
        raw = decompress(compression, data)
        hashes = identity_hash(raw), header_hash(raw)
        self.db.execute("UPDATE messages SET identity_hash = ?, header_hash = ? WHERE id = ?", [*hashes, pk])
        return hashes

    def has_messages(self) -> bool:
        return self.db.execute("SELECT 1 FROM messages LIMIT 1").fetchone() is not None

    def known_message_ids(self, message_ids: list[str]) -> set[str]:
        """Which of these Message-IDs are stored (to skip re-downloading copies)."""
        known: set[str] = set()
        for start in range(0, len(message_ids), 500):
            chunk = message_ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT message_id FROM messages WHERE message_id IN ({marks})"
            known.update(row[0] for row in self.db.execute(sql, chunk))
        return known

    # -- inserting ------------------------------------------------------------

    def add(self, prepared: Prepared) -> tuple[int, bool]:
        """Insert unless stored already. Returns (message id, created)."""
        existing = self.find_existing(prepared)
        if existing:
            return existing, False
        return self.insert(prepared), True

    def insert(self, prepared: Prepared) -> int:
        envelope = prepared.envelope
        row = self.message_row(prepared)
        cursor = self.db.execute(
            f"INSERT INTO messages ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values())
        )
        pk = cursor.lastrowid
        self.db.execute(
            "INSERT INTO message_raw (message, compression, data) VALUES (?, ?, ?)",
            [pk, RAW_COMPRESSION, prepared.compressed],
        )
        if envelope:
            self.insert_details(pk, envelope)
        self.index(pk, prepared)
        self.assign_thread(pk, envelope)
        return pk

    def message_row(self, prepared: Prepared) -> dict:
        row = dict(prepared.row or message_row(prepared), first_seen=utcnow())
        if prepared.envelope:
            row["direction"] = self.direction_of(prepared.envelope.from_email, prepared.envelope.recipients)
        return row

    def insert_details(self, pk: int, envelope: Envelope) -> None:
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO message_refs (message, ref) VALUES (?, ?)", [(pk, ref) for ref in envelope.refs]
        )
        self.db.conn.executemany(
            "INSERT OR IGNORE INTO addresses (message, role, position, email, name) VALUES (?, ?, ?, ?, ?)",
            [(pk, *address) for address in envelope.addresses],
        )
        self.db.conn.executemany(
            "INSERT INTO attachments (message, idx, filename, content_type, size, sha256, inline, content_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(pk, *attachment) for attachment in envelope.attachments],
        )

    def index(self, pk: int, prepared: Prepared) -> None:
        fts = (
            prepared.fts
            if any(prepared.fts)
            else (
                index_text(prepared.row.get("subject", "")),
                index_text(prepared.row.get("body_text", "")),
                index_text(prepared.row.get("attachment_names", "")),
            )
        )
        if self.unindexed is not None:
            self.unindexed.append((pk, *fts))
            return
        self.db.execute(
            "INSERT INTO messages_fts (rowid, subject, body_text, attachment_names) VALUES (?, ?, ?, ?)", [pk, *fts]
        )

    def assign_thread(self, pk: int, envelope: Envelope | None) -> None:
        """Join the thread of a parent, and adopt replies that arrived first."""
        thread = pk
        if envelope:
            parent = self.db.execute(
                "SELECT m.thread_id FROM message_refs r JOIN messages m ON m.message_id = r.ref "
                "WHERE r.message = ? AND m.thread_id IS NOT NULL LIMIT 1",
                [pk],
            ).fetchone()
            thread = parent[0] if parent else pk
        self.db.execute("UPDATE messages SET thread_id = ? WHERE id = ?", [thread, pk])
        if envelope and envelope.message_id:
            self.adopt_children(thread, envelope.message_id)

    def adopt_children(self, thread: int, message_id: str) -> None:
        orphans = self.db.execute(
            "SELECT DISTINCT m.thread_id FROM message_refs r JOIN messages m ON m.id = r.message "
            "WHERE r.ref = ? AND m.thread_id != ?",
            [message_id, thread],
        ).fetchall()
        for (old_thread,) in orphans:
            self.db.execute("UPDATE messages SET thread_id = ? WHERE thread_id = ?", [thread, old_thread])

    # -- locations --------------------------------------------------------------

    def add_location(
        self,
        message: int,
        folder: int,
        uidvalidity: int,
        uid: int,
        flags: tuple[str, ...] | list[str] = (),
        internaldate: datetime | None = None,
    ) -> None:
        self.db.execute(
            "INSERT INTO locations (message, folder, uidvalidity, uid, flags, internaldate) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (folder, uidvalidity, uid) DO UPDATE SET "
            "message = excluded.message, flags = excluded.flags, gone_at = NULL",
            [
                message,
                folder,
                uidvalidity,
                uid,
                flags_text(flags),
                internaldate.isoformat(timespec="seconds") if internaldate else None,
            ],
        )


def flags_text(flags) -> str:
    return " ".join(sorted(f.decode() if isinstance(f, bytes) else str(f) for f in flags))


def address_rows(parsed: ParsedMessage):
    """(role, position, email, name) of every address with an email."""
    singles = {
        "from": [parsed.from_addr] if parsed.from_addr else [],
        "sender": [parsed.sender] if parsed.sender else [],
    }
    lists = {"reply_to": parsed.reply_to, "to": parsed.to, "cc": parsed.cc, "bcc": parsed.bcc}
    for role, addresses in (singles | lists).items():
        for position, address in enumerate(addresses):
            if address.email:
                yield role, position, address.email, address.name
