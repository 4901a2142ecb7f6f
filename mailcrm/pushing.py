"""Put drafts into the salesperson's own Drafts folder (IMAP APPEND), or a Maildir.

The one write mailcrm makes to a mailbox. Never twice: before the APPEND, the
draft's Message-ID is recorded as an intent (``push_state = 'appending'``) and
committed. A push that was interrupted (the connection died after the server
stored the message but before it said so) is resumed by searching the Drafts
folder for that Message-ID and mailcrm's header first; only when neither is
there is the draft appended again.
"""

from __future__ import annotations

import mailbox
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from itertools import groupby
from pathlib import Path

from . import drafts as store
from .compose import DRAFT_HEADER, message_bytes
from .config import Account, Config
from .db import transaction
from .errors import ImapError, MailcrmError
from .imap import ImapSession

DRAFT_FLAGS = ("\\Draft", "\\Seen")


@dataclass
class PushResult:
    draft: int
    account: str
    result: str                  # pushed, found (already on the server), failed
    folder: str = ""
    uid: int | None = None
    detail: str = ""


@dataclass
class PushReport:
    results: list[PushResult] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(r.result == "failed" for r in self.results)

    def line(self) -> str:
        counts = {k: sum(1 for r in self.results if r.result == k) for k in ("pushed", "found", "failed")}
        return (f"push: {counts['pushed']} appended to Drafts, {counts['found']} already there "
                f"(interrupted push resumed), {counts['failed']} failed")

    def as_dict(self) -> dict:
        return {"ok": self.ok, "results": [asdict(r) for r in self.results]}


def push(db, config: Config, *, ids: list[int] | None = None, account: str | None = None,
         now: datetime | None = None) -> PushReport:
    """APPEND every new (or approved) draft to its account's Drafts folder."""
    report = PushReport()
    pending = store.drafts_to_push(db, ids=ids, account=account)
    for name, group in groupby(pending, key=lambda d: d["account"]):
        report.results.extend(push_account(db, config, name, list(group), now))
    return report


def push_account(db, config: Config, name: str, drafts: list[dict], now: datetime | None) -> list[PushResult]:
    try:
        account = config.account(name)
        if account.imap is None:
            raise MailcrmError(f"account {name!r} has no [accounts.imap] settings")
        with ImapSession(account.imap) as session:
            folder = drafts_folder(session, account)
            return [push_one(db, session, folder, draft, now) for draft in drafts]
    except MailcrmError as exc:
        # Drafts with an intent stay 'appending' and are looked for on the next push.
        return [PushResult(d["id"], name, "failed", detail=str(exc)) for d in drafts]


def drafts_folder(session: ImapSession, account: Account) -> str:
    if account.imap.drafts_folder:
        return account.imap.drafts_folder
    found = session.find_special("\\Drafts")
    if found is None:
        raise ImapError(f"{account.name}: no Drafts folder found (set drafts_folder in [accounts.imap])")
    return found.name


def push_one(db, session: ImapSession, folder: str, draft: dict, now: datetime | None) -> PushResult:
    result = PushResult(draft["id"], draft["account"], "pushed", folder)
    if draft["push_state"] == "appending":
        uid, validity = find_on_server(session, folder, draft)
        if uid is not None:
            mark_pushed(db, draft, folder, uid, validity, "found after an interrupted push")
            result.result, result.uid = "found", uid
            return result
    record_intent(db, draft, folder)
    when = now or datetime.now(timezone.utc)
    uid = session.append(folder, message_bytes(store.mime(draft, when)), flags=DRAFT_FLAGS, when=when)
    found_uid, validity = find_on_server(session, folder, draft)  # UID when the server lacks UIDPLUS
    result.uid = uid or found_uid
    mark_pushed(db, draft, folder, result.uid, validity, f"appended to {folder}")
    return result


def record_intent(db, draft: dict, folder: str) -> None:
    with transaction(db):
        store.update(db, draft["id"], push_state="appending", push_started=store.utcnow(), folder=folder)


def mark_pushed(db, draft: dict, folder: str, uid: int | None, validity: int | None, text: str) -> None:
    with transaction(db):
        store.transition(db, draft["id"], "push", f"{text} (uid {uid})", push_state="appended",
                         pushed=store.utcnow(), folder=folder, uid=uid, uidvalidity=validity)


def find_on_server(session: ImapSession, folder: str, draft: dict) -> tuple[int | None, int]:
    """The UID of this draft in the folder (by Message-ID, else mailcrm's header); read-only."""
    state = session.examine(folder)
    for header, value in (("Message-ID", draft["message_id"]), (DRAFT_HEADER, draft["token"])):
        uids = session.call(session.client.search, ["HEADER", header, value])
        if uids:
            return max(uids), state.uidvalidity
    return None, state.uidvalidity


# -- the demo's local mailbox ---------------------------------------------------------------------


def write_maildir(db, directory: Path, *, ids: list[int] | None = None) -> list[tuple[int, Path]]:
    """Drafts into a Maildir (flags D and S, like \\Draft \\Seen), for the demo and for
    mail clients that read a local Maildir."""
    box = mailbox.Maildir(str(directory), create=True)
    written = []
    for draft in store.drafts_to_push(db, ids=ids):
        message = mailbox.MaildirMessage(message_bytes(store.mime(draft)))
        message.set_subdir("cur")
        message.set_flags("DS")
        key = box.add(message)
        with transaction(db):
            store.transition(db, draft["id"], "push", f"written to the Maildir {directory}",
                             push_state="appended", pushed=store.utcnow(), folder=str(directory))
        written.append((draft["id"], Path(directory) / "cur" / f"{key}:2,DS"))
    return written
