"""Writing the sample mailbox to disk: a Maildir++ tree, an mboxrd file, the orders as CSV."""

from __future__ import annotations

import csv
import os
import re
from datetime import timezone
from pathlib import Path
from typing import Iterable

from .records import SampleMailbox, SampleMessage


_MAILDIR_FLAG = {"\\Draft": "D", "\\Flagged": "F", "\\Answered": "R", "\\Seen": "S", "\\Deleted": "T"}


def _messages_of(mailbox_or_messages) -> Iterable[SampleMessage]:
    if isinstance(mailbox_or_messages, SampleMailbox):
        return mailbox_or_messages.messages
    return mailbox_or_messages


def write_maildir(mailbox_or_messages, root: Path) -> dict[str, int]:
    """Write a Maildir++ tree: INBOX in ``root/{cur,new,tmp}``, folder F in ``root/.F/...``.

    Messages without flags go to ``new/``; the others to ``cur/`` with ``:2,<flags>``. Each file's
    mtime is the message's internal date. Returns the number of messages written per folder.
    """
    root = Path(root)
    counts: dict[str, int] = {}
    made: set[str] = set()
    for i, m in enumerate(_messages_of(mailbox_or_messages)):
        folder = m.folder
        if folder not in made:
            base = root if folder.upper() == "INBOX" else root / ("." + folder.replace("/", "."))
            for sub in ("cur", "new", "tmp"):
                (base / sub).mkdir(parents=True, exist_ok=True)
            if base != root:
                (base / "maildirfolder").touch()
            made.add(folder)
        base = root if folder.upper() == "INBOX" else root / ("." + folder.replace("/", "."))
        ts = int(m.internaldate.timestamp())
        info = "".join(sorted(_MAILDIR_FLAG[f] for f in m.flags if f in _MAILDIR_FLAG))
        name = "%d.M%06dP0.mailcrm-sample,S=%d" % (ts, i, len(m.raw))
        path = base / ("cur" if info else "new") / (name + (":2," + info if info else ""))
        path.write_bytes(m.raw)
        os.utime(path, (ts, ts))
        counts[folder] = counts.get(folder, 0) + 1
    return counts


_FROM_LINE = re.compile(rb"^(>*From )", re.MULTILINE)
_ADDR = re.compile(rb"<([^<>\s]+@[^<>\s]+)>")


def write_mbox(messages, path: Path) -> int:
    """Write an mboxrd file (LF line endings, ``>From`` quoting). Returns the number of messages."""
    n = 0
    with open(path, "wb") as fh:
        for m in _messages_of(messages):
            raw = m.raw.replace(b"\r\n", b"\n")
            head = raw[: raw.find(b"\n\n")]
            sender = b"MAILER-DAEMON"
            for ln in head.split(b"\n"):
                if ln.lower().startswith(b"from:"):
                    mm = _ADDR.search(ln)
                    if mm:
                        sender = mm.group(1)
                    break
            stamp = m.internaldate.astimezone(timezone.utc).strftime("%a %b %d %H:%M:%S %Y").encode("ascii")
            fh.write(b"From " + sender + b" " + stamp + b"\n")
            body = _FROM_LINE.sub(rb">\1", raw)
            fh.write(body)
            if not body.endswith(b"\n"):
                fh.write(b"\n")
            fh.write(b"\n")
            n += 1
    return n


def write_orders_csv(orders, path: Path) -> None:
    """Sales records as CSV: ``date,customer,amount,currency,product,quantity,paid``."""
    if isinstance(orders, SampleMailbox):
        orders = orders.orders
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["date", "customer", "amount", "currency", "product", "quantity", "paid"])
        for o in orders:
            w.writerow(
                [
                    o.date.isoformat(),
                    o.customer_domain,
                    "%.2f" % o.amount,
                    o.currency,
                    o.product,
                    o.quantity,
                    "%.2f" % o.paid,
                ]
            )


def write_plan_csv(orders, path: Path, today) -> None:
    """A sales plan for ``today``'s year, ``customer,month,product,quantity,amount,currency``:
    each customer who ordered in the last 12 months gets a monthly plan of about their monthly
    average (some planned higher, some lower, so that some are ahead and some behind), in the
    currency they order in, for their main product."""
    import hashlib
    from collections import Counter, defaultdict
    from datetime import timedelta

    if isinstance(orders, SampleMailbox):
        orders = orders.orders
    since = today - timedelta(days=365)
    recent = defaultdict(list)
    for o in orders:
        if since < o.date <= today:
            recent[o.customer_domain].append(o)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["customer", "month", "product", "quantity", "amount", "currency"])
        for domain in sorted(recent):
            mine = recent[domain]
            currency = Counter(o.currency for o in mine).most_common(1)[0][0]
            product = Counter(o.product for o in mine).most_common(1)[0][0]
            factor = (0.8, 1.0, 1.25, 1.5)[hashlib.sha256(domain.encode()).digest()[0] % 4]
            amount = sum(o.amount for o in mine if o.currency == currency) / 12 * factor
            quantity = sum(o.quantity for o in mine if o.product == product) / 12 * factor
            for month in range(1, 13):
                w.writerow(
                    [
                        domain,
                        f"{today.year}-{month:02d}",
                        product,
                        max(1, round(quantity)),
                        "%.0f" % max(100, round(amount, -2)),
                        currency,
                    ]
                )
