"""Put drafts into the salesperson's own Drafts folder (IMAP APPEND), or a Maildir.

The one write mailcrm makes to a mailbox. Never twice: before the APPEND, the
draft's Message-ID is recorded as an intent (``push_state = 'appending'``) and
committed. A push that was interrupted (the connection died after the server
stored the message but before it said so) is resumed by searching the Drafts
folder for that Message-ID and mailcrm's header first; only when neither is
there is the draft appended again. All of an account's APPENDs happen before the one EXAMINE
that checks them: Courier refuses an APPEND into a mailbox the session has EXAMINEd.
"""

from __future__ import annotations

import mailbox
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

from . import queue as store
from .compose import DRAFT_HEADER, message_bytes
from ..config import Account, Config
from ..db import transaction
from ..errors import ImapError, MailcrmError
from ..mail.imap import ImapSession

DRAFT_FLAGS = ("\\Draft", "\\Seen")


@dataclass
class PushResult:
    draft: int
    account: str
    result: str  # pushed, found (already on the server), failed
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
        return (
            f"push: {counts['pushed']} appended to Drafts, {counts['found']} already there "
            f"(interrupted push resumed), {counts['failed']} failed"
        )

    def as_dict(self) -> dict:
        return {"ok": self.ok, "results": [asdict(r) for r in self.results]}


def push(
    db, config: Config, *, ids: list[int] | None = None, account: str | None = None, now: datetime | None = None
) -> PushReport:
    """APPEND every new (or approved) draft to its account's Drafts folder."""
    report = PushReport()
    pending = store.drafts_to_push(db, ids=ids, account=account)
    for name, group in groupby(pending, key=lambda d: d["account"]):
        report.results.extend(push_account(db, config, name, list(group), now))
    return report


def push_account(db, config: Config, name: str, drafts: list[dict], now: datetime | None) -> list[PushResult]:
    results = {d["id"]: PushResult(d["id"], name, "failed") for d in drafts}
    try:
        account = config.account(name)
        if account.imap is None:
            raise MailcrmError(f"account {name!r} has no [accounts.imap] settings")
        with ImapSession(account.imap) as session:
            folder = drafts_folder(session, account)
            push_drafts(db, session, folder, drafts, results, now)
    except MailcrmError as exc:
        # What already happened stays counted. A draft whose APPEND may have reached the
        # server keeps its intent ('appending') and is looked for on the next push.
        for result in results.values():
            if result.result == "failed" and not result.detail:
                result.detail = str(exc)
            elif result.result == "pushed" and result.uid is None:
                result.detail = f"appended to {result.folder}; the check afterwards failed: {exc}"
    return list(results.values())


def drafts_folder(session: ImapSession, account: Account) -> str:
    if account.imap.drafts_folder:
        return account.imap.drafts_folder
    found = session.find_special("\\Drafts")
    if found is None:
        raise ImapError(f"{account.name}: no Drafts folder found (set drafts_folder in [accounts.imap])")
    return found.name


def push_drafts(
    db, session: ImapSession, folder: str, drafts: list[dict], results: dict[int, PushResult], now: datetime | None
) -> None:
    """Look for interrupted pushes, APPEND the rest, then check the folder once.

    All APPENDs come before the check's EXAMINE (and `append` leaves any selected mailbox
    first): Courier refuses an APPEND to a mailbox the same session has EXAMINEd.
    """
    waiting = resume_interrupted(db, session, folder, drafts, results)
    tried = [draft for draft in waiting if append_one(db, session, folder, draft, results[draft["id"]], now)]
    check_appended(db, session, folder, tried, results)


def resume_interrupted(
    db, session: ImapSession, folder: str, drafts: list[dict], results: dict[int, PushResult]
) -> list[dict]:
    """Drafts still to append; those an interrupted push already put on the server are 'found'."""
    interrupted = [d for d in drafts if d["push_state"] == "appending"]
    if not interrupted:
        return drafts
    validity, on_server = find_on_server(session, folder, interrupted)
    for draft in interrupted:
        uid = on_server.get(draft["id"])
        if uid is not None:
            mark_pushed(db, draft, folder, uid, validity, "found after an interrupted push")
            results[draft["id"]] = PushResult(draft["id"], draft["account"], "found", folder, uid)
    return [d for d in drafts if d["id"] not in on_server]


def append_one(db, session: ImapSession, folder: str, draft: dict, result: PushResult, now: datetime | None) -> bool:
    """APPEND one draft; True when it was tried (its intent is recorded), whatever the answer.

    A draft the server took is marked pushed at once, so a later failure cannot uncount it.
    A refused or broken APPEND keeps the intent until `check_appended` looks in the folder.
    """
    when = now or datetime.now(UTC)
    try:
        raw = message_bytes(store.mime(draft, when))
    except MailcrmError as exc:  # e.g. an address that cannot be written safely: nothing sent
        result.detail = str(exc)
        return False
    record_intent(db, draft, folder)
    result.folder = folder
    try:
        uid = session.append(folder, raw, flags=DRAFT_FLAGS, when=when)
    except ImapError as exc:
        result.detail = f"{folder}: {exc}"
        return True
    mark_pushed(db, draft, folder, uid, None, f"appended to {folder}")
    result.result, result.uid = "pushed", uid
    return True


def check_appended(db, session: ImapSession, folder: str, tried: list[dict], results: dict[int, PushResult]) -> None:
    """After the APPENDs, one EXAMINE: the folder's UIDVALIDITY, UIDs the server did not report
    (no UIDPLUS), and whether a failed APPEND stored the draft after all (else its intent goes)."""
    if not tried:
        return
    validity, on_server = find_on_server(session, folder, [d for d in tried if results[d["id"]].uid is None])
    for draft in tried:
        result = results[draft["id"]]
        uid = result.uid or on_server.get(draft["id"])
        if result.result == "pushed":
            with transaction(db):
                store.update(db, draft["id"], uid=uid, uidvalidity=validity)
            result.uid = uid
        elif uid is not None:
            mark_pushed(
                db,
                draft,
                folder,
                uid,
                validity,
                f"appended to {folder} (the server stored it although the APPEND reported an error)",
            )
            result.result, result.uid, result.detail = "pushed", uid, ""
        else:
            with transaction(db):
                store.update(db, draft["id"], push_state=None, push_started=None)


def record_intent(db, draft: dict, folder: str) -> None:
    with transaction(db):
        store.update(db, draft["id"], push_state="appending", push_started=store.utcnow(), folder=folder)


def mark_pushed(db, draft: dict, folder: str, uid: int | None, validity: int | None, text: str) -> None:
    with transaction(db):
        store.transition(
            db,
            draft["id"],
            "push",
            f"{text} (uid {uid})",
            push_state="appended",
            pushed=store.utcnow(),
            folder=folder,
            uid=uid,
            uidvalidity=validity,
        )


def find_on_server(session: ImapSession, folder: str, drafts: list[dict]) -> tuple[int, dict[int, int]]:
    """The folder's UIDVALIDITY and draft id -> UID of the drafts in it (by Message-ID, else
    mailcrm's header); read-only."""
    state = session.examine(folder)
    found = {}
    for draft in drafts:
        for header, value in (("Message-ID", draft["message_id"]), (DRAFT_HEADER, draft["token"])):
            uids = session.call(session.client.search, ["HEADER", header, value])
            if uids:
                found[draft["id"]] = max(uids)
                break
    return state.uidvalidity, found


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
            store.transition(
                db,
                draft["id"],
                "push",
                f"written to the Maildir {directory}",
                push_state="appended",
                pushed=store.utcnow(),
                folder=str(directory),
            )
        written.append((draft["id"], Path(directory) / "cur" / f"{key}:2,DS"))
    return written
