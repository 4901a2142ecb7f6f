"""The sentence behind a conclusion, and whose words it is.

`why` shows, for every message behind a tag, flag or stage, the part of the mail the
words were found in (their own text, forwarded from someone, quoted, our words quoted
back, the subject) and the sentence that holds them, the matched words «marked». The
parts are cut the way the rules cut them (engine.parts), so the sentence quoted is the
one the rule read, not the same word further down in quoted history.
"""

from __future__ import annotations

import re

from .matcher import CJK_CHAR, TermError, fold, make_term
from .parts import DEFAULT_PARTS, Speakers

QUOTE_WIDTH = 70
PLACEHOLDER_PATTERNS = {"#": r"\w*\d[\w/-]*", "?": r"\w+"}  # "PO #" finds "PO 4471", "PO ? #" "PO GRE-2555"
SENTENCE_LIMIT = 240  # characters of a sentence shown whole; longer ones are cut around the words
SENTENCE_END = re.compile(r"[.!?;。！？؟]+(?=\s)|\n\s*\n")


def quote_hit(hit: dict, speakers: Speakers) -> dict:
    """Where the hit's words are ("part", "author") and the sentence around them ("quote")."""
    terms = hit["terms"]
    for part, author, text in places(hit, speakers):
        sentence = sentence_with(text, terms)
        if sentence:
            return {"part": part, "author": author, "quote": sentence, "says": part_label(part, author, hit)}
    text = (hit["subject"] or "") + "\n" + (hit["body"] or "")
    return {"part": None, "author": None, "quote": quote(text, terms), "says": ""}


def places(hit: dict, speakers: Speakers) -> list[tuple[str, str | None, str]]:
    """(part, author, text) in the order rules read them: the body's default parts, the subject, the rest."""
    pieces = speakers.pieces(hit["body"] or "", hit["from_email"])
    first = [(p.part, p.author, p.text) for p in pieces if p.part in DEFAULT_PARTS]
    rest = [(p.part, p.author, p.text) for p in pieces if p.part not in DEFAULT_PARTS]
    return first + [("subject", None, hit["subject"] or "")] + rest


def part_label(part: str, author: str | None, hit: dict) -> str:
    if part == "own":
        return "our own text" if hit.get("direction") == "out" else "their own text"
    if part == "forwarded":
        return f"forwarded from {author}" if author else "forwarded"
    return {"quoted": "quoted", "ours": "our words quoted back", "signature": "signature", "subject": "subject"}[part]


def sentence_with(text: str, terms: list[str]) -> str | None:
    """The sentence of ``text`` holding the first term found, the term «marked»; None if none is."""
    folded, index = aligned_fold(text)
    for term in terms:
        found = find_term(term, folded)
        if found is None:
            continue
        start, end = index[found[0]], index[found[1] - 1] + 1
        left = max((m.end() for m in SENTENCE_END.finditer(text, 0, start)), default=0)
        right_match = SENTENCE_END.search(text, end)
        right = right_match.end() if right_match else len(text)
        marked = text[left:start] + "«" + text[start:end] + "»" + text[end:right]
        sentence = " ".join(marked.split())
        if len(sentence) <= SENTENCE_LIMIT:
            return sentence
        return quote(text, [term])
    return None


def find_term(term: str, folded: str) -> tuple[int, int] | None:
    """The term as written, else its inflected form ("damage" finds "damaged")."""
    for pattern in (term_pattern(term), term_pattern(term, loose=True)):
        found = pattern.search(folded)
        if found and found.end() > found.start():
            return found.start(), found.end()
    return None


def quote(text: str, terms: list[str], width: int = QUOTE_WIDTH) -> str:
    """The words around the first matched term, marked «like this»; accents and case preserved."""
    folded, index = aligned_fold(text)
    for term in terms:
        found = find_term(term, folded)
        if found:
            start, end = index[found[0]], index[found[1] - 1] + 1
            window = text[max(0, start - width) : start] + "«" + text[start:end] + "»" + text[end : end + width]
            lead = "…" if start > width else ""
            tail = "…" if end + width < len(text) else ""
            return lead + " ".join(window.split()) + tail
    return " ".join(text[: 2 * width].split())


def aligned_fold(text: str) -> tuple[str, list[int]]:
    pieces, index = [], []
    for position, char in enumerate(text):
        folded = fold(char)
        pieces.append(folded)
        index.extend([position] * len(folded))
    return "".join(pieces), index


def term_pattern(term: str, loose: bool = False) -> re.Pattern:
    try:
        parsed = make_term(term)
    except TermError:
        return re.compile(re.escape(fold(term)))
    grow = r"\w*" if loose else ""
    body = r"[\W_]*".join(
        PLACEHOLDER_PATTERNS.get(t) or re.escape(t) + ("" if CJK_CHAR.match(t) else grow) for t in parsed.tokens
    )
    first, last = parsed.tokens[0][0], parsed.tokens[-1][-1]
    lead = "" if parsed.lead or CJK_CHAR.match(first) else r"(?<!\w)"
    tail = "" if parsed.trail or CJK_CHAR.match(last) else r"(?!\w)"
    return re.compile(lead + body + tail)
