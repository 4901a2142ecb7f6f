"""The change list a run produces: what `rules run --dry-run` prints."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..money import unpriced_text

KIND_LABELS = {
    "rule": "rules re-read",
    "hits": "new matches",
    "tag": "tags added",
    "untag": "tags removed",
    "fade": "tags faded",
    "stage": "stages moved",
    "flag": "flags raised",
    "resolve": "flags resolved",
    "alert": "alerts",
    "draft": "drafts queued",
    "follow-up": "follow-ups set",
    "grade": "grades changed",
    "order": "orders from mail",
    "promote": "senders made customers",
}


@dataclass(slots=True)  # a first run over a big mailbox makes tens of thousands
class Change:
    kind: str  # one of KIND_LABELS
    customer: int | None
    text: str  # one line a salesperson understands
    rule: str | None = None
    customer_name: str = ""


@dataclass
class RunReport:
    today: str
    dry_run: bool
    messages: int = 0  # messages read by message rules
    matches: int = 0  # new (rule, message) matches
    customers: int = 0  # customers evaluated by the nightly pass
    changes: list[Change] = field(default_factory=list)
    seconds: float = 0.0
    # Changes kept of each kind (None: all). A sync prints only the counts, and a first run
    # over 200,000 messages makes ~80,000 changes: keeping them all cost 1 MB per 1,000
    # customers. The first `keep` of every kind include the first `keep` of all kinds.
    keep: int | None = None
    counted: Counter = field(default_factory=Counter)  # every change, kept or not
    # Orders left out of the order values for want of an exchange rate (mailcrm/money.py):
    # one entry per customer and currency, {customer, customer_name, currency, orders, amount}.
    unpriced: list[dict] = field(default_factory=list)

    def add(self, kind: str, customer: int | None, text: str, rule: str | None = None) -> None:
        self.counted[kind] += 1
        if self.keep is None or self.counted[kind] <= self.keep:
            self.changes.append(Change(kind, customer, text, rule))

    def counts(self) -> dict[str, int]:
        return {kind: self.counted[kind] for kind in KIND_LABELS if self.counted[kind]}

    def total(self) -> int:
        """Every change made, kept in ``changes`` or not."""
        return sum(self.counted.values())

    def line(self) -> str:
        verb = "would change" if self.dry_run else "changed"
        parts = [f"{n} {KIND_LABELS[k]}" for k, n in self.counts().items() if k != "hits"]
        body = ", ".join(parts) if parts else "nothing"
        return (
            f"rules: {self.messages} new messages read, {self.matches} matches, "
            f"{self.customers} customers checked; {verb}: {body} ({self.seconds:.1f} s)"
        ) + "".join(f"; {line}" for line in self.unpriced_summary())

    def unpriced_summary(self) -> list[str]:
        """'order values: 3 orders in XYZ have no rate: not counted in value (2 customers) …'."""
        by_currency: dict[str, list[int]] = {}
        for entry in self.unpriced:
            counts = by_currency.setdefault(entry["currency"], [0, 0])
            counts[0] += entry["orders"]
            counts[1] += 1
        return [
            f"order values: {unpriced_text(currency, orders)} ({customers} customer{'' if customers == 1 else 's'}; "
            f"add {currency or 'a currency'} under [money.rates])"
            for currency, (orders, customers) in sorted(by_currency.items())
        ]

    def unpriced_lines(self) -> list[str]:
        """One line per customer: 'Acme Ltd: 3 orders in XYZ have no rate: not counted in value'."""
        return [f"{e['customer_name']}: {unpriced_text(e['currency'], e['orders'])}" for e in self.unpriced]

    def as_dict(self) -> dict:
        return {
            "today": self.today,
            "dry_run": self.dry_run,
            "messages": self.messages,
            "matches": self.matches,
            "customers": self.customers,
            "counts": self.counts(),
            "seconds": round(self.seconds, 2),
            "unpriced": self.unpriced,
            "changes": [
                {
                    "kind": c.kind,
                    "customer": c.customer,
                    "customer_name": c.customer_name,
                    "rule": c.rule,
                    "text": c.text,
                }
                for c in self.changes
            ],
        }
