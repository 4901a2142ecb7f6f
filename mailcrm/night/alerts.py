"""Urgent alerts: an A customer complains → a mail to the owner and the manager at once.

The rule engine writes alerts (``alerts`` table, one per rule, customer,
recipient and event) and never mails them. Most wait for the next digest; the
ones about a complaint (the rule also raised a ``complaint`` flag) from an A
customer are mailed here, right after the rules ran, and marked delivered so
they are mailed once. The owner's mail names the message; the manager's has
facts only (grade, value, stage, tags), no text in the customer's language.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone

from ..config import Config
from ..db import transaction
from .digest_text import Document, Section, Words
from ..errors import MailcrmError
from .mailout import MailReport, compose, deliver, mark_delivered, sender_for
from .settings import DigestSettings, digest_settings

URGENT_SQL = """
SELECT a.id, a.customer, a.rule, a.recipient, a.person, a.note, a.message, a.created,
       c.key, c.name, c.country, c.grade, c.owner, c.stage,
       g.value_12m, g.currency, g.rank, f.raised, f.evidence, m.subject, m.date
FROM alerts a
JOIN customers c ON c.id = a.customer
JOIN customer_flags f ON f.id = (SELECT max(id) FROM customer_flags x WHERE x.customer = a.customer
                                  AND x.rule = a.rule AND x.flag = 'complaint')
LEFT JOIN customer_grades g ON g.customer = a.customer
LEFT JOIN messages m ON m.id = coalesce(a.message, f.message)
WHERE a.delivered IS NULL AND c.grade = 'A'
ORDER BY a.id
"""


@dataclass
class Recipient:
    name: str
    email: str | None
    language: str
    manager: bool


def urgent_alerts(db) -> list[dict]:
    """Undelivered complaint alerts about A customers."""
    return [dict(r) for r in db.query(URGENT_SQL)]


def send_urgent_alerts(db, config: Config, *, now: datetime | None = None) -> MailReport:
    report = MailReport()
    settings = digest_settings(config)
    pending = urgent_alerts(db) if settings.urgent_alerts else []
    if not pending:
        return report
    try:
        sender = sender_for(config)
    except MailcrmError as exc:  # without SMTP the alerts wait for the digest
        report.skipped.append(f"{len(pending)} urgent alerts wait for the digest: {exc}")
        return report
    for alert in pending:
        send_one(db, config, settings, alert, sender, now, report)
    return report


def send_one(db, config: Config, settings: DigestSettings, alert: dict, sender, now, report: MailReport) -> None:
    person = recipient(config, settings, alert)
    label = f"complaint alert about {alert['name'] or alert['key']} to {person.name}"
    if not person.email:
        report.skipped.append(f"{label}: no address")
        return
    try:
        deliver(sender, compose(alert_document(alert, person, now), sender, now))
    except MailcrmError as exc:
        report.problems.append(f"{label}: {exc}")
        return
    with transaction(db):
        mark_delivered(db, [alert["id"]])
    report.sent.append(f"{label} <{person.email}>")


def recipient(config: Config, settings: DigestSettings, alert: dict) -> Recipient:
    if alert["recipient"] == "manager":
        return Recipient(settings.manager or "manager", settings.manager_email, settings.manager_language, True)
    owner = alert["person"] or alert["owner"]
    email = next((a.email for a in config.accounts if a.owner == owner), None)
    return Recipient(owner or "owner", email, settings.language_of(owner), False)


def alert_document(alert: dict, person: Recipient, now: datetime | None) -> Document:
    words = Words(person.language)
    name = alert["name"] or alert["key"]
    day = (now or datetime.now(timezone.utc)).date().isoformat()
    rows = [
        [words.get("column.customer"), f"{name} ({alert['key']})"],
        [words.get("column.country"), words.country(alert["country"])],
        [words.get("column.grade"), value_fact(words, alert)],
        [words.get("column.stage"), words.label("stage", alert["stage"])],
        [words.get("column.owner"), alert["owner"] or words.get("unassigned")],
        [words.get("column.raised"), alert["raised"]],
    ]
    if not person.manager:  # the owner reads the customer's language; the manager gets facts only
        rows += mail_rows(words, alert)
    facts = Section(
        "alert", words.get("section.alert"), [words.get("column.field"), words.get("column.detail")], rows, len(rows)
    )
    return Document(
        kind="alert",
        person=person.name,
        email=person.email,
        language=words.language,
        day=day,
        subject=words.get("subject_alert", customer=name),
        greeting=words.get("greeting", person=person.name),
        intro=words.get("intro_alert"),
        sections=[facts],
        footer=words.get("footer_alert", key=alert["key"]),
        alert_ids=[alert["id"]],
    )


def value_fact(words: Words, alert: dict) -> str:
    if alert["value_12m"]:
        return words.get(
            "fact.value",
            grade=alert["grade"],
            value=words.money(alert["value_12m"], alert["currency"]),
            rank=alert["rank"],
        )
    return words.get("fact.no_orders", grade=alert["grade"])


def mail_rows(words: Words, alert: dict) -> list[list[str]]:
    rows = []
    if alert["subject"] is not None:
        rows.append(
            [
                words.get("column.subject"),
                words.get("fact.complaint_mail", date=(alert["date"] or "")[:10], subject=alert["subject"]),
            ]
        )
    terms = json.loads(alert["evidence"] or "{}").get("terms") or []
    if terms:
        rows.append([words.get("column.what"), words.get("fact.matched", words=", ".join(terms[:6]))])
    return rows
