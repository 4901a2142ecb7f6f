"""`mailcrm today`: the salesperson's agenda, most important first.

Order: complaints, unanswered inbound mail, what must be done before any draft
(the drafts' decision held a draft back: answer them, settle a claim, collect a
balance), follow-ups due (A before B before C), stalled deals, churn risks, other
risks (payment, competitor), drafts waiting for review. Each item says who, what, since when and why.

Mail older than the horizon (horizon.py) waits for no answer: those threads are
counted in the result's ``horizon`` and listed by ``old_unanswered`` (`today --old`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timezone

from ..config import Config
from . import facts
from .horizon import Horizon, horizon

SECTIONS = ("complaints", "unanswered", "before-drafts", "follow-ups", "stalled", "churn-risk", "other-risks", "drafts")
SECTION_TITLES = {
    "complaints": "Complaints (answer today)",
    "unanswered": "Waiting for your answer",
    "before-drafts": "Needs you before any draft",
    "follow-ups": "Follow-ups due",
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
        + flag_items(db, "stalled", ("stalled",))
        + flag_items(db, "churn-risk", ("churn-risk",))
        + flag_items(db, "other-risks", ("payment-risk", "competitor"))
        + draft_items(db)
    )
    enrich(db, items)
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


# -- sections ---------------------------------------------------------------------


def complaint_items(db) -> list[Item]:
    return [
        Item("complaints", r[0], "", None, None, r[1], r[2], r[3], r[4])
        for r in db.execute(
            "SELECT customer, note, raised, message, rule FROM customer_flags WHERE flag = 'complaint' "
            "AND resolved IS NULL ORDER BY raised, id"
        )
    ]


def unanswered_items(db, today: date, line: Horizon) -> list[Item]:
    """Inbound mail after our last reply and on or after the horizon's start; an out-of-office
    notice (their latest mail, read without auto-reply headers) waits for no answer."""
    now = moment(today)
    items = []
    notices = {r[0] for r in db.execute("SELECT auto_reply FROM customer_grades WHERE auto_reply IS NOT NULL")}
    for row in facts.unanswered(db, line.since):
        hours = (now - datetime.fromisoformat(row["date"])).total_seconds() / 3600
        if hours < 0 or row["message"] in notices:
            continue
        age = f"{int(hours // 24)} days" if hours >= 48 else f"{int(hours)} hours"
        items.append(
            Item(
                "unanswered",
                row["customer"],
                "",
                None,
                None,
                f"{row['subject'] or '(no subject)'} — waiting {age}",
                row["date"][:10],
                row["message"],
            )
        )
    return items


def moment(today: date) -> datetime:
    """Now, or the end of the day asked about (`--today`)."""
    if today == date.today():
        return datetime.now(timezone.utc)
    return datetime.combine(today, datetime.max.time(), tzinfo=timezone.utc)


def follow_up_items(db, today: date) -> list[Item]:
    """Follow-ups due. One that waits for an away customer is not due before they are back
    (away.postpone); a date set by hand is kept, and says they are away."""
    rows = db.execute(
        "SELECT customer, grade, next_contact, next_contact_source, next_contact_reason, back_on "
        "FROM customer_grades WHERE next_contact <= ?",
        [today.isoformat()],
    ).fetchall()
    rows = sorted(rows, key=lambda r: (GRADE_ORDER.get(r[1], 3), r[2], r[0]))
    return [
        Item(
            "follow-ups",
            r[0],
            "",
            None,
            r[1],
            f"due {r[2]} ({r[3]}): {r[4]}" + (f" — away, back on {r[5]}" if (r[5] or "") > today.isoformat() else ""),
            r[2],
        )
        for r in rows
    ]


def flag_items(db, section: str, names: tuple[str, ...]) -> list[Item]:
    marks = ",".join("?" * len(names))
    return [
        Item(section, r[0], "", None, None, f"{r[1]}: {r[2]}", r[3], r[4], r[5])
        for r in db.execute(
            f"SELECT customer, flag, note, raised, message, rule FROM customer_flags WHERE flag IN ({marks}) "
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
            )
        )
    return items


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
