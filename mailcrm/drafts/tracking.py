"""Close the loop after a sync: what became of the drafts in the mailbox?

- A pushed draft that shows up in Sent is **sent**: found by its Message-ID, by
  mailcrm's ``X-Mailcrm-Draft`` header, or (when a client rewrote both) by the same
  recipient with a similar subject and body. It is recorded in the customer's
  history; the synced Sent copy is what moves their follow-up clock.
- A pushed draft still in Drafts but changed is **edited in the client**: the
  new text is kept, so a later Sent copy is still recognised.
- A pushed draft that is neither in Drafts nor in Sent was **discarded**; it cools
  the customer and purpose down. If it turns up in Sent later, sent wins.

Read-only on the server: the Drafts folder is EXAMINEd and fetched with BODY.PEEK.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from . import queue as store
from .compose import REPLY_PREFIX
from ..config import Account, Config
from ..db import transaction
from .sources import has_sent_folder, record_history, sent_messages, set_request_status
from ..errors import MailcrmError
from ..mail.imap import ImapSession
from ..mail.parse import parse_message
from .push import drafts_folder

SIMILAR_WITH_SUBJECT = 0.6  # body similarity needed when recipient and subject agree
SIMILAR_WITHOUT_SUBJECT = 0.85  # … when the subject was rewritten too
COMPARE_CHARS = 4000


@dataclass
class Seen:
    """A message in Sent or Drafts, reduced to what matching needs."""

    message_id: str | None
    token: str
    recipients: list[str]
    subject: str
    body: str
    uid: int | None = None
    stored_id: int | None = None  # messages.id (Sent copies in the database)


@dataclass
class LoopReport:
    sent: list[int] = field(default_factory=list)
    edited: list[int] = field(default_factory=list)
    discarded: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def anything(self) -> bool:
        return bool(self.sent or self.edited or self.discarded or self.errors)

    def line(self) -> str:
        text = (
            f"drafts: {len(self.sent)} sent, {len(self.edited)} edited in the mail client, "
            f"{len(self.discarded)} discarded"
        )
        return text + (f"; {len(self.errors)} errors" if self.errors else "")

    def as_dict(self) -> dict:
        return asdict(self)


def close_loop(db, config: Config, *, account: str | None = None) -> LoopReport:
    report = LoopReport()
    accounts = [config.account(account)] if account else config.accounts
    for acct in accounts:
        tracked = store.drafts_to_track(db, acct.name)
        if tracked:
            track_account(db, acct, tracked, report)
    return report


def track_account(db, account: Account, tracked: list[dict], report: LoopReport) -> None:
    since = earliest(tracked)
    remaining = match_sent(db, tracked, stored_sent(db, account.name, since), report)
    pushed = [d for d in remaining if d["status"] == "pushed"]
    if not pushed or account.imap is None:
        return
    try:
        with ImapSession(account.imap) as session:
            if not has_sent_folder(db, account.name):  # Sent is not synced: look at it directly
                pushed = match_sent(db, pushed, server_folder(session, session_sent(session), since), report)
            folder = drafts_folder(session, account)
            check_drafts(db, pushed, server_folder(session, folder, since), report)
    except MailcrmError as exc:  # without a view of Drafts nothing is called discarded
        report.errors.append(f"{account.name}: {exc}")


def earliest(drafts: list[dict]) -> str:
    first = min(d["pushed"] or d["created"] for d in drafts)
    return (datetime.fromisoformat(first) - timedelta(days=1)).isoformat(timespec="seconds")


# -- what is in Sent ----------------------------------------------------------------------------


def stored_sent(db, account: str, since: str) -> list[Seen]:
    return [
        Seen(m["message_id"], m["token"], m["recipients"], m["subject"], m["body_text"] or "", stored_id=m["id"])
        for m in sent_messages(db, account, since)
    ]


def match_sent(db, drafts: list[dict], sent: list[Seen], report: LoopReport) -> list[dict]:
    """Mark the drafts found in Sent; return the others."""
    remaining = []
    for draft in drafts:
        found = find_match(draft, sent)
        if found:
            mark_sent(db, draft, *found)
            report.sent.append(draft["id"])
        else:
            remaining.append(draft)
    return remaining


def mark_sent(db, draft: dict, seen: Seen, how: str) -> None:
    with transaction(db):
        store.transition(
            db,
            draft["id"],
            "sent",
            f"found in Sent ({how})",
            sent=store.utcnow(),
            sent_message=seen.stored_id,
            sent_via="client",
            matched_by=how,
        )
        set_request_status(db, draft["request"], "sent")
        record_history(
            db,
            draft["customer"],
            "draft-sent",
            f"follow-up sent: {draft['purpose']} ({draft['subject']})",
            {"draft": draft["id"], "message": seen.stored_id, "matched_by": how},
        )


# -- what is in Drafts ---------------------------------------------------------------------------


def check_drafts(db, drafts: list[dict], present: list[Seen], report: LoopReport) -> None:
    for draft in drafts:
        found = find_match(draft, present)
        if found is None:
            discard(db, draft)
            report.discarded.append(draft["id"])
        elif changed(draft, found[0]):
            keep_client_version(db, draft, found[0])
            report.edited.append(draft["id"])


def changed(draft: dict, seen: Seen) -> bool:
    return normalize_subject(seen.subject) != normalize_subject(draft["subject"]) or comparable(
        seen.body
    ) != comparable(full_text(draft))


def keep_client_version(db, draft: dict, seen: Seen) -> None:
    with transaction(db):
        store.update(
            db,
            draft["id"],
            subject=seen.subject,
            body_text=seen.body,
            quote_text=None,
            quote_html=None,
            uid=seen.uid,
            edited=1,
        )
        store.add_event(db, draft["id"], "edited-in-client", "changed in the mail client; the new text is kept")


def discard(db, draft: dict) -> None:
    with transaction(db):
        store.transition(
            db,
            draft["id"],
            "discard",
            "deleted from Drafts without being sent",
            reason="deleted from Drafts without being sent",
        )
        set_request_status(db, draft["request"], "dismissed")


# -- reading a folder on the server ----------------------------------------------------------------


def session_sent(session: ImapSession) -> str:
    found = session.find_special("\\Sent")
    if found is None:
        raise MailcrmError("no Sent folder found")
    return found.name


def server_folder(session: ImapSession, folder: str, since: str) -> list[Seen]:
    """Messages in a folder since a day, parsed (EXAMINE + BODY.PEEK: nothing changes)."""
    session.examine(folder)
    uids = session.uids(1, since=datetime.fromisoformat(since))
    seen = []
    for item in session.fetch(uids) if uids else []:
        parsed = parse_message(item.raw)
        recipients = [a.email for a in parsed.to + parsed.cc + parsed.bcc if a.email]
        seen.append(
            Seen(
                parsed.message_id,
                parsed.headers.get("x-mailcrm-draft", "").strip(),
                recipients,
                parsed.subject,
                parsed.body_text,
                uid=item.uid,
            )
        )
    return seen


# -- matching ----------------------------------------------------------------------------------------


def find_match(draft: dict, candidates: list[Seen]) -> tuple[Seen, str] | None:
    """The candidate that is this draft, and how we know."""
    for seen in candidates:
        if seen.message_id and seen.message_id.strip("<>") == draft["message_id"]:
            return seen, "message-id"
    for seen in candidates:
        if seen.token and seen.token == draft["token"]:
            return seen, "header"
    scored = [(similarity(draft, seen), seen) for seen in candidates if to_same(draft, seen)]
    scored = [pair for pair in scored if pair[0] > 0]
    if not scored:
        return None
    return max(scored, key=lambda pair: pair[0])[1], "similar"


def to_same(draft: dict, seen: Seen) -> bool:
    return draft["to_email"].lower() in (r.lower() for r in seen.recipients)


def similarity(draft: dict, seen: Seen) -> float:
    """Body similarity, or 0 when it is too low for the subject match."""
    same_subject = normalize_subject(seen.subject) == normalize_subject(draft["subject"])
    ratio = difflib.SequenceMatcher(None, comparable(full_text(draft)), comparable(seen.body)).ratio()
    needed = SIMILAR_WITH_SUBJECT if same_subject else SIMILAR_WITHOUT_SUBJECT
    return ratio if ratio >= needed else 0.0


def full_text(draft: dict) -> str:
    return draft["body_text"] + ("\n" + draft["quote_text"] if draft["quote_text"] else "")


def comparable(text: str) -> str:
    """Own words only: quoted lines dropped, whitespace and case folded."""
    lines = [line for line in (text or "").splitlines() if not line.lstrip().startswith(">")]
    return re.sub(r"\s+", " ", " ".join(lines)).strip().casefold()[:COMPARE_CHARS]


def normalize_subject(subject: str) -> str:
    return re.sub(r"\s+", " ", REPLY_PREFIX.sub("", subject or "")).strip().casefold()
