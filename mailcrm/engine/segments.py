"""Segments: named customer conditions from rule files (`customers list --segment`)."""

from __future__ import annotations

from datetime import date

from ..config import Config
from ..errors import NotFoundError
from . import facts, state
from .loader import load_rules
from .model import Context, CustomerFacts, RuleSet


def segment_members(
    db, config: Config | None, name: str, *, today: date | None = None, ruleset: RuleSet | None = None
) -> list[int]:
    """Ids of the customers in a segment, as of the last `rules run`."""
    ruleset = ruleset or load_rules(config)
    segment = ruleset.segments.get(name)
    if segment is None:
        known = ", ".join(sorted(ruleset.segments)) or "none defined"
        raise NotFoundError(f"no segment named {name!r} (known: {known})")
    today = today or date.today()
    customers = stored_customer_facts(db, ruleset, today)
    return [
        c.id
        for c in sorted(customers.values(), key=lambda c: c.id)
        if segment.when(Context(today, ruleset.lexicon, customer=c))
    ]


def stored_customer_facts(db, ruleset: RuleSet, today: date) -> dict[int, CustomerFacts]:
    """Customer facts plus what the last run concluded (tags, flags, stage, grade scores)."""
    return overlay_stored(db, facts.customer_facts(db, today), ruleset, today)


def overlay_stored(
    db, customers: dict[int, CustomerFacts], ruleset: RuleSet, today: date, span: facts.Span | None = None
) -> dict[int, CustomerFacts]:
    """What the last run concluded about these customers (all of them in ``span``, when given)."""
    for (customer, tag), tag_state in state.stored_tags(db, span).items():
        if customer in customers and tag_state.status == "active":
            customers[customer].add_tag(tag)
    for customer, flag, _rule in state.stored_flags(db, span):
        if customer in customers:
            customers[customer].add_flag(flag)
    for customer, stage in state.stored_stages(db, span).items():
        if customer in customers:
            customers[customer].stage = stage.stage
            customers[customer].stage_since = date.fromisoformat(stage.since)
    for customer, r, f, m in db.execute(
        f"SELECT customer, r_score, f_score, m_score FROM customer_grades WHERE 1{facts.within(span, 'customer')}"
    ):
        if customer in customers:
            customers[customer].scores = {"recency": r, "frequency": f, "monetary": m}
    facts.add_windows(db, customers, today, ruleset.needs.windows, ruleset.needs.hit_windows, span)
    return customers
