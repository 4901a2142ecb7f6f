"""Does a customer's mail wait for our answer? One function decides, for `today`, the
digests and the report alike.

Mail from a customer after our last reply waits for an answer when it asks something
or needs action, read in the sender's own words (quoted history left out):

- **yes**: a question (a "?" / "？", or an interrogative lead such as "could you",
  "能否", "können Sie": engine.questions); a request ("please send", "we need",
  "kindly quote": the ``request`` and ``inquiry-request`` concepts); or a rule found
  a complaint, a risk, an inquiry, a sample or an order in it (rule_hits);
- **no**: an auto-reply or out-of-office notice; a B2B platform's notification that
  carries no inquiry; a plain acknowledgement ("thanks, well received", "goods
  arrived, thanks": the ``acknowledge`` concept, in a mail of at most 80 words);
- **yes** otherwise: a mail we cannot read as asking nothing stays on the list.

Each verdict carries its reason, so `today` and the digest can say why.
"""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..mail.segments import own_words
from .autoreply import is_auto_reply
from .facts import WAITING, after_horizon
from .loader import rule_files, shipped_rules_dir
from .matcher import TermSet, fold, is_break, make_term, tokenize, unwrap
from .questions import SENTENCE_ENDS, in_question

ACTION_RULES = ("risk.", "stage.inquiry", "stage.sample", "stage.negotiation", "stage.order")
RULE_REASONS = {"risk.complaint": "complaint", "stage.inquiry": "inquiry", "stage.sample": "inquiry"}
THANKS_WORDS = 80  # an acknowledgement longer than this may say more than thanks
REQUEST_CONCEPTS = ("request", "inquiry-request")


@dataclass(frozen=True)
class Verdict:
    waits: bool
    reason: str  # question, request, complaint, inquiry, action, mail | auto-reply, notification, thanks


@lru_cache(maxsize=4)
def concept_terms(files: tuple[Path, ...]) -> dict[str, TermSet]:
    """The word sets this module reads, from the rule pack's concept files."""
    words: dict[str, list[str]] = {name: [] for name in (*REQUEST_CONCEPTS, "acknowledge")}
    for path in files:
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("concept", {})
        for name in words:
            for key, value in (tables.get(name) or {}).items():
                if key != "description" and isinstance(value, list):
                    words[name] += [w for w in value if isinstance(w, str)]
    terms = {}
    for name, found in words.items():
        compiled = []
        for word in dict.fromkeys(found):
            try:
                compiled.append(make_term(word))
            except ValueError:
                continue
        terms[name] = TermSet(compiled)
    return terms


def shipped_terms() -> dict[str, TermSet]:
    return concept_terms(tuple(rule_files([shipped_rules_dir()])))


def asks_something(tokens: list[str]) -> bool:
    """A sentence of the tokens is a question (engine.questions)."""
    if "?" in tokens:
        return True
    starts = [0] + [i + 1 for i, t in enumerate(tokens) if t in SENTENCE_ENDS or t in ",:"]
    return any(start < len(tokens) and in_question(tokens, start, start + 1) for start in starts)


def needs_answer(
    *,
    subject: str,
    body: str,
    headers: str = "{}",
    platform: str | None = None,
    rules: tuple[str, ...] = (),
    notice: bool = False,
    rule_words: dict[str, list[str]] | None = None,
) -> Verdict:
    """The verdict on one inbound message (see the module's docstring). ``rules``: the ids of
    the rules that matched it; ``rule_words``: the words each matched (rule_hits.terms), when
    known: a rule counts only if they stand in the sender's own words, not only in the subject
    ("Re: Your inquiry on Alibaba") or the quoted mail; ``notice``: the rules read it as an
    out-of-office notice."""
    own = own_words(body or "")
    tokens = tokenize(fold(unwrap(own)))
    terms = shipped_terms()
    if rule_words is not None:
        rules = tuple(rule for rule in rules if said_by_them(rule_words.get(rule, []), tokens))
    if platform:  # the platform's own mail: a buyer's inquiry in it waits, its notices do not
        if "stage.inquiry" in rules or terms["inquiry-request"].found_in(tokens):
            return Verdict(True, "inquiry")
        return Verdict(False, "notification")
    if notice or is_auto_reply(headers, subject, body):
        return Verdict(False, "auto-reply")
    for rule in rules:
        if rule.startswith(ACTION_RULES):
            return Verdict(True, RULE_REASONS.get(rule, "action"))
    if asks_something(tokens):
        return Verdict(True, "question")
    if any(terms[name].found_in(tokens) for name in REQUEST_CONCEPTS):
        return Verdict(True, "request")
    words = sum(1 for t in tokens if not is_break(t))
    if terms["acknowledge"].found_in(tokens) and words <= THANKS_WORDS:
        return Verdict(False, "thanks")
    return Verdict(True, "mail")


def said_by_them(words: list[str], tokens: list[str]) -> bool:
    """One of a rule's matched words stands in the sender's own words."""
    found = []
    for word in words:
        try:
            found.append(make_term(word))
        except ValueError:
            continue
    return TermSet(found).found_in(tokens)


def waiting_messages(db, since: str | None = None) -> list[dict]:
    """Every inbound message after our last reply (on or after ``since``), oldest first, with
    what engine.waiting reads: subject, body, headers, the platform that sent it and the ids
    of the rules that matched it."""
    keys = ("customer", "message", "date", "subject", "from_email", "body", "headers", "platform")
    return [
        dict(zip(keys, r[:-1]), rules=tuple(hits), rule_words=hits)
        for r in db.execute(
            f"SELECT w.customer, w.message, w.date, m.subject, m.from_email, m.body_text, m.headers, f.platform, "
            f"(SELECT json_group_object(h.rule, json(h.terms)) FROM rule_hits h WHERE h.message = w.message) "
            f"FROM ({WAITING}{after_horizon(since)}) w JOIN messages m ON m.id = w.message "
            f"LEFT JOIN message_facts f ON f.message = w.message ORDER BY w.date, w.customer, w.message"
        )
        for hits in [rule_words(r[-1])]
    ]


def rule_words(found: str | None) -> dict[str, list[str]]:
    """rule → the words it matched, from rule_hits (a term list of anything but words counts as none)."""
    hits = json.loads(found) if found else {}
    return {rule: [w for w in words if isinstance(w, str)] for rule, words in hits.items() if isinstance(words, list)}
