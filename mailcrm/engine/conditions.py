"""Condition names → compiled tests. Unknown names fail at load time.

Each builder validates its value and returns a :class:`Condition`. Message
conditions read ``ctx.message``; customer conditions read ``ctx.customer`` and
record the fact they relied on in ``ctx.facts`` so `why` can quote it.

The registry, all/any/not and the value readers are in `condition_kit`. The Compiler
lives here, beside the conditions, so whoever compiles a rule has them all registered.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any, Callable

from . import concepts as _concepts  # noqa: F401  (registers the "sentence" condition)
from .autoreply import is_auto_reply
from .condition_kit import (
    REGISTRY,
    all_of,
    any_of,
    boolean,
    condition,
    customer_condition,
    days_between,
    in_range,
    negate,
    number_range,
    range_fact,
    set_fact,
    str_list,
    window_spec,
)
from .matcher import TermError, TextMatcher, make_term
from .parts import DEFAULT_PARTS, PARTS
from .model import STAGES, Condition, Context, Invalid, Needs

DIRECTIONS = ("in", "out", "internal")
GRADES = ("A", "B", "C")
CREDIT_LISTS = ("red", "grey", "black")
TEXT_FIELDS = ("subject", "body", "attachments")
LANGUAGE_KEYS = (
    "words",
    "en",
    "es",
    "pt",
    "fr",
    "de",
    "it",
    "ru",
    "ar",
    "tr",
    "ja",
    "zh",
    "ko",
    "nl",
    "pl",
    "vi",
    "id",
    "th",
    "hi",
)
ATTACHMENT_KINDS = {
    "image": {"png", "jpg", "jpeg", "gif", "bmp", "tif", "tiff", "webp", "heic"},
    "archive": {"zip", "rar", "7z", "gz", "tar"},
    "cad": {"dwg", "dxf", "step", "stp", "igs", "iges", "sldprt", "x_t"},
    "office": {"doc", "docx", "xls", "xlsx", "ppt", "pptx", "odt", "ods", "csv"},
    "pdf": {"pdf"},
}


class Compiler:
    """Compiles one rule's condition table; registers its words in the lexicon."""

    def __init__(self, scope: str, ruleset_lexicon, needs: Needs, counter: list[int], concepts=None):
        self.scope, self.lexicon, self.needs, self.counter = scope, ruleset_lexicon, needs, counter
        self.concepts = concepts if concepts is not None else _concepts.Concepts(LANGUAGE_KEYS)

    def table(self, data: Any, key: str = "when") -> Condition:
        if not isinstance(data, dict) or not data:
            raise Invalid("must be a table of conditions", key)
        parts = [self.entry(name, value) for name, value in data.items()]
        return all_of(parts)

    def entry(self, name: str, value: Any) -> Condition:
        if name in ("all", "any"):
            items = value if isinstance(value, list) else None
            if not items:
                raise Invalid(f"{name} must be a non-empty array of condition tables ([[...{name}]])", name)
            parts = [self.table(item, name) for item in items]
            return all_of(parts) if name == "all" else any_of(parts)
        if name == "not":
            return negate(self.table(value, "not"))
        builder = REGISTRY.get(name)
        if builder is None:
            raise Invalid(f"unknown condition {name!r} (known: {', '.join(sorted(REGISTRY))}, all, any, not)", name)
        if self.scope not in builder.scopes:
            raise Invalid(f'condition {name!r} needs a message: use it in scope = "message" rules', name)
        try:
            built = builder.build(value, self)
        except Invalid as exc:
            raise Invalid(f"{name}: {exc.reason}", exc.key or name) from None
        built.name = name
        return built


# -- message conditions ---------------------------------------------------------------


@condition("direction")
def direction(value, compiler) -> Condition:
    wanted = str_list(value, DIRECTIONS)
    return Condition(lambda ctx: ctx.message.direction in wanted, 0)


@condition("folder")
def folder(value, compiler) -> Condition:
    wanted = str_list(value)
    compiler.needs.folders = True
    return Condition(lambda ctx: bool(wanted & ctx.lookup.folders(ctx.message.id)), 6)


def address_matcher(value) -> Callable[[str], bool]:
    wanted = str_list(value)
    addresses = {w for w in wanted if "@" in w}
    domains = tuple(w.lstrip(".") for w in wanted if "@" not in w)

    def matches(email: str) -> bool:
        email = (email or "").lower()
        if email in addresses:
            return True
        host = email.rpartition("@")[2]
        return any(host == d or host.endswith("." + d) for d in domains)

    return matches


@condition("from")
def from_(value, compiler) -> Condition:
    matches = address_matcher(value)
    return Condition(lambda ctx: matches(ctx.message.from_email), 1)


@condition("to")
def to(value, compiler) -> Condition:
    matches = address_matcher(value)
    return Condition(lambda ctx: any(matches(a) for a in ctx.lookup.recipients(ctx.message.id)), 6)


@condition("text")
def text(value, compiler) -> Condition:
    matcher = text_matcher(value, compiler.concepts)
    compiler.counter[0] += 1
    matcher.register(compiler.lexicon, compiler.counter[0])

    def test(ctx: Context) -> bool:
        hits = matcher.find(ctx.doc, ctx.lexicon)
        ctx.hits.extend(hits)
        return bool(hits)

    needed = frozenset() if matcher.regexes else frozenset({matcher.owner})
    return Condition(test, 4, needs_words=needed)


TEXT_KEYS = set(LANGUAGE_KEYS) | {
    "concepts",
    "fields",
    "parts",
    "regex",
    "unless",
    "unless_sentence",
    "negation",
    "questions",
    "quoted",
    "min_hits",
}


def text_matcher(value, concepts: _concepts.Concepts) -> TextMatcher:
    if not isinstance(value, dict):
        raise Invalid("must be a table ([rule.when.text]) with word lists")
    unknown = sorted(set(value) - TEXT_KEYS)
    if unknown:
        raise Invalid(
            f"unknown key {unknown[0]!r} (words go under a language key: {', '.join(LANGUAGE_KEYS)})", unknown[0]
        )
    keyed = keyed_words(value, concepts)
    terms = terms_of([w for w, _ in keyed], [k for _, k in keyed])
    regexes = [compile_regex(p) for p in word_list(value, "regex")]
    if not terms and not regexes:
        raise Invalid("needs at least one word list (en = [...], zh = [...]) or regex")
    min_hits = value.get("min_hits", 1)
    if not isinstance(min_hits, int) or isinstance(min_hits, bool) or min_hits < 1:
        raise Invalid("min_hits must be a whole number ≥ 1", "min_hits")
    return TextMatcher(
        terms=terms,
        regexes=regexes,
        unless=terms_of(concepts.expand(word_list(value, "unless"))),
        unless_sentence=terms_of(concepts.expand(word_list(value, "unless_sentence"))),
        fields=tuple(str_list(value.get("fields", ["subject", "body"]), TEXT_FIELDS)),
        negation=boolean(value.get("negation", True)),
        questions=boolean(value.get("questions", True)),
        quoted=boolean(value.get("quoted", False)),
        min_hits=min_hits,
        parts=body_parts(value),
    )


def body_parts(value: dict) -> tuple[str, ...]:
    """``parts = ["own", "forwarded"]``: which parts of the body a condition reads."""
    if "parts" not in value:
        return DEFAULT_PARTS
    return tuple(p for p in PARTS if p in str_list(value["parts"], PARTS))


def word_list(table: dict, key: str) -> list[str]:
    words = table.get(key, [])
    if isinstance(words, str):
        words = [words]
    if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
        raise Invalid(f"{key} must be a list of strings", key)
    return words


def keyed_words(value: dict, concepts: _concepts.Concepts) -> list[tuple[str, str]]:
    """(word, language key) of a text table; concepts ("concepts", "@name") bring their words' keys."""
    pairs = [(w, key) for key in LANGUAGE_KEYS for w in word_list(value, key)]
    pairs += [("@" + name, "words") for name in (str_list(value["concepts"]) if "concepts" in value else [])]
    keyed = []
    for word, key in pairs:
        if word.startswith("@"):
            concepts.words(word[1:])  # an unknown name is an error
            keyed += [(w, k) for k, words in concepts.by_name[word[1:]].words.items() for w in words]
        else:
            keyed.append((word, key))
    return keyed


def terms_of(words, languages=None):
    """Terms of a word list; with ``languages`` (one key per word) a word matches its inflections too."""
    terms, seen = [], set()
    for word, lang in zip(words, languages or [None] * len(words)):
        try:
            term = make_term(word, lang)
        except TermError as exc:
            raise Invalid(str(exc)) from None
        if (term.tokens, term.lead, term.trail, term.lang) not in seen:
            seen.add((term.tokens, term.lead, term.trail, term.lang))
            terms.append(term)
    return terms


def compile_regex(pattern: str) -> re.Pattern:
    try:
        return re.compile(pattern, re.IGNORECASE)
    except re.error as exc:
        raise Invalid(f"bad regex {pattern!r}: {exc}", "regex") from None


@condition("attachment_type")
def attachment_type(value, compiler) -> Condition:
    wanted = str_list(value)
    extensions = set().union(*(ATTACHMENT_KINDS.get(w, {w.lstrip(".")}) for w in wanted))

    def test(ctx: Context) -> bool:
        names = ctx.message.attachment_names
        return bool(names) and any(n.rpartition(".")[2].lower() in extensions for n in names.split("\n"))

    return Condition(test, 1)


@condition("attachment_count")
def attachment_count(value, compiler) -> Condition:
    bounds = number_range(value)

    def test(ctx: Context) -> bool:
        names = ctx.message.attachment_names
        return in_range(len(names.split("\n")) if names else 0, bounds)

    return Condition(test, 1)


@condition("first_in_thread")
def first_in_thread(value, compiler) -> Condition:
    wanted = boolean(value)
    compiler.needs.thread_position = True
    return Condition(lambda ctx: (ctx.lookup.thread_position(ctx.message.id) == 1) == wanted, 6)


@condition("thread_position")
def thread_position(value, compiler) -> Condition:
    bounds = number_range(value)
    compiler.needs.thread_position = True
    return Condition(lambda ctx: in_range(ctx.lookup.thread_position(ctx.message.id), bounds), 6)


@condition("auto_reply")
def auto_reply(value, compiler) -> Condition:
    wanted = boolean(value)

    def test(ctx: Context) -> bool:
        m = ctx.message
        if m.auto_reply is None:  # once per message, however many rules ask
            m.auto_reply = is_auto_reply(m.headers, m.subject, m.body, m.automated)
        return m.auto_reply == wanted

    return Condition(test, 5)


@condition("has_customer")
def has_customer(value, compiler) -> Condition:
    wanted = boolean(value)
    return Condition(lambda ctx: (ctx.customer is not None) == wanted, 0)


# -- customer conditions -------------------------------------------------------------


@customer_condition("country")
def country(value, compiler):
    return set_fact(lambda c: (c.country or "").upper() or None, str_list(value, upper=True))


@customer_condition("language")
def language(value, compiler):
    return set_fact(lambda c: (c.language or "").lower() or None, str_list(value))


@customer_condition("owner")
def owner(value, compiler):
    return set_fact(lambda c: (c.owner or "").lower() or None, str_list(value))


@customer_condition("stage")
def stage(value, compiler):
    return set_fact(lambda c: c.stage, str_list(value, STAGES))


@customer_condition("grade")
def grade(value, compiler):
    return set_fact(lambda c: c.grade, str_list(value, GRADES, upper=True))


@customer_condition("credit")
def credit(value, compiler):
    return set_fact(lambda c: (c.credit or "").lower() or None, str_list(value, CREDIT_LISTS))


@customer_condition("tag")
def tag(value, compiler):
    wanted = str_list(value)
    return lambda c, today: (bool(wanted & c.tags), sorted(wanted & c.tags))


@customer_condition("flag")
def flag(value, compiler):
    wanted = str_list(value)
    return lambda c, today: (bool(wanted & c.flags), sorted(wanted & c.flags))


customer_condition("stage_days")(range_fact(lambda c, t: days_between(c.stage_since, t)))
customer_condition("days_since_inbound")(range_fact(lambda c, t: days_between(c.last_in, t)))
customer_condition("days_since_outbound")(range_fact(lambda c, t: days_between(c.last_out, t)))
customer_condition("days_since_order")(range_fact(lambda c, t: days_between(c.last_order, t)))
customer_condition("order_count")(range_fact(lambda c, t: c.order_count))
for _score in ("recency", "frequency", "monetary"):
    customer_condition(f"{_score}_score")(range_fact(lambda c, t, s=_score: c.scores.get(s)))


def order_interval_ratio_of(c, today: date) -> float | None:
    if not c.median_interval or not c.last_order or c.order_count < 3:
        return None
    return round((today - c.last_order).days / c.median_interval, 2)


def awaiting_reply_days_of(c, today: date) -> int | None:
    if not c.last_out or (c.last_in and c.last_in > c.last_out):
        return None
    return (today - c.last_out).days


def unanswered_hours_of(c, today: date) -> float | None:
    if not c.oldest_unanswered:
        return None
    since = datetime.fromisoformat(c.oldest_unanswered.replace("Z", "+00:00"))
    now = datetime.combine(today, datetime.max.time()).replace(tzinfo=since.tzinfo)
    return round((now - since).total_seconds() / 3600, 1)


customer_condition("order_interval_ratio")(range_fact(order_interval_ratio_of))
customer_condition("awaiting_reply_days")(range_fact(awaiting_reply_days_of))
customer_condition("unanswered_inbound_hours")(range_fact(unanswered_hours_of))


@customer_condition("messages")
def messages(value, compiler):
    spec = window_spec(value, {"days", "direction", "min", "max"}, {"days"})
    direction_ = next(iter(str_list(spec["direction"], DIRECTIONS))) if "direction" in spec else None
    bounds = number_range({k: spec[k] for k in ("min", "max") if k in spec} or {"min": 1})
    key = (spec["days"], direction_)
    compiler.needs.windows.add(key)
    return lambda c, today: (in_range(c.counts.get(key, 0), bounds), c.counts.get(key, 0))


@customer_condition("rule_hits")
def rule_hits(value, compiler):
    spec = window_spec(value, {"rule", "days", "min", "max"}, {"rule", "days"})
    if not isinstance(spec["rule"], str):
        raise Invalid("rule must be a rule id")
    bounds = number_range({k: spec[k] for k in ("min", "max") if k in spec} or {"min": 1})
    key = (spec["rule"], spec["days"])
    compiler.needs.hit_windows.add(key)
    compiler.referenced_rules = getattr(compiler, "referenced_rules", set()) | {spec["rule"]}
    return lambda c, today: (in_range(c.hit_counts.get(key, 0), bounds), c.hit_counts.get(key, 0))


@customer_condition("frequency_drop")
def frequency_drop(value, compiler):
    spec = window_spec(value, {"days", "ratio", "min_before"}, {"days"})
    ratio = spec.get("ratio", 0.5)
    min_before = spec.get("min_before", 4)
    if not isinstance(ratio, (int, float)) or not 0 < ratio < 1:
        raise Invalid("ratio must be a number between 0 and 1")
    recent, both = (spec["days"], None), (spec["days"] * 2, None)
    compiler.needs.windows.update({recent, both})

    def fact(c, today):
        now = c.counts.get(recent, 0)
        before = c.counts.get(both, 0) - now
        return (before >= min_before and now <= ratio * before), {"recent": now, "before": before}

    return fact
