"""A deterministic generator of a realistic export-trade sample mailbox.

The mailbox belongs to a salesperson of **Ningbo Hengtai Valve Co., Ltd.** (``hengtai-valve.com``),
a valve and pipe-fittings manufacturer. It is used by the demo (a few hundred messages), the
tests, and the benchmarks (20,000 - 100,000 messages).

* The first messages (about 330, see :func:`curated_count`) tell a curated story: 23 customers
  in 22 countries (see :data:`CURATED_CUSTOMERS`), each at a stage of the export trade
  (inquiry -> quotation -> sample -> negotiation -> PO/PI -> shipment -> after-sales), with
  stalled deals, customers gone quiet,
  complaints, preference signals (eco-friendly, certifications, OEM, MOQ, fast delivery, price,
  payment terms) and negative phrases a rule engine must not match. Around them: a colleague,
  the manager, a Chinese foundry writing GBK labelled ``gb2312``, a freight forwarder,
  newsletters, a bounce, out-of-office replies, Alibaba / Made-in-China notifications, big5,
  iso-2022-jp and koi8-r mail, HTML-only and multipart/alternative mail, inline images, a
  forwarded ``message/rfc822``, messages without a Message-ID and messages in two folders.
  The curated part is in arrival order (internal date), so any prefix keeps replies after what
  they answer. Orders (sales records) come with the mailbox: one per PO mail, ABC-skewed.
* Past the curated part, synthetic customers are added one block (a customer's whole history
  plus some surrounding noise mail) at a time, with the same mix. Each block is a pure
  function of ``(seed, block number, today)``, so :func:`iter_messages` streams in constant
  memory and ``iter_messages(n)`` is a prefix of ``iter_messages(m)`` for ``n < m``.

Everything is a pure function of ``(n_messages, seed, today)``: the same inputs give
byte-identical output. A message stored in two folders counts as two :class:`SampleMessage`
entries with identical ``raw`` bytes; every other Message-ID is unique.

Per customer the ground truth the rest of mailcrm should find is in :data:`CURATED_CUSTOMERS`
(country, language, story) and in the orders returned with the mailbox.

The generator is split by job: ``records`` (what it hands out), ``clock``, ``mime`` (the MIME
writer), ``formats`` (PDF, XLSX, PNG, JPEG), ``envelope`` and ``bodies`` (what mail clients
write), ``writer``, ``story`` (the steps of a deal) with ``documents`` (its figures and
attachments) and ``outside_mail`` (forwarder, newsletters, platforms, bounces, auto-replies),
``curated`` and ``stories_*`` (the curated story), ``synthetic`` and ``export`` (Maildir, mbox,
CSV). The literal data (companies, people,
phrases, products) is in ``mailcrm/data/demo/*.toml``. This module is the public face.
"""

from __future__ import annotations

from datetime import date
from typing import Iterator

from .curated import _curated, _describe_curated
from .export import write_maildir, write_mbox, write_orders_csv, write_plan_csv
from .parties import OWN_DOMAIN, _Msg, _World
from .records import SampleMailbox, SampleMessage, SampleOrder
from .synthetic import _synthetic_block

# Also reachable from here, as before the split: the tests look at these, and whoever wants a sample
# attachment or phrase finds them where they always were.
from .curated import _CURATED_DOMAINS as _CURATED_DOMAINS
from .formats import make_jpeg as make_jpeg, make_pdf as make_pdf, make_png as make_png
from .formats import make_xlsx as make_xlsx
from .phrasebook import OUR_PHRASES as OUR_PHRASES, PHRASES as PHRASES, PRODUCTS as PRODUCTS
from .synthetic import _synth_company as _synth_company

__all__ = [
    "SampleMessage",
    "SampleOrder",
    "SampleMailbox",
    "CURATED_CUSTOMERS",
    "OWN_DOMAIN",
    "generate_mailbox",
    "iter_messages",
    "curated_count",
    "write_maildir",
    "write_mbox",
    "write_orders_csv",
    "write_plan_csv",
]

#: Ground truth for the curated customers: domain (a free-mail buyer's address instead), all domains,
#: company, country, language, contacts, stage and story.
CURATED_CUSTOMERS: list[dict] = _describe_curated()


def _flags(m: _Msg, today: date) -> tuple[str, ...]:
    if not m.inbound:
        return ("\\Seen",)
    unread = m.unread
    if unread is None:
        unread = (today - m.internaldate.date()).days <= 2 and not m.answered
    flags = []
    if not unread:
        flags.append("\\Seen")
    if m.answered:
        flags.append("\\Answered")
    if m.flagged:
        flags.append("\\Flagged")
    return tuple(flags)


def _emit(
    msgs: list[_Msg], orders: list[tuple[_Msg, SampleOrder]], today: date
) -> Iterator[tuple[SampleMessage, SampleOrder | None]]:
    by_msg = {id(m): o for m, o in orders}
    for m in sorted(msgs, key=lambda x: (x.internaldate, x.seq)):
        flags = _flags(m, today)
        o = by_msg.get(id(m))
        for i, folder in enumerate(m.folders):
            yield (
                SampleMessage(folder=folder, raw=m.raw, flags=flags, internaldate=m.internaldate),
                (o if i == 0 else None),
            )


def _pairs(
    n_messages: int, seed: int, today: date | None, account_email: str
) -> Iterator[tuple[SampleMessage, SampleOrder | None]]:
    if n_messages <= 0:
        return
    today = today or date.today()
    world = _World(seed, today, account_email)
    count = 0
    msgs, orders = _curated(world)
    for pair in _emit(msgs, orders, today):
        yield pair
        count += 1
        if count >= n_messages:
            return
    del msgs, orders
    k = 0
    while True:
        msgs, orders = _synthetic_block(world, k)
        for pair in _emit(msgs, orders, today):
            yield pair
            count += 1
            if count >= n_messages:
                return
        k += 1


def iter_messages(
    n_messages: int, *, seed: int = 7, today: date | None = None, account_email: str = "lisa@hengtai-valve.com"
) -> Iterator[SampleMessage]:
    """Stream ``n_messages`` sample messages in constant memory (one customer block at a time)."""
    for m, _o in _pairs(n_messages, seed, today, account_email):
        yield m


def generate_mailbox(
    n_messages: int = 400, *, seed: int = 7, today: date | None = None, account_email: str = "lisa@hengtai-valve.com"
) -> SampleMailbox:
    """The sample mailbox: ``n_messages`` messages and the orders whose PO mail is among them."""
    messages: list[SampleMessage] = []
    orders: list[SampleOrder] = []
    for m, o in _pairs(n_messages, seed, today, account_email):
        messages.append(m)
        if o is not None:
            orders.append(o)
    orders.sort(key=lambda o: (o.date, o.customer_domain))
    return SampleMailbox(account_email=account_email, messages=messages, orders=orders)


def curated_count(*, seed: int = 7, today: date | None = None, account_email: str = "lisa@hengtai-valve.com") -> int:
    """How many messages (folder locations) the curated story has; past it, synthetic customers follow."""
    today = today or date.today()
    msgs, _orders = _curated(_World(seed, today, account_email))
    return sum(len(m.folders) for m in msgs)
