"""Money: every amount keeps its currency; sums are made in one base currency.

Order values are summed for grades, RFM, the report and the digests. Amounts in
different currencies are never added as they are (JPY 5,000,000 is about USD 34,650,
not five million of anything): each is converted to ``[money] base`` with a rate, and
an amount in a currency without a rate is left out of the sum and reported.

A rate is what one unit of a currency is worth in the base: with base USD,
``EUR = 1.17`` means EUR 1 = USD 1.17. The shipped table (data/money/rates.toml,
approximate, with its date) is in USD; for another base it is read through USD.
``[money.rates]`` in the config sets rates of its own, in the base currency::

    [money]
    base = "CNY"
    as_of = "2025-09-01"        # optional: the date of your rates, shown with them
    [money.rates]
    USD = 7.15                  # USD 1 = CNY 7.15
    EUR = 8.30
"""

from __future__ import annotations

import math
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources

from .config import Config, Validator, validator_for

CODE = re.compile(r"[A-Z]{3}")
DEFAULT_BASE = "USD"


@dataclass(frozen=True)
class ShippedRates:
    base: str
    as_of: str
    rates: dict[str, float]


@lru_cache(maxsize=1)
def shipped_rates() -> ShippedRates:
    """The table in data/money/rates.toml: one unit of each currency in its base (USD)."""
    path = resources.files("mailcrm") / "data" / "money" / "rates.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return ShippedRates(data["base"], str(data["as_of"]), {k: float(v) for k, v in data["rates"].items()})


@dataclass(frozen=True)
class Rates:
    """The base currency and what one unit of each other currency is worth in it."""

    base: str = DEFAULT_BASE
    rates: dict[str, float] = field(default_factory=dict)
    as_of: str | None = None  # the shipped table's date, when its rates are used
    configured: tuple[str, ...] = ()  # currencies whose rate the config sets
    configured_as_of: str | None = None

    def rate(self, currency: str | None) -> float | None:
        return self.rates.get((currency or "").strip().upper())

    def convert(self, amount: float, currency: str | None) -> float | None:
        """The amount in the base currency; None when the currency has no rate."""
        rate = self.rate(currency)
        return None if rate is None else amount * rate

    def source(self) -> str:
        """Where the rates come from, in a few words: shown under sums in the base currency."""
        parts = []
        if self.as_of:
            parts.append(f"approximate rates of {self.as_of} shipped with mailcrm")
        if self.configured:
            when = f" ({self.configured_as_of})" if self.configured_as_of else ""
            parts.append(f"{', '.join(self.configured)} from the config{when}")
        return f"in {self.base}: " + "; ".join(parts) if parts else f"in {self.base}"

    def as_dict(self) -> dict:
        return {
            "base": self.base,
            "as_of": self.as_of,
            "configured": list(self.configured),
            "configured_as_of": self.configured_as_of,
            "rates": dict(sorted(self.rates.items())),
        }


def default_rates() -> Rates:
    return rates_for(DEFAULT_BASE, {}, None)


def rates_for(base: str, configured: dict[str, float], configured_as_of: str | None) -> Rates:
    """The shipped table read in ``base`` (through its own base), then the configured rates."""
    table = shipped_rates()
    rates: dict[str, float] = {}
    as_of = None
    if base in table.rates:
        per_base = table.rates[base]
        rates = {code: value / per_base for code, value in table.rates.items()}
        as_of = table.as_of
    rates.update(configured)
    rates[base] = 1.0
    return Rates(base, rates, as_of, tuple(sorted(c for c in configured if c != base)), configured_as_of)


def money_settings(config: Config | None) -> Rates:
    """Read and validate ``[money]``; errors name the file, the line and the key."""
    section = (config.sections.get("money") if config else None) or {}
    check = validator_for(config)
    if not isinstance(section, dict):
        raise check.fail("money", "must be a table ([money])")
    check.check_keys(section, {"base", "as_of", "rates"}, "money.")
    base = section.get("base", DEFAULT_BASE)
    if not isinstance(base, str) or not CODE.fullmatch(base.strip().upper()):
        raise check.fail("money.base", f"must be a three-letter currency code such as USD, EUR, CNY, not {base!r}")
    base = base.strip().upper()
    as_of = section.get("as_of")
    if as_of is not None:
        as_of = day(check, as_of)
    configured = configured_rates(check, section.get("rates", {}), base)
    if base not in shipped_rates().rates and not configured:
        raise check.fail(
            "money.base",
            f"{base} is not in the shipped rate table: give what each currency is worth in {base} "
            f"under [money.rates] (e.g. USD = 1.5), or use one of {', '.join(sorted(shipped_rates().rates))}",
        )
    return rates_for(base, configured, as_of)


def configured_rates(check: Validator, table, base: str) -> dict[str, float]:
    if not isinstance(table, dict):
        raise check.fail("money.rates", "must be a table like [money.rates] with EUR = 1.17 (EUR 1 in the base)")
    rates = {}
    for code, value in table.items():
        if not CODE.fullmatch(code):
            raise check.fail(f"money.rates.{code}", "must be a three-letter currency code in capitals, such as EUR")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value <= 0:
            raise check.fail(f"money.rates.{code}", f"must be a positive number ({code} 1 in {base}), not {value!r}")
        if code == base and value != 1:
            raise check.fail(f"money.rates.{code}", f"{code} is the base currency: its rate is 1")
        rates[code] = float(value)
    return rates


def day(check: Validator, value) -> str:
    if isinstance(value, date):
        return value.isoformat()
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise check.fail("money.as_of", f"must be a date (YYYY-MM-DD), not {value!r}") from None


# -- showing amounts ------------------------------------------------------------------------------


def show(amount: float | None, currency: str | None, decimals: int = 0) -> str:
    """'USD 1,127,922': the code first, as on an invoice; always with its currency."""
    number = f"{amount or 0:,.{decimals}f}"
    return f"{currency} {number}" if currency else number


def orders_word(n: int) -> str:
    return f"{n} order" if n == 1 else f"{n} orders"


def unpriced_text(currency: str | None, orders: int) -> str:
    """'3 orders in XYZ have no rate: not counted in value'."""
    what = f"in {currency}" if currency else "without a currency"
    verb = "has" if orders == 1 else "have"
    return f"{orders_word(orders)} {what} {verb} no rate: not counted in value"
