"""Evaluate one message rule on a message that is not stored: for tests and trials."""

from __future__ import annotations

import json
from datetime import date

from .matcher import Document
from .model import Context, CustomerFacts, MessageFacts, RuleSet


def evaluate_message(
    ruleset: RuleSet,
    rule_id: str,
    *,
    subject: str = "",
    body: str = "",
    direction: str = "in",
    attachments: list[str] | None = None,
    headers: dict | None = None,
    customer: CustomerFacts | None = None,
    today: date | None = None,
    thread_position: int = 2,
    sender: str | None = None,
) -> list[str] | None:
    """The words the rule matched, or None when it does not match."""
    rule = ruleset.rule(rule_id)
    if rule is None or rule.scope != "message":
        raise KeyError(f"no message rule {rule_id!r}")
    message = MessageFacts(
        0,
        None,
        direction,
        subject,
        body,
        "\n".join(attachments or []),
        json.dumps(headers or {}),
        0,
        customer.id if customer else None,
        sender,
    )
    doc = Document(
        {"subject": subject, "body": body, "attachments": " ; ".join(attachments or [])}, ruleset.speakers, sender
    )
    ctx = Context(
        today or date.today(),
        ruleset.lexicon,
        message=message,
        customer=customer,
        doc=doc,
        lookup=FixedLookup(thread_position),
    )
    return sorted({h.term for h in ctx.hits}) if rule.when(ctx) else None


class FixedLookup:
    def __init__(self, position: int):
        self.position = position

    def thread_position(self, message: int) -> int:
        return self.position

    def folders(self, message: int) -> set[str]:
        return {"inbox"}

    def recipients(self, message: int) -> list[str]:
        return []
