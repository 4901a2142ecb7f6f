"""Read what the engine concluded last time; write only what differs.

Writing only differences is what makes a second run a no-op, and what lets
a dry run list the changes before making them.
"""

from __future__ import annotations

import json
from datetime import date

from .grading import Grade
from .changes import RunReport
from .derive import FlagState, StageState, TagState, parsed_terms
from .facts import Span, within
from ..clock import utcnow


# -- loading ------------------------------------------------------------------------


def stored_tags(db, span: Span | None = None) -> dict[tuple[int, str], TagState]:
    return {
        (r[0], r[1]): TagState(r[0], r[1], r[2], r[3], r[4], r[5], parsed_terms(r[6]), parsed_terms(r[7]), r[8])
        for r in db.execute(
            "SELECT customer, tag, status, first_seen, last_seen, count, rules, terms, "
            f"fades_on FROM customer_tags WHERE 1{within(span, 'customer')}"
        )
    }


def stored_stages(db, span: Span | None = None) -> dict[int, StageState]:
    return {
        r[0]: StageState(*r)
        for r in db.execute(
            f"SELECT customer, stage, since, source, rule, message FROM customer_stage WHERE 1{within(span, 'customer')}"
        )
    }


def stored_flags(db, span: Span | None = None) -> dict[tuple[int, str, str], tuple[int, FlagState]]:
    """Open flags: key → (row id, state)."""
    return {
        (r[1], r[2], r[3]): (r[0], FlagState(r[1], r[2], r[3], r[4], r[5] or "", r[6], r[7], r[8], r[9]))
        for r in db.execute(
            "SELECT id, customer, flag, rule, severity, note, raised, message, expires, "
            f"evidence FROM customer_flags WHERE resolved IS NULL{within(span, 'customer')}"
        )
    }


def episodes(db, span: Span | None = None) -> dict[tuple[str, int], str]:
    return {
        (r[0], r[1]): r[2]
        for r in db.execute(f"SELECT rule, customer, since FROM rule_episodes WHERE 1{within(span, 'customer')}")
    }


# -- tags ---------------------------------------------------------------------------


def save_tags(db, old: dict, new: dict, report: RunReport) -> None:
    for key, state in sorted(new.items()):
        before = old.get(key)
        if before == state:
            continue
        write_tag(db, state)
        report_tag(report, before, state)
    for key in sorted(set(old) - set(new)):
        db.execute("DELETE FROM customer_tags WHERE customer = ? AND tag = ?", list(key))
        report.add("untag", key[0], f"tag {key[1]} dropped: no rule supports it any more")


def write_tag(db, s: TagState) -> None:
    db.execute(
        "INSERT INTO customer_tags (customer, tag, status, active, first_seen, last_seen, count, rules, terms, "
        "fades_on, changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (customer, tag) DO UPDATE SET "
        "status = excluded.status, active = excluded.active, first_seen = excluded.first_seen, "
        "last_seen = excluded.last_seen, count = excluded.count, rules = excluded.rules, terms = excluded.terms, "
        "fades_on = excluded.fades_on, changed = excluded.changed",
        [
            s.customer,
            s.tag,
            s.status,
            int(s.status == "active"),
            s.first_seen,
            s.last_seen,
            s.count,
            json.dumps(list(s.rules)),
            json.dumps(list(s.terms), ensure_ascii=False),
            s.fades_on,
            utcnow(),
        ],
    )


def report_tag(report: RunReport, before: TagState | None, state: TagState) -> None:
    words = ", ".join(f"'{t}'" for t in state.terms[:4])
    evidence = f" ({state.count} messages: {words})" if state.count else ""
    if state.status == "active" and (before is None or before.status != "active"):
        report.add("tag", state.customer, f"tag {state.tag}{evidence}", state.rules[0] if state.rules else None)
    elif state.status == "faded" and (before is None or before.status == "active"):
        report.add("fade", state.customer, f"tag {state.tag} faded: not mentioned since {state.last_seen}")
    elif state.status == "removed" and (before is None or before.status != "removed"):
        report.add("untag", state.customer, f"tag {state.tag} removed", state.rules[0] if state.rules else None)


# -- stages -------------------------------------------------------------------------


def save_stages(db, old: dict[int, StageState], new: dict[int, StageState], report: RunReport) -> None:
    for customer, state in sorted(new.items()):
        before = old.get(customer)
        if before == state:
            continue
        db.execute(
            "INSERT OR REPLACE INTO customer_stage (customer, stage, since, source, rule, message, changed) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [state.customer, state.stage, state.since, state.source, state.rule, state.message, utcnow()],
        )
        if before is None or before.stage != state.stage:
            db.execute(
                "INSERT INTO stage_history (customer, stage, previous, since, source, rule, message, "
                "recorded) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    customer,
                    state.stage,
                    before.stage if before else None,
                    state.since,
                    state.source,
                    state.rule,
                    state.message,
                    utcnow(),
                ],
            )
            previous = f"{before.stage} → " if before else ""
            report.add("stage", customer, f"stage {previous}{state.stage} (since {state.since})", state.rule)


def record_rule_stage(db, customer: int, stage: str, today: date, rule: str, forced: bool) -> None:
    db.execute(
        "INSERT INTO stage_events (customer, stage, at, source, rule, forced) VALUES (?, ?, ?, 'rule', ?, ?)",
        [customer, stage, today.isoformat(), rule, int(forced)],
    )


# -- flags --------------------------------------------------------------------------


def save_flags(db, old: dict, new: dict[tuple, FlagState], report: RunReport, today: date) -> None:
    for key, state in sorted(new.items()):
        row = old.get(key)
        if row is None:
            insert_flag(db, state)
            report.add("flag", state.customer, f"flag {state.flag} ({state.severity}): {state.note}", state.rule)
        elif comparable(row[1]) != comparable(state):
            db.execute(
                "UPDATE customer_flags SET severity = ?, note = ?, message = ?, expires = ?, evidence = ? WHERE id = ?",
                [state.severity, state.note, state.message, state.expires, state.evidence, row[0]],
            )
    for key in sorted(set(old) - set(new)):
        row_id, state = old[key]
        expired = state.expires is not None and state.expires <= today.isoformat()
        reason = "expired" if expired else "condition-ended"
        db.execute(
            "UPDATE customer_flags SET resolved = ?, resolution = ? WHERE id = ?", [today.isoformat(), reason, row_id]
        )
        report.add("resolve", state.customer, f"flag {state.flag} resolved ({reason})", state.rule)


def comparable(state: FlagState) -> tuple:
    return state.severity, state.note, state.message, state.expires, state.evidence


def insert_flag(db, s: FlagState) -> None:
    db.execute(
        "INSERT INTO customer_flags (customer, flag, rule, severity, note, message, evidence, raised, expires) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [s.customer, s.flag, s.rule, s.severity, s.note, s.message, s.evidence, s.raised, s.expires],
    )


# -- episodes -----------------------------------------------------------------------


def save_episodes(db, old: dict[tuple[str, int], str], holding: dict[tuple[str, int], str]) -> None:
    db.conn.executemany(
        "INSERT INTO rule_episodes (rule, customer, since) VALUES (?, ?, ?)",
        [(*key, since) for key, since in holding.items() if key not in old],
    )
    db.conn.executemany(
        "DELETE FROM rule_episodes WHERE rule = ? AND customer = ?", [key for key in old if key not in holding]
    )


# -- grades -------------------------------------------------------------------------

GRADE_COLUMNS = (
    "grade",
    "basis",
    "value_12m",
    "share",
    "cumulative",
    "rank",
    "engagement",
    "recency_days",
    "frequency",
    "r_score",
    "f_score",
    "m_score",
    "follow_up_days",
    "next_contact",
    "next_contact_source",
    "next_contact_reason",
    "auto_reply",
    "back_on",
    "currency",
    "unpriced",
)


def grade_row(g: Grade) -> tuple:
    scores = g.scores or {}
    return (
        g.grade,
        g.basis,
        round(g.value_12m, 2),
        round(g.share, 4),
        round(g.cumulative, 4),
        g.rank,
        g.engagement,
        g.recency_days,
        g.frequency,
        scores.get("recency"),
        scores.get("frequency"),
        scores.get("monetary"),
        g.follow_up_days,
        g.next_contact,
        g.next_contact_source,
        g.next_contact_reason,
        g.auto_reply,
        g.back_on,
        g.currency,
        json.dumps({c: list(v) for c, v in sorted(g.unpriced.items())}) if g.unpriced else None,
    )


def save_grades(db, grades: dict[int, Grade], report: RunReport, span: Span | None = None) -> None:
    """Write grades that changed; forget those of customers (in the span) no longer graded."""
    old = {
        r[0]: tuple(r[1:])
        for r in db.execute(
            f"SELECT customer, {', '.join(GRADE_COLUMNS)} FROM customer_grades WHERE 1{within(span, 'customer')}"
        )
    }
    marks = ", ".join("?" * (len(GRADE_COLUMNS) + 2))
    for customer, grade in sorted(grades.items()):
        row = grade_row(grade)
        if old.get(customer) == row:
            continue
        db.execute(
            f"INSERT OR REPLACE INTO customer_grades (customer, {', '.join(GRADE_COLUMNS)}, computed) VALUES ({marks})",
            [customer, *row, utcnow()],
        )
        before = old.get(customer, (None,))[0]
        if before != grade.grade:
            was = f"{before} → " if before else ""
            report.add("grade", customer, f"grade {was}{grade.grade} ({describe_grade(grade)})")
    gone = [(c,) for c in old if c not in grades]
    db.conn.executemany("DELETE FROM customer_grades WHERE customer = ?", gone)


def describe_grade(g: Grade) -> str:
    if g.basis in ("orders", "single-share"):
        return f"{g.share:.0%} of 12-month order value, rank {g.rank}"
    if g.basis == "engagement":
        return f"no orders; {g.engagement} mails from them recently"
    return "no orders, no recent mail"
