"""What the sample mailbox hands out: messages, the orders (sales records) that go with them, both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class SampleMessage:
    folder: str  # "INBOX" | "Sent" | "Archive"
    raw: bytes  # RFC 5322 bytes, CRLF line endings
    flags: tuple[str, ...]  # e.g. ("\\Seen",), ("\\Seen", "\\Answered")
    internaldate: datetime  # tz-aware


@dataclass(frozen=True)
class SampleOrder:
    date: date
    customer_domain: str
    amount: float
    currency: str
    product: str
    quantity: int
    paid: float


@dataclass(frozen=True)
class SampleMailbox:
    account_email: str
    messages: list[SampleMessage]
    orders: list[SampleOrder]
