"""The sync worker: IMAP folders → messages, safely and incrementally.

Hard rules kept here: folders are EXAMINEd and bodies fetched with BODY.PEEK
(nothing on the server changes); each batch of messages and the folder cursor
that covers it are committed in one transaction, so a sync killed at any
instant resumes without loss or duplicates.

This module runs accounts and their folders in turn, reconnecting after a failure;
folder_sync.py does one folder's work.
"""

from __future__ import annotations

import logging
import time
from dataclasses import asdict, dataclass, field, fields

import sqlite_utils

from ..config import Account, Config
from ..errors import ImapError, MailcrmError
from .addresses import direction_rule
from ..health import check_before_writing
from .folder_sync import FolderResult, FolderSync
from .imap import ImapSession
from ..lock import database_lock
from ..memory import limit_malloc_arenas, release_free_memory
from ..progress import NullProgress, Progress
from .retry import reconnect
from .runs import collisions_text, finish_run, record_error, start_run
from .store import MessageStore, Preparer

log = logging.getLogger("mailcrm.mail.sync")


@dataclass
class SyncSummary:
    folders: list[FolderResult] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # account-level failures
    seconds: float = 0.0  # wall time, every account
    alerts: list[str] = field(default_factory=list)  # [ALERT] texts from servers, to show the user

    @property
    def ok(self) -> bool:
        return not self.errors and not any(f.error for f in self.folders)

    def total(self, name: str) -> int:
        return sum(getattr(f, name) for f in self.folders)

    def line(self) -> str:
        parts = [f"{self.total(k)} {k}" for k in ("new", "copies", "updated", "gone", "failed")]
        status = "" if self.ok else f"; {len(self.errors) + sum(1 for f in self.folders if f.error)} errors"
        took = f" ({self.seconds:.1f} s)" if self.seconds else ""
        older = self.total("older_than_since")
        parts += [f"{older} older than `since` skipped"] if older else []
        return (
            f"sync: {len(self.folders)} folders, "
            + ", ".join(parts)
            + collisions_text(self.total("id_collisions"))
            + status
            + took
        )

    def as_dict(self) -> dict:
        return {
            "folders": [asdict(f) for f in self.folders],
            "errors": self.errors,
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "alerts": self.alerts,
        }


# -- entry point ----------------------------------------------------------------


def sync(
    config: Config,
    db: sqlite_utils.Database,
    *,
    account: str | None = None,
    full: bool = False,
    progress: Progress | None = None,
    wait: float = 0,
) -> SyncSummary:
    """Sync one or every configured account, holding the database lock (waiting up to ``wait`` s for it)."""
    limit_malloc_arenas()
    accounts = [config.account(account)] if account else [a for a in config.accounts if a.imap]
    if account and not accounts[0].imap:
        raise MailcrmError(f"account {account!r} has no [accounts.imap] settings")
    summary = SyncSummary()
    started = time.monotonic()
    with database_lock(config.database_path, "sync", wait=wait):
        check_before_writing(db, config.database_path)
        run = start_run(db, "sync")
        for acct in accounts:
            sync_account_isolated(db, config, acct, full, progress or NullProgress(), summary)
        summary.seconds = time.monotonic() - started
        finish_run(db, run, summary.as_dict(), summary.ok)
    if summary.total("new") or summary.total("failed"):
        release_free_memory()  # the batches are gone; filing and rules start from a small heap
    return summary


def sync_account_isolated(
    db, config: Config, account: Account, full: bool, progress: Progress, summary: SyncSummary
) -> None:
    """One account failing (bad password, server down) must not stop the others."""
    try:
        # Folders are added as they finish: those done before the account gives up are kept.
        sync_account(db, config, account, full=full, progress=progress, results=summary.folders, alerts=summary.alerts)
    except Exception as exc:  # noqa: BLE001 - a secret backend's own error (NoKeyringError) too
        if not isinstance(exc, MailcrmError):
            log.debug("%s failed", account.name, exc_info=True)
        error = str(exc) if isinstance(exc, MailcrmError) else f"{type(exc).__name__}: {exc}"
        log.info("%s: %s", account.name, error)  # the summary carries it to the user, once
        summary.errors.append(f"{account.name}: {error}")
        record_error(db, account=account.name, stage="connect", error=error)
    finally:
        progress.finish()


def sync_account(
    db,
    config: Config,
    account: Account,
    *,
    full: bool = False,
    progress: Progress | None = None,
    results: list[FolderResult] | None = None,
    alerts: list[str] | None = None,
) -> list[FolderResult]:
    """Sync the account's folders, appending each one's result to `results` (returned).

    A folder that fails with an ImapError may leave the connection cut, timed out or out
    of step (another command's replies still to come), which would fail every later folder
    too: the sync reconnects (see retry.py) and tries that folder once more. If no new
    connection can be had, it raises ImapError naming the folders left unsynced.
    """
    register_account(db, account)
    store = MessageStore(db, direction_rule(config))
    results = [] if results is None else results
    session = ImapSession(account.imap)
    try:
        with session, Preparer() as preparer:
            sync_folders(db, store, session, preparer, account, full, progress, results)
    finally:
        if alerts is not None:
            alerts.extend(f"{account.name}: {text}" for text in dict.fromkeys(session.alerts))
    return results


def sync_folders(
    db,
    store: MessageStore,
    session: ImapSession,
    preparer: Preparer,
    account: Account,
    full: bool,
    progress: Progress | None,
    results: list[FolderResult],
) -> None:
    """Each folder in turn; after a failure, a new connection and one more try (retry.py)."""

    def sync_folder(name: str, role: str) -> FolderResult:
        worker = FolderSync(db, store, session, account, name, role, progress or NullProgress())
        worker.preparer = preparer
        return worker.run_isolated(full)

    resolved = session.resolve(account.imap.folders)
    results.extend(missing_folders(account, resolved))
    folders = [(folder.name, role) for folder, role in resolved]
    for position, (name, role) in enumerate(folders):
        later = [other for other, _ in folders[position + 1 :]]
        results.append(sync_folder(name, role))
        if results[-1].error:
            reconnect_after(session, results[-1], later)
            results[-1] = counted_together(results[-1], sync_folder(name, role))
            if results[-1].error and later:
                reconnect_after(session, results[-1], later)


def missing_folders(account: Account, resolved: list) -> list[FolderResult]:
    """A folder named in the config that the server does not have: said, not skipped silently.

    Special-use names (\\Sent, \\Archive) and "*" may rightly match nothing.
    """
    found = {folder.name for folder, _ in resolved}
    named = [spec for spec in account.imap.folders if spec != "*" and not spec.startswith("\\")]
    return [
        FolderResult(account.name, spec, error="no such folder on the server (see [accounts.imap] folders)")
        for spec in named
        if spec not in found and spec.upper() != "INBOX"
    ]


def counted_together(failed: FolderResult, retried: FolderResult) -> FolderResult:
    """The retry's result, counting too what the failed try stored before it broke.

    Its batches were committed: without this the summary would under-count the new mail.
    """
    for item in fields(FolderResult):
        value = getattr(failed, item.name)
        if isinstance(value, int) and not isinstance(value, bool):
            setattr(retried, item.name, getattr(retried, item.name) + value)
    retried.rescanned = retried.rescanned or failed.rescanned
    return retried


def reconnect_after(session: ImapSession, failed: FolderResult, not_synced: list[str]) -> None:
    """A new connection after `failed`, or ImapError saying why not and which folders wait."""
    try:
        reconnect(session, why=f"{failed.folder}: {failed.error}")
    except ImapError as exc:
        waiting = f"; not synced: {', '.join(not_synced)}" if not_synced else ""
        raise ImapError(f"{exc}{waiting}") from None


def register_account(db, account: Account) -> None:
    db.execute(
        "INSERT INTO accounts (name, email, owner) VALUES (?, ?, ?) ON CONFLICT (name) "
        "DO UPDATE SET email = excluded.email, owner = excluded.owner",
        [account.name, account.email, account.owner],
    )
