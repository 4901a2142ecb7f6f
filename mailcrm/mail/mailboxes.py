"""Address headers (From, To, Cc ...) -> Address(name, email), decoded and lenient.

Not to be confused with addresses.py, which says whose an address is (free mail, direction).
"""

from __future__ import annotations

import email.utils
import inspect
import re
from dataclasses import dataclass

from .headers import ENCODED_WORD, Ctx, collapse, decode_header, decode_raw, unfold


@dataclass(frozen=True)
class Address:
    name: str  # decoded display name ('' if none)
    email: str  # lower-cased addr-spec ('' if unusable)


_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# Python >= 3.11.10 parses strictly by default and then drops a whole header over one bad
# address; mail needs the lenient behaviour.
_GETADDRESSES_KW = {"strict": False} if "strict" in inspect.signature(email.utils.getaddresses).parameters else {}


# What most address headers hold: `Name <local@domain>`, `"Name" <local@domain>` or
# `local@domain`, comma-separated; no comments, groups, escapes or quoted commas.
# Matched piece by piece with str methods: one regex for the whole form backtracks
# cubically on a long run of blanks (a junk header must not stall a sync).
_PLAIN_EMAIL = re.compile(r'[^\s<>"(),;:\\\[\]@]+@[^\s<>"(),;:\\\[\]@]+')
_PLAIN_NAME = re.compile(r'[^",<>()@:;\\\[\]\x00-\x1f\x7f]*')
_LWS = re.compile(r"[ \t]+")


def plain_addresses(text: str) -> list[tuple[str, str]] | None:
    """What email.utils.getaddresses gives for plain address lists, or None for anything else.

    getaddresses walks the header a character at a time; a sixth of parsing a
    message went there. tests/test_parse.py checks both agree on every address
    header of the test corpora.
    """
    if '"' in text and text.count('"') != 2 or "\\" in text:
        return None
    pairs = []
    for part in text.split(",") if '"' not in text else [text]:
        pair = _plain_address(part.strip(" \t"))
        if pair is None:
            return None
        pairs.append(pair)
    return pairs


def _plain_address(part: str) -> tuple[str, str] | None:
    if _PLAIN_EMAIL.fullmatch(part):
        return "", part
    if not part.endswith(">") or part.count("<") != 1:
        return None
    name, _, addr = part[:-1].partition("<")
    name = name.rstrip(" \t")
    if not _PLAIN_EMAIL.fullmatch(addr):
        return None
    if name.startswith('"'):
        quoted = len(name) >= 2 and name.endswith('"') and name.count('"') == 2
        return (name[1:-1], addr) if quoted else None
    if not _PLAIN_NAME.fullmatch(name):
        return None
    return " ".join(_LWS.split(name)) if name else "", addr


def address_list(values: list[str], ctx: Ctx) -> list[Address]:
    out: list[Address] = []
    for value in values:
        text, words = protect_words(unfold(value))
        pairs = plain_addresses(text)
        if pairs is None:
            pairs = email.utils.getaddresses([text], **_GETADDRESSES_KW)
        for name, addr in pairs:
            address = _make_address(_restore(name, words), _restore(addr, words), ctx)
            if address is not None:
                out.append(address)
    return out


def protect_words(text: str) -> tuple[str, list[str]]:
    """Swap encoded words for placeholders so the address parser cannot split or mangle them."""
    text = re.sub(r"<\s*mailto:", "<", text, flags=re.I)
    if "=?" not in text:
        return text, []
    words: list[str] = []

    def keep(m: re.Match[str]) -> str:
        words.append(m.group(0))
        return f"\ue000{len(words) - 1}\ue001"

    return ENCODED_WORD.sub(keep, text), words


def _restore(text: str, words: list[str]) -> str:
    if not words or "\ue000" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: words[int(m.group(1))], text)


def _make_address(name: str, addr: str, ctx: Ctx) -> Address | None:
    name = decode_header(name, ctx, "address") if name else ""
    addr = collapse(decode_raw(addr, ctx, "address")).lower()
    local, at, domain = addr.rpartition("@")
    if at and local and domain and " " not in addr:
        return Address(name, addr)
    # Keep the text of unusable addresses ("To: sales") as a name; drop empty group leftovers.
    name = name or addr
    return Address(name, "") if name else None
