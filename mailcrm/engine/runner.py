"""`rules run`: message rules on new mail, then grading and the customer pass.

The whole run is one transaction. A dry run does exactly the same work and
rolls it back, so the change list it prints is the one a real run produces.
"""

from __future__ import annotations

import json
import time
from contextlib import nullcontext
from dataclasses import replace
from datetime import date, timedelta

from . import grading
from ..config import Config
from ..lock import database_lock
from ..money import money_settings
from . import away, facts, state
from .horizon import Horizon, horizon
from .changes import RunReport
from .derive import Derived, derive_message_flags, derive_stages, derive_tags
from .actions import render_note
from .events import Events, note_values, pending_rule_follow_ups
from .loader import RuleSettings, load_rules, rule_settings
from ..clock import utcnow
from .message_pass import run_message_rules
from .mail_orders import record_orders_from_mail
from .model import STAGES, CustomerFacts, RuleSet
from .nightly import CustomerPass
from .segments import overlay_stored


def run_rules(
    db,
    config: Config | None,
    *,
    today: date | None = None,
    dry_run: bool = False,
    ruleset: RuleSet | None = None,
    lock: bool = True,
    keep_changes: int | None = None,
) -> RunReport:
    """Evaluate every rule; returns what changed (or would change, with dry_run).

    ``keep_changes``: list at most this many changes of each kind in the report (its
    counts stay exact); None lists them all.
    """
    ruleset = ruleset or load_rules(config)
    run = Run(db, config, ruleset, today or date.today(), dry_run, keep_changes)
    locked = database_lock(config.database_path, "rules run") if lock and config else nullcontext()
    with locked:
        return in_transaction(db, run)


def in_transaction(db, run: "Run") -> RunReport:
    dry_run = run.report.dry_run
    started = time.monotonic()
    db.execute("BEGIN IMMEDIATE")
    try:
        run.execute()
    except BaseException:
        db.execute("ROLLBACK")
        raise
    run.report.seconds = time.monotonic() - started
    if dry_run:
        db.execute("ROLLBACK")
    else:
        log_run(db, run.report)
        db.execute("COMMIT")
    return run.report


CONCLUDING = ("set_stage", "record_order", "flag", "add_tag")  # actions whose match promotes a sender


def promote_senders(db, config: Config | None, ruleset: RuleSet, report: RunReport) -> None:
    """A pending sender (customers/triage.py) whose own mail a message rule concluding something
    about a customer matched (a stage, an order, a complaint, a tag such as eco-friendly: the
    trade's vocabulary) is a customer: made one here, and filed, so that this run's customer
    pass concludes it too."""
    rules = [r.id for r in ruleset.scope("message") if r.actions(*CONCLUDING)]
    if config is None or not rules:
        return
    from ..customers import filing, triage

    found = db.execute(
        "SELECT c.key, min(h.message), min(h.rule) FROM triage t JOIN contacts c ON c.key = t.key "
        "JOIN message_facts f ON f.contact = c.id JOIN rule_hits h ON h.message = f.message "
        "WHERE t.verdict = 'pending' AND f.triage IS NULL AND f.automated = 0 AND c.ignored = 0 "
        "AND h.rule IN (SELECT value FROM json_each(?)) GROUP BY c.key ORDER BY c.key",
        [json.dumps(rules)],
    ).fetchall()
    for key, message, rule in found:
        customer = triage.promote_key(
            db, key, f"a customer: rule {rule} matched their mail #{message}", {"rule": rule, "message": message}
        )
        report.add("promote", customer, f"{key} is a customer: rule {rule} matched their mail #{message}", rule)
    if found:
        filing.refresh_within(db, config)


def log_run(db, report: RunReport) -> None:
    db.execute(
        "INSERT INTO rule_runs (started, finished, today, dry_run, messages, changes, summary) "
        "VALUES (?, ?, ?, 0, ?, ?, ?)",
        [utcnow(), utcnow(), report.today, report.messages, report.total(), json.dumps(report.counts())],
    )


# Customers concluded at a time. A part's facts are read, its tags, stages, flags and
# grades derived, compared with what is stored and written before the next part is
# read, so a run's memory is bounded by the part rather than by the mailbox: all 7,185
# customers of the 100,000-message benchmark at once held 50 MB of conclusions, and
# their facts 14 MB more. Only the grades' ranks are computed over everyone at once.
PART = 1000


class Run:
    def __init__(
        self, db, config: Config | None, ruleset: RuleSet, today: date, dry_run: bool, keep_changes: int | None = None
    ):
        self.db, self.config, self.ruleset, self.today = db, config, ruleset, today
        self.settings: RuleSettings = rule_settings(config)
        self.grading = grading.grading_settings(config)
        self.rates = money_settings(config)
        self.report = RunReport(today.isoformat(), dry_run, keep=keep_changes)
        self.horizon: Horizon = horizon(db, config, today)  # again once the message rules have read the mail

    def execute(self) -> None:
        run_message_rules(self.db, self.ruleset, self.today, self.report, self.customers_for_messages)
        promote_senders(self.db, self.config, self.ruleset, self.report)  # before anything reads the customers
        record_orders_from_mail(self.db, self.ruleset, self.report)  # before grading reads the orders
        self.horizon = horizon(self.db, self.config, self.today, reading=self.report.messages > 0)
        ids = facts.active_customer_ids(self.db)
        self.report.customers = len(ids)
        adopt_outside_stages(self.db, self.today)
        grades = grading.grade_customers(
            self.db, self.grading, set(ids), facts.last_orders(self.db), self.today, self.rates
        )  # ranks need everyone
        self.report_unpriced(grades)
        for span in facts.spans(ids, PART):
            first_change = len(self.report.changes)
            part = facts.customer_facts(self.db, self.today, span, self.horizon.since)
            part_grades = {c: grades.pop(c) for c in part}
            names = {c.id: c.name for c in part.values()}
            events = Events(
                self.db,
                self.today,
                self.report,
                manager=self.manager(),
                draft_cooldown_days=self.settings.draft_cooldown_days,
                names=names,
                span=span,
                history_before=self.horizon.start,
            )
            self.conclude(span, part, part_grades, events, names)
            state.save_grades(self.db, part_grades, self.report, span)
            name_changes(self.report.changes[first_change:], names)

    def report_unpriced(self, grades: dict[int, grading.Grade]) -> None:
        """Orders in a currency without a rate: listed in the report, never summed as they are."""
        left_out = {c: g.unpriced for c, g in grades.items() if g.unpriced}
        names = facts.customer_names(self.db, set(left_out))
        for customer in sorted(left_out, key=lambda c: (names.get(c, ""), c)):
            for currency, (orders, amount) in sorted(left_out[customer].items()):
                self.report.unpriced.append(
                    {
                        "customer": customer,
                        "customer_name": names.get(customer, ""),
                        "currency": currency,
                        "orders": orders,
                        "amount": amount,
                    }
                )

    def conclude(
        self, span: facts.Span, customers: dict[int, CustomerFacts], grades: dict, events: Events, names: dict[int, str]
    ) -> None:
        """Tags, stage, flags, customer rules and next contact for the customers in one span."""
        derived = Derived(
            derive_tags(self.db, self.ruleset, self.settings, self.today, span),
            derive_stages(self.db, self.ruleset, span),
            derive_message_flags(self.db, self.ruleset, self.settings, self.today, span),
        )
        fill_facts(customers, derived, grades)
        facts.add_windows(
            self.db, customers, self.today, self.ruleset.needs.windows, self.ruleset.needs.hit_windows, span
        )
        stored = (
            state.stored_tags(self.db, span),
            state.stored_flags(self.db, span),
            state.stored_stages(self.db, span),
        )
        CustomerPass(self.db, self.ruleset, derived, events, self.today, stored[0], stored[1], names, span).run(
            customers
        )
        self.message_events(events, customers, span)
        render_flag_notes(derived, customers, names, self.ruleset)
        pending = pending_rule_follow_ups(self.db, customers)
        notices = away.latest_notices(self.db, self.today, span)
        for customer, grade in grades.items():
            grading.next_contact(
                grade, customers[customer], pending.get(customer), self.grading, self.today, self.horizon
            )
            away.postpone(grade, notices.get(customer), self.today)
        state.save_tags(self.db, stored[0], derived.tags, self.report)
        state.save_stages(self.db, stored[2], derived.stages, self.report)
        state.save_flags(self.db, stored[1], derived.flags, self.report, self.today)
        facts.publish(self.db, {c: s.stage for c, s in derived.stages.items()}, {c: g.grade for c, g in grades.items()})

    def customers_for_messages(self, after: int) -> dict[int, CustomerFacts] | None:
        """What message rules may ask about the customers of the mail after ``after``: last run's
        conclusions. A nightly run's hundred new messages need a hundred customers, not all of them
        (at 100,000 messages, reading all 7,161 took 0.46 s of a 2.8 s run)."""
        if not self.ruleset.needs.customer:
            return None
        span = facts.customers_of_mail_after(self.db, after, most=PART)
        found = facts.customer_facts(self.db, self.today, span, self.horizon.since)
        return overlay_stored(self.db, found, self.ruleset, self.today, span)

    def message_events(self, events: Events, customers: dict[int, CustomerFacts], span: facts.Span) -> None:
        """Alerts, drafts and follow-ups of message rules, for mail inside the event window."""
        rules = {r.id: r for r in self.ruleset.scope("message") if r.actions("alert", "draft", "follow_up")}
        since = self.today - timedelta(days=self.settings.event_window_days)
        for rule_id, customer, message, when, terms in facts.recent_hits(self.db, sorted(rules), since, span):
            if customer in customers and when[:10] <= self.today.isoformat():
                rule = rules[rule_id]
                text = facts.message_text(self.db, message) if rule.actions("follow_up") else ""
                events.fire(
                    rule,
                    customers[customer],
                    f"message:{message}",
                    date.fromisoformat(when[:10]),
                    message=message,
                    text=text,
                    evidence={"terms": json.loads(terms)},
                )

    def manager(self) -> str | None:
        return self.config.me.manager if self.config else None


def name_changes(changes: list, names: dict[int, str]) -> None:
    for change in changes:
        change.customer_name = names.get(change.customer, "") if change.customer else ""


def fill_facts(customers: dict[int, CustomerFacts], derived: Derived, grades: dict) -> None:
    """Make this run's tags, flags, stage and grade visible to customer rules."""
    for (customer, tag), tag_state in derived.tags.items():
        if customer in customers and tag_state.status == "active":
            customers[customer].add_tag(tag)
    for customer, flag, _rule in derived.flags:
        if customer in customers:
            customers[customer].add_flag(flag)
    for customer, stage in derived.stages.items():
        if customer in customers:
            customers[customer].stage = stage.stage
            customers[customer].stage_since = date.fromisoformat(stage.since)
    for customer, grade in grades.items():
        facts_ = customers[customer]
        facts_.grade = facts_.grade_override or grade.grade
        facts_.scores = dict(grade.scores)


def render_flag_notes(
    derived: Derived, customers: dict[int, CustomerFacts], names: dict[int, str], ruleset: RuleSet
) -> None:
    for key, flag in list(derived.flags.items()):
        rule = ruleset.rule(flag.rule)
        if "{" in flag.note and rule and flag.customer in customers:
            values = note_values(rule, customers[flag.customer], names, {})
            derived.flags[key] = replace(flag, note=render_note(flag.note, **values))


def adopt_outside_stages(db, today: date) -> None:
    """A stage someone wrote into the customers table counts as set by hand, from today."""
    manual = facts.manual_stages(db)
    for customer, stage in facts.outside_stages(db):
        if stage in STAGES and manual.get(customer, (None,))[0] != stage:
            db.execute(
                "INSERT INTO stage_events (customer, stage, at, source, author, forced) "
                "VALUES (?, ?, ?, 'manual', 'customers table', 1)",
                [customer, stage, today.isoformat()],
            )
