"""Every contact recorded: calls, visits, meetings, chats and faxes beside the mail.

A note (table notes) has a kind: ``note`` (a remark, counts in nothing) or a contact
kind (call, visit, meeting, chat, fax), dated when it happened and with who reached
out: ``out`` we did (the default), ``in`` they did. Contacts count like mail: in the
customer's last_in / last_out and whose turn it is (aggregates.update_counts), so a
call after their unanswered mail answers it, a visit restarts the follow-up interval,
and "days since" conditions read the latest contact of any kind.

Dates: ``YYYY-MM-DD`` or ``YYYY-MM-DD HH:MM`` in the computer's own time zone. A day
without a time is noon that day, or now when it is today; a contact in the future is
refused (a planned one is `customers set KEY --next-contact DATE`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timezone

from ..clock import utcnow
from ..config import Config
from ..csvrows import read_rows
from ..errors import MailcrmError
from .decisions import changing
from .keys import mark_dirty
from .lookup import find_customer

KINDS = ("note", "call", "visit", "meeting", "chat", "fax")
CONTACT_KINDS = KINDS[1:]
DIRECTIONS = ("in", "out")
# What people (and call-log exports) write for a kind.
ALIASES = {
    "phone": "call",
    "telephone": "call",
    "tel": "call",
    "电话": "call",
    "来电": "call",
    "拜访": "visit",
    "来访": "visit",
    "会议": "meeting",
    "会面": "meeting",
    "传真": "fax",
    "wechat": "chat",
    "whatsapp": "chat",
    "skype": "chat",
    "msn": "chat",
    "微信": "chat",
    "备注": "note",
    "remark": "note",
}
DIRECTION_ALIASES = {
    "inbound": "in",
    "incoming": "in",
    "received": "in",
    "呼入": "in",
    "来": "in",
    "outbound": "out",
    "outgoing": "out",
    "made": "out",
    "呼出": "out",
    "去": "out",
}
NOON = time(12, 0)


def check_kind(value: str | None) -> str:
    """The kind a word names; one line naming the kinds when it names none."""
    word = (value or "note").strip().lower()
    kind = ALIASES.get(word, word)
    if kind not in KINDS:
        raise MailcrmError(f"unknown kind {value!r} (one of: {', '.join(KINDS)})")
    return kind


def check_direction(kind: str, value: str | None) -> str | None:
    """in or out for a contact (out when not said); None for a note."""
    if kind == "note":
        if value:
            raise MailcrmError("a note is no contact: --direction goes with " + ", ".join(CONTACT_KINDS))
        return None
    word = (value or "out").strip().lower()
    direction = DIRECTION_ALIASES.get(word, word)
    if direction not in DIRECTIONS:
        raise MailcrmError(f"unknown direction {value!r} (in: they reached out; out: we did)")
    return direction


def contact_time(value: str | None, now: datetime | None = None) -> str:
    """When a contact happened, as mailcrm stores times (UTC, ISO 8601)."""
    now = now or datetime.now(timezone.utc)
    if not value or not value.strip() or value.strip().lower() == "today":
        return now.isoformat(timespec="seconds")
    text = " ".join(value.strip().replace("T", " ").replace("/", "-").split())
    try:
        if " " in text:
            pattern = "%Y-%m-%d %H:%M:%S" if text.count(":") == 2 else "%Y-%m-%d %H:%M"
            local = datetime.strptime(text, pattern)
        else:
            day = datetime.strptime(text, "%Y-%m-%d").date()
            local = None if day == now.astimezone().date() else datetime.combine(day, NOON)
    except ValueError:
        raise MailcrmError(f"date {value!r}: a day as YYYY-MM-DD (or YYYY-MM-DD HH:MM)") from None
    when = now if local is None else local.astimezone().astimezone(timezone.utc)
    if when > now:
        raise MailcrmError(
            f"date {value!r} is in the future: record a contact once it happened "
            "(plan one with `customers set KEY --next-contact DATE`)"
        )
    return when.isoformat(timespec="seconds")


def add_contact(
    db,
    config: Config,
    ref: str,
    text: str,
    *,
    kind: str | None = None,
    when: str | None = None,
    direction: str | None = None,
    author: str | None = None,
) -> dict:
    """A note or a contact in the customer's timeline; a contact updates their last contact
    and whose turn it is at once (the refresh after the change)."""
    kind = check_kind(kind)
    direction = check_direction(kind, direction)
    at = contact_time(when)
    if not text.strip():
        raise MailcrmError(f"the {kind} needs a text (what was said)")
    customer = find_customer(db, ref)
    with changing(db, config, f"customers note --kind {kind}"):
        pk = db.execute(
            "INSERT INTO notes (customer, at, author, text, kind, direction, recorded) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [customer["id"], at, author, text.strip(), kind, direction, utcnow()],
        ).lastrowid
        if direction:
            mark_dirty(db, {customer["id"]})
    return {
        "id": pk,
        "customer": customer["key"],
        "kind": kind,
        "direction": direction,
        "at": at,
        "text": text.strip(),
        "author": author,
    }


NOTE_COLUMNS = "n.id, n.at, n.kind, n.direction, n.author, n.text, n.recorded"


def list_contacts(db, ref: str, *, kind: str | None = None, limit: int | None = None) -> dict:
    """A customer's notes and contacts, newest first (``kind``: one kind only)."""
    customer = find_customer(db, ref)
    where, params = "n.customer = ?", [customer["id"]]
    if kind:
        where += " AND n.kind = ?"
        params.append(check_kind(kind))
    rows = [
        dict(row)
        for row in db.query(
            f"SELECT {NOTE_COLUMNS} FROM notes n WHERE {where} ORDER BY n.at DESC, n.id DESC"
            + (f" LIMIT {int(limit)}" if limit else ""),
            params,
        )
    ]
    return {"customer": customer["key"], "name": customer["name"], "notes": rows}


def describe(row: dict) -> str:
    """'call out', 'visit in', 'note': the kind and, for a contact, who reached out."""
    if row.get("kind", "note") == "note" or not row.get("direction"):
        return row.get("kind") or "note"
    return f"{row['kind']} {'←' if row['direction'] == 'in' else '→'}"


# -- call logs from CSV --------------------------------------------------------------

CONTACT_FIELDS = {
    "customer": ("company", "key", "domain", "email", "客户", "公司", "邮箱"),
    "date": ("time", "datetime", "when", "call time", "日期", "时间"),
    "kind": ("type", "channel", "类型", "方式"),
    "direction": ("in/out", "方向"),
    "text": ("note", "notes", "summary", "subject", "remark", "content", "内容", "备注", "摘要"),
    "author": ("by", "user", "salesperson", "业务员"),
}


@dataclass
class ContactImport:
    path: str
    added: int = 0
    skipped: int = 0  # already recorded (the same customer, kind, time and text)
    errors: list[str] = field(default_factory=list)

    def line(self) -> str:
        return f"{self.path}: {self.added} added, {self.skipped} already recorded, {len(self.errors)} rows with errors"


def import_contacts_csv(db, config: Config, path, *, kind: str | None = None) -> ContactImport:
    """A call log (or any contact log) from CSV: customer, date, kind, direction, text, author.

    ``kind``: the kind of rows without one (call for a phone system's export). Bad rows
    are reported with their line; importing the same file twice adds nothing.
    """
    report = ContactImport(str(path))
    default_kind = check_kind(kind or "call")
    rows = list(read_rows(path, CONTACT_FIELDS, ("customer",)))
    with changing(db, config, "customers notes --import"):
        touched = set()
        for row in rows:
            if row.problem:
                report.errors.append(f"line {row.line}: {row.problem}")
                continue
            try:
                values = contact_row(db, row.values, default_kind)
            except MailcrmError as exc:
                report.errors.append(f"line {row.line}: {exc}")
                continue
            customer, at, text, kind, direction, author = values
            if db.execute(
                "SELECT 1 FROM notes WHERE customer = ? AND kind = ? AND at = ? AND text = ?",
                [customer, kind, at, text],
            ).fetchone():
                report.skipped += 1
                continue
            db.execute(
                "INSERT INTO notes (customer, at, author, text, kind, direction, recorded) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [customer, at, author, text, kind, direction, utcnow()],
            )
            report.added += 1
            touched.add(customer)
        mark_dirty(db, touched)
    return report


def contact_row(db, values: dict, default_kind: str) -> tuple:
    if not values.get("customer"):
        raise MailcrmError("no customer")
    customer = find_customer(db, values["customer"])
    kind = check_kind(values.get("kind") or default_kind)
    direction = check_direction(kind, values.get("direction") or None)
    if not values.get("date"):
        raise MailcrmError("no date")
    at = contact_time(values["date"])
    text = (values.get("text") or "").strip() or kind
    return customer["id"], at, text, kind, direction, values.get("author") or None
