"""Full-text indexing helpers shared by storing and searching.

SQLite's unicode61 tokenizer treats a run of Chinese or Japanese characters as
one token, so "阀门" would never match inside "球阀门报价". We index every CJK
character as its own token and turn a CJK query into a phrase of characters,
which gives substring search for CJK and word search for everything else.
"""

from __future__ import annotations

import re

CJK = (
    "\u3040-\u30ff"  # hiragana, katakana
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # CJK ideographs
    "\uac00-\ud7af"  # hangul syllables
)
CJK_CHAR = re.compile(f"([{CJK}])")
QUERY_TOKEN = re.compile(r'"([^"]*)"|(\S+)')
WORD = re.compile(rf"[\w{CJK}]+", re.UNICODE)


CJK_RUN = re.compile(f"[{CJK}]+")


def index_text(text: str) -> str:
    """Text as it goes into the FTS index: CJK characters spaced apart.

    One substitution per run of CJK characters, not per character: a template
    replacement is expanded in Python for every match, which made indexing
    Chinese mail cost more than parsing it.
    """
    if not text or text.isascii():
        return text or ""
    return CJK_RUN.sub(_spaced, text)


def _spaced(run: re.Match[str]) -> str:
    return " " + " ".join(run.group()) + " "


def fts_query(query: str) -> str | None:
    """Turn any user input into a safe FTS5 MATCH expression (all terms).

    Quoted text stays a phrase, a trailing * makes a prefix search, and every
    other character that FTS5 would treat as syntax is dropped. Returns None
    when nothing searchable is left.
    """
    parts = []
    for match in QUERY_TOKEN.finditer(query):
        phrase, word = match.group(1), match.group(2)
        term = phrase_term(phrase if phrase is not None else word)
        if term:
            prefix = word is not None and word.endswith("*") and not CJK_CHAR.search(word)
            parts.append(term + ("*" if prefix else ""))
    return " AND ".join(parts) or None


def phrase_term(text: str) -> str | None:
    words = WORD.findall(index_text(text))
    if not words:
        return None
    return '"' + " ".join(words) + '"'
