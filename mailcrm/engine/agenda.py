"""`mailcrm today`: the salesperson's agenda, most important first.

Order: complaints, mail waiting for an answer, what must be done before any draft
(the drafts' decision held a draft back: answer them, settle a claim, collect a
balance), follow-ups due (A before B before C), overdue payments, stalled deals,
churn risks, other risks (payment, competitor), drafts waiting for review. Each
item says who, what, since when and why; ``detail`` holds the same facts for a
reader in another language (the digests).

"Waiting for your answer" holds only mail that asks something or needs action
(waiting.py decides: no notifications, auto-replies or plain thanks), complaints
first, then A, B, C customers, then the longest waiting. A follow-up counts our
last mail, call or visit to any of the customer's addresses and domains (merged customers too).

Mail older than the horizon (horizon.py) waits for no answer: those threads are
counted in the result's ``horizon`` and listed by ``old_unanswered`` (`today --old`).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone

from ..config import Config
from ..mail.segments import own_words
from . import facts
from .evidence import sentence_with
from .horizon import Horizon, agenda_settings, horizon
from .waiting import needs_answer, waiting_messages

SECTIONS = (
    "complaints",
    "unanswered",
    "before-drafts",
    "follow-ups",
    "payments",
    "stalled",
    "churn-risk",
    "other-risks",
    "drafts",
)
SECTION_TITLES = {
    "complaints": "Complaints (answer today)",
    "unanswered": "Waiting for your answer",
    "before-drafts": "Needs you before any draft",
    "follow-ups": "Follow-ups due",
    "payments": "Overdue payments",
    "stalled": "Stalled deals",
    "churn-risk": "Churn risks",
    "other-risks": "Payment and competitor risks",
    "drafts": "Drafts waiting for review",
}
GRADE_ORDER = {"A": 0, "B": 1, "C": 2}


@dataclass
class Item:
    section: str
    customer: int
    customer_name: str
    owner: str | None
    grade: str | None
    what: str
    since: str | None = None
    message: int | None = None
    rule: str | None = None
    detail: dict | None = None  # the facts of `what`, for wording it in another language


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def agenda(
    db, config: Config | None = None, *, today: date | None = None, owner: str | None = None, limit: int = 20
) -> dict:
    """Sections of items, each sorted most urgent first; --owner keeps one salesperson's customers.
    ``horizon``: its start, and how many customers' threads before it were left unanswered."""
    today = today or date.today()
    line = horizon(db, config, today)
    items = (
        complaint_items(db)
        + unanswered_items(db, today, line)
        + hold_items(db, today)
        + follow_up_items(db, today)
        + payment_items(db, today, agenda_settings(config).payment_days)
        + flag_items(db, "stalled", ("stalled",))
        + flag_items(db, "churn-risk", ("churn-risk",))
        + flag_items(db, "other-risks", ("payment-risk", "competitor"))
        + draft_items(db)
    )
    items = without_repeats(items)
    enrich(db, items)
    items = by_importance(items)
    wanted = resolve_owner(config, owner)
    if wanted:
        items = [i for i in items if (i.owner or "").lower() == wanted.lower()]
    sections = {name: [asdict(i) for i in items if i.section == name][:limit] for name in SECTIONS}
    counts = {name: sum(1 for i in items if i.section == name) for name in SECTIONS}
    old = len(old_unanswered(db, config, today=today, owner=owner, line=line))
    return {
        "today": today.isoformat(),
        "owner": wanted,
        "counts": counts,
        "sections": sections,
        "horizon": line.as_dict() | {"old_unanswered": old},
    }


def old_unanswered(
    db, config: Config | None, *, today: date | None = None, owner: str | None = None, line: Horizon | None = None
) -> list[dict]:
    """Threads left unanswered before the horizon (`mailcrm today --old`), latest mail first:
    history, not on the agenda."""
    line = line or horizon(db, config, today or date.today())
    items = [
        Item(
            "old-unanswered",
            row["customer"],
            "",
            None,
            None,
            f"{row['subject'] or '(no subject)'} — "
            + (
                f"{row['messages']} mails unanswered since {row['waiting_since'][:10]}"
                if row["messages"] > 1
                else "unanswered"
            ),
            row["date"][:10],
            row["message"],
        )
        for row in facts.unanswered_before(db, line.since)
    ]
    enrich(db, items)
    wanted = resolve_owner(config, owner)
    return [asdict(i) for i in items if not wanted or (i.owner or "").lower() == wanted.lower()]


def resolve_owner(config: Config | None, owner: str | None) -> str | None:
    """An account name (lisa) or an owner's name (Lisa Chen)."""
    if not owner or not config:
        return owner
    for account in config.accounts:
        if owner.lower() in (account.name.lower(), account.owner.lower()):
            return account.owner
    return owner


def enrich(db, items: list[Item]) -> None:
    rows = facts.customer_rows(db, {i.customer for i in items})
    for item in items:
        row = rows.get(item.customer, {})
        item.customer_name = row.get("name") or row.get("key") or f"#{item.customer}"
        item.owner, item.grade = row.get("owner"), row.get("grade")


def by_importance(items: list[Item]) -> list[Item]:
    """Complaints and mail waiting for an answer: customers who complain first, then A, B, C,
    then the oldest. The other sections keep their own order."""
    complaining = {i.customer for i in items if i.section == "complaints"}

    def rank(item: Item) -> tuple:
        if item.section not in ("complaints", "unanswered"):
            return (0,)
        return (item.customer not in complaining, GRADE_ORDER.get(item.grade or "", 3), item.since or "")

    return sorted(items, key=lambda i: (SECTIONS.index(i.section), rank(i)))


# -- sections ---------------------------------------------------------------------

COMPLAINT_WIDTH = 90  # characters of the complaint's sentence shown


def complaint_items(db) -> list[Item]:
    """Open complaints, each with the sentence it was read in, shortened."""
    items = []
    for customer, note, raised, message, rule, evidence in db.execute(
        "SELECT customer, note, raised, message, rule, evidence FROM customer_flags WHERE flag = 'complaint' "
        "AND resolved IS NULL ORDER BY raised, id"
    ).fetchall():
        said = complaint_sentence(db, message, json.loads(evidence or "{}").get("terms") or [])
        what = f"complaint: “{said}”" if said else note
        items.append(Item("complaints", customer, "", None, None, what, raised, message, rule, {"said": said}))
    return items


def complaint_sentence(db, message: int | None, terms: list[str]) -> str:
    """The sentence of the message that holds the complaint's words, marks removed, shortened."""
    if message is None or not terms:
        return ""
    row = db.execute("SELECT subject, body_text FROM messages WHERE id = ?", [message]).fetchone()
    if row is None:
        return ""
    found = sentence_with(own_words(row[1] or ""), terms) or sentence_with(row[0] or "", terms) or ""
    said = found.replace("«", "").replace("»", "").strip(" …")
    return said if len(said) <= COMPLAINT_WIDTH else said[: COMPLAINT_WIDTH - 1].rstrip() + "…"


def unanswered_items(db, today: date, line: Horizon) -> list[Item]:
    """Per customer, the oldest mail after our last reply (on or after the horizon's start)
    that asks something or needs action (waiting.needs_answer); an out-of-office notice
    (their latest mail, read without auto-reply headers) waits for no answer."""
    now = moment(today)
    notices = {r[0] for r in db.execute("SELECT auto_reply FROM customer_grades WHERE auto_reply IS NOT NULL")}
    first: dict[int, tuple[dict, str]] = {}
    for row in waiting_messages(db, line.since):
        if row["customer"] in first:
            continue
        verdict = needs_answer(
            subject=row["subject"],
            body=row["body"],
            headers=row["headers"],
            platform=row["platform"],
            rules=row["rules"],
            rule_words=row["rule_words"],
            notice=row["message"] in notices,
        )
        if verdict.waits:
            first[row["customer"]] = (row, verdict.reason)
    items = []
    for row, reason in first.values():
        hours = (now - datetime.fromisoformat(row["date"])).total_seconds() / 3600
        if hours < 0:
            continue
        age = plural(int(hours // 24), "day", "days") if hours >= 48 else plural(int(hours), "hour", "hours")
        subject = row["subject"] or "(no subject)"
        detail = {"subject": row["subject"], "hours": int(hours), "reason": reason}
        items.append(
            Item(
                "unanswered",
                row["customer"],
                "",
                None,
                None,
                f"{subject} — waiting {age}",
                row["date"][:10],
                row["message"],
                None,
                detail,
            )
        )
    return items


def moment(today: date) -> datetime:
    """Now, or the end of the day asked about (`--today`)."""
    if today == date.today():
        return datetime.now(timezone.utc)
    return datetime.combine(today, datetime.max.time(), tzinfo=timezone.utc)


def follow_up_items(db, today: date) -> list[Item]:
    """Follow-ups due, of active customers. One that waits for an away customer is not due
    before they are back (away.postpone); a date set by hand is kept, and says they are away.
    Our last mail (or call, visit …) to any of the customer's addresses and domains counts: a grade's interval
    runs from it, and a follow-up due before it was done (a merge may be newer than the run)."""
    rows = db.execute(
        "SELECT g.customer, g.grade, g.next_contact, g.next_contact_source, g.next_contact_reason, g.back_on, "
        "g.follow_up_days FROM customer_grades g JOIN customers c ON c.id = g.customer "
        "WHERE c.status = 'active' AND g.next_contact <= ?",
        [today.isoformat()],
    ).fetchall()
    last_out = last_outbound(db, {r[0] for r in rows})
    items = []
    for customer, grade, due, source, reason, back_on, interval in rows:
        mailed = last_out.get(customer)
        if mailed and source != "manual":
            if source == "grade" and interval:
                due = max(due, (date.fromisoformat(mailed) + timedelta(days=interval)).isoformat())
            elif mailed >= due:
                continue
            if due > today.isoformat():
                continue
        away = (back_on or "") > today.isoformat()
        detail = {
            "due": due,
            "source": source,
            "grade": grade,
            "interval": interval,
            "back_on": back_on if away else None,
        }
        what = f"due {due} ({source}): {reason}" + (f" — away, back on {back_on}" if away else "")
        items.append(Item("follow-ups", customer, "", None, grade, what, due, None, None, detail))
    return sorted(items, key=lambda i: (GRADE_ORDER.get(i.grade or "", 3), i.since, i.customer))


def last_outbound(db, customers: set[int]) -> dict[int, str]:
    """Our last mail, call, visit … to each customer (customers/contacts.py), counting those
    of customers merged into it (every address and domain of the company), as an ISO day."""
    if not customers:
        return {}
    marks = ",".join("?" * len(customers))
    return {
        r[0]: r[1][:10]
        for r in db.execute(
            f"SELECT customer, max(at) FROM (SELECT coalesce(c.merged_into, c.id) AS customer, m.date AS at "
            f"FROM customers c JOIN message_customers mc ON mc.customer = c.id JOIN messages m ON m.id = mc.message "
            f"WHERE m.direction = 'out' AND mc.automated = 0 "
            f"UNION ALL SELECT coalesce(c.merged_into, c.id), n.at FROM customers c JOIN notes n ON n.customer = c.id "
            f"WHERE n.direction = 'out' AND n.kind != 'note') WHERE customer IN ({marks}) GROUP BY 1",
            sorted(customers),
        )
        if r[1]
    }


def payment_items(db, today: date, payment_days: int) -> list[Item]:
    """Orders whose balance is still outstanding ``payment_days`` after the order, oldest first."""
    last = (today - timedelta(days=payment_days)).isoformat()
    items = []
    for customer, day, currency, outstanding, order_no in db.execute(
        "SELECT o.customer, o.date, o.currency, o.outstanding, o.order_no FROM orders o "
        "JOIN customers c ON c.id = o.customer WHERE c.status = 'active' AND o.outstanding > 0 AND o.date <= ? "
        "ORDER BY o.date, o.id",
        [last],
    ):
        days = (today - date.fromisoformat(day[:10])).days
        order = f"order {order_no} of {day[:10]}" if order_no else f"the order of {day[:10]}"
        detail = {"amount": outstanding, "currency": currency, "order_no": order_no, "date": day[:10], "days": days}
        what = f"{currency} {outstanding:,.2f} unpaid on {order}, {plural(days, 'day', 'days')} ago"
        items.append(Item("payments", customer, "", None, None, what, day[:10], None, None, detail))
    return items


def flag_items(db, section: str, names: tuple[str, ...]) -> list[Item]:
    marks = ",".join("?" * len(names))
    return [
        Item(section, r[0], "", None, None, f"{r[1]}: {r[2]}", r[3], r[4], r[5], {"flag": r[1], "evidence": r[6]})
        for r in db.execute(
            f"SELECT customer, flag, note, raised, message, rule, evidence FROM customer_flags WHERE flag IN ({marks}) "
            f"AND resolved IS NULL ORDER BY CASE severity WHEN 'urgent' THEN 0 WHEN 'normal' THEN 1 ELSE 2 END, "
            f"raised, id",
            list(names),
        )
    ]


def hold_items(db, today: date) -> list[Item]:
    """What the drafts' decision held a draft back for (the drafts module's draft_holds, read
    here by SQL: the engine does not import the drafts). An answer we wrote since is done."""
    if "draft_holds" not in db.table_names():
        return []
    now = moment(today)
    items = []
    for r in db.execute(
        "SELECT h.customer, h.kind, h.what, h.detail, h.since, h.message, h.rule FROM draft_holds h "
        "WHERE h.resolved IS NULL AND NOT (h.kind = 'answer' AND EXISTS (SELECT 1 FROM messages m "
        "WHERE m.thread_id = h.thread AND m.direction = 'out' AND m.date > h.since)) "
        "ORDER BY CASE h.kind WHEN 'answer' THEN 0 WHEN 'claim' THEN 1 ELSE 2 END, h.since, h.id"
    ):
        what = r[2]
        if r[1] == "answer" and r[4] and "T" in r[4]:
            days = (now - datetime.fromisoformat(r[4])).total_seconds() / 86400
            what += f" ({int(days)} days)" if days >= 2 else f" ({max(int(days * 24), 0)} hours)"
        items.append(
            Item(
                "before-drafts",
                r[0],
                "",
                None,
                None,
                what + (f" — {r[3]}" if r[3] else ""),
                (r[4] or "")[:10],
                r[5],
                r[6],
                {"hold": r[1]},
            )
        )
    return items


# A held draft's task that another section already names for that customer is said once.
SAME_TASK = {"answer": "unanswered", "claim": "complaints", "balance": "payments"}


def without_repeats(items: list[Item]) -> list[Item]:
    named = {(i.section, i.customer) for i in items if i.section != "before-drafts"}
    return [
        i
        for i in items
        if i.section != "before-drafts" or (SAME_TASK.get((i.detail or {}).get("hold")), i.customer) not in named
    ]


DRAFT_STATES = {"new": "to review", "approved": "approved, not sent", "pushed": "in your Drafts folder"}


def draft_items(db) -> list[Item]:
    """Drafts written and waiting for a person, then requests not written yet."""
    return written_draft_items(db) + [
        Item(
            "drafts",
            r[0],
            "",
            None,
            None,
            f"{r[1]}" + (f": {r[2]}" if r[2] else "") + " (not written yet)",
            r[3],
            None,
            r[4],
        )
        for r in db.execute(
            "SELECT customer, purpose, note, created, rule FROM draft_requests "
            "WHERE status = 'pending' ORDER BY created, id"
        )
    ]


def written_draft_items(db) -> list[Item]:
    if "drafts" not in db.table_names():  # the drafts module keeps its own tables
        return []
    rows = db.execute(
        "SELECT customer, purpose, status, created, rule, id, subject FROM drafts "
        "WHERE status IN ('new', 'approved', 'pushed') ORDER BY created, id"
    ).fetchall()
    return [
        Item("drafts", r[0], "", None, None, f"{r[1]} #{r[5]} {DRAFT_STATES[r[2]]}: {r[6]}", r[3][:10], None, r[4])
        for r in rows
    ]
