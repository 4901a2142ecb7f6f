"""The parts conditions are built from: the registry, all/any/not, value readers, facts.

`conditions` holds the named conditions and the Compiler; this module holds what they
are made of and imports nothing from there, so the two never import each other.
`conditions` imports these names directly (not `condition_kit.x`): the per-message
closures then look them up as plain globals, as cheap as before the split.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

from .model import Condition, Context, Invalid


@dataclass
class Builder:
    build: Callable[..., Condition]
    scopes: tuple[str, ...]


REGISTRY: dict[str, Builder] = {}


def condition(name: str, scopes: tuple[str, ...] = ("message",)):
    def register(func):
        REGISTRY[name] = Builder(func, scopes)
        return func

    return register


# -- composition ------------------------------------------------------------------


def all_of(parts: list[Condition]) -> Condition:
    if len(parts) == 1:
        return parts[0]
    tests = [part.test for part in sorted(parts, key=lambda c: c.cost)]

    def test(ctx: Context) -> bool:
        for part in tests:  # a plain loop: this runs millions of times
            if not part(ctx):
                return False
        return True

    needed = frozenset().union(*(part.needs_words for part in parts))
    choice = next((part.needs_one_of for part in parts if part.needs_one_of), ())  # each one is necessary
    return Condition(test, max(c.cost for c in parts), "all", needed, choice)


def any_of(parts: list[Condition]) -> Condition:
    tests = [part.test for part in parts]

    def test(ctx: Context) -> bool:
        for part in tests:
            mark = len(ctx.hits)
            if part(ctx):
                return True
            del ctx.hits[mark:]
        return False

    alternatives = [part.requirements() for part in parts]
    choice = () if not all(alternatives) else tuple(needed for options in alternatives for needed in options)
    return Condition(test, max(c.cost for c in parts), "any", needs_one_of=choice)


def negate(part: Condition) -> Condition:
    def test(ctx: Context) -> bool:
        mark, facts = len(ctx.hits), dict(ctx.facts)
        result = part(ctx)
        del ctx.hits[mark:]  # evidence of what is absent is no evidence
        ctx.facts = facts
        return not result

    return Condition(test, part.cost, "not")


# -- value helpers ------------------------------------------------------------------


def str_list(value: Any, allowed: tuple[str, ...] | None = None, upper: bool = False) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(i, str) and i for i in items):
        raise Invalid("must be a string or a non-empty list of strings")
    items = [i.upper() if upper else i.lower() for i in items]
    if allowed:
        wrong = [i for i in items if i not in allowed]
        if wrong:
            raise Invalid(f"{wrong[0]!r} is not one of {', '.join(allowed)}")
    return frozenset(items)


def number_range(value: Any) -> tuple[float | None, float | None]:
    if isinstance(value, bool):
        raise Invalid("must be a number or { min = N, max = M }")
    if isinstance(value, (int, float)):
        return float(value), None
    if not isinstance(value, dict) or not value or set(value) - {"min", "max"}:
        raise Invalid("must be a number or { min = N, max = M }")
    bounds = [value.get("min"), value.get("max")]
    if not all(b is None or (isinstance(b, (int, float)) and not isinstance(b, bool)) for b in bounds):
        raise Invalid("min and max must be numbers")
    low, high = (float(b) if b is not None else None for b in bounds)
    if low is not None and high is not None and low > high:
        raise Invalid("min is larger than max")
    return low, high


def in_range(value: float | None, bounds: tuple[float | None, float | None]) -> bool:
    if value is None:
        return False
    low, high = bounds
    return (low is None or value >= low) and (high is None or value <= high)


def boolean(value: Any) -> bool:
    if not isinstance(value, bool):
        raise Invalid("must be true or false")
    return value


def days_between(earlier: date | None, today: date) -> int | None:
    return (today - earlier).days if earlier else None


# -- customer facts -------------------------------------------------------------------

BOTH = ("message", "customer")


def customer_condition(name: str):
    """A customer fact test; in message rules it reads the message's customer."""

    def register(func):
        def build(value, compiler) -> Condition:
            compiler.needs.customer = True
            fact = func(value, compiler)

            def test(ctx: Context) -> bool:
                if ctx.customer is None:
                    return False
                holds, seen = fact(ctx.customer, ctx.today)
                if holds:
                    ctx.facts[name] = seen
                return holds

            return Condition(test, 1)

        REGISTRY[name] = Builder(build, BOTH)
        return func

    return register


def set_fact(getter: Callable, wanted: frozenset[str]):
    def fact(customer, today):
        value = getter(customer)
        return (value is not None and value in wanted), value

    return fact


def range_fact(getter: Callable[[Any, date], float | None]):
    def build(value, compiler):
        bounds = number_range(value)

        def fact(customer, today):
            seen = getter(customer, today)
            return in_range(seen, bounds), seen

        return fact

    return build


def window_spec(value, allowed: set[str], required: set[str]) -> dict:
    if not isinstance(value, dict):
        raise Invalid(f"must be a table like {{ {', '.join(sorted(required))} = … }}")
    unknown = sorted(set(value) - allowed)
    missing = sorted(required - set(value))
    if unknown or missing:
        raise Invalid(f"unknown key {unknown[0]!r}" if unknown else f"{missing[0]} is required")
    days = value["days"]
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise Invalid("days must be a whole number ≥ 1")
    return value
