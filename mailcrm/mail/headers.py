"""Header values of one message: RFC 2047 words, raw 8-bit text, MIME parameters, message ids.

Every decoder here is best effort and records what it had to guess in the message's Ctx
(see parse.py for why nothing raises). Values arrive as compat32 keeps them: raw strings,
8-bit bytes as surrogate escapes; charsets.py turns their bytes into text.
"""

from __future__ import annotations

import binascii
import re
import urllib.parse
from email.message import Message
from functools import cached_property

from . import charsets


# --------------------------------------------------------------------------- per-message state


class Ctx:
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
                label = param(raw_header(part, "content-type"), "charset", None)
                codecs_ = charsets.codecs_for(label) if label else None
                if codecs_ and codecs_[0] != "ascii":
                    return codecs_
        except RecursionError:
            pass
        return ()


# --------------------------------------------------------------------------- charsets


def decode_bytes(data: bytes, label: str | None, ctx: Ctx, where: str) -> str:
    """Bytes in a declared (or undeclared) charset -> str; never raises. See charsets.py."""
    decoded = charsets.decode(data, label, ctx.hint_codecs)
    if decoded.status == charsets.UNKNOWN_LABEL:
        ctx.defect(f"{where}: unknown charset {snip(label)}, decoded as {decoded.codec}")
    elif decoded.status == charsets.MISLABELLED:
        ctx.defect(f"{where}: bytes are not {label}, decoded as {decoded.codec}")
    elif decoded.status == charsets.REPLACED:
        ctx.defect(f"{where}: invalid bytes for charset {label}, replaced")
    return decoded.text


def to_bytes(text: str) -> bytes:
    """Undo the surrogate escapes the email parser uses for 8-bit bytes."""
    return text.encode("utf-8", "surrogateescape")


# --------------------------------------------------------------------------- header decoding


ENCODED_WORD = re.compile(r"=\?([^?\s]+)\?([bBqQ])\?([^?]*)\?=")
_FOLD = re.compile(r"\r?\n(?=[ \t])")
WHITESPACE = re.compile(r"\s+")


def unfold(value: str) -> str:
    if "\n" not in value and "\r" not in value:
        return value  # most header values fit on one line
    return _FOLD.sub("", value).replace("\r", "").replace("\n", "")


def collapse(text: str) -> str:
    return WHITESPACE.sub(" ", text).strip()


def snip(value: str | None, limit: int = 60) -> str:
    """A header value quoted in a defect: one line, bounded (junk headers can be megabytes)."""
    text = collapse(to_bytes(value or "")[: limit * 4].decode("utf-8", "replace"))
    return repr(text if len(text) <= limit else text[:limit] + "…")


def decode_raw(text: str, ctx: Ctx, where: str) -> str:
    """Header text outside encoded words; may hold raw 8-bit bytes (UTF-8, GBK ...)."""
    if text.isascii():
        return text
    decoded, used = charsets.guess(to_bytes(text), ctx.hint_codecs)
    if used != "utf-8":  # raw UTF-8 headers are legal (RFC 6532); others are guesses
        ctx.defect(f"{where}: raw 8-bit header decoded as {used}")
    return decoded


def decode_header(value: str, ctx: Ctx, where: str = "header") -> str:
    """Decode RFC 2047 words and raw 8-bit text; collapse whitespace, drop CR/LF."""
    value = unfold(value)
    if "=?" not in value:
        return collapse(decode_raw(value, ctx, where))
    out: list[str] = []
    pending: list[tuple[str, bytes]] = []  # adjacent encoded words, merged per charset
    pos = 0
    for m in ENCODED_WORD.finditer(value):
        gap = value[pos : m.start()]
        pos = m.end()
        if gap and not (pending and gap.isspace()):  # RFC 2047: space between words is dropped
            out.append(_flush_words(pending, ctx, where) + decode_raw(gap, ctx, where))
        data = _word_bytes(m, ctx, where)
        if data is None:
            out.append(_flush_words(pending, ctx, where) + m.group(0))
        elif pending and pending[-1][0] == m.group(1).lower():
            # Merge before decoding: clients split multi-byte characters across words.
            pending[-1] = (pending[-1][0], pending[-1][1] + data)
        else:
            pending.append((m.group(1).lower(), data))
    out.append(_flush_words(pending, ctx, where) + decode_raw(value[pos:], ctx, where))
    return collapse("".join(out))


def _flush_words(pending: list[tuple[str, bytes]], ctx: Ctx, where: str) -> str:
    text = "".join(decode_bytes(data, label.split("*")[0], ctx, where) for label, data in pending)
    pending.clear()
    return text


def _word_bytes(m: re.Match[str], ctx: Ctx, where: str) -> bytes | None:
    """Payload bytes of one encoded word, or None if it cannot be decoded."""
    data = to_bytes(m.group(3))
    if m.group(2) in "qQ":
        return binascii.a2b_qp(data, header=True)
    if re.search(rb"[^A-Za-z0-9+/=]", data):  # not base64 at all: show it rather than junk
        ctx.defect(f"{where}: undecodable encoded word kept as-is")
        return None
    return b64decode(data, ctx, where)


def b64decode(data: bytes, ctx: Ctx, where: str) -> bytes:
    try:
        return binascii.a2b_base64(data)  # C fast path; skips newlines and stray characters
    except binascii.Error:
        pass
    clean = re.sub(rb"[^A-Za-z0-9+/]", b"", data)
    clean = clean[: len(clean) - len(clean) % 4] if len(clean) % 4 == 1 else clean
    ctx.defect(f"{where}: bad base64 padding, repaired")
    return binascii.a2b_base64(clean + b"=" * (-len(clean) % 4))


# --------------------------------------------------------------------------- MIME parameters


_PARAM = re.compile(r';\s*([^\s=;"]+)\s*=\s*("(?:[^"\\]|\\.)*"?|[^;]*)', re.S)


def _unquote(value: str) -> str:
    value = value.strip()
    if value.startswith('"'):
        # Only \" and \\ are unescaped: Windows paths in filenames use bare backslashes.
        inner = value[1:].removesuffix('"')
        return re.sub(r'\\([\\"])', r"\1", inner) if "\\" in inner else inner
    return value


def param(header: str | None, name: str, ctx: Ctx | None) -> str | None:
    """One MIME parameter with RFC 2231 (charset, continuations) and RFC 2047 decoded.

    ctx None returns the raw value (for charset labels, which must not be decoded).
    """
    if not header:
        return None
    plain: str | None = None
    sections: list[tuple[int, bool, str]] = []
    for m in _PARAM.finditer(unfold(header)):
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
    return None if plain is None else decode_header(plain, ctx, f"parameter {name}")


def _rfc2231(sections: list[tuple[int, bool, str]], ctx: Ctx) -> str:
    sections.sort(key=lambda s: s[0])
    charset = None
    chunks: list[bytes] = []
    for i, (_, encoded, value) in enumerate(sections):
        if i == 0 and encoded and value.count("'") >= 2:
            charset, _lang, value = value.split("'", 2)
        raw = to_bytes(value)
        chunks.append(urllib.parse.unquote_to_bytes(raw) if encoded else raw)
    text = decode_bytes(b"".join(chunks), charset or None, ctx, "RFC 2231 parameter")
    # Some clients put RFC 2047 words inside RFC 2231 continuations.
    return decode_header(text, ctx) if "=?" in text else collapse(text)


# --------------------------------------------------------------------------- raw headers


def raw_header(part: Message, name: str) -> str | None:
    """First raw value of a header (str with surrogate escapes), without the policy's fiddling."""
    for key, value in part.raw_items():
        if key.lower() == name:
            return value
    return None


def first_value(heads: dict[str, list[str]], name: str) -> str | None:
    values = heads.get(name)
    return values[0] if values else None


# --------------------------------------------------------------------------- message ids


_ANGLE_ID = re.compile(r"<([^<>]*)>")
COMMENT = re.compile(r"\([^()]*\)")


def normalize_id(value: str | None) -> str | None:
    """'<abc@host>' -> 'abc@host'; None for empty or garbage values."""
    if not value:
        return None
    value = unfold(value)
    m = _ANGLE_ID.search(value)
    if m:
        ident = WHITESPACE.sub("", m.group(1))  # folded ids are the same id
    else:
        ident = COMMENT.sub("", value).strip()
        if WHITESPACE.search(ident):  # free text, not an id
            return None
    if not ident or len(ident) > 998:
        return None
    ident = ident if ident.isascii() else to_bytes(ident).decode("utf-8", "replace")
    return ident if ident.isprintable() else None


def reference_ids(value: str | None) -> list[str]:
    if not value:
        return []
    found = _ANGLE_ID.findall(unfold(value)) or re.split(r"[\s,]+", value)
    ids = (normalize_id(f"<{i}>") for i in found)
    return list(dict.fromkeys(i for i in ids if i))
