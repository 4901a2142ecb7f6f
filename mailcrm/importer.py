"""Import history exported from mail clients: mbox, Maildir, folders of .eml.

Imports go through the same prepare-and-store path as IMAP sync and are
idempotent: importing the same export twice adds nothing.
"""

from __future__ import annotations

import mailbox
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from .config import Config
from .db import bulk_writes, transaction
from .errors import MailcrmError
from .freemail import direction_rule
from .imap import LOCALIZED_NAMES, ROLE_OF_FLAG
from .lock import database_lock
from .progress import NullProgress, Progress
from .store import MessageStore, Preparer
from .sync import finish_run, folder_row, record_error, start_run

BATCH = 500
MAILDIR_FLAGS = {"S": "\\Seen", "R": "\\Answered", "F": "\\Flagged", "D": "\\Draft", "T": "\\Deleted"}


@dataclass
class Source:
    """One message from an export: which folder it was in, its bytes, its flags."""

    folder: str
    label: str          # file name or mbox position, for error reports
    raw: bytes
    flags: tuple[str, ...] = ()
    internaldate: datetime | None = None


@dataclass
class ImportSummary:
    path: str
    new: int = 0
    duplicates: int = 0
    failed: int = 0
    folders: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return (f"import {self.path}: {self.new} new, {self.duplicates} already stored, "
                f"{self.failed} failed")


def import_path(config: Config, db, path: str | Path, *, account: str | None = None,
                progress: Progress | None = None) -> ImportSummary:
    path = Path(path)
    if not path.exists():
        raise MailcrmError(f"{path}: no such file or folder")
    account_name = config.account(account).name if account else "import"
    summary = ImportSummary(str(path))
    with database_lock(config.database_path, "import"):
        run = start_run(db, "import")
        with Preparer() as preparer, bulk_writes(db):
            importer = Importer(db, config, account_name, summary, progress or NullProgress())
            importer.preparer = preparer
            importer.run(sources(path))
        finish_run(db, run, summary.__dict__, not summary.errors)
    return summary


class Importer:
    def __init__(self, db, config: Config, account: str, summary: ImportSummary, progress: Progress):
        self.db, self.account, self.summary, self.progress = db, account, summary, progress
        self.store = MessageStore(db, direction_rule(config))
        self.folder_ids: dict[str, int] = {}
        self.preparer = Preparer(workers=1)

    def run(self, items: Iterator[Source]) -> None:
        """Parse the next batch in worker processes while this one is written."""
        self.progress.start(f"import {self.summary.path}", 0)
        pending = None
        for batch in batches(items, BATCH):
            submitted = (batch, self.preparer.submit([(i.raw, i.internaldate) for i in batch]))
            if pending:
                self.store_batch(*pending)
            pending = submitted
        if pending:
            self.store_batch(*pending)
        self.progress.finish()

    def store_batch(self, batch: list[Source], ready) -> None:
        prepared = list(zip(batch, ready()))
        with transaction(self.db), self.store.batch():
            for item, result in prepared:
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
        if ready.parse_error:
            self.failed(item, "parse", ready.parse_error, pk)
        elif created:
            self.summary.new += 1
        else:
            self.summary.duplicates += 1

    def failed(self, item: Source, stage: str, error: str, message: int | None = None) -> None:
        self.summary.failed += 1
        self.summary.errors.append(f"{item.label}: {error}")
        record_error(self.db, account=self.account, folder=item.folder, message=message,
                     stage=f"import-{stage}", error=f"{item.label}: {error}")

    def folder_id(self, name: str) -> int:
        if name not in self.folder_ids:
            self.folder_ids[name] = folder_row(self.db, self.account, name, guess_role(name))
        return self.folder_ids[name]


def batches(items: Iterator[Source], size: int) -> Iterator[list[Source]]:
    batch: list[Source] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
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


def sources(path: Path) -> Iterator[Source]:
    if path.is_file():
        yield from (eml_source(path, path.parent.name or "import") if path.suffix.lower() == ".eml"
                    else mbox_sources(path))
    elif is_maildir(path):
        yield from maildir_tree_sources(path)
    else:
        yield from eml_folder_sources(path)


def is_maildir(path: Path) -> bool:
    return (path / "cur").is_dir() and (path / "new").is_dir()


def mbox_sources(path: Path) -> Iterator[Source]:
    box = mailbox.mbox(path, create=False)
    try:
        for position, key in enumerate(box.iterkeys()):
            yield Source(path.stem, f"{path.name}#{position + 1}", box.get_bytes(key))
    finally:
        box.close()


def maildir_tree_sources(root: Path) -> Iterator[Source]:
    """Maildir++: the root is INBOX, `.Sent`, `.Archive.2024` are subfolders."""
    yield from maildir_sources(root, "INBOX")
    for sub in sorted(root.iterdir()):
        if sub.name.startswith(".") and is_maildir(sub):
            yield from maildir_sources(sub, sub.name[1:].replace(".", "/"))


def maildir_sources(path: Path, folder: str) -> Iterator[Source]:
    for sub in ("cur", "new"):
        for entry in sorted(os.scandir(path / sub), key=lambda e: e.name):
            if entry.is_file():
                yield Source(folder, entry.path, Path(entry.path).read_bytes(),
                             maildir_flags(entry.name), file_time(entry))


def maildir_flags(filename: str) -> tuple[str, ...]:
    _, _, info = filename.partition(":2,")
    return tuple(sorted(MAILDIR_FLAGS[c] for c in info if c in MAILDIR_FLAGS))


def file_time(entry: os.DirEntry) -> datetime:
    return datetime.fromtimestamp(entry.stat().st_mtime, tz=timezone.utc)


def eml_folder_sources(root: Path) -> Iterator[Source]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix.lower() == ".eml":
            folder = str(path.parent.relative_to(root)) if path.parent != root else root.name
            yield from eml_source(path, folder)


def eml_source(path: Path, folder: str) -> Iterator[Source]:
    yield Source(folder, str(path), path.read_bytes(), (),
                 datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc))
