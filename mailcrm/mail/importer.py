"""Import history exported from mail clients: mbox, Maildir, folders of mail files.

Imports go through the same prepare-and-store path as IMAP sync and are
idempotent: importing the same export twice adds nothing. What a file is comes
from its content, not its name (see mbox.py): an mbox, one message, or not mail,
which is listed as skipped with the reason. Nothing is dropped silently.
Messages are read lazily and stored in batches bounded by count and by bytes,
so memory does not grow with the export or the size of its messages.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..config import Config
from ..db import bulk_writes, transaction
from ..errors import MailcrmError
from .addresses import direction_rule
from ..health import check_before_writing
from .folders import LOCALIZED_NAMES, ROLE_OF_FLAG
from ..lock import database_lock
from .mbox import HEAD_SIZE, Entry, read_mbox, why_not_mail
from ..progress import NullProgress, Progress
from .store import MessageStore, Preparer
from .folder_sync import MAX_BATCH_BYTES
from .runs import collisions_text, finish_run, folder_row, record_error, start_run

BATCH = 500  # messages at most per batch...
BATCH_BYTES = MAX_BATCH_BYTES  # ...and bytes at most, as the sync batches: a bigger message is a batch alone
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
MAILDIR_FLAGS = {"S": "\\Seen", "R": "\\Answered", "F": "\\Flagged", "D": "\\Draft", "T": "\\Deleted"}


@dataclass
class Source:
    """One message from an export: which folder it was in, its bytes, its flags."""

    folder: str
    label: str  # file name or mbox position, for error reports
    raw: bytes
    flags: tuple[str, ...] = ()
    internaldate: datetime | None = None


@dataclass
class Skip:
    """A file, or the text at the start of an mbox, that holds no message; and why."""

    name: str
    reason: str


SKIPPED_SHOWN = 20  # skipped files listed by line(); the summary keeps them all


@dataclass
class ImportSummary:
    path: str
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    folders: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file name, why it holds no message)
    id_collisions: int = 0  # a Message-ID already stored for other content: both kept

    @property
    def found(self) -> int:
        """Messages found in the export, stored or not."""
        return self.new + self.duplicates + self.failed

    def line(self) -> str:
        """The summary, then a line per skipped file: the import command prints this."""
        counts = (
            f"import {self.path}: {self.new} new, {self.duplicates} already stored, {self.failed} failed"
        ) + collisions_text(self.id_collisions)
        if not self.skipped:
            return counts
        lines = [f"{counts}, {len(self.skipped)} skipped"]
        lines += [f"  skipped {name}: {reason}" for name, reason in self.skipped[:SKIPPED_SHOWN]]
        if len(self.skipped) > SKIPPED_SHOWN:
            lines.append(f"  ... and {len(self.skipped) - SKIPPED_SHOWN} more skipped")
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "new": self.new,
            "already_stored": self.duplicates,
            "failed": self.failed,
            "id_collisions": self.id_collisions,
            "folders": self.folders,
            "errors": self.errors,
            "skipped": [{"name": name, "reason": reason} for name, reason in self.skipped],
        }

    def nothing_found(self) -> str:
        """One line for an export without a single message."""
        reasons = "; ".join(f"{name}: {reason}" for name, reason in self.skipped[:3])
        more = f"; and {len(self.skipped) - 3} more" if len(self.skipped) > 3 else ""
        return f"import {self.path}: no messages found" + (f" ({reasons}{more})" if reasons else "")


def import_path(
    config: Config, db, path: str | Path, *, account: str | None = None, progress: Progress | None = None
) -> ImportSummary:
    """Import every message under `path`; raises MailcrmError when it holds none at all.

    A user who imports a folder of photos or an empty mbox expects to hear that
    nothing was imported, and a script expects a non-zero exit: the CLI turns the
    error into one line and status 1. The run is recorded either way.
    """
    path = Path(path)
    if not path.exists():
        raise MailcrmError(f"{display_name(str(path))}: no such file or folder")
    account_name = config.account(account).name if account else "import"
    summary = ImportSummary(display_name(str(path)))
    with database_lock(config.database_path, "import"):
        check_before_writing(db, config.database_path)
        run = start_run(db, "import")
        with Preparer() as preparer, bulk_writes(db):
            importer = Importer(db, config, account_name, summary, progress or NullProgress())
            importer.preparer = preparer
            importer.run(sources(path))
        finish_run(db, run, summary.__dict__, not summary.errors and summary.found > 0)
    if not summary.found:
        raise MailcrmError(summary.nothing_found())
    return summary


class Importer:
    def __init__(self, db, config: Config, account: str, summary: ImportSummary, progress: Progress):
        self.db, self.account, self.summary, self.progress = db, account, summary, progress
        self.store = MessageStore(db, direction_rule(config))
        self.folder_ids: dict[str, int] = {}
        self.preparer = Preparer(workers=1)

    def run(self, items: Iterator[Source | Skip]) -> None:
        """Parse the next batch in worker processes while this one is written.

        A batch at the byte cap (one big message) is stored before anything more
        is read: reading ahead would hold a second big message for no gain.
        """
        self.progress.start(f"import {self.summary.path}", 0)
        pending: list = []
        for batch in batches(self.noting_skips(items), BATCH, BATCH_BYTES):
            submitted = [batch, self.preparer.submit([(i.raw, i.internaldate) for i in batch])]
            if pending:
                self.store_batch(pending)
            pending = submitted
            if sum(len(item.raw) for item in batch) >= BATCH_BYTES:
                self.store_batch(pending)
        if pending:
            self.store_batch(pending)
        self.progress.finish()

    def noting_skips(self, items: Iterator[Source | Skip]) -> Iterator[Source]:
        for item in items:
            if isinstance(item, Skip):
                self.summary.skipped.append((item.name, item.reason))
            else:
                yield item

    def store_batch(self, pending: list) -> None:
        """Store a submitted [batch, ready]; emptied first, so its raw bytes go once parsed."""
        batch, ready = pending
        pending.clear()
        results = ready()
        del ready  # it holds the raw messages it was given
        for item in batch:
            item.raw = b""  # stored compressed from here on; the raw copy is no longer needed
        with transaction(self.db), self.store.batch():
            for item, result in zip(batch, results):
                self.store_one(item, result)
        self.progress.advance(len(batch))

    def store_one(self, item: Source, ready) -> None:
        folder = self.folder_id(item.folder)
        try:
            with self.store.one_message():
                pk, created = self.store.add(ready)
                # Exported files have no UIDs: the message id stands in, which keeps re-imports idempotent.
                self.store.add_location(pk, folder, 0, pk, item.flags, item.internaldate)
        except Exception as exc:  # noqa: BLE001 - one bad file must not stop the import
            self.failed(item, "store", str(exc))
            return
        self.summary.folders[item.folder] = self.summary.folders.get(item.folder, 0) + 1
        self.summary.id_collisions += self.store.collided
        if ready.parse_error:
            self.failed(item, "parse", ready.parse_error, pk)
        elif created:
            self.summary.new += 1
        else:
            self.summary.duplicates += 1

    def failed(self, item: Source, stage: str, error: str, message: int | None = None) -> None:
        self.summary.failed += 1
        self.summary.errors.append(f"{item.label}: {error}")
        record_error(
            self.db,
            account=self.account,
            folder=item.folder,
            message=message,
            stage=f"import-{stage}",
            error=f"{item.label}: {error}",
        )

    def folder_id(self, name: str) -> int:
        if name not in self.folder_ids:
            self.folder_ids[name] = folder_row(self.db, self.account, name, guess_role(name))
        return self.folder_ids[name]


def batches(items: Iterator[Source], size: int, max_bytes: int) -> Iterator[list[Source]]:
    """Consecutive batches of at most `size` messages and `max_bytes` bytes, formed as read.

    A message bigger than `max_bytes` is a batch alone. Items are pulled from the
    (lazy) sources only as a batch fills, and a full batch is handed on before the
    next item is read: nothing beyond the batch is held.
    """
    batch: list[Source] = []
    batch_bytes = 0
    for item in items:
        if batch and batch_bytes + len(item.raw) > max_bytes:
            yield batch
            batch, batch_bytes = [], 0
        batch.append(item)
        batch_bytes += len(item.raw)
        if len(batch) >= size or batch_bytes >= max_bytes:
            yield batch
            batch, batch_bytes = [], 0
    if batch:
        yield batch


def guess_role(name: str) -> str:
    if name.upper() == "INBOX":
        return "inbox"
    leaf = name.replace("\\", "/").split("/")[-1].split(".")[-1].casefold()
    for flag, names in LOCALIZED_NAMES.items():
        if leaf in (n.casefold() for n in names):
            return ROLE_OF_FLAG[flag]
    return "import"


# -- reading exports ------------------------------------------------------------


def display_name(name: str) -> str:
    """A file name as text that SQLite can store and a terminal can print.

    On Linux a name is bytes; Python turns bytes that are not UTF-8 into lone
    surrogates, which SQLite refuses. Foxmail exports unzipped on Linux have GBK
    names (b'\\xc4\\xe3\\xba\\xc3' is 你好), so GB18030 is tried before giving up
    on the odd bytes (shown as U+FFFD). Control characters go too: a name with a
    newline or an escape sequence must not break a one-line error or the terminal.
    Opening the file still uses the real name.
    """
    raw = os.fsencode(name)
    for encoding in ("utf-8", "gb18030"):
        try:
            return CONTROL_CHARACTERS.sub("\ufffd", raw.decode(encoding))
        except UnicodeDecodeError:
            pass
    return CONTROL_CHARACTERS.sub("\ufffd", raw.decode("utf-8", errors="replace"))


def sources(path: Path) -> Iterator[Source | Skip]:
    if path.is_file():
        name = display_name(str(path))
        yield from file_sources(path, name, display_name(path.parent.name) or "import", display_name(path.stem))
    elif is_maildir(path):
        yield from maildir_tree_sources(path)
    else:
        yield from folder_sources(path)


def folder_sources(root: Path) -> Iterator[Source | Skip]:
    """Every file under `root`, whatever its name: imported, or listed as skipped with the reason.

    A file holding one message is filed under its directory; an mbox file is a
    folder of its own, named by its path without the extension.
    """
    root_name = display_name(root.name or root.resolve().name) or "import"  # "." is named after the folder
    for path in walk_files(root):
        relative = path.relative_to(root)
        name = display_name(str(relative))
        if not path.is_file():
            yield Skip(name, "not a regular file")
            continue
        directory = display_name(str(relative.parent)) if relative.parent != Path(".") else root_name
        yield from file_sources(path, name, directory, display_name(str(relative.with_suffix(""))))


def walk_files(root: Path) -> Iterator[Path]:
    for directory, subdirectories, files in os.walk(root):
        subdirectories.sort()
        for name in sorted(files):
            yield Path(directory, name)


def file_sources(path: Path, name: str, message_folder: str, mbox_folder: str) -> Iterator[Source | Skip]:
    """The messages in one file, told by its content: an mbox, one message, or nothing (and why)."""
    try:
        with open(path, "rb") as file:
            reason = why_not_mail(file.read(HEAD_SIZE))
            if reason:
                yield Skip(name, reason)
                return
            file.seek(0)
            for entry in read_mbox(file):
                if not entry.raw and entry.preamble:
                    yield Skip(name, not_mail_reason(entry))
                elif entry.preamble and not entry.before_from:  # the whole file is one message
                    yield Source(message_folder, name, entry.raw, (), file_time(path))
                elif entry.preamble:
                    yield Source(mbox_folder, f"{name} (text before the first From_ line)", entry.raw)
                else:
                    yield Source(mbox_folder, f"{name}#{entry.number}", entry.raw)
    except OSError as exc:  # unreadable, or gone since listed: the other files go on
        yield Skip(name, f"could not be read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - one file the reader trips on must not stop the import
        yield Skip(name, f"could not be read: {type(exc).__name__}: {exc}")


def not_mail_reason(entry: Entry) -> str:
    if entry.before_from:
        return f"{entry.size} bytes of text before the first From_ line are not a message"
    return "not mail: it starts with neither mail header fields nor a From_ line"


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def maildir_tree_sources(root: Path) -> Iterator[Source | Skip]:
    """Maildir++: the root is INBOX, `.Sent`, `.Archive.2024` are subfolders."""
    yield from maildir_sources(root, "INBOX")
    for sub in sorted(root.iterdir()):
        if sub.name.startswith(".") and is_maildir(sub):
            yield from maildir_sources(sub, display_name(sub.name[1:].replace(".", "/")))


def maildir_sources(path: Path, folder: str) -> Iterator[Source | Skip]:
    """Every file in cur/ and new/ is a message: no sniffing, a Maildir holds nothing else."""
    for sub in ("cur", "new"):
        for entry in sorted(os.scandir(path / sub), key=lambda e: e.name):
            if not entry.is_file():
                continue
            try:
                raw = Path(entry.path).read_bytes()
            except OSError as exc:
                yield Skip(display_name(entry.path), f"could not be read: {exc.strerror or exc}")
                continue
            yield Source(folder, display_name(entry.path), raw, maildir_flags(entry.name), file_time(Path(entry.path)))


def maildir_flags(filename: str) -> tuple[str, ...]:
    _, _, info = filename.partition(":2,")
    return tuple(sorted(MAILDIR_FLAGS[c] for c in info if c in MAILDIR_FLAGS))


def file_time(path: Path) -> datetime:
    return datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
