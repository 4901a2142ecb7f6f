"""From message-rule matches to customer facts: tags, stage, flags.

Everything here is a function of the stored matches, the rules and the day,
so running twice gives the same answer (and the diff against what is stored
is empty).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache
from itertools import groupby
from typing import Iterator

from . import facts
from .loader import RuleSettings
from .model import STAGE_ORDER, RuleSet


@dataclass(frozen=True, slots=True)
class TagState:
    customer: int
    tag: str
    status: str  # active, faded, removed
    first_seen: str | None
    last_seen: str | None
    count: int
    rules: tuple[str, ...]
    terms: tuple[str, ...]
    fades_on: str | None


@dataclass(frozen=True, slots=True)
class StageState:
    customer: int
    stage: str
    since: str  # YYYY-MM-DD
    source: str  # rule, manual
    rule: str | None = None
    message: int | None = None
    forced: bool = False  # set_stage with force = true: may move the stage back
    forced_from: tuple[str, ...] = ()  # … only from these stages (empty: from any)
    after: tuple[str, ...] = ()  # evidence only when the stage reached before it is one of these


@dataclass(frozen=True, slots=True)
class FlagState:
    customer: int
    flag: str
    rule: str
    severity: str
    note: str
    raised: str
    message: int | None = None
    expires: str | None = None
    evidence: str = "{}"
    last_seen: str | None = None  # message flags: the day of the latest match


@dataclass
class Derived:
    tags: dict[tuple[int, str], TagState] = field(default_factory=dict)
    stages: dict[int, StageState] = field(default_factory=dict)
    flags: dict[tuple[int, str, str], FlagState] = field(default_factory=dict)


def day_of(iso: str | None) -> str | None:
    return iso[:10] if iso else None


def merged_terms(concatenated: str | None) -> set[str]:
    terms: set[str] = set()
    for chunk in set((concatenated or "").split("\x1f")):
        if chunk:
            terms.update(parsed_terms(chunk))
    return terms


@lru_cache(maxsize=4096)
def parsed_terms(chunk: str) -> tuple[str, ...]:
    return tuple(json.loads(chunk))  # the same few word lists repeat thousands of times


# -- tags ---------------------------------------------------------------------------


def derive_tags(
    db, ruleset: RuleSet, settings: RuleSettings, today: date, span: facts.Span | None = None
) -> dict[tuple[int, str], TagState]:
    by_rule: dict[str, dict[str, object]] = {}  # rule → {tag: its add_tag action}
    for r in ruleset.scope("message"):
        for action in r.actions("add_tag"):
            by_rule.setdefault(r.id, {})[action.value] = action
    tags: dict[tuple[int, str], TagState] = {}
    for rule, customer, first, last, count, latest, terms in facts.hit_summary(db, sorted(by_rule), span=span):
        for tag, action in by_rule[rule].items():
            if count >= action.option("min_count", 1):
                fade = action.option("fades_after_days", settings.tag_fade_days)
                add_evidence(tags, customer, tag, rule, first, last, count, merged_terms(terms), fade)
    tags = {key: with_status(state, today) for key, state in tags.items()}
    apply_message_removals(db, ruleset, tags, span)
    return tags


def add_evidence(
    tags: dict, customer: int, tag: str, rule: str, first: str, last: str, count: int, terms: set[str], fade_days: int
) -> None:
    fades_on = (date.fromisoformat(day_of(last)) + timedelta(days=fade_days)).isoformat()
    old = tags.get((customer, tag))
    if old:
        first, last = min(old.first_seen, day_of(first)), max(old.last_seen, day_of(last))
        count += old.count
        terms |= set(old.terms)
        fades_on = max(old.fades_on, fades_on)
        rules = tuple(sorted(set(old.rules) | {rule}))
    else:
        first, last, rules = day_of(first), day_of(last), (rule,)
    tags[(customer, tag)] = TagState(customer, tag, "active", first, last, count, rules, tuple(sorted(terms)), fades_on)


def with_status(state: TagState, today: date) -> TagState:
    faded = state.fades_on is not None and state.fades_on <= today.isoformat()
    status = "faded" if faded else "active"
    # dataclasses.replace costs 5 µs: a quarter of the pass at 100,000 messages, for mostly no change
    return state if state.status == status else replace(state, status=status)


def apply_message_removals(db, ruleset: RuleSet, tags: dict, span: facts.Span | None = None) -> None:
    """A remove_tag match newer than the tag's last evidence removes it."""
    removals = {r.id: [a.value for a in r.actions("remove_tag")] for r in ruleset.scope("message")}
    removals = {rule: names for rule, names in removals.items() if names}
    for rule, customer, _first, last, *_ in facts.hit_summary(db, sorted(removals), terms=False, span=span):
        for tag in removals[rule]:
            state = tags.get((customer, tag))
            if state and day_of(last) > state.last_seen:
                tags[(customer, tag)] = replace(state, status="removed")


# -- stages -------------------------------------------------------------------------


def derive_stages(db, ruleset: RuleSet, span: facts.Span | None = None) -> dict[int, StageState]:
    """Furthest stage with evidence; a manual stage, or one a rule forces (a cancelled order back to
    negotiation), counts until newer evidence passes it."""
    manual = facts.manual_stages(db, span)
    for customer, stage, at in db.execute(
        f"SELECT customer, stage, at FROM stage_events WHERE forced = 1{facts.within(span, 'customer')} ORDER BY at, id"
    ):
        if customer not in manual or manual[customer][1] <= at:
            manual[customer] = (stage, at)  # force = true: like a hand-set stage
    stages = {}
    for customer, evidence in stage_evidence(db, ruleset, span):
        chosen = choose_stage(evidence, manual.pop(customer, None), customer)
        if chosen:
            stages[customer] = chosen
    for customer, hand_set in manual.items():  # customers with no evidence at all
        stages[customer] = choose_stage([], hand_set, customer)
    return stages


def stage_evidence(
    db, ruleset: RuleSet, span: facts.Span | None = None
) -> Iterator[tuple[int, list[tuple[StageState, str]]]]:
    """(customer, [(stage state, ISO time of its latest evidence)]), one customer at a time.

    A customer's evidence is their set_stage matches (by rule), then stage events
    the rules recorded (oldest first). Streaming per customer keeps memory flat:
    the whole list was 14 MB at 100,000 messages.
    """
    actions = {r.id: r.actions("set_stage") for r in ruleset.scope("message")}
    actions = {rule: found for rule, found in actions.items() if found}
    events: dict[int, list[tuple[StageState, str]]] = {}
    for customer, stage, at, rule in db.execute(
        "SELECT customer, stage, at, rule FROM stage_events WHERE source = 'rule' AND forced = 0"
        f"{facts.within(span, 'customer')} ORDER BY id"
    ):
        events.setdefault(customer, []).append((StageState(customer, stage, at, "rule", rule), at))
    rows = facts.hit_summary(db, sorted(actions), terms=False, by_customer=True, span=span)
    for customer, hits in groupby(rows, key=lambda row: row[1]):
        evidence = [
            (
                StageState(
                    customer,
                    action.value,
                    day_of(first),
                    "rule",
                    rule,
                    latest,
                    bool(action.option("force")),
                    tuple(action.option("from") or ()),
                    tuple(action.option("after") or ()),
                ),
                last,
            )
            for rule, _, first, last, _count, latest, _terms in hits
            for action in actions[rule]
        ]
        yield customer, evidence + events.pop(customer, [])
    yield from events.items()


def choose_stage(
    evidence: list[tuple[StageState, str]], manual: tuple[str, str] | None, customer: int
) -> StageState | None:
    evidence = [(state, last) for state, last in (in_context(s, at, evidence) for s, at in evidence) if state]
    best = StageState(customer, manual[0], day_of(manual[1]), "manual") if manual else None
    set_at = manual[1] if manual else None  # evidence up to this time is passed over
    for state, last in evidence:
        if state.forced and (set_at is None or last > set_at) and may_go_back(state, last, evidence):
            best, set_at = replace(state, since=day_of(last), forced=False), last  # cancelled: the stage goes back
    for state, last in sorted(evidence, key=lambda e: (e[0].since, e[0].rule or "")):
        if state.forced or (set_at is not None and last <= set_at):
            continue  # evidence older than a hand-set or forced stage does not override it
        if best is None or STAGE_ORDER[state.stage] > STAGE_ORDER[best.stage]:
            since = max(state.since, best.since) if best and set_at is not None else state.since
            best = state if since == state.since else replace(state, since=since)
    return best


def in_context(state: StageState, last: str, evidence: list[tuple[StageState, str]]) -> tuple[StageState | None, str]:
    """Evidence that counts only after some stages ("counter-terms in a reply to our quotation")
    holds from its latest match when the stage reached by then is one of them; else it is none."""
    if not state.after:
        return state, last
    day = day_of(last)
    before = [s.stage for s, _ in evidence if not s.forced and not s.after and s.since and s.since <= day]
    reached = max(before, key=STAGE_ORDER.__getitem__, default=None)
    return (replace(state, since=day) if reached in state.after else None), last


def may_go_back(forced: StageState, at: str, evidence: list[tuple[StageState, str]]) -> bool:
    """A forced stage limited to some stages ("a new inquiry after a shipment") applies only when the
    furthest stage reached before it is one of them: a new RFQ while an order is open is no new deal."""
    if not forced.forced_from:
        return True
    day = day_of(at)
    before = [s.stage for s, _ in evidence if not s.forced and s.since and s.since < day]
    reached = max(before, key=STAGE_ORDER.__getitem__, default=None)
    return reached in forced.forced_from


# -- flags from message rules -----------------------------------------------------------


def derive_message_flags(
    db, ruleset: RuleSet, settings: RuleSettings, today: date, span: facts.Span | None = None
) -> dict:
    """A message rule's flag is open from its match until the match is `expires_after_days` old."""
    flags: dict[tuple[int, str, str], FlagState] = {}
    for rule in ruleset.scope("message"):
        for action in rule.actions("flag"):
            days = action.option("expires_after_days", settings.flag_expiry_days)
            since = today - timedelta(days=days)
            for _r, customer, first, last, count, latest, terms in facts.hit_summary(db, [rule.id], since, span=span):
                expires = (date.fromisoformat(day_of(last)) + timedelta(days=days)).isoformat()
                evidence = json.dumps({"messages": count, "terms": sorted(merged_terms(terms))}, ensure_ascii=False)
                flags[(customer, action.value, rule.id)] = FlagState(
                    customer,
                    action.value,
                    rule.id,
                    action.option("severity", "normal"),
                    action.option("note", "") or rule.description or rule.id,
                    day_of(first),
                    latest,
                    expires,
                    evidence,
                    day_of(last),
                )
    apply_message_unflags(db, ruleset, flags, span)
    return flags


def apply_message_unflags(db, ruleset: RuleSet, flags: dict, span: facts.Span | None = None) -> None:
    """An unflag match after the flag's last match closes it."""
    unflags = {r.id: [a.value for a in r.actions("unflag")] for r in ruleset.scope("message")}
    unflags = {rule: names for rule, names in unflags.items() if names}
    for rule, customer, _first, last, _count, latest, _terms in facts.hit_summary(
        db, sorted(unflags), terms=False, span=span
    ):
        for key, state in list(flags.items()):
            if (
                key[0] == customer
                and state.flag in unflags[rule]
                and (day_of(last), latest) > (state.last_seen, state.message)
            ):
                del flags[key]
