"""Evaluate message rules on messages they have not seen (per-rule cursors).

A rule remembers the last message id it read and the fingerprint of its
definition; a new or edited rule starts again from the first message, so
results never depend on when a rule was added.
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections import deque
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator

from ..clock import utcnow
from ..db import database_file
from ..workers import fork_pool
from . import facts
from .changes import RunReport
from .matcher import Document
from .model import Context, CustomerFacts, MessageFacts, Rule, RuleSet


class Lookup:
    """Per-message extras that only some conditions need, fetched on demand."""

    def __init__(self, db):
        self.db = db
        self.positions: dict[int, int] = {}

    def folders(self, message: int) -> set[str]:
        rows = self.db.execute(
            "SELECT lower(f.name), lower(coalesce(f.role, '')) FROM locations l JOIN folders f "
            "ON f.id = l.folder WHERE l.message = ?",
            [message],
        ).fetchall()
        return {value for row in rows for value in row if value}

    def recipients(self, message: int) -> list[str]:
        return [
            r[0]
            for r in self.db.execute(
                "SELECT email FROM addresses WHERE message = ? AND role IN ('to', 'cc')", [message]
            )
        ]

    def thread_position(self, message: int) -> int:
        if message not in self.positions:
            self.positions[message] = self.db.execute(
                "SELECT 1 + count(*) FROM messages o JOIN messages m ON m.id = ? WHERE o.thread_id = m.thread_id "
                "AND (o.date < m.date OR (o.date = m.date AND o.id < m.id))",
                [message],
            ).fetchone()[0]
        return self.positions[message]


def sync_rule_state(db, ruleset: RuleSet, report: RunReport) -> dict[str, int]:
    """Cursor per enabled message rule; forget what edited or deleted rules concluded."""
    stored = {r[0]: (r[1], r[2]) for r in db.execute("SELECT rule, fingerprint, cursor FROM rule_state")}
    rules = {r.id: r for r in ruleset.scope("message")}
    for gone in sorted(set(stored) - set(rules)):
        db.execute("DELETE FROM rule_hits WHERE rule = ?", [gone])
        db.execute("DELETE FROM rule_state WHERE rule = ?", [gone])
        report.add("rule", None, f"rule {gone} was removed or disabled: its matches are forgotten", gone)
    cursors = {}
    for rule in rules.values():
        fingerprint, cursor = stored.get(rule.id, (None, 0))
        if fingerprint != rule.fingerprint:
            cursor = restart(db, rule, fingerprint is not None, report)
        cursors[rule.id] = cursor
    return cursors


def restart(db, rule: Rule, edited: bool, report: RunReport) -> int:
    db.execute("DELETE FROM rule_hits WHERE rule = ?", [rule.id])
    db.execute(
        "INSERT INTO rule_state (rule, fingerprint, cursor, updated) VALUES (?, ?, 0, ?) "
        "ON CONFLICT (rule) DO UPDATE SET fingerprint = excluded.fingerprint, cursor = 0, "
        "updated = excluded.updated",
        [rule.id, rule.fingerprint, utcnow()],
    )
    what = "was edited" if edited else "is new"
    report.add("rule", None, f"rule {rule.id} {what}: reading all stored mail with it", rule.id)
    return 0


# Below this many unread messages a pool costs more to start than it saves.
PARALLEL_MIN = 3000
IN_FLIGHT = 4  # batches handed to the pool ahead of the one being written: bounds memory


@dataclass
class Pass:
    """What evaluating a batch needs; inherited by forked workers, never pickled."""

    rules: list[Rule]
    cursors: dict[str, int]
    ruleset: RuleSet
    today: date
    customers: dict[int, CustomerFacts] | None
    database: str = ""  # the file workers open read-only for their lookups

    def evaluate(self, batch: list[MessageFacts], lookup: Lookup) -> list[tuple]:
        return [
            hit
            for message in batch
            for hit in evaluate(message, self.rules, self.cursors, self.ruleset, self.today, lookup, self.customers)
        ]


def run_message_rules(
    db,
    ruleset: RuleSet,
    today: date,
    report: RunReport,
    customer_facts: Callable[[int], dict[int, CustomerFacts] | None],
) -> None:
    """``customer_facts(after)`` gives the customers of the messages after that id; it is
    called only when there is new mail to read."""
    cursors = sync_rule_state(db, ruleset, report)
    rules = [r for r in ruleset.scope("message")]
    if not rules:
        return
    start = min(cursors.values())
    unread = db.execute("SELECT count(*) FROM messages WHERE id > ?", [start]).fetchone()[0]
    if unread:
        work = Pass(rules, cursors, ruleset, today, customer_facts(start), database_file(db))
        if unread >= PARALLEL_MIN and work.database:
            evaluated = in_parallel(work, facts.message_spans(db, start))
        else:
            evaluated = ((len(batch), work.evaluate(batch, Lookup(db))) for batch in facts.message_batches(db, start))
        for count, rows in evaluated:
            db.conn.executemany(
                "INSERT OR REPLACE INTO rule_hits (rule, message, date, terms) VALUES (?, ?, ?, ?)", rows
            )
            report.messages += count
            report.matches += len(rows)
    advance(db, [r.id for r in rules], facts.last_message_id(db))
    if report.matches:
        report.add("hits", None, f"{report.matches} new rule matches in {report.messages} messages")


# -- evaluating on every core ---------------------------------------------------------

_WORK: Pass | None = None  # set in the parent just before the pool forks
_LOOKUP: Lookup | None = None


def in_parallel(work: Pass, spans: Iterator[tuple[int, int]]) -> Iterator[tuple[int, list[tuple]]]:
    """Evaluate id spans in forked workers, yielding (messages, hits) in span order.

    Rule evaluation is pure CPU on the message text, so a first run over a big
    mailbox takes about half as long on two cores. Workers inherit the rules and
    customer facts at fork and open the database read-only to read their span's
    messages and for lookups (folders, recipients, thread positions): all of that
    was committed before this run began.
    """
    global _WORK
    _WORK = work
    workers = min(os.cpu_count() or 1, 4)
    try:
        with fork_pool(workers) as pool:
            pending: deque = deque()
            for low, high in spans:
                pending.append(pool.submit(evaluate_in_worker, low, high))
                if len(pending) > IN_FLIGHT:
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
    finally:
        _WORK = None


def evaluate_in_worker(low: int, high: int) -> tuple[int, list[tuple]]:
    global _LOOKUP
    if _LOOKUP is None:
        _LOOKUP = Lookup(sqlite3.connect(f"file:{_WORK.database}?mode=ro", uri=True))
    batch = facts.messages_between(_LOOKUP.db, low, high)
    return len(batch), _WORK.evaluate(batch, _LOOKUP)


def evaluate(
    message: MessageFacts,
    rules: list[Rule],
    cursors: dict[str, int],
    ruleset: RuleSet,
    today: date,
    lookup: Lookup,
    customers: dict[int, CustomerFacts] | None,
) -> list[tuple]:
    doc = Document(
        {
            "subject": message.subject,
            "body": message.body,
            "attachments": message.attachment_names.replace("\n", " ; "),
        },
        ruleset.speakers,
        message.from_email,
    )
    customer = customers.get(message.customer) if customers and message.customer else None
    ctx = Context(today, ruleset.lexicon, message=message, customer=customer, doc=doc, lookup=lookup)
    present = ruleset.lexicon.owners(doc, ruleset.lexicon.fields)  # which rules' words occur at all
    hits = []
    for rule in rules:
        if message.id <= cursors[rule.id] or not rule.may_match(present):
            continue
        ctx.hits.clear()  # one context per message: rules only differ in what they collect
        ctx.facts.clear()
        if rule.when.test(ctx):
            terms = sorted({h.term for h in ctx.hits})
            hits.append((rule.id, message.id, message.date, json.dumps(terms, ensure_ascii=False)))
    return hits


def advance(db, rule_ids: list[str], last_id: int) -> None:
    db.conn.executemany(
        "UPDATE rule_state SET cursor = ?, updated = ? WHERE rule = ? AND cursor < ?",
        [(last_id, utcnow(), rule_id, last_id) for rule_id in rule_ids],
    )
