"""Raw RFC 5322 bytes -> ParsedMessage.

Best effort by design: the sync feeds this every message of a mailbox, and one odd message
must not stop it. Problems are recorded in ``ParsedMessage.defects`` instead of raised;
only input that holds nothing at all (empty bytes) raises ParseError.

We parse with the stdlib ``email`` package under the ``compat32`` policy: it keeps every
header as the raw string (8-bit bytes as surrogate escapes) and never raises on bad
structure, whereas the ``default`` policy decodes headers eagerly and can raise on junk.
Header values and parameters are then decoded here; charsets.py turns their bytes into text,
with the charset mapping and guessing real-world mail needs (gb2312 -> gb18030, ...).
"""

from __future__ import annotations

import binascii
import email.utils
import hashlib
import inspect
import io
import re
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.generator import BytesGenerator
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32
from functools import cached_property
from typing import Iterator


from . import charsets, fastmime, mimetree
from ..errors import NotFoundError, ParseError

fastmime.install()  # ~20% faster multipart parsing; see fastmime.py

__all__ = [
    "Address",
    "Attachment",
    "ParsedMessage",
    "parse_message",
    "extract_attachment",
    "html_to_text",
    "MAX_DEPTH",
    "MAX_HTML_TO_TEXT",
]

# Deeper MIME trees exist only in attacks and bugs; walking them costs time for nothing.
MAX_DEPTH = 30

# BeautifulSoup needs ~1.5 s per MB of HTML; huge newsletters only get their start converted.
MAX_HTML_TO_TEXT = 1_000_000

# Headers later rules need (auto-reply / mailing-list detection, language, client).
KEPT_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "auto-submitted",
    "precedence",
    "x-autoreply",
    "x-autorespond",
    "x-auto-response-suppress",
    "return-path",
    "content-language",
    "x-mailer",
    "user-agent",
    "x-mailcrm-draft",
)

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_OLDEST_SANE = datetime(1990, 1, 1, tzinfo=timezone.utc)
_FUTURE_SLACK = timedelta(days=2)


# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Address:
    name: str  # decoded display name ('' if none)
    email: str  # lower-cased addr-spec ('' if unusable)


@dataclass
class Attachment:
    index: int  # position among this message's attachments (0-based), stable for extract_attachment
    filename: str | None
    content_type: str
    size: int
    sha256: str
    inline: bool
    content_id: str | None


@dataclass
class ParsedMessage:
    message_id: str | None
    subject: str
    from_addr: Address | None
    sender: Address | None
    reply_to: list[Address]
    to: list[Address]
    cc: list[Address]
    bcc: list[Address]
    date: datetime
    date_source: str  # 'header' | 'internaldate' | 'received' | 'none'
    in_reply_to: str | None
    references: list[str]
    body_text: str
    body_html: str | None
    attachments: list[Attachment]
    headers: dict[str, str]
    defects: list[str]
    size: int
    content_hash: str
    # The Date header's own UTC offset in minutes (None without one): in countries
    # spanning several time zones it tells where the sender is.
    utc_offset: int | None = None


# --------------------------------------------------------------------------- per-message state


class _Ctx:
    """State shared by the helpers for one message: defects so far and a charset hint."""

    def __init__(self, msg: Message) -> None:
        self.msg = msg
        self.defects: list[str] = []

    def defect(self, text: str) -> None:
        if text not in self.defects:
            self.defects.append(text)

    def hint_codecs(self) -> tuple[str, ...]:
        """The hint as charsets.decode takes it: called only when guessing, since it walks the tree."""
        return self.hint

    @cached_property
    def hint(self) -> tuple[str, ...]:
        """Codecs of the first declared text charset: raw 8-bit headers are usually in it."""
        try:
            for part in self.msg.walk():
                label = _param(_raw_header(part, "content-type"), "charset", None)
                codecs_ = charsets.codecs_for(label) if label else None
                if codecs_ and codecs_[0] != "ascii":
                    return codecs_
        except RecursionError:
            pass
        return ()


@dataclass
class _Body:
    """Parts found by the MIME walk, in document order: (part, path) pairs."""

    plain: list[tuple[Message, str]] = field(default_factory=list)
    html: list[tuple[Message, str]] = field(default_factory=list)
    attachments: list[tuple[Message, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- charsets


def _decode_bytes(data: bytes, label: str | None, ctx: _Ctx, where: str) -> str:
    """Bytes in a declared (or undeclared) charset -> str; never raises. See charsets.py."""
    decoded = charsets.decode(data, label, ctx.hint_codecs)
    if decoded.status == charsets.UNKNOWN_LABEL:
        ctx.defect(f"{where}: unknown charset {_snip(label)}, decoded as {decoded.codec}")
    elif decoded.status == charsets.MISLABELLED:
        ctx.defect(f"{where}: bytes are not {label}, decoded as {decoded.codec}")
    elif decoded.status == charsets.REPLACED:
        ctx.defect(f"{where}: invalid bytes for charset {label}, replaced")
    return decoded.text


def _to_bytes(text: str) -> bytes:
    """Undo the surrogate escapes the email parser uses for 8-bit bytes."""
    return text.encode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- header decoding

_ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
_WHITESPACE = re.compile(r"\s+")


def _unfold(value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return value  # most header values fit on one line
    return _FOLD.sub("", value).replace("\r", "").replace("\n", "")


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _snip(value: str | None, limit: int = 60) -> str:
    """A header value quoted in a defect: one line, bounded (junk headers can be megabytes)."""
    text = _collapse(_to_bytes(value or "")[: limit * 4].decode("utf-8", "replace"))
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _decode_raw(text: str, ctx: _Ctx, where: str) -> str:
    """Header text outside encoded words; may hold raw 8-bit bytes (UTF-8, GBK ...)."""
    if text.isascii():
        return text
    decoded, used = charsets.guess(_to_bytes(text), ctx.hint_codecs)
    if used != "utf-8":  # raw UTF-8 headers are legal (RFC 6532); others are guesses
        ctx.defect(f"{where}: raw 8-bit header decoded as {used}")
    return decoded


def _decode_header(value: str, ctx: _Ctx, where: str = "header") -> str:
    """Decode RFC 2047 words and raw 8-bit text; collapse whitespace, drop CR/LF."""
    value = _unfold(value)
    if "=?" not in value:
        return _collapse(_decode_raw(value, ctx, where))
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []  # adjacent encoded words, merged per charset
    pos = 0
    for m in _ENCODED_WORD.finditer(value):
        gap = value[pos : m.start()]
        pos = m.end()
        if gap and not (pending and gap.isspace()):  # RFC 2047: space between words is dropped
            out.append(_flush_words(pending, ctx, where) + _decode_raw(gap, ctx, where))
        data = _word_bytes(m, ctx, where)
        if data is None:
            out.append(_flush_words(pending, ctx, where) + m.group(0))
        elif pending and pending[-1][0] == m.group(1).lower():
            # Merge before decoding: clients split multi-byte characters across words.
            pending[-1] = (pending[-1][0], pending[-1][1] + data)
        else:
            pending.append((m.group(1).lower(), data))
    out.append(_flush_words(pending, ctx, where) + _decode_raw(value[pos:], ctx, where))
    return _collapse("".join(out))


def _flush_words(pending: list[tuple[str, bytes]], ctx: _Ctx, where: str) -> str:
    text = "".join(_decode_bytes(data, label.split("*")[0], ctx, where) for label, data in pending)
    pending.clear()
    return text


def _word_bytes(m: re.Match[str], ctx: _Ctx, where: str) -> bytes | None:
    """Payload bytes of one encoded word, or None if it cannot be decoded."""
    data = _to_bytes(m.group(3))
    if m.group(2) in "qQ":
        return binascii.a2b_qp(data, header=True)
    if re.search(rb"[^A-Za-z0-9+/=]", data):  # not base64 at all: show it rather than junk
        ctx.defect(f"{where}: undecodable encoded word kept as-is")
        return None
    return _b64decode(data, ctx, where)


# --------------------------------------------------------------------------- MIME parameters

_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.S)


def _unquote(value: str) -> str:
    value = value.strip()
    if value.startswith('"'):
        # Only \" and \\ are unescaped: Windows paths in filenames use bare backslashes.
        inner = value[1:].removesuffix('"')
        return re.sub(r'\\([\\"])', r"\1", inner) if "\\" in inner else inner
    return value


def _param(header: str | None, name: str, ctx: _Ctx | None) -> str | None:
    """One MIME parameter with RFC 2231 (charset, continuations) and RFC 2047 decoded.

    ctx None returns the raw value (for charset labels, which must not be decoded).
    """
    if not header:
        return None
    plain: str | None = None
    sections: list[tuple[int, bool, str]] = []
    for m in _PARAM.finditer(_unfold(header)):
        key, value = m.group(1).lower(), _unquote(m.group(2))
        if key == name and plain is None:
            plain = value
        elif key.startswith(name + "*"):
            number = key[len(name) + 1 :].rstrip("*") or "0"
            if number.isdigit():
                sections.append((int(number), key.endswith("*"), value))
    if ctx is None:
        return plain
    if sections:  # RFC 2231 wins over the plain fallback many clients send alongside
        return _rfc2231(sections, ctx)
    return None if plain is None else _decode_header(plain, ctx, f"parameter {name}")


def _rfc2231(sections: list[tuple[int, bool, str]], ctx: _Ctx) -> str:
    sections.sort(key=lambda s: s[0])
    charset = None
    chunks: list[bytes] = []
    for i, (_, encoded, value) in enumerate(sections):
        if i == 0 and encoded and value.count("'") >= 2:
            charset, _lang, value = value.split("'", 2)
        raw = _to_bytes(value)
        chunks.append(urllib.parse.unquote_to_bytes(raw) if encoded else raw)
    text = _decode_bytes(b"".join(chunks), charset or None, ctx, "RFC 2231 parameter")
    # Some clients put RFC 2047 words inside RFC 2231 continuations.
    return _decode_header(text, ctx) if "=?" in text else _collapse(text)


# --------------------------------------------------------------------------- addresses

_PLACEHOLDER = re.compile("\ue000(\\d+)\ue001")
# Python >= 3.11.10 parses strictly by default and then drops a whole header over one bad
# address; mail needs the lenient behaviour.
_GETADDRESSES_KW = (
    {"strict": False} if "strict" in inspect.signature(email.utils.getaddresses).parameters else {}
)


# What most address headers hold: `Name <local@domain>`, `"Name" <local@domain>` or
# `local@domain`, comma-separated; no comments, groups, escapes or quoted commas.
# Matched piece by piece with str methods: one regex for the whole form backtracks
# cubically on a long run of blanks (a junk header must not stall a sync).
_PLAIN_EMAIL = re.compile(r'[^\s<>"(),;:\\\[\]@]+@[^\s<>"(),;:\\\[\]@]+')
_PLAIN_NAME = re.compile(r'[^",<>()@:;\\\[\]\x00-\x1f\x7f]*')
_LWS = re.compile(r"[ \t]+")


def _plain_addresses(text: str) -> list[tuple[str, str]] | None:
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


def _address_list(values: list[str], ctx: _Ctx) -> list[Address]:
    out: list[Address] = []
    for value in values:
        text, words = _protect_words(_unfold(value))
        pairs = _plain_addresses(text)
        if pairs is None:
            pairs = email.utils.getaddresses([text], **_GETADDRESSES_KW)
        for name, addr in pairs:
            address = _make_address(_restore(name, words), _restore(addr, words), ctx)
            if address is not None:
                out.append(address)
    return out


def _protect_words(text: str) -> tuple[str, list[str]]:
    """Swap encoded words for placeholders so the address parser cannot split or mangle them."""
    text = re.sub(r"<\s*mailto:", "<", text, flags=re.I)
    if "=?" not in text:
        return text, []
    words: list[str] = []

    def keep(m: re.Match[str]) -> str:
        words.append(m.group(0))
        return f"\ue000{len(words) - 1}\ue001"

    return _ENCODED_WORD.sub(keep, text), words


def _restore(text: str, words: list[str]) -> str:
    if not words or "\ue000" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: words[int(m.group(1))], text)


def _make_address(name: str, addr: str, ctx: _Ctx) -> Address | None:
    name = _decode_header(name, ctx, "address") if name else ""
    addr = _collapse(_decode_raw(addr, ctx, "address")).lower()
    local, at, domain = addr.rpartition("@")
    if at and local and domain and " " not in addr:
        return Address(name, addr)
    # Keep the text of unusable addresses ("To: sales") as a name; drop empty group leftovers.
    name = name or addr
    return Address(name, "") if name else None


# --------------------------------------------------------------------------- message ids

_ANGLE_ID = re.compile(r"<([^<>]*)>")
_COMMENT = re.compile(r"\([^()]*\)")


def _normalize_id(value: str | None) -> str | None:
    """'<abc@host>' -> 'abc@host'; None for empty or garbage values."""
    if not value:
        return None
    value = _unfold(value)
    m = _ANGLE_ID.search(value)
    if m:
        ident = _WHITESPACE.sub("", m.group(1))  # folded ids are the same id
    else:
        ident = _COMMENT.sub("", value).strip()
        if _WHITESPACE.search(ident):  # free text, not an id
            return None
    if not ident or len(ident) > 998:
        return None
    ident = ident if ident.isascii() else _to_bytes(ident).decode("utf-8", "replace")
    return ident if ident.isprintable() else None


def _references(value: str | None) -> list[str]:
    if not value:
        return []
    found = _ANGLE_ID.findall(_unfold(value)) or re.split(r"[\s,]+", value)
    ids = (_normalize_id(f"<{i}>") for i in found)
    return list(dict.fromkeys(i for i in ids if i))


# --------------------------------------------------------------------------- dates

_CN_WEEKDAY = re.compile(r"(?:星期|周|礼拜)[一二三四五六日天]")
_CN_MONTH = re.compile(r"(十[一二]?|[一二三四五六七八九])月")
_CN_MONTHS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
              "九": 9, "十": 10, "十一": 11, "十二": 12}
_MONTH_ABBR = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
_GMT_OFFSET = re.compile(r"\b(?:GMT|UTC|UT)\s*([+-])\s*(\d{1,2})(?::?(\d{2}))?\b", re.I)
_COLON_ZONE = re.compile(r"([+-])(\d{2}):(\d{2})\b")
_NUMERIC_DATE = re.compile(
    r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?[T\s,]*"
    r"(\d{1,2})[:时](\d{2})(?:[:分](\d{2}))?(?:\.\d+)?\s*(Z|[+-]\d{4})?",
    re.I,
)


# The form nearly every client writes ("Thu, 3 Dec 2026 22:57:36 +0800"), read
# without the dialect rewriting and email.utils: 5% of parsing went to dates.
# Anything else, or an impossible zone, takes the general path below.
_STRICT_DATE = re.compile(
    r"[ \t]*(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([1-9]\d{3}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})([0-5]\d)[ \t]*")
_MONTH_NUMBER = {name: number for number, name in enumerate(_MONTH_ABBR, 1)}


def _strict_date(value: str) -> tuple[datetime, int | None] | None:
    """(aware datetime, minutes east of UTC) of a plain RFC 5322 date; None otherwise.

    Years below 1000 are left to email.utils, which reads "0001" as 2001.
    """
    m = _STRICT_DATE.fullmatch(value)
    if m is None:
        return None
    day, month, year, hour, minute, second, sign, zone_hours, zone_minutes = m.groups()
    offset = int(zone_hours) * 60 + int(zone_minutes)
    if offset > 14 * 60:
        return None  # a typo, not a zone: the general path reports it
    offset = -offset if sign == "-" else offset
    try:
        dt = datetime(int(year), _MONTH_NUMBER[month], int(day), int(hour), int(minute), int(second),
                      tzinfo=timezone(timedelta(minutes=offset)))
    except ValueError:  # 31 Feb, hour 25: the general path gives up on it the same way
        return None
    return dt, offset


def _normalize_date_text(value: str) -> str:
    """Rewrite dialects (comments, 'GMT+8', '+08:00', Chinese names) into RFC 2822 tokens."""
    text = _COMMENT.sub(" ", _unfold(value))
    text = _CN_WEEKDAY.sub(" ", text)
    text = _CN_MONTH.sub(lambda m: f" {_MONTH_ABBR[_CN_MONTHS[m.group(1)] - 1]} ", text)
    text = _GMT_OFFSET.sub(lambda m: f"{m.group(1)}{int(m.group(2)):02d}{m.group(3) or '00'}", text)
    return _COLON_ZONE.sub(r"\1\2\3", text)


def _parse_date(value: str | None, ctx: _Ctx | None = None) -> datetime | None:
    """Any date dialect seen in mail -> aware UTC datetime, or None."""
    if not value or not value.strip():
        return None
    try:
        strict = _strict_date(value)
        if strict is not None:
            return strict[0].astimezone(timezone.utc)
        text = _normalize_date_text(_to_bytes(value).decode("utf-8", "replace"))
        dt = _parse_numeric_date(text) or _parse_rfc2822_date(text, ctx)
        return dt.astimezone(timezone.utc) if dt else None
    except (ValueError, OverflowError):  # 31 Feb, hour 25; 31 Dec 9999 west of UTC is past year 9999
        return None


def _parse_rfc2822_date(text: str, ctx: _Ctx | None) -> datetime | None:
    try:
        parts = email.utils.parsedate_tz(text)
    except (ValueError, IndexError, TypeError):
        return None
    if not parts:
        return None
    offset = parts[9] or 0
    if abs(offset) > 14 * 3600:  # "+8000" is a typo, not a zone
        if ctx:
            ctx.defect(f"Date {_snip(text)}: impossible zone offset ignored")
        offset = 0
    return datetime(*parts[:6], tzinfo=timezone(timedelta(seconds=offset)))


def _parse_numeric_date(text: str) -> datetime | None:
    """ISO-like and Chinese '2024年3月5日 14:22' dates some clients write."""
    m = _NUMERIC_DATE.search(text)
    if not m:
        return None
    year, month, day, hour, minute = (int(g) for g in m.groups()[:5])
    zone = m.group(7) or "+0000"  # no zone: UTC is as good a guess as any
    offset = 0 if zone.upper() == "Z" else int(zone[1:3]) * 60 + int(zone[3:5])
    tz = timezone(timedelta(minutes=-offset if zone.startswith("-") else offset))
    return datetime(year, month, day, hour, minute, int(m.group(6) or 0), tzinfo=tz)


def _sane(dt: datetime, reference: datetime) -> bool:
    try:
        latest = reference + _FUTURE_SLACK
    except OverflowError:  # an INTERNALDATE in the last days of year 9999
        latest = reference
    return _OLDEST_SANE <= dt <= latest


def _as_utc(dt: datetime) -> datetime | None:
    try:
        return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)
    except OverflowError:  # an INTERNALDATE of 31 Dec 9999 west of UTC
        return None


def _pick_date(heads: dict[str, list[str]], internaldate: datetime | None,
               ctx: _Ctx) -> tuple[datetime, str]:
    """Date header if plausible, else INTERNALDATE, else newest Received, else epoch."""
    now = datetime.now(timezone.utc)
    internaldate = _as_utc(internaldate) if internaldate else None
    reference = internaldate or now
    raw = _first(heads, "date")
    header = _parse_date(raw, ctx)
    if header and _sane(header, reference):
        return header, "header"
    ctx.defect("no Date header" if raw is None else f"implausible or unreadable Date {_snip(raw)}")
    if internaldate:
        return reference, "internaldate"
    received = _newest_received(heads.get("received", []), now)
    if received:
        return received, "received"
    return (header, "header") if header else (EPOCH, "none")


def _newest_received(values: list[str], now: datetime) -> datetime | None:
    # The date follows the last ';' of each Received header (RFC 5321 trace fields).
    dates = (_parse_date(v.rpartition(";")[2]) for v in values if ";" in v)
    sane = [d for d in dates if d and _sane(d, now)]
    return max(sane, default=None)


# --------------------------------------------------------------------------- HTML -> text

# Private-use markers, so HTML source whitespace (newlines included) can be collapsed first:
_BR = "\ue002"  # <br>: a hard line break, always kept
_LINE = "\ue003"  # around div, tr, li ...: a line break; runs collapse to one
_PARA = "\ue004"  # around p, table, lists ...: a blank line; runs collapse to one
_SOFT_RUN = re.compile(f"[ {_LINE}{_PARA}]*[{_LINE}{_PARA}][ {_LINE}{_PARA}]*")
_DROPPED_TAGS = frozenset({"script", "style", "title", "noscript", "template"})
_PARA_TAGS = frozenset({"p", "table", "blockquote", "pre", "ul", "ol", "dl", "hr",
                        "h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = frozenset({"div", "tr", "li", "dt", "dd", "section", "article", "header", "footer",
                        "address", "center", "form", "fieldset", "caption"})


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
    text = _WHITESPACE.sub(" ", text)  # HTML whitespace, source newlines included, is one space
    text = _SOFT_RUN.sub(lambda m: "\n\n" if _PARA in m.group() else "\n", text)
    lines = (line.strip() for line in text.replace(_BR, "\n").split("\n"))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------- MIME walk


def _raw_header(part: Message, name: str) -> str | None:
    """First raw value of a header (str with surrogate escapes), without the policy's fiddling."""
    for key, value in part.raw_items():
        if key.lower() == name:
            return value
    return None


def _first(heads: dict[str, list[str]], name: str) -> str | None:
    values = heads.get(name)
    return values[0] if values else None


def _content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # junk header the policy could not even split
        return part.get_default_type()


def _disposition(part: Message) -> str:
    value = _raw_header(part, "content-disposition")
    return value.split(";")[0].strip().strip('"').lower() if value else ""


def _where(path: str) -> str:
    return f"part {path}" if path else "body"


_DEFECT_TEXT = {
    "NoBoundaryInMultipartDefect": "multipart without a boundary parameter",
    "StartBoundaryNotFoundDefect": "multipart boundary never found in the body",
    "CloseBoundaryNotFoundDefect": "multipart closing boundary missing",
    "MissingHeaderBodySeparatorDefect": "no blank line between headers and body",
    "FirstHeaderLineIsContinuationDefect": "first header line is a continuation line",
    "MisplacedEnvelopeHeaderDefect": "'From ' envelope line in the middle of the headers",
    "MultipartInvariantViolationDefect": "multipart content type but not multipart content",
    "InvalidMultipartContentTransferEncodingDefect": "multipart with an encoding other than 7bit/8bit/binary",
}


def _note_parser_defects(part: Message, path: str, ctx: _Ctx) -> None:
    for d in getattr(part, "defects", []):
        name = type(d).__name__
        doc = (type(d).__doc__ or name).strip().splitlines()[0]
        ctx.defect(f"{_where(path)}: {_DEFECT_TEXT.get(name, doc)}")


def _walk(part: Message, path: str, depth: int, body: _Body, ctx: _Ctx) -> None:
    """Sort a MIME tree's leaves into body text, body HTML and attachments."""
    if depth > MAX_DEPTH:
        ctx.defect(f"MIME nesting deeper than {MAX_DEPTH} levels; inner parts read without their structure")
        _walk_flat(part, path, body, ctx)
        return
    _note_parser_defects(part, path, ctx)
    ctype = _content_type(part)
    if ctype.startswith("message/"):  # forwarded mail etc.: one opaque attachment
        body.attachments.append((part, path))
    elif not part.is_multipart():
        _leaf(part, path, ctype, depth, body, ctx)
    elif ctype == "multipart/alternative":
        _walk_alternative(part.get_payload(), path, depth, body, ctx)
    else:
        for i, child in enumerate(part.get_payload(), 1):
            _walk(child, f"{path}.{i}".lstrip("."), depth + 1, body, ctx)


def _walk_alternative(children: list[Message], path: str, depth: int, body: _Body,
                      ctx: _Ctx) -> None:
    """Keep one rendering: the first text/plain and the last (richest) text/html."""
    subs = []
    for i, child in enumerate(children, 1):
        sub = _Body()
        _walk(child, f"{path}.{i}".lstrip("."), depth + 1, sub, ctx)
        subs.append(sub)
    body.plain += next((s.plain for s in subs if s.plain), [])
    body.html += next((s.html for s in reversed(subs) if s.html), [])
    for sub in subs:  # images of the HTML rendering stay listed
        body.attachments += sub.attachments


def _walk_flat(top: Message, path: str, body: _Body, ctx: _Ctx) -> None:
    """Sort the leaves below the depth cap with a loop, so their text stays searchable.

    The cap keeps recursion (and the time spent on structure) bounded; down there every
    alternative is kept and broken boundaries are read as text rather than recovered.
    """
    stack = [(top, path)]
    while stack:
        part, where = stack.pop()
        ctype = _content_type(part)
        if part.is_multipart() and not ctype.startswith("message/"):
            children = [(child, f"{where}.{i}".lstrip(".")) for i, child in enumerate(part.get_payload(), 1)]
            stack.extend(reversed(children))  # popped in document order
        elif ctype.startswith("multipart/"):
            body.plain.append((part, where))  # no usable boundary: its text is still text
        else:
            _sort_leaf(part, where, ctype, body, ctx)


def _leaf(part: Message, path: str, ctype: str, depth: int, body: _Body, ctx: _Ctx) -> None:
    if ctype.startswith("multipart/"):
        _broken_multipart(part, path, ctype, depth, body, ctx)
    else:
        _sort_leaf(part, path, ctype, body, ctx)


def _sort_leaf(part: Message, path: str, ctype: str, body: _Body, ctx: _Ctx) -> None:
    if ctype in ("text/plain", "text/html") and _disposition(part) != "attachment" \
            and _filename(part, ctx) is None:
        (body.plain if ctype == "text/plain" else body.html).append((part, path))
    else:
        body.attachments.append((part, path))


def _broken_multipart(part: Message, path: str, ctype: str, depth: int, body: _Body,
                      ctx: _Ctx) -> None:
    """A multipart whose boundary is missing or wrong: guess it, else read it as text."""
    recovered = _recover_boundary(part, ctype)
    if recovered is not None:
        ctx.defect(f"{_where(path)}: multipart boundary missing or wrong; recovered from the body")
        for i, child in enumerate(recovered.get_payload(), 1):
            _walk(child, f"{path}.{i}".lstrip("."), depth + 1, body, ctx)
    else:
        ctx.defect(f"{_where(path)}: multipart without usable boundary; read as text")
        body.plain.append((part, path))


def _recover_boundary(part: Message, ctype: str) -> Message | None:
    data = _raw_payload(part)
    found = re.findall(rb"^--([^\s]{1,70}?)(?:--)?[ \t]*\r?$", data, re.M)
    if not found:
        return None
    boundary, count = Counter(found).most_common(1)[0]
    if count < 2 or b'"' in boundary:
        return None
    head = b'Content-Type: %s; boundary="%s"\n\n' % (ctype.encode(), boundary)
    sub = BytesParser(policy=compat32).parsebytes(head + data)
    return sub if sub.is_multipart() else None


def _collect(msg: Message, ctx: _Ctx) -> _Body:
    body = _Body()
    try:
        _walk(msg, "", 0, body, ctx)
    except RecursionError:
        ctx.defect("MIME structure too deep to walk; some parts ignored")
    _adopt_named_text_body(body)
    return body


def _adopt_named_text_body(body: _Body) -> None:
    """With no other body, inline text parts that carry a file name are the body.

    Some clients send the whole mail as `Content-Disposition: inline; filename="body.html"`
    (or with a name= parameter); mail clients show it as the message, so the index must
    hold its text. The parts stay listed as attachments: extract_attachment's indexes hold.
    """
    if body.plain or body.html:
        return
    for part, path in body.attachments:
        ctype = _content_type(part)
        if ctype in ("text/plain", "text/html") and _disposition(part) != "attachment":
            (body.plain if ctype == "text/plain" else body.html).append((part, path))


def _flat_text_body(raw: bytes, ctx: _Ctx) -> _Body:
    """Text parts of a message the parser could not build a tree of (nested too deeply, mostly).

    Attachments are left out: extract_attachment cannot reach them either.
    """
    body = _Body()
    for i, part in enumerate(mimetree.flat_leaves(raw), 1):
        _sort_leaf(part, str(i), _content_type(part), body, ctx)
    _adopt_named_text_body(body)
    body.attachments = []
    return body


# --------------------------------------------------------------------------- payloads

_CTE_NAMES = {
    "base64": "base64", "quotedprintable": "quoted-printable", "qp": "quoted-printable",
    "7bit": "", "8bit": "", "binary": "", "": "",
    "uuencode": "uuencode", "xuuencode": "uuencode", "xuue": "uuencode", "uue": "uuencode",
}


_CTE_SPELLED = {"base64": "base64", "quoted-printable": "quotedprintable", "7bit": "7bit", "8bit": "8bit"}


def _b64decode(data: bytes, ctx: _Ctx, where: str) -> bytes:
    try:
        return binascii.a2b_base64(data)  # C fast path; skips newlines and stray characters
    except binascii.Error:
        pass
    clean = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    clean = clean[: len(clean) - len(clean) % 4] if len(clean) % 4 == 1 else clean
    ctx.defect(f"{where}: bad base64 padding, repaired")
    return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))


def _cte(part: Message, ctx: _Ctx, where: str) -> str:
    value = _raw_header(part, "content-transfer-encoding") or ""
    head = value.split(";")[0].strip().lower()
    key = _CTE_SPELLED.get(head) or re.sub(r"[^a-z0-9]", "", head)
    if key not in _CTE_NAMES:
        ctx.defect(f"{where}: unknown Content-Transfer-Encoding {_snip(value)}; used as-is")
    return _CTE_NAMES.get(key, "")


def _raw_payload(part: Message) -> bytes:
    """The body bytes exactly as received (before transfer decoding).

    Read from ``_payload`` because ``get_payload()`` re-decodes 8-bit text with the declared
    charset and 'replace' errors, which would lose GBK text labelled gb2312.
    """
    payload = getattr(part, "_payload", None)
    if isinstance(payload, bytes):
        return payload
    return _to_bytes(payload) if isinstance(payload, str) else b""


def _payload(part: Message, path: str, ctx: _Ctx) -> bytes:
    """Decoded payload bytes of a leaf or message/* part."""
    where = _where(path)
    if part.is_multipart():
        return _message_bytes(part, ctx, where)
    data = _raw_payload(part)
    cte = _cte(part, ctx, where)
    if cte == "base64":
        return _b64decode(data, ctx, where)
    if cte == "quoted-printable":
        return binascii.a2b_qp(data)
    if cte == "uuencode":  # rare; the email package has the workarounds for broken encoders
        return part.get_payload(decode=True) or b""
    return data


class _LenientGenerator(BytesGenerator):
    """BytesGenerator that cannot fail on non-ASCII text.

    For a broken nested multipart the stock generator writes text it re-decoded itself
    (with U+FFFD replacements) and then dies encoding it to ASCII.
    """

    def write(self, s: str) -> None:
        self._fp.write(s.encode("utf-8", "surrogateescape"))


def _message_bytes(part: Message, ctx: _Ctx, where: str) -> bytes:
    """Bytes of a message/* part: the parser already split it into sub-messages, so re-flatten."""
    buf = io.BytesIO()
    gen = _LenientGenerator(buf, mangle_from_=False, maxheaderlen=0)
    try:
        for sub in part.get_payload():
            gen.flatten(sub)
    except Exception as exc:  # keep what was written: a partial message beats none
        ctx.defect(f"{where}: attached message could not be rebuilt ({type(exc).__name__})")
    data = buf.getvalue()
    cte = _cte(part, ctx, where)
    if cte == "base64":  # illegal for message/rfc822 but sent anyway; the "sub-message" is base64 text
        return _b64decode(data.lstrip(b"\n"), ctx, where)
    if cte == "quoted-printable":
        return binascii.a2b_qp(data.lstrip(b"\n"))
    return data


def _part_text(part: Message, path: str, ctx: _Ctx, html: bool) -> str:
    data = _payload(part, path, ctx)
    label = _param(_raw_header(part, "content-type"), "charset", None)
    if label is None and html:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
        label = m.group(1).decode("ascii") if m else None
    text = _decode_bytes(data, label, ctx, _where(path))
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


# --------------------------------------------------------------------------- attachments


def _filename(part: Message, ctx: _Ctx) -> str | None:
    name = _param(_raw_header(part, "content-disposition"), "filename", ctx)
    name = name or _param(_raw_header(part, "content-type"), "name", ctx)
    return _clean_filename(name)


def _clean_filename(name: str | None) -> str | None:
    if not name:
        return None
    # Outlook sometimes sends the sender's full path; users want the base name.
    name = re.split(r"[\\/]", name)[-1]
    name = _collapse("".join(c for c in name if c.isprintable()))
    return name or None


def _attachment_content(part: Message, path: str, ctx: _Ctx) -> tuple[str | None, str, bytes]:
    ctype = _content_type(part)
    payload = _payload(part, path, ctx)
    filename = _filename(part, ctx)
    if filename is None and ctype in ("message/rfc822", "message/global"):
        filename = _subject_filename(payload, ctx)
    return filename, ctype, payload


def _subject_filename(payload: bytes, ctx: _Ctx) -> str | None:
    """Name a forwarded message after its Subject, as mail clients do."""
    inner = BytesHeaderParser(policy=compat32).parsebytes(payload)
    subject = _raw_header(inner, "subject")
    subject = _decode_header(subject, ctx, "attached message subject") if subject else ""
    return _clean_filename(subject.replace("/", "_").replace("\\", "_") + ".eml") if subject else None


_CID = re.compile(r"cid:([^\"'\s>)]+)", re.I)
# What "cid:" becomes in lowered text when the regex's case-blind match finds it
# (its i also matches the Turkish İ and ı, which lower() turns into these).
_LOWERED_CID = ("cid:", "ci\u0307d:", "c\u0131d:")


def _referenced_cids(html_texts: list[str]) -> set[str]:
    html = "\n".join(html_texts)
    # Most HTML references no inline image; lowering it and looking for the three
    # spellings costs a tenth of the case-blind scan.
    lowered = html.lower()
    if not any(spelling in lowered for spelling in _LOWERED_CID):
        return set()
    return {urllib.parse.unquote(c).lower() for c in _CID.findall(html)}


def _attachment(index: int, part: Message, path: str, cids: set[str], ctx: _Ctx) -> Attachment:
    filename, ctype, payload = _attachment_content(part, path, ctx)
    cid = _normalize_id(_raw_header(part, "content-id"))
    inline = _disposition(part) == "inline" or (cid is not None and cid.lower() in cids)
    return Attachment(index, filename, ctype, len(payload), hashlib.sha256(payload).hexdigest(),
                      inline, cid)


# --------------------------------------------------------------------------- entry points


def _check_raw(raw: bytes) -> bytes:
    if isinstance(raw, str):
        raise TypeError("parse_message needs bytes, not str")
    raw = bytes(raw)
    if not raw.strip():
        raise ParseError("empty message")
    return raw


def _parse(raw: bytes, unix: bytes | None = None) -> tuple[Message, _Ctx, bool]:
    """Parse the MIME tree; on a parser failure fall back to headers only (body_ok False)."""
    try:
        msg = mimetree.build(raw, unix)  # well-formed mail, without the slow line-by-line parser
        if msg is None:
            msg = BytesParser(policy=compat32).parsebytes(raw)
        return msg, _Ctx(msg), True
    except RecursionError:
        problem = "MIME structure nested too deeply to parse"
    except Exception as exc:  # the parser is robust, but mail is adversarial
        problem = f"MIME parser failed ({type(exc).__name__}: {_snip(str(exc))})"
    try:
        msg = BytesParser(policy=compat32).parsebytes(raw, headersonly=True)
    except Exception as exc:
        raise ParseError(f"{problem}; headers unreadable too") from exc
    ctx = _Ctx(msg)
    ctx.defect(f"{problem}; attachments not extracted, text parts read without their structure")
    return msg, ctx, False


def _header_map(msg: Message) -> dict[str, list[str]]:
    heads: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        heads.setdefault(name.strip().lower(), []).append(value)
    return heads


def _texts(parts: list[tuple[Message, str]], ctx: _Ctx, html: bool) -> list[str]:
    out = []
    for part, path in parts:
        try:
            out.append(_part_text(part, path, ctx, html))
        except Exception as exc:  # one unreadable part must not lose the rest
            ctx.defect(f"{_where(path)}: unreadable ({type(exc).__name__})")
    return out


def _attachments(parts: list[tuple[Message, str]], cids: set[str], ctx: _Ctx) -> list[Attachment]:
    out = []
    for part, path in parts:
        try:
            out.append(_attachment(len(out), part, path, cids, ctx))
        except Exception as exc:
            # Keep the index aligned with extract_attachment: record an empty placeholder.
            ctx.defect(f"{_where(path)}: unreadable attachment ({type(exc).__name__})")
            out.append(Attachment(len(out), None, _content_type(part), 0,
                                  hashlib.sha256(b"").hexdigest(), False, None))
    return out


def _addr_one(heads: dict[str, list[str]], name: str, ctx: _Ctx) -> Address | None:
    found = _address_list(heads.get(name, [])[:1], ctx)
    return found[0] if found else None


_LONE_CR = re.compile(rb"\r(?!\n)")


def unix_line_ends(raw: bytes) -> bytes:
    """`raw` with every CRLF made LF (lone CRs kept).

    Without lone CRs, which is nearly all mail, deleting every CR gives the same
    bytes at about a third of the cost: replace() copies line by line, and was
    11% of parsing.
    """
    if _LONE_CR.search(raw) is None:
        return raw.translate(None, b"\r")
    return raw.replace(b"\r\n", b"\n")


def parse_message(raw: bytes, internaldate: datetime | None = None) -> ParsedMessage:
    """Parse raw message bytes; best effort, problems go to .defects (see module doc)."""
    raw = _check_raw(raw)
    unix = unix_line_ends(raw)  # line ends as the content hash counts them
    msg, ctx, body_ok = _parse(raw, unix)
    heads = _header_map(msg)
    date, date_source = _pick_date(heads, internaldate, ctx)
    body = _collect(msg, ctx) if body_ok else _flat_text_body(raw, ctx)
    plain = _texts(body.plain, ctx, html=False)
    html = _texts(body.html, ctx, html=True)
    body_html = "\n".join(html) if html else None
    return ParsedMessage(
        message_id=_normalize_id(_first(heads, "message-id")),
        subject=_decode_header(_first(heads, "subject") or "", ctx, "Subject"),
        from_addr=_addr_one(heads, "from", ctx),
        sender=_addr_one(heads, "sender", ctx),
        reply_to=_address_list(heads.get("reply-to", []), ctx),
        to=_address_list(heads.get("to", []), ctx),
        cc=_address_list(heads.get("cc", []), ctx),
        bcc=_address_list(heads.get("bcc", []), ctx),
        date=date,
        date_source=date_source,
        in_reply_to=_normalize_id(_first(heads, "in-reply-to")),
        references=_references(" ".join(heads.get("references", []))),
        body_text=_body_text(plain, body_html, ctx),
        body_html=body_html,
        attachments=_attachments(body.attachments, _referenced_cids(html), ctx),
        headers=_kept_headers(heads, ctx),
        defects=ctx.defects,
        size=len(raw),
        content_hash=hashlib.sha256(unix).hexdigest(),
        utc_offset=_utc_offset(_first(heads, "date")),
    )


def _utc_offset(value: str | None) -> int | None:
    """Minutes east of UTC as the Date header's first line states them."""
    if not value:
        return None
    strict = _strict_date(value)
    if strict is not None:
        return strict[1]
    parsed = email.utils.parsedate_tz(value.split("\n")[0].strip())
    if not parsed or parsed[9] is None or abs(parsed[9]) > 14 * 3600:
        return None  # "+9900" is a typo, not where the sender is
    return parsed[9] // 60


def _body_text(plain: list[str], body_html: str | None, ctx: _Ctx) -> str:
    text = "\n".join(plain).strip("\n")
    # Some senders ship an empty text/plain alternative next to the real HTML.
    if text.strip() or not body_html:
        return text
    if len(body_html) > MAX_HTML_TO_TEXT:
        ctx.defect(f"HTML body over {MAX_HTML_TO_TEXT:,} characters; text taken from the start only")
    return html_to_text(body_html)


def _kept_headers(heads: dict[str, list[str]], ctx: _Ctx) -> dict[str, str]:
    return {name: _decode_header(heads[name][0], ctx, name) for name in KEPT_HEADERS if name in heads}


def extract_attachment(raw: bytes, index: int) -> tuple[str | None, str, bytes]:
    """(filename, content_type, payload) of the index-th attachment listed by parse_message."""
    raw = _check_raw(raw)
    msg, ctx, body_ok = _parse(raw)
    parts = _collect(msg, ctx).attachments if body_ok else []
    if not isinstance(index, int) or not 0 <= index < len(parts):
        raise NotFoundError(f"attachment {index!r} not found (message has {len(parts)})")
    part, path = parts[index]
    return _attachment_content(part, path, ctx)
