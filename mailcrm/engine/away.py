"""Who is away: the customer's latest mail to us is an auto-reply naming the day they are back.

A salesperson should not chase a buyer on holiday. When the latest inbound message of a
customer (within the last ``HORIZON_DAYS``) is an auto-reply or out-of-office notice, with or
without auto-reply headers, its return date (backon.py) is kept with the customer's grade
(``customer_grades.auto_reply``, ``back_on``), and a follow-up that would fall due before that
day waits for it. A date set by hand is kept (the salesperson chose it), but the agenda says
the customer is away. Mail from the customer after the notice (anyone at the company) ends it.

Each message is read once: the reading is stored in ``auto_reply_reads`` with the version of
the reader, so a night with no new mail reads nothing and a better reader reads again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from ..clock import utcnow
from ..streams import Span, within
from .autoreply import is_auto_reply, parse_headers
from .backon import HORIZON_DAYS, return_date

READER = 3  # bump when autoreply.py or backon.py read differently: stored readings are read again


@dataclass(frozen=True)
class Notice:
    """A customer's latest inbound message, an auto-reply, and the first day back it names."""

    message: int
    sent: date
    back: date | None

    def away_on(self, day: date) -> bool:
        return self.back is not None and self.back > day

    def describe(self) -> str:
        return f"away, back on {self.back} (auto-reply of {self.sent})"


def latest_notices(db, today: date, span: Span | None = None) -> dict[int, Notice]:
    """customer → Notice, for the active customers (of the span) whose latest inbound message
    up to ``today`` is an auto-reply. List mail, bounces and platform notices (automated but no
    auto-reply) are passed over: they say nothing about whether the buyer is in."""
    latest = latest_inbound(db, today, span)
    readings = read(db, latest)
    notices = {}
    for customer, (message, sent, _automated) in latest.items():
        auto, back = readings[message]
        if auto:
            notices[customer] = Notice(message, sent, date.fromisoformat(back) if back else None)
    return notices


def latest_inbound(db, today: date, span: Span | None) -> dict[int, tuple[int, date, bool]]:
    """customer → (message, day, automated) of the latest inbound message that could be an auto-reply."""
    since = (today - timedelta(days=HORIZON_DAYS)).isoformat()
    until = (today + timedelta(days=1)).isoformat()
    latest: dict[int, tuple[int, date, bool]] = {}
    rows = db.execute(
        "SELECT mc.customer, m.id, m.date, mc.automated, "
        "CASE WHEN mc.automated THEN m.headers END, CASE WHEN mc.automated THEN m.subject END "
        "FROM messages m JOIN message_customers mc ON mc.message = m.id JOIN customers c ON c.id = mc.customer "
        f"WHERE m.direction = 'in' AND m.date >= ? AND m.date < ? AND c.status = 'active'{within(span, 'mc.customer')} "
        "ORDER BY mc.customer, m.date DESC, m.id DESC",
        [since, until],
    )
    for customer, message, when, automated, headers, subject in rows:
        if customer in latest:
            continue
        if automated and not is_notice(headers, subject, ""):
            continue  # a newsletter, a bounce, a platform's notification: look at the mail before it
        latest[customer] = (message, date.fromisoformat(when[:10]), bool(automated))
    return latest


def read(db, latest: dict[int, tuple[int, date, bool]]) -> dict[int, tuple[int, str | None]]:
    """message → (auto-reply, first day back): stored readings, and new ones stored."""
    wanted = {message: (sent, automated) for message, sent, automated in latest.values()}
    found: dict[int, tuple[int, str | None]] = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(
            (r[0], (r[1], r[2]))
            for r in db.execute(
                f"SELECT message, auto_reply, back FROM auto_reply_reads WHERE reader = ? "
                f"AND message IN ({','.join('?' * len(chunk))})",
                [READER, *chunk],
            )
        )
    for message in ids:
        if message in found:
            continue
        sent, _automated = wanted[message]
        subject, body, headers = db.execute(
            "SELECT subject, body_text, headers FROM messages WHERE id = ?", [message]
        ).fetchone()
        auto = is_notice(headers, subject, body)
        back = return_date(f"{subject or ''}\n{body or ''}", sent) if auto else None
        found[message] = (int(auto), back.isoformat() if back else None)
        db.execute(
            "INSERT OR REPLACE INTO auto_reply_reads (message, auto_reply, back, reader, read) VALUES (?, ?, ?, ?, ?)",
            [message, int(auto), found[message][1], READER, utcnow()],
        )
    return found


def is_notice(headers: str | None, subject: str | None, body: str | None) -> bool:
    """An auto-reply in RFC 3834's sense. ``Auto-Submitted: auto-generated`` marks notifications
    (a platform's "new inquiry", an order system): one only when its words are a notice."""
    headers = headers or "{}"
    if "auto-generated" in headers.lower() and parse_headers(headers).get("auto-submitted", "").startswith(
        "auto-generated"
    ):
        headers = "{}"
    return is_auto_reply(headers, subject or "", body or "")


def postpone(grade, notice: Notice | None, today: date) -> None:
    """Keep the notice with the grade; a next contact before the day the customer is back
    moves to that day (one set by hand stays)."""
    grade.auto_reply = notice.message if notice else None
    grade.back_on = notice.back.isoformat() if notice and notice.back else None
    if notice is None or not notice.away_on(today) or grade.next_contact_source == "manual":
        return
    back = notice.back.isoformat()
    if grade.next_contact and grade.next_contact < back:
        grade.next_contact_reason = (
            f"back on {back} (auto-reply of {notice.sent}), moved from {grade.next_contact}: "
            f"{grade.next_contact_reason}"
        )
        grade.next_contact = back


def stored_notice(db, customer: int) -> Notice | None:
    """The notice kept with the customer's grade by the last rules run."""
    row = db.execute(
        "SELECT g.auto_reply, m.date, g.back_on FROM customer_grades g JOIN messages m ON m.id = g.auto_reply "
        "WHERE g.customer = ?",
        [customer],
    ).fetchone()
    if not row:
        return None
    return Notice(row[0], date.fromisoformat(row[1][:10]), date.fromisoformat(row[2]) if row[2] else None)


def away_summary(db, customer: int, today: date) -> dict | None:
    """What `why` and `customers show` say: away until when, from which auto-reply; or that the
    latest mail is an auto-reply naming no day. None once the day has come."""
    notice = stored_notice(db, customer)
    if notice is None or (notice.back is not None and not notice.away_on(today)):
        return None
    text = notice.describe() if notice.back else f"auto-reply of {notice.sent}, no return date in it"
    back = notice.back.isoformat() if notice.back else None
    return {"message": notice.message, "sent": notice.sent.isoformat(), "back": back, "text": text}
