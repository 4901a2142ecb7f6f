"""Find rule words in mail: folded, tokenized, negation-aware.

Why tokens and not one regex per rule: scanning 100,000 bodies with a regex per
rule costs minutes; tokenizing each text once and intersecting its word set with
the words of *all* rules costs seconds. A phrase is a sequence of tokens, so

- alphabetic words match whole words ("sample" never matches "example"),
- each Chinese/Japanese/Korean character is its own token, so a CJK word is a
  substring match ("环保" inside "环保材料"),
- punctuation inside a phrase is a word break ("eco-friendly" = "eco friendly"),
- sentence ends are tokens too, so phrases never match across them.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING
from bisect import bisect_left
from itertools import compress
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from ..mail.textindex import CJK
from . import lemmas
from .negation import NEGATION_AFTER, NEGATION_BEFORE, Cues, korean_before
from .parts import DEFAULT_PARTS, PARTS, Speakers
from .questions import in_question

if TYPE_CHECKING:  # the Lexicon (lexicon.py) indexes these matchers' words
    from .lexicon import Lexicon

# Combining marks removed by folding. Kana voicing marks (U+3099/309A) are kept:
# without them バ and ハ would be the same letter.
MARKS = re.compile(
    "[\u0300-\u036f\u0483-\u0489\u0591-\u05bd\u0610-\u061a\u064b-\u065f\u0670"
    "\u06d6-\u06ed\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f\u0640]"
)
ARABIC_VARIANTS = str.maketrans({"ى": "ي", "ة": "ه"})
SENTENCE_BREAKS = ".!?;\n。！？；؟¿؛"  # ؛ Arabic semicolon
CLAUSE_BREAKS = SENTENCE_BREAKS + ",:，、：()（）،"  # ، Arabic comma
TOKEN = re.compile(rf"[{CJK}]|[^\W{CJK}_]+|\.(?=\s|$)|[!?;\n。！？；؟¿؛,:，、：()（）،]")
CJK_CHAR = re.compile(f"[{CJK}]")

# Words that end a clause for negation: "not X, but Y" must not negate Y. (Not Italian
# "ma": it follows a comma anyway, and Polish "nie ma zamówienia" is "there is no order".)
CONTRAST = frozenset(
    "but however though although yet aber sondern jedoch doch pero sino mas porem "
    "mais cependant pero pero ama fakat но однако لكن 但 但是 可是 不过 しかし".split()
)
NEGATION_WINDOW = 6  # tokens looked at on each side of a hit


def fold(text: str) -> str:
    """Case-fold, strip accents, normalize full-width forms (both rules and mail)."""
    if text.isascii():
        return text.lower()
    text = MARKS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    # translate() looks every character up in a dict: half of folding a CJK or
    # Cyrillic text, for two Arabic letters most text does not contain.
    if "ى" in text or "ة" in text:
        text = text.translate(ARABIC_VARIANTS)
    return unicodedata.normalize("NFC", text)


# A line break after a long line is where the mail program wrapped a sentence ("We had another
# offer / from a supplier"): a space, so phrases and sentences go on. Short lines (greetings,
# lists, signatures) keep their breaks.
WRAPPED = re.compile(r"(?<=[^\n]{40})\n(?=[^\n])")
# Chinese and Japanese characters are twice as wide: 18 of them and a character (not 。！？) make a wrapped line
# ("承認が下り次第、正式に注文書を / お送りします").
WRAPPED_CJK = re.compile(rf"(?<=[^\n]{{18}}[{CJK}])\n(?=[^\n])")


def unwrap(text: str) -> str:
    if "\n" not in text:
        return text
    text = WRAPPED.sub(" ", text)
    return WRAPPED_CJK.sub(" ", text) if not text.isascii() and CJK_CHAR.search(text) else text


def tokenize(folded: str) -> list[str]:
    return TOKEN.findall(folded)


def term_words(part: str) -> list[str]:
    if part in PLACEHOLDERS:
        return [part]
    return [t for t in tokenize(fold(part)) if not is_break(t)]


def is_break(token: str) -> bool:
    return len(token) == 1 and token in CLAUSE_BREAKS


def is_sentence_break(token: str) -> bool:
    return len(token) == 1 and token in SENTENCE_BREAKS


# -- terms -----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word or phrase of a rule, folded and tokenized.

    ``lead``/``trail`` are wildcards: the first token may end a longer word
    (Arabic "ال" prefixes), the last token may start one ("sample*").
    """

    source: str
    tokens: tuple[str, ...]
    lead: bool = False
    trail: bool = False
    lang: str | None = None  # the language key it was listed under ("words": None)
    forms: tuple[frozenset[str], ...] = ()  # per token, its inflections (set by the Lexicon)

    def token_matches(self, index: int, token: str) -> bool:
        want = self.tokens[index]
        if want in PLACEHOLDERS:
            return PLACEHOLDERS[want](token)
        last = len(self.tokens) - 1
        if index == 0 and self.lead and index == last and self.trail:
            return want in token
        if index == 0 and self.lead:
            return token.endswith(want)
        if index == last and self.trail:
            return token.startswith(want)
        return token == want or (bool(self.forms) and token in self.forms[index])

    def matches_at(self, tokens: list[str], start: int) -> bool:
        plain = self.plain
        if plain is not None:  # every word as written: one slice comparison
            return tokens[start : start + len(plain)] == plain
        words = self.tokens
        if start + len(words) > len(tokens):
            return False
        special, forms = self.special, self.forms
        for k, want in enumerate(words):
            token = tokens[start + k]
            if k in special:
                if not self.token_matches(k, token):
                    return False
            elif token != want and not (forms and token in forms[k]):
                return False
        return True

    @cached_property
    def special(self) -> frozenset[int]:
        """Positions a plain comparison cannot decide: placeholders and wildcard stems."""
        last = len(self.tokens) - 1
        return frozenset(
            k
            for k, want in enumerate(self.tokens)
            if want in PLACEHOLDERS or (k == 0 and self.lead) or (k == last and self.trail)
        )

    @cached_property
    def plain(self) -> list[str] | None:
        """The phrase's words when each must stand exactly as written (no stems, placeholders
        or inflections), else None."""
        if self.lead or self.trail or self.forms or any(t in PLACEHOLDERS for t in self.tokens):
            return None
        return list(self.tokens)

    @property
    def wild_first(self) -> bool:
        return self.lead or (self.trail and len(self.tokens) == 1)

    @cached_property
    def words(self) -> frozenset[str]:
        """The tokens that must occur as words (not placeholders, not a trailing stem)."""
        last = len(self.tokens) - 1
        return frozenset(
            t for i, t in enumerate(self.tokens) if t not in PLACEHOLDERS and not (i == last and self.trail)
        )

    @cached_property
    def rest(self) -> frozenset[str]:
        """The exact tokens after the first: a cheap pre-check before positions are compared."""
        return self.words - {self.tokens[0]} if self.tokens[0] not in self.tokens[1:] else self.words


class TermError(ValueError):
    """A word list entry that cannot be matched (empty, only punctuation)."""


# Inside a phrase: "#" is any word with a digit (PO # = "PO 4711"), "?" any one word.
PLACEHOLDERS = {"#": lambda token: any(c.isdigit() for c in token), "?": lambda token: not is_break(token)}


@lru_cache(maxsize=None)  # a concept's words are listed once and used by many rules: parse each once
def make_term(source: str, lang: str | None = None) -> Term:
    text = source.strip()
    lead, trail = text.startswith("*"), text.endswith("*") and len(text) > 1
    words = [w for part in text.strip("*").split() for w in term_words(part)]
    if not words:
        raise TermError(f"{source!r} contains no word to match")
    if words[0] in PLACEHOLDERS:
        raise TermError(f"{source!r}: a phrase cannot start with # or ?")
    if (lead or trail) and CJK_CHAR.fullmatch(words[-1 if trail else 0]):
        lead = trail = False  # CJK already matches as a substring
    return Term(source, tuple(words), lead, trail, lang if lang != "words" else None)


# -- documents -------------------------------------------------------------------


NOBODY = Speakers()  # no own domains known: nothing is told apart as ours


class Document:
    """One message's fields, folded and tokenized once, on first use."""

    def __init__(self, fields: dict[str, str], speakers: Speakers | None = None, sender: str | None = None):
        self.fields = fields
        self.speakers, self.sender = speakers, sender  # who is speaking in the body's parts
        self._folded: dict[str, str] = {}
        self._tokens: dict[str, list[str]] = {}
        self._sets: dict[str, set[str]] = {}
        self._stops: dict[str, list[int]] = {}
        self.extra: dict = {}  # what other matchers compute once per document (sentence ends)
        self.candidates: dict[str, dict[int, list[tuple[Term, str]]]] = {}

    def folded(self, name: str) -> str:
        if name not in self._folded:
            self._folded[name] = fold(unwrap(self.text(name)))
        return self._folded[name]

    def text(self, name: str) -> str:
        if name not in self.fields and name.startswith("body:"):
            self.split_body()
        return self.fields.get(name) or ""

    def split_body(self) -> None:
        """The body's parts as fields "body:own", "body:forwarded", … (see engine.parts)."""
        speakers = self.speakers or NOBODY
        for part, text in speakers.split(self.fields.get("body") or "", self.sender).items():
            self.fields[f"body:{part}"] = text
        for part in PARTS:
            self.fields.setdefault(f"body:{part}", "")

    def tokens(self, name: str) -> list[str]:
        if name not in self._tokens:
            self._tokens[name] = tokenize(self.folded(name))
        return self._tokens[name]

    def stops(self, name: str) -> list[int]:
        if name not in self._stops:
            self._stops[name] = stop_positions(self.tokens(name))
        return self._stops[name]

    def token_set(self, name: str) -> set[str]:
        if name not in self._sets:
            self._sets[name] = set(self.tokens(name))
        return self._sets[name]

    # Many rules find a word at the same place ("price"): negated or asked there is worked out once.
    def negated(self, name: str, start: int, end: int) -> bool:
        key = ("negated", name, start, end)
        found = self.extra.get(key)
        if found is None:
            found = self.extra[key] = negated(
                self.tokens(name), start, end, self.stops(name), negation_language(self, name)
            )
        return found

    def in_question(self, name: str, start: int, end: int) -> bool:
        key = ("question", name, start, end)
        found = self.extra.get(key)
        if found is None:
            found = self.extra[key] = in_question(self.tokens(name), start, end, self.stops(name))
        return found


# -- negation --------------------------------------------------------------------


NEG_BEFORE = Cues([make_term(w) for w in NEGATION_BEFORE])
# Portuguese "no" is "in the" ("pagar o saldo no mês que vem"), never "not" (that is "não")
NEG_BEFORE_BY_LANGUAGE = {"pt": Cues([make_term(w) for w in NEGATION_BEFORE if w != "no"])}
NEG_AFTER = Cues([make_term(w) for w in NEGATION_AFTER])


def clause_bounds(
    tokens: list[str], start: int, end: int, limit: int = 60, stops: list[int] | None = None
) -> tuple[int, int]:
    """Token range [lo, hi) of the clause around tokens[start:end], at most ``limit`` each side."""
    if stops is None:
        stops = stop_positions(tokens)
    k = bisect_left(stops, start)
    lo = stops[k - 1] + 1 if k else 0
    k = bisect_left(stops, end)
    hi = stops[k] if k < len(stops) else len(tokens)
    return max(lo, start - limit), min(hi, end + limit)


def stop_positions(tokens: list[str]) -> list[int]:
    """Where clauses end (breaks, "but" …): computed in C, once per field."""
    return list(compress(range(len(tokens)), map(CLAUSE_STOPS.__contains__, tokens)))


CLAUSE_STOPS = frozenset(CLAUSE_BREAKS) | CONTRAST


NUL = "\x00"  # joins a window's tokens for one regex search (no token holds it)


class TermSet:
    """A few phrases looked for inside a short window (``unless`` lists)."""

    def __init__(self, terms: list[Term]):
        self.terms = terms
        self.by_first: dict[str, list[Term]] = {}
        for term in terms:
            if not term.wild_first:
                self.by_first.setdefault(term.tokens[0], []).append(term)
        self.wild = [t for t in terms if t.wild_first]
        # A wildcard term's first word must end ("*مقابل") or start ("sample*") a token: str.endswith /
        # startswith with a tuple test all of them in C before any term is compared at a position.
        self.wild_ends = tuple(t.tokens[0] for t in self.wild if t.lead)
        self.wild_starts = tuple(t.tokens[0] for t in self.wild if not t.lead)
        # … and one regex over the window's joined tokens says whether any does: most windows have none
        ends = [f"(?:{'|'.join(map(re.escape, self.wild_ends))})\x00"] if self.wild_ends else []
        starts = [f"\x00(?:{'|'.join(map(re.escape, self.wild_starts))})"] if self.wild_starts else []
        self.wild_pattern = re.compile("|".join(ends + starts)) if self.wild else None

    def __bool__(self) -> bool:
        return bool(self.terms)

    def may_start_wild(self, token: str) -> bool:
        return bool(
            (self.wild_ends and token.endswith(self.wild_ends))
            or (self.wild_starts and token.startswith(self.wild_starts))
        )

    def found_in(self, tokens: list[str]) -> bool:
        wild = self.wild_pattern is not None and self.wild_pattern.search(NUL + NUL.join(tokens) + NUL) is not None
        if not wild and self.by_first.keys().isdisjoint(tokens):
            return False
        for i, token in enumerate(tokens):
            for term in self.by_first.get(token, ()):
                if term.matches_at(tokens, i):
                    return True
            if wild and self.may_start_wild(token) and any(term.matches_at(tokens, i) for term in self.wild):
                return True
        return False


def negated(
    tokens: list[str], start: int, end: int, stops: list[int] | None = None, language: str | None = None
) -> bool:
    lo, hi = clause_bounds(tokens, start, end, NEGATION_WINDOW, stops)
    before = NEG_BEFORE_BY_LANGUAGE.get(language, NEG_BEFORE) if language else NEG_BEFORE
    return korean_before(tokens, start) or before.found_in(tokens[lo:start]) or NEG_AFTER.found_in(tokens[end:hi])


def sentence_ends(doc: Document, field_name: str) -> list[int]:
    """Token positions that end a sentence (a paragraph break, not a wrapped line)."""
    return unit_ends(doc, field_name, "sentence")


def unit_ends(doc: Document, field_name: str, unit: str) -> list[int]:
    """Token positions that end a "sentence" or a "paragraph" (the first line break of a blank line)."""
    key = (unit, field_name)
    cached = doc.extra.get(key)
    if cached is None:
        tokens = doc.tokens(field_name)
        last = len(tokens) - 1
        ends = is_sentence_break if unit == "sentence" else "\n".__eq__
        # Mail is wrapped at 72 columns: one line break is no sentence end, a blank line is.
        cached = doc.extra[key] = [
            i
            for i, token in enumerate(tokens)
            if ends(token)
            and (token != "\n" or (i < last and tokens[i + 1] == "\n"))
            and not (token == "." and year_abbreviation(tokens, i))
        ]
    return cached


# "w 2022 r. z powodu nieszczelności", "в 2022 г. из-за течи": the year's abbreviation ends no sentence
YEAR_WORDS = frozenset({"r", "rr", "г", "гг"})


def year_abbreviation(tokens: list[str], i: int) -> bool:
    return i >= 2 and tokens[i - 1] in YEAR_WORDS and tokens[i - 2].isdigit()


def sentence_bounds(doc: Document, field_name: str, start: int, end: int) -> tuple[int, int]:
    """Token range [lo, hi) of the sentence around tokens[start:end]."""
    ends = sentence_ends(doc, field_name)
    k = bisect_left(ends, start)
    lo = ends[k - 1] + 1 if k else 0
    k = bisect_left(ends, end)
    return lo, ends[k] if k < len(ends) else len(doc.tokens(field_name))


# Words only Portuguese writes (folded): in a text with two of them, "no" is "in the", not "not"
PORTUGUESE_MARKERS = frozenset(
    "nao voce voces com do dos das ao um em muito obrigado obrigada nosso nossa pela pelo sao tambem vem".split()
)


def negation_language(doc: Document, field_name: str) -> str | None:
    """ "pt" for a Portuguese text (whatever language a rule word was listed under), else the default cues."""
    key = ("negation-language", field_name)
    if key not in doc.extra:
        portuguese = len(PORTUGUESE_MARKERS.intersection(doc.token_set(field_name))) >= 2
        doc.extra[key] = "pt" if portuguese else None
    return doc.extra[key]


# -- the text condition's matcher -----------------------------------------------------


@dataclass
class Hit:
    term: str  # the rule's word as written (or the text a regex matched)
    field: str


@dataclass
class TextMatcher:
    terms: list[Term]
    regexes: list[re.Pattern] = field(default_factory=list)
    unless: list[Term] = field(default_factory=list)
    # excuse a hit anywhere in its sentence, not only its clause: "the previous supplier's valves
    # leaked within a year, the owner kept complaining about them" is not a complaint against us
    unless_sentence: list[Term] = field(default_factory=list)
    fields: tuple[str, ...] = ("subject", "body")
    negation: bool = True
    questions: bool = True  # False: a hit inside a question does not count
    quoted: bool = False  # true: the whole body, whoever wrote it (parts are then ignored)
    min_hits: int = 1
    owner: int = -1  # index in the Lexicon, set when registered
    parts: tuple[str, ...] = DEFAULT_PARTS  # which parts of the body are read (engine.parts)

    def __post_init__(self):
        self.excuses = TermSet(self.unless)
        self.sentence_excuses = TermSet(self.unless_sentence)
        self.field_names = tuple(
            (name, field_name)
            for name in self.fields
            for field_name in ([name] if self.quoted or name != "body" else [f"body:{p}" for p in self.parts])
        )

    def register(self, lexicon: Lexicon, owner: int) -> None:
        self.owner = owner
        lexicon.fields.update(field_name for _name, field_name in self.field_names)
        for term in self.terms:
            lexicon.add(owner, term)

    def find(self, doc: Document, lexicon: Lexicon) -> list[Hit]:
        hits: dict[str, Hit] = {}
        for name, field_name in self.field_names:
            taken: set[str] = set()  # words found: an inflection of another rule word is the same hit
            for term, first in lemmas.surface_first(lexicon.hits_for(doc, field_name, self.owner)):
                if term.source in hits or (term.forms and first in taken and first != term.tokens[0]):
                    continue
                if lemmas.fits(term, doc, field_name) and self.term_counts(doc, field_name, term, first):
                    hits[term.source] = Hit(term.source, name)
                    taken.add(first)
            for pattern in self.regexes:
                found = pattern.search(doc.folded(field_name))
                if found and found.group(0) not in hits:
                    hits[found.group(0)] = Hit(found.group(0), name)
        return list(hits.values()) if len(hits) >= self.min_hits else []

    def occurrences(self, doc: Document, lexicon: Lexicon, field_name: str) -> list[tuple[int, int, str]]:
        """Every (start, end, term) of this matcher's terms in a field, negated or excused ones left out."""
        found = []
        tokens = doc.tokens(field_name)
        for term, first in lexicon.hits_for(doc, field_name, self.owner):
            if not lemmas.fits(term, doc, field_name):
                continue
            start = -1
            while True:
                try:
                    start = tokens.index(first, start + 1)
                except ValueError:
                    break
                if not term.matches_at(tokens, start):
                    continue
                end = start + len(term.tokens)
                if self.counts_at(doc, field_name, start, end):
                    found.append((start, end, term.source))
        found.sort()
        return found

    def term_counts(self, doc: Document, field_name: str, term: Term, first: str) -> bool:
        """True when some occurrence of the term is neither negated nor excused."""
        tokens = doc.tokens(field_name)
        start = -1
        while True:
            try:
                start = tokens.index(first, start + 1)
            except ValueError:
                return False
            if term.matches_at(tokens, start) and self.counts_at(doc, field_name, start, start + len(term.tokens)):
                return True

    def excused_by_sentence(self, doc: Document, field_name: str, start: int, end: int) -> bool:
        if not self.sentence_excuses:
            return False
        lo, hi = sentence_bounds(doc, field_name, start, end)
        return self.sentence_excuses.found_in(doc.tokens(field_name)[lo:hi])

    def counts_at(self, doc: Document, field_name: str, start: int, end: int) -> bool:
        """The words at tokens[start:end] count: not negated, not in a question (if asked), not excused."""
        if self.negation and doc.negated(field_name, start, end):
            return False
        if not self.questions and doc.in_question(field_name, start, end):
            return False
        if self.excuses:
            lo, hi = clause_bounds(doc.tokens(field_name), start, end, 60, doc.stops(field_name))
            if self.excuses.found_in(doc.tokens(field_name)[lo:hi]):
                return False
        return not self.excused_by_sentence(doc, field_name, start, end)
