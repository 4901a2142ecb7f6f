"""Readable text from an HTML body, for the search index and the rules when a mail has no text part."""

from __future__ import annotations

import re
from typing import Iterator

from .headers import WHITESPACE


# BeautifulSoup needs ~1.5 s per MB of HTML; huge newsletters only get their start converted.
MAX_HTML_TO_TEXT = 1_000_000


# Private-use markers, so HTML source whitespace (newlines included) can be collapsed first:
_BR = "\ue002"  # <br>: a hard line break, always kept
_LINE = "\ue003"  # around div, tr, li ...: a line break; runs collapse to one
_PARA = "\ue004"  # around p, table, lists ...: a blank line; runs collapse to one
_SOFT_RUN = re.compile(f"[ {_LINE}{_PARA}]*[{_LINE}{_PARA}][ {_LINE}{_PARA}]*")
_DROPPED_TAGS = frozenset({"script", "style", "title", "noscript", "template"})
_PARA_TAGS = frozenset({"p", "table", "blockquote", "pre", "ul", "ol", "dl", "hr", "h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = frozenset(
    {
        "div",
        "tr",
        "li",
        "dt",
        "dd",
        "section",
        "article",
        "header",
        "footer",
        "address",
        "center",
        "form",
        "fieldset",
        "caption",
    }
)


def html_to_text(html: str) -> str:
    """Readable text from HTML: scripts/styles dropped, blocks and <br> become newlines."""
    from bs4 import BeautifulSoup  # imported on first use: most mail has a text/plain part

    soup = BeautifulSoup(html[:MAX_HTML_TO_TEXT], "html.parser")
    return _tidy_text("".join(_html_pieces(soup)))


def _break_for(name: str) -> str:
    return _PARA if name in _PARA_TAGS else _LINE if name in _LINE_TAGS else ""


def _html_pieces(soup) -> Iterator[str]:
    """Text pieces in document order, with break markers around block elements.

    One iterative pass with an explicit stack: no tree mutation (slow in bs4) and no
    recursion (HTML mail can nest thousands of levels deep).
    """
    from bs4.element import PreformattedString, Tag

    stack: list[tuple[Iterator, str, bool]] = [(iter(soup.contents), "", False)]
    while stack:
        children, closing, in_pre = stack[-1]
        node = next(children, None)
        if node is None:
            stack.pop()
            yield closing
        elif isinstance(node, Tag):
            if node.name == "br":
                yield _BR
            elif node.name not in _DROPPED_TAGS:
                mark = _break_for(node.name)
                yield mark
                closing = mark or (" " if node.name in ("td", "th") else "")
                stack.append((iter(node.contents), closing, in_pre or node.name == "pre"))
        elif not isinstance(node, PreformattedString):  # comments, doctypes are not text
            yield node.replace("\n", _BR) if in_pre else node  # <pre> newlines are real


def _tidy_text(text: str) -> str:
    text = WHITESPACE.sub(" ", text)  # HTML whitespace, source newlines included, is one space
    text = _SOFT_RUN.sub(lambda m: "\n\n" if _PARA in m.group() else "\n", text)
    lines = (line.strip() for line in text.replace(_BR, "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
