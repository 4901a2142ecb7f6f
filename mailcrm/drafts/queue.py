"""The review queue: stored drafts and the steps a person (or the mailbox) takes them through.

    new ──approve──► approved ──send (SMTP)──────────────► sent
     │ ╲                │
     │  ╲──push────────►pushed (in the Drafts folder) ──► sent (seen in Sent)
     │                  │                            └──► discarded (deleted unsent)
     └──reject──► rejected        (reject also works on approved and pushed drafts)

Rejected and discarded drafts cool their customer and purpose down; at most one
draft per customer and purpose is open (new, approved or pushed) at a time.
Every step is recorded in ``draft_events``.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta, timezone

from ..clock import utcnow
from .compose import Envelope, Quote, build_message, clean_header_text, with_quote
from .sources import find_customer_id, message_summaries, request_row
from ..db import row_id
from ..errors import MailcrmError, NotFoundError
from .templating import plain_html

OPEN = ("new", "approved", "pushed")
STATUSES = ("new", "approved", "pushed", "sent", "rejected", "discarded")
ALLOWED = {  # action -> the statuses it may start from
    "approve": ("new",),
    "reject": ("new", "approved", "pushed"),
    "edit": ("new", "approved"),
    "push": ("new", "approved"),
    "send": ("approved",),
    "sent": ("new", "approved", "pushed", "discarded", "rejected"),  # what the mailbox shows wins
    "discard": ("pushed",),
}
RESULT = {
    "approve": "approved",
    "reject": "rejected",
    "edit": "new",
    "push": "pushed",
    "send": "sent",
    "sent": "sent",
    "discard": "discarded",
}
SUMMARY_FIELDS = (
    "id, customer, purpose, status, account, to_name, to_email, language, subject, "
    "send_at, send_zone, created, updated, edited, pushed, sent, rule, checks"
)


class DraftStateError(MailcrmError):
    """The draft is not in a state that allows this step."""


def rows(db, sql: str, params=()) -> list[dict]:
    cursor = db.execute(sql, list(params))
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


# -- storing ---------------------------------------------------------------------------


def insert(db, fields: dict) -> int:
    now = utcnow()
    values = fields | {"status": "new", "created": now, "updated": now}
    names = ", ".join(values)
    pk = db.execute(
        f"INSERT INTO drafts ({names}) VALUES ({', '.join('?' * len(values))})", list(values.values())
    ).lastrowid
    add_event(db, pk, "generated", f"{fields['purpose']} by rule {fields['rule']}, template {fields['template']}")
    return pk


def add_event(db, draft: int, kind: str, text: str = "") -> None:
    db.execute("INSERT INTO draft_events (draft, at, kind, text) VALUES (?, ?, ?, ?)", [draft, utcnow(), kind, text])


def update(db, pk: int, **fields) -> None:
    fields["updated"] = utcnow()
    sets = ", ".join(f"{name} = ?" for name in fields)
    db.execute(f"UPDATE drafts SET {sets} WHERE id = ?", [*fields.values(), pk])


def transition(db, pk: int, action: str, text: str = "", **fields) -> dict:
    """Move a draft on by one step, or DraftStateError naming what is allowed."""
    draft = get(db, pk)
    if draft["status"] not in ALLOWED[action]:
        allowed = " or ".join(ALLOWED[action])
        raise DraftStateError(f"draft #{pk} is {draft['status']}; {action} needs a draft that is {allowed}")
    update(db, pk, status=RESULT[action], **fields)
    add_event(db, pk, RESULT[action] if action != "edit" else "edited", text)
    return get(db, pk)


# -- reading ------------------------------------------------------------------------------


def draft_id(ref: str | int) -> int:
    pk = row_id(str(ref).strip().lstrip("#"))
    if pk is None:
        raise NotFoundError(f"no draft {ref!r} (drafts are named by number, see `mailcrm drafts list`)")
    return pk


def get(db, ref: str | int) -> dict:
    pk = draft_id(ref)
    found = rows(db, "SELECT * FROM drafts WHERE id = ?", [pk])
    if not found:
        raise NotFoundError(f"no draft #{pk}")
    return found[0]


def list_drafts(
    db,
    *,
    statuses: tuple[str, ...] = OPEN,
    customer: str | None = None,
    account: str | None = None,
    limit: int | None = None,
) -> list[dict]:
    where, params = [f"d.status IN ({', '.join('?' * len(statuses))})"], list(statuses)
    if customer:
        where.append("d.customer = ?")
        params.append(find_customer_id(db, customer))
    if account:
        where.append("d.account = ?")
        params.append(account)
    sql = (
        f"SELECT {', '.join('d.' + f.strip() for f in SUMMARY_FIELDS.split(','))}, c.name AS customer_name "
        f"FROM drafts d LEFT JOIN customers c ON c.id = d.customer WHERE {' AND '.join(where)} "
        f"ORDER BY d.send_at, d.id" + (f" LIMIT {int(limit)}" if limit else "")
    )
    found = rows(db, sql, params)
    for draft in found:
        draft["checks"] = json.loads(draft["checks"]) if draft["checks"] is not None else None
    return found


def details(db, ref: str | int) -> dict:
    """One draft with why it was written (rule, evidence, request) and its history."""
    draft = get(db, ref)
    evidence = json.loads(draft["evidence"] or "{}")
    draft["evidence"] = evidence
    draft["evidence_messages"] = message_summaries(db, evidence_message_ids(evidence))
    draft["send_notes"] = json.loads(draft["send_notes"] or "[]")
    draft["content_keys"] = json.loads(draft["content_keys"] or "[]")
    draft["checks"] = json.loads(draft["checks"]) if draft["checks"] is not None else None
    draft["request_info"] = request_row(db, draft["request"]) if draft["request"] else None
    draft["events"] = rows(db, "SELECT at, kind, text FROM draft_events WHERE draft = ? ORDER BY id", [draft["id"]])
    draft["customer_name"] = (
        rows(db, "SELECT name FROM customers WHERE id = ?", [draft["customer"]]) or [{"name": ""}]
    )[0]["name"]
    return draft


def evidence_message_ids(evidence: dict) -> list[int]:
    found = []
    for key in ("message", "messages"):
        value = evidence.get(key)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, int) and not isinstance(item, bool):
                found.append(item)
    return found


def example(db) -> int | None:
    """A draft worth showing: a reply in German, else any reply, else the first one."""
    found = db.execute(
        "SELECT id FROM drafts ORDER BY (language = 'de') DESC, (in_reply_to IS NOT NULL) DESC, id LIMIT 1"
    ).fetchone()
    return found[0] if found else None


def open_draft(db, customer: int, purpose: str) -> int | None:
    found = db.execute(
        "SELECT id FROM drafts WHERE customer = ? AND purpose = ? AND status IN ('new', 'approved', 'pushed')",
        [customer, purpose],
    ).fetchone()
    return found[0] if found else None


def cooling_down_until(db, customer: int, purpose: str, days: int, now: datetime) -> str | None:
    """The day the cool-down after a rejected or discarded draft ends, while it lasts."""
    found = db.execute(
        "SELECT max(updated) FROM drafts WHERE customer = ? AND purpose = ? AND status IN ('rejected', 'discarded')",
        [customer, purpose],
    ).fetchone()[0]
    if not found:
        return None
    ends = datetime.fromisoformat(found) + timedelta(days=days)
    return ends.date().isoformat() if ends > now else None


def latest_open(db, customer: int) -> dict | None:
    """The customer's open draft suggested last (the next one is spaced after it)."""
    found = rows(
        db,
        "SELECT id, send_at FROM drafts WHERE customer = ? AND status IN ('new', 'approved', 'pushed') "
        "AND send_at IS NOT NULL ORDER BY send_at DESC LIMIT 1",
        [customer],
    )
    return found[0] if found else None


def recent_draft(db, customer: int, purpose: str, since: datetime) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM drafts WHERE customer = ? AND purpose = ? AND created >= ?",
            [customer, purpose, since.isoformat(timespec="seconds")],
        ).fetchone()
        is not None
    )


def used_content(db, customer: int) -> set[str]:
    """Content items this customer already got (or has waiting): never twice."""
    found: set[str] = set()
    for (keys,) in db.execute(
        "SELECT content_keys FROM drafts WHERE customer = ? AND status != 'rejected'", [customer]
    ):
        found.update(json.loads(keys or "[]"))
    return found


def record_skip(db, request: int | None, reason: str) -> None:
    if request is not None:
        db.execute(
            "INSERT INTO draft_skips (request, reason, at) VALUES (?, ?, ?) ON CONFLICT (request) "
            "DO UPDATE SET reason = excluded.reason, at = excluded.at",
            [request, reason, utcnow()],
        )


def drafts_to_track(db, account: str, discarded_days: int = 30) -> list[dict]:
    """Pushed drafts, and recently discarded ones (a late Sent copy still counts)."""
    since = (datetime.now(timezone.utc) - timedelta(days=discarded_days)).isoformat(timespec="seconds")
    return rows(
        db,
        "SELECT * FROM drafts WHERE account = ? AND (status = 'pushed' OR "
        "(status = 'discarded' AND updated >= ?)) ORDER BY id",
        [account, since],
    )


def drafts_to_push(db, *, ids: list[int] | None = None, account: str | None = None) -> list[dict]:
    """New and approved drafts (a push interrupted mid-way left push_state = 'appending')."""
    where = "status IN ('new', 'approved')"
    params: list = []
    if ids:
        where += f" AND id IN ({', '.join('?' * len(ids))})"
        params += ids
    if account:
        where += " AND account = ?"
        params.append(account)
    return rows(db, f"SELECT * FROM drafts WHERE {where} ORDER BY account, id", params)


# -- a person's decisions ---------------------------------------------------------------------


def approve(db, ref: str | int) -> dict:
    return transition(db, draft_id(ref), "approve", "approved for sending from mailcrm")


def reject(db, ref: str | int, reason: str | None = None) -> dict:
    draft = transition(db, draft_id(ref), "reject", reason or "", reason=reason or "rejected")
    if draft["push_state"]:
        draft["warning"] = "it is still in your Drafts folder: delete it there (mailcrm never deletes mail)"
    return draft


EDIT_HELP = (
    "# Edit the subject and the text below; lines starting with # are ignored.\n"
    "# The quoted message (in replies) and the HTML part are rebuilt from your text.\n"
)


def edit_text(db, ref: str | int) -> str:
    draft = get(db, ref)
    if draft["status"] not in ALLOWED["edit"]:
        raise DraftStateError(
            f"draft #{draft['id']} is {draft['status']}; only new or approved drafts can be "
            "edited here (a pushed draft is edited in your mail client)"
        )
    to = f"{draft['to_name']} <{draft['to_email']}>" if draft["to_name"] else draft["to_email"]
    return (
        f"{EDIT_HELP}# To: {to}\n# Purpose: {draft['purpose']}, language: {draft['language']}\n"
        f"Subject: {draft['subject']}\n\n{draft['body_text']}"
    )


def apply_edit(db, ref: str | int, text: str) -> dict:
    """Store an edited subject and body; an approved draft goes back to new (re-approve)."""
    draft = get(db, ref)
    subject, body = parse_edit(text)
    if subject == draft["subject"] and body.strip() == draft["body_text"].strip():
        return draft | {"unchanged": True}
    return transition(
        db,
        draft["id"],
        "edit",
        "edited with mailcrm drafts edit",
        subject=subject,
        body_text=body,
        body_html=plain_html(body, draft["language"]),
        edited=1,
    )


def parse_edit(text: str) -> tuple[str, str]:
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if not line.startswith("#")]
    while lines and not lines[0].strip():
        lines.pop(0)
    if not lines or not re.match(r"(?i)^subject:", lines[0]):
        raise MailcrmError("the edited draft must start with a 'Subject:' line")
    subject = clean_header_text(lines[0].split(":", 1)[1])
    body = "\n".join(lines[1:]).strip("\n")
    if not subject or not body.strip():
        raise MailcrmError("the edited draft needs a subject and a text")
    return subject, body.rstrip() + "\n"


# -- the mail itself --------------------------------------------------------------------------


def envelope(draft: dict) -> Envelope:
    return Envelope(
        from_name=draft["from_name"],
        from_email=draft["from_email"],
        to_name=draft["to_name"],
        to_email=draft["to_email"],
        subject=draft["subject"],
        message_id=draft["message_id"],
        token=draft["token"],
        language=draft["language"],
        in_reply_to=draft["in_reply_to"],
        references=draft["refs"].split(),
    )


def mime(draft: dict, date: datetime | None = None):
    """The draft as an EmailMessage: reply text above, quoted message below."""
    quote = Quote(draft["quote_text"], draft["quote_html"]) if draft["quote_text"] else None
    text, html = with_quote(draft["body_text"], draft["body_html"], quote)
    return build_message(envelope(draft), text, html, date)
