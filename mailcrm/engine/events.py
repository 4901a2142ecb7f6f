"""Actions that happen once: alerts, draft requests, follow-up dates.

Each has a key (the message that triggered it, or the day a customer rule
started to hold) and is written at most once per key, so repeated runs never
alert twice. Drafts also respect a cool-down per customer and purpose.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

from ..streams import Span, within
from .actions import render_note
from .backon import return_date
from .changes import RunReport
from ..clock import utcnow
from .model import Action, CustomerFacts, Rule


class Events:
    def __init__(
        self,
        db,
        today: date,
        report: RunReport,
        *,
        manager: str | None,
        draft_cooldown_days: int,
        names: dict[int, str],
        span: Span | None = None,
        history_before: date | None = None,
    ):
        """Events of the customers in ``span`` (a part of a run fires for its own customers only).
        ``history_before``: the horizon's start; a customer rule about a customer whose latest
        mail or contact is older raises no alert (a deal stalled in last year's mail is history
        on a first sync, listed under stalled deals, not news)."""
        self.db, self.today, self.report = db, today, report
        self.manager, self.cooldown, self.names = manager, draft_cooldown_days, names
        self.history_before = history_before
        self.load(span)

    def load(self, span: Span | None) -> None:
        """What already fired for the span's customers. Every alert, draft and follow-up ever
        recorded, read at once, grows with each night (45,000 of them, 5 MB, after a few runs
        on the 100,000-message sample)."""
        where = within(span, "customer")
        self.alerts = set(
            self.db.execute(f"SELECT rule, customer, recipient, event_key FROM alerts WHERE 1{where}").fetchall()
        )
        self.drafts = set(
            self.db.execute(f"SELECT rule, customer, event_key FROM draft_requests WHERE 1{where}").fetchall()
        )
        self.follow_ups = set(
            self.db.execute(f"SELECT rule, customer, event_key FROM follow_ups WHERE source = 'rule'{where}").fetchall()
        )
        self.recent_drafts = self.load_recent_drafts(where)

    def load_recent_drafts(self, where: str) -> dict[tuple[int, str], tuple[str, str]]:
        """(customer, purpose) → (latest created, its status)."""
        found = {}
        for customer, purpose, created, status in self.db.execute(
            f"SELECT customer, purpose, created, status FROM draft_requests WHERE 1{where} ORDER BY created, id"
        ):
            found[(customer, purpose)] = (created, status)
        return found

    def fire(
        self,
        rule: Rule,
        customer: CustomerFacts,
        key: str,
        base: date,
        *,
        message: int | None = None,
        text: str = "",
        evidence: dict | None = None,
        facts_seen: dict | None = None,
    ) -> None:
        values = note_values(rule, customer, self.names, facts_seen or {})
        for action in rule.actions("alert", "draft", "follow_up"):
            handler = {"alert": self.alert, "draft": self.draft, "follow_up": self.follow_up}[action.kind]
            handler(rule, action, customer, key, base, message, text, evidence or {}, values)

    def alert(self, rule, action: Action, customer, key, base, message, text, evidence, values) -> None:
        if key.startswith("episode:") and self.is_history(customer):
            return
        note = render_note(action.option("note"), **values) or f"{rule.description or rule.id}: {values['customer']}"
        for recipient in action.value:
            if (rule.id, customer.id, recipient, key) in self.alerts:
                continue
            person = customer.owner if recipient == "owner" else self.manager
            self.db.execute(
                "INSERT INTO alerts (customer, rule, recipient, person, note, message, event_key, created) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [customer.id, rule.id, recipient, person, note, message, key, utcnow()],
            )
            self.alerts.add((rule.id, customer.id, recipient, key))
            self.report.add("alert", customer.id, f"alert {recipient} ({person or 'unassigned'}): {note}", rule.id)

    def is_history(self, customer: CustomerFacts) -> bool:
        latest = max((d for d in (customer.last_in, customer.last_out) if d), default=None)
        return bool(self.history_before and latest and latest < self.history_before)

    def draft(self, rule, action: Action, customer, key, base, message, text, evidence, values) -> None:
        if (rule.id, customer.id, key) in self.drafts or self.cooling_down(customer.id, action):
            return
        note = render_note(action.option("note"), **values)
        self.db.execute(
            "INSERT INTO draft_requests (customer, purpose, rule, evidence, note, event_key, created) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                customer.id,
                action.value,
                rule.id,
                json.dumps(evidence | {"message": message}, ensure_ascii=False, default=str),
                note,
                key,
                self.today.isoformat(),
            ],
        )
        self.drafts.add((rule.id, customer.id, key))
        self.recent_drafts[(customer.id, action.value)] = (self.today.isoformat(), "pending")
        self.report.add("draft", customer.id, f"draft queued: {action.value}", rule.id)

    def cooling_down(self, customer: int, action: Action) -> bool:
        latest = self.recent_drafts.get((customer, action.value))
        if not latest:
            return False
        created, status = latest
        days = action.option("cooldown_days", self.cooldown)
        return status == "pending" or created > (self.today - timedelta(days=days)).isoformat()

    def follow_up(self, rule, action: Action, customer, key, base, message, text, evidence, values) -> None:
        if (rule.id, customer.id, key) in self.follow_ups:
            return
        due, why = follow_up_due(action, base, text)
        note = render_note(action.option("note"), **values) or why
        self.db.execute(
            "INSERT INTO follow_ups (customer, due, source, rule, message, note, event_key, created) "
            "VALUES (?, ?, 'rule', ?, ?, ?, ?, ?)",
            [customer.id, due.isoformat(), rule.id, message, note, key, base.isoformat()],
        )
        self.follow_ups.add((rule.id, customer.id, key))
        self.report.add("follow-up", customer.id, f"follow up on {due}: {note}", rule.id)


def follow_up_due(action: Action, base: date, text: str) -> tuple[date, str]:
    if action.value != "after_return":
        return base + timedelta(days=action.value), f"{action.value} day{'' if action.value == 1 else 's'} after {base}"
    back = return_date(text, base)
    if back:
        return back, f"out of office, back on {back}"
    days = action.option("default_days", 7)
    return base + timedelta(days=days), f"out of office, no return date found: {days} days"


def note_values(rule: Rule, customer: CustomerFacts, names: dict[int, str], seen: dict) -> dict:
    # {days}: the first day count a condition relied on (stage_days, days_since_order …)
    numbers = [v for k, v in seen.items() if "days" in k and isinstance(v, (int, float)) and not isinstance(v, bool)]
    return {
        "customer": names.get(customer.id) or customer.name or f"#{customer.id}",
        "rule": rule.id,
        "stage": customer.stage or "",
        "days": int(numbers[0]) if numbers else "",
    }


def pending_rule_follow_ups(db, customers: dict[int, CustomerFacts]) -> dict[int, tuple[str, str]]:
    """customer → (due, note) of the latest rule follow-up with no mail from us since."""
    pending: dict[int, tuple[str, str]] = {}
    for customer, due, note, created in db.execute(
        "SELECT customer, due, note, created FROM follow_ups WHERE source = 'rule' ORDER BY created, id"
    ):
        facts = customers.get(customer)
        if facts and (facts.last_out is None or facts.last_out.isoformat() <= created):
            pending[customer] = (due, note or "")
        else:
            pending.pop(customer, None)
    return pending
