"""A first-day mailbox: the ordinary sample mail plus what makes a first sync hard (issue 35).

``generate_first_day(3000)`` is the sample mailbox of :mod:`.sample` (curated story, then synthetic
customers) with, in place of part of it, the mail a real export-trade inbox also holds:

* credential phishing from many senders: SPF, DKIM and DMARC failed, Received-SPF failed, or no
  authentication headers at all (the wording gives it away);
* one sales campaign, the same text from many senders;
* bulk mail (List-Unsubscribe, Precedence: bulk / list) and service notifications;
* freight forwarders, banks and our own suppliers, with mail both ways;
* one-off senders who write once about nothing we sell;
* inquiries one to four years old that nobody answered;
* one order each in USD, EUR, JPY (5,000,000: about USD 35,000), CNY and NGN (no shipped rate);
* one company under two domains (same signed name, address and phone) and a buyer who continues
  our thread from a private gmail address.

Everything is a pure function of ``(n_messages, seed, today, account_email)``. The problem mail
scales with ``n_messages`` (at least a few of each kind), so a test can use a smaller mailbox with
the same mix. :class:`FirstDayTruth` says which identity keys are which, for the test and the
benchmark (benchmarks/first_day.py).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date

from . import firstday_buyers as fb, firstday_mail as fm
from .firstday_buyers import CURRENCY_BUYERS as CURRENCY_BUYERS
from .parties import _World
from .records import SampleMailbox
from .sample import _emit, generate_mailbox
from .story import _Story
from .writer import _Writer

__all__ = ["CURRENCY_BUYERS", "FirstDayMailbox", "FirstDayTruth", "generate_first_day", "mix"]

BLOCK = 0xF00  # the writer block of the problem mail (synthetic customers use 1, 2, …)
#: per 3,000 messages: (kind, how many, at least)
MIX = (
    ("phishing", 30, 6),
    ("campaign", 20, 4),
    ("bulk", 60, 5),
    ("services", 30, 5),
    ("forwarders", 12, 3),
    ("banks", 15, 3),
    ("suppliers", 6, 2),
    ("one_offs", 30, 6),
    ("old_threads", 40, 4),
)


@dataclass
class FirstDayTruth:
    """Which identity keys (domains, free-mail addresses) are what: what a first day should show."""

    phishing: list[str] = field(default_factory=list)
    campaign: list[str] = field(default_factory=list)
    bulk: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    forwarders: list[str] = field(default_factory=list)
    banks: list[str] = field(default_factory=list)
    suppliers: list[str] = field(default_factory=list)
    one_offs: list[str] = field(default_factory=list)
    old_threads: list[str] = field(default_factory=list)
    currency_buyers: list[str] = field(default_factory=list)
    two_domains: tuple[str, str] = fb.TWO_DOMAINS
    gmail_buyer: tuple[str, str] = fb.GMAIL_BUYER
    unrated_currency: str = "NGN"
    problem_messages: int = 0

    @property
    def never_customers(self) -> list[str]:
        """Senders that must not become customers."""
        return sorted(
            self.phishing + self.campaign + self.bulk + self.services + self.forwarders + self.banks + self.suppliers
        )


@dataclass(frozen=True)
class FirstDayMailbox(SampleMailbox):
    truth: FirstDayTruth = field(default_factory=FirstDayTruth)


def mix(n_messages: int) -> dict[str, int]:
    """How many of each kind of problem mail a mailbox of ``n_messages`` gets."""
    return {kind: max(least, round(per_3000 * n_messages / 3000)) for kind, per_3000, least in MIX}


def problem_mail(world: _World, n_messages: int):
    """(messages, orders, truth) of the problem mail: a pure function of the world and the size."""
    rng = random.Random("mailcrm-firstday:%d" % world.seed)
    wr = _Writer(world, BLOCK, rng)
    S = _Story(wr)
    counts = mix(n_messages)
    truth = FirstDayTruth()
    for kind, count in counts.items():
        setattr(truth, kind, getattr(fm, kind)(S, count))
    truth.currency_buyers = fb.currency_orders(S)
    fb.two_domains_and_gmail(S)
    truth.problem_messages = sum(len(m.folders) for m in wr.msgs)
    return wr.msgs, wr.orders, truth


def generate_first_day(
    n_messages: int = 3000, *, seed: int = 7, today: date | None = None, account_email: str = "lisa@hengtai-valve.com"
) -> FirstDayMailbox:
    """The first-day mailbox: about ``n_messages`` messages (the problem mail plus sample mail)."""
    today = today or date.today()
    msgs, pairs, truth = problem_mail(_World(seed, today, account_email), n_messages)
    base = generate_mailbox(
        max(n_messages - truth.problem_messages, 0), seed=seed, today=today, account_email=account_email
    )
    extra = list(_emit(msgs, pairs, today))
    messages = sorted(base.messages + [m for m, _ in extra], key=lambda m: m.internaldate)
    orders = sorted(base.orders + [o for _, o in extra if o is not None], key=lambda o: (o.date, o.customer_domain))
    return FirstDayMailbox(account_email=account_email, messages=messages, orders=orders, truth=truth)
