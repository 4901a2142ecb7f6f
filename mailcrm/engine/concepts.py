"""Concepts: named word sets, per language, that rules combine.

A buyer rarely writes "complaint". They write that the goods arrived corroded, that
five cartons are missing, that they want a credit note. One keyword list per rule
cannot say that; a rule that asks for "a goods word and a damage word in one
sentence" can. So the pack names its word sets once::

    [concept.damage]
    description = "Goods physically damaged: broken, cracked, corroded, leaking"
    en = ["damaged", "broken", "corroded", "rust*"]
    de = ["beschädigt", "gerissen", "korrodiert", "rostig"]

and rules refer to them: ``concepts = ["damage"]`` in a ``text`` condition adds
their words, ``"@damage"`` in an ``unless`` list excuses a hit with them, and the
``sentence`` condition (below) asks for several concepts in one sentence. A concept
may be defined in several files: each adds its languages' words (the shipped pack
keeps Latin-script languages and the others in two files).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .condition_kit import boolean, condition, str_list
from .lexicon import Lexicon
from .matcher import Document, Hit, TextMatcher, make_term, TermError, unit_ends
from .model import Condition, Context, Invalid
from .questions import in_question

NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-_")


@dataclass
class Concept:
    name: str
    description: str = ""
    words: dict[str, list[str]] = field(default_factory=dict)  # language key → words
    sources: list[str] = field(default_factory=list)  # "file:line" where it is defined

    def all_words(self) -> list[str]:
        return [word for words in self.words.values() for word in words]


class Concepts:
    """Every concept of the loaded rule files, by name."""

    def __init__(self, language_keys: tuple[str, ...]):
        self.language_keys = language_keys
        self.by_name: dict[str, Concept] = {}

    def add(self, name: str, table: Any, where: str) -> None:
        """Merge one [concept.NAME] table; raises Invalid with the reason."""
        if not name or not set(name) <= NAME_CHARS:
            raise Invalid("a concept name is lowercase letters, digits, '-' or '_'")
        if not isinstance(table, dict):
            raise Invalid("a concept is a table of word lists ([concept.NAME] with en = [...], …)")
        unknown = sorted(set(table) - set(self.language_keys) - {"description"})
        if unknown:
            raise Invalid(f"unknown key {unknown[0]!r} (word lists go under: {', '.join(self.language_keys)})")
        concept = self.by_name.setdefault(name, Concept(name))
        if isinstance(table.get("description"), str) and not concept.description:
            concept.description = table["description"]
        for key in self.language_keys:
            words = table.get(key, [])
            if not isinstance(words, list) or not all(isinstance(w, str) for w in words):
                raise Invalid(f"{key} must be a list of strings")
            for word in words:
                try:
                    make_term(word)
                except TermError as exc:
                    raise Invalid(str(exc)) from None
            concept.words.setdefault(key, []).extend(words)
        concept.sources.append(where)

    def words(self, name: str) -> list[str]:
        concept = self.by_name.get(name)
        if concept is None:
            known = ", ".join(sorted(self.by_name)) or "none defined"
            raise Invalid(f"unknown concept {name!r} (known: {known})")
        return concept.all_words()

    def keyed(self, name: str) -> list[tuple[str, list[str]]]:
        """(language key, words) of a concept: an unknown name is an error."""
        self.words(name)
        return list(self.by_name[name].words.items())

    def expand(self, words: list[str]) -> list[str]:
        """Word lists may name a concept as "@name": its words take the entry's place."""
        expanded = []
        for word in words:
            expanded.extend(self.words(word[1:]) if word.startswith("@") else [word])
        return expanded


def load_concepts(concepts: Concepts, data: dict, path: Path, line_of) -> list[str]:
    """Add a file's [concept.*] tables; returns problems as ``FILE:LINE: concept NAME: reason``."""
    tables = data.get("concept", {})
    if not isinstance(tables, dict):
        return [f"{path}:{line_of('concept') or 1}: concept must be tables: [concept.NAME]"]
    problems = []
    for name, table in tables.items():
        line = line_of(f"concept.{name}") or line_of("concept") or 1
        try:
            concepts.add(name, table, f"{path}:{line}")
        except Invalid as exc:
            problems.append(f"{path}:{line}: concept {name}: {exc.reason}")
    return problems


# -- the sentence condition -----------------------------------------------------------

SENTENCE_KEYS = {
    "all",
    "any",
    "none",
    "near",
    "unless",
    "unless_sentence",
    "fields",
    "parts",
    "quoted",
    "negation",
    "questions",
    "within",
    "none_within",
}
# How far the concepts of a `sentence` condition may stand apart: one sentence, or one
# paragraph (a blank line ends it): "A local mill has them in stock. Their price is 8% lower."
UNITS = ("sentence", "paragraph")


@condition("sentence")
def sentence(value, compiler) -> Condition:
    """Concepts in one sentence: ``all`` of them, at least one of ``any``, none of ``none``.

    ``near = N``: the words found are at most N words apart. ``questions = false``: a
    question ("could you confirm the order?") is not a statement and does not count.
    ``within = "paragraph"``: the concepts may stand in different sentences of one paragraph;
    ``none_within = "paragraph"``: a word of ``none`` anywhere in the paragraph blocks it
    (the claim is filed with their insurer in the next sentence).
    """
    spec = SentenceSpec.parse(value, compiler)
    for matcher in spec.matchers():
        compiler.counter[0] += 1
        matcher.register(compiler.lexicon, compiler.counter[0])

    def test(ctx: Context) -> bool:
        hits = spec.find(ctx.doc, ctx.lexicon)
        ctx.hits.extend(hits)
        return bool(hits)

    needed = frozenset(m.owner for m in spec.required)
    return Condition(test, 4, needs_words=needed)


@dataclass
class SentenceSpec:
    required: list[TextMatcher]  # one per concept in `all`
    optional: list[TextMatcher]  # `any`: one matcher holding all their words
    excluded: list[TextMatcher]  # `none`
    near: int | None
    questions: bool
    within: str = "sentence"  # where all/any must stand together
    none_within: str = "sentence"  # where a word of `none` blocks them

    @classmethod
    def parse(cls, value: Any, compiler) -> "SentenceSpec":
        if not isinstance(value, dict):
            raise Invalid("must be a table: [rule.when.sentence] with all = [concept names]")
        unknown = sorted(set(value) - SENTENCE_KEYS)
        if unknown:
            raise Invalid(f"unknown key {unknown[0]!r} (known: {', '.join(sorted(SENTENCE_KEYS))})", unknown[0])
        concepts = getattr(compiler, "concepts", None)
        if concepts is None:
            raise Invalid("no concepts are loaded")
        from .conditions import body_parts, terms_of  # conditions imports this module: import when compiling

        names = {key: sorted(str_list(value[key])) if key in value else [] for key in ("all", "any", "none")}
        if not names["all"] and not names["any"]:
            raise Invalid("needs all = [...] or any = [...] (concept names)")
        near = value.get("near")
        if near is not None and (not isinstance(near, int) or isinstance(near, bool) or near < 1):
            raise Invalid("near must be a whole number of words ≥ 1", "near")
        options = {
            "fields": tuple(str_list(value.get("fields", ["subject", "body"]), ("subject", "body", "attachments"))),
            "negation": boolean(value.get("negation", True)),
            "quoted": boolean(value.get("quoted", False)),
            "parts": body_parts(value),
        }

        def matcher(names: list[str], **extra) -> TextMatcher:
            keyed = [(w, key) for name in names for key, words in concepts.keyed(name) for w in words]
            terms = terms_of([w for w, _ in keyed], [key for _, key in keyed])  # inflections in each language
            return TextMatcher(terms=terms, **{**options, **extra})

        from .conditions import word_list

        excuses = terms_of(concepts.expand(word_list(value, "unless")))  # phrases that excuse a word found
        in_sentence = terms_of(concepts.expand(word_list(value, "unless_sentence")))  # … anywhere in its sentence
        required = [matcher([name], unless=excuses, unless_sentence=in_sentence) for name in names["all"]]
        if names["any"]:
            required.append(matcher(names["any"], unless=excuses, unless_sentence=in_sentence))
        # `unless` excuses a `none` word too: "send them back with our courier" names no claim against the courier
        excluded = [matcher(names["none"], negation=False, unless=excuses)]
        within = unit(value, "within", "sentence")
        return cls(
            required,
            [],
            excluded if names["none"] else [],
            near,
            boolean(value.get("questions", True)),
            within,
            unit(value, "none_within", within),
        )

    def matchers(self) -> list[TextMatcher]:
        return self.required + self.optional + self.excluded

    def find(self, doc: Document, lexicon: Lexicon) -> list[Hit]:
        for name, field_name in self.required[0].field_names:
            found = self.find_in(doc, lexicon, name, field_name)
            if found:
                return found
        return []

    def find_in(self, doc: Document, lexicon: Lexicon, name: str, field_name: str) -> list[Hit]:
        # Most sentences lack a word of some concept: finding that out first spares reading the others
        if not all(lexicon.has_words(doc, field_name, m.owner) for m in self.required):
            return []
        per_matcher = [m.occurrences(doc, lexicon, field_name) for m in self.required]
        if not all(per_matcher):
            return []
        tokens = doc.tokens(field_name)
        ends = unit_ends(doc, field_name, self.within)
        none_ends = ends if self.none_within == self.within else unit_ends(doc, field_name, self.none_within)
        blocked = {
            sentence_of(none_ends, start)
            for m in self.excluded
            for start, _, _ in m.occurrences(doc, lexicon, field_name)
        }
        for start, end, source in per_matcher[0]:
            number = sentence_of(ends, start)
            if sentence_of(none_ends, start) in blocked:
                continue
            chosen = [(start, end, source)]
            for others in per_matcher[1:]:
                match = next(
                    (
                        o
                        for o in others
                        if sentence_of(ends, o[0]) == number
                        and self.close(start, o[0])
                        and sentence_of(none_ends, o[0]) not in blocked
                    ),
                    None,
                )
                if match is None:
                    break
                chosen.append(match)
            else:
                if not self.questions and in_question(tokens, start, end, doc.stops(field_name)):
                    continue
                return [Hit(source, name) for _, _, source in chosen]
        return []

    def close(self, a: int, b: int) -> bool:
        return self.near is None or abs(a - b) <= self.near


def unit(value: dict, key: str, default: str) -> str:
    chosen = value.get(key, default)
    if chosen not in UNITS:
        raise Invalid(f"{key} must be one of: {', '.join(UNITS)}", key)
    return chosen


def sentence_of(ends: list[int], position: int) -> int:
    return bisect_right(ends, position)
