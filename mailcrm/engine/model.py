"""What a loaded rule is, and the facts conditions are evaluated against."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Callable

from ..errors import MailcrmError
from .lexicon import Lexicon
from .matcher import Document, Hit
from .parts import Speakers

STAGES = ("inquiry", "quotation", "sample", "negotiation", "order", "shipment", "after-sales")
STAGE_ORDER = {stage: index for index, stage in enumerate(STAGES)}
SCOPES = ("message", "customer")


class RuleError(MailcrmError):
    """A rule file is invalid: names file, line, rule and reason."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more: run `mailcrm rules check`)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more if problems else "invalid rules")


class Invalid(ValueError):
    """Raised while compiling one rule; the loader adds file, line and rule id."""

    def __init__(self, reason: str, key: str | None = None):
        super().__init__(reason)
        self.reason, self.key = reason, key


# -- facts ------------------------------------------------------------------------


@dataclass
class MessageFacts:
    id: int
    date: str | None
    direction: str | None
    subject: str
    body: str
    attachment_names: str
    headers: str
    thread_id: int | None
    customer: int | None
    from_email: str | None = None
    automated: bool = False
    auto_reply: bool | None = None  # computed on first use


NONE: frozenset[str] = frozenset()


@dataclass(slots=True)
class CustomerFacts:
    """What customer conditions read. A first run holds one for every customer while it reads
    the mail, so it is kept small: slots, and no set of its own until a tag or flag is added
    (two empty sets were 430 bytes of the 1.5 KB each at 200,000 messages)."""

    id: int
    name: str = ""
    country: str | None = None
    language: str | None = None
    owner: str | None = None
    credit: str | None = None
    manual_next_contact: str | None = None
    stage: str | None = None
    stage_since: date | None = None
    last_in: date | None = None
    last_out: date | None = None
    last_in_kind: str | None = None  # call, visit … when the last contact that way was no mail
    last_out_kind: str | None = None
    oldest_unanswered: str | None = None  # ISO datetime of the oldest inbound after our last reply
    last_order: date | None = None
    order_count: int = 0
    median_interval: float | None = None  # days between orders
    grade: str | None = None
    grade_override: str | None = None
    scores: dict[str, int | None] = field(default_factory=dict)  # recency/frequency/monetary → 1..5
    tags: frozenset[str] | set[str] = NONE
    flags: frozenset[str] | set[str] = NONE
    counts: dict[tuple, int] = field(default_factory=dict)  # (days, direction) → messages
    hit_counts: dict[tuple, int] = field(default_factory=dict)  # (rule, days) → messages

    def add_tag(self, tag: str) -> None:
        self.tags = self.tags | {tag}

    def drop_tag(self, tag: str) -> None:
        self.tags = self.tags - {tag}

    def add_flag(self, flag: str) -> None:
        self.flags = self.flags | {flag}

    def drop_flag(self, flag: str) -> None:
        self.flags = self.flags - {flag}


@dataclass
class Context:
    """Everything one evaluation may look at, plus the evidence it collects."""

    today: date
    lexicon: Lexicon
    message: MessageFacts | None = None
    customer: CustomerFacts | None = None
    doc: Document | None = None
    lookup: Any = None  # lazy per-message extras (folders, thread position)
    hits: list[Hit] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)  # customer facts a condition relied on


# -- rules -------------------------------------------------------------------------


@dataclass
class Condition:
    test: Callable[[Context], bool]
    cost: int = 1  # cheap ones run first inside `all`
    name: str = ""
    # Text matchers (lexicon owners) that must find a word for this condition to
    # hold: a message without any of their words skips the rule unevaluated.
    needs_words: frozenset[int] = frozenset()
    # ... or, for a choice (`any`), sets of them of which one must be there in full: a message
    # with none of a rule's alternatives' words skips it too (most rules are such choices).
    needs_one_of: tuple[frozenset[int], ...] = ()

    def __call__(self, ctx: Context) -> bool:
        return self.test(ctx)

    def may_hold(self, present: set[int]) -> bool:
        """False when the words it needs are not in the message: it cannot hold."""
        if not self.needs_words <= present:
            return False
        return not self.needs_one_of or any(needed <= present for needed in self.needs_one_of)

    def requirements(self) -> tuple[frozenset[int], ...]:
        """The word sets of which one must be present for this to hold; () when there is no such need."""
        if self.needs_one_of:
            return tuple(self.needs_words | needed for needed in self.needs_one_of)
        return (self.needs_words,) if self.needs_words else ()


@dataclass
class Action:
    kind: str  # add_tag, remove_tag, set_stage, flag, unflag, follow_up, draft, alert
    value: Any
    options: dict[str, Any] = field(default_factory=dict)

    def option(self, name: str, default: Any = None) -> Any:
        return self.options.get(name, default)


@dataclass
class Rule:
    id: str
    scope: str
    description: str
    when: Condition
    then: list[Action]
    source: Path
    line: int
    fingerprint: str
    enabled: bool = True

    def may_match(self, present: set[int]) -> bool:
        return self.when.may_hold(present)

    def actions(self, *kinds: str) -> list[Action]:
        return [a for a in self.then if a.kind in kinds]


@dataclass
class Segment:
    name: str
    description: str
    when: Condition
    source: Path
    line: int


@dataclass
class Needs:
    """Facts some condition asked for, so the runner fetches only those."""

    windows: set[tuple[int, str | None]] = field(default_factory=set)  # (days, direction)
    hit_windows: set[tuple[str, int]] = field(default_factory=set)  # (rule, days)
    folders: bool = False
    thread_position: bool = False
    customer: bool = False


@dataclass
class RuleSet:
    rules: list[Rule]
    segments: dict[str, Segment]
    lexicon: Lexicon
    needs: Needs
    files: list[Path]
    speakers: Speakers = field(default_factory=Speakers)  # our domains: whose words a quote holds

    def scope(self, scope: str) -> list[Rule]:
        return [r for r in self.rules if r.scope == scope and r.enabled]

    def rule(self, rule_id: str) -> Rule | None:
        return next((r for r in self.rules if r.id == rule_id), None)
