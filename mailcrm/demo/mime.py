"""The MIME writer: RFC 2047 header words, address lists, folding, and body parts rendered to bytes.

By hand rather than with the email package: exact control over the bytes, and fast enough to write
100,000 messages.
"""

from __future__ import annotations

import base64
import binascii
import re
from functools import lru_cache

CRLF = "\r\n"


# MIME label -> Python codec. Mail labelled gb2312 is very often really GBK: we do the same.
_CODECS = {
    "utf-8": "utf-8",
    "gb2312": "gbk",
    "gbk": "gbk",
    "big5": "big5",
    "iso-2022-jp": "iso2022_jp",
    "koi8-r": "koi8_r",
    "iso-8859-1": "latin-1",
    "iso-8859-9": "iso8859_9",
    "windows-1252": "cp1252",
    "windows-1256": "cp1256",
    "us-ascii": "ascii",
}


def _codec(label: str) -> str:
    return _CODECS[label.lower()]


_Q_SAFE = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def _q_word(data: bytes) -> str:
    out = []
    for b in data:
        if b in _Q_SAFE:
            out.append(chr(b))
        elif b == 0x20:
            out.append("_")
        else:
            out.append("=%02X" % b)
    return "".join(out)


@lru_cache(maxsize=8192)
def _encode_words(text: str, charset: str = "utf-8", q: bool = False) -> str:
    """RFC 2047 encoded words (folded with CRLF SP), or ``text`` itself if it is ASCII."""
    if text.isascii():
        return text
    codec = _codec(charset)
    label = charset.upper() if charset in ("iso-2022-jp", "gb2312", "big5", "koi8-r") else charset
    prefix = "=?%s?%s?" % (label, "Q" if q else "B")
    budget = 75 - len(prefix) - 2

    def enc(chunk: str) -> str:
        raw = chunk.encode(codec)
        return _q_word(raw) if q else base64.b64encode(raw).decode("ascii")

    words: list[str] = []
    rest = text
    while rest:
        e = enc(rest)
        if len(e) <= budget:
            words.append(prefix + e + "?=")
            break
        n = max(1, len(rest) * budget // len(e))  # a guess, then shrink until it fits
        while n > 1 and len(enc(rest[:n])) > budget:
            n -= 1 if n < 8 else max(1, n // 8)
        words.append(prefix + enc(rest[:n]) + "?=")
        rest = rest[n:]
    return (CRLF + " ").join(words)


_SPECIALS = re.compile(r'[()<>@,;:\\".\[\]]')


def _fmt_addr(name: str, email: str, charset: str = "utf-8", q: bool = False) -> str:
    if not name:
        return email
    if name.isascii():
        if _SPECIALS.search(name):
            name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
        return "%s <%s>" % (name, email)
    return "%s <%s>" % (_encode_words(name, charset, q), email)


def _fold(name: str, value: str) -> str:
    """``Name: value`` folded at spaces to lines of at most ~78 characters."""
    line = name + ": " + value
    if len(line) <= 78 or "\r\n" in value:
        return line
    out = []
    cur = name + ":"
    for token in value.split(" "):
        if len(cur) + 1 + len(token) > 78 and cur.strip() and cur != name + ":":
            out.append(cur)
            cur = " " + token
        else:
            cur = cur + " " + token
    out.append(cur)
    return CRLF.join(out)


# --------------------------------------------------------------------------------------
# MIME assembly (by hand: exact control over bytes, and fast)
# --------------------------------------------------------------------------------------


def _b64_lines(data: bytes) -> bytes:
    """Base64 in 76-character lines, each ending with CRLF."""
    b = binascii.b2a_base64(data, newline=False)
    if not b:
        return b""
    return b"\r\n".join([b[i : i + 76] for i in range(0, len(b), 76)]) + b"\r\n"


def _qp(data: bytes) -> bytes:
    return binascii.b2a_qp(data, istext=True)


class _Leaf:
    __slots__ = ("headers", "body")

    def __init__(self, headers: list[str], body: bytes):
        self.headers = headers
        self.body = body


class _Multi:
    __slots__ = ("subtype", "boundary", "parts", "params", "headers")

    def __init__(self, subtype: str, boundary: str, parts: list, params: str = "", headers: list[str] | None = None):
        self.subtype = subtype
        self.boundary = boundary
        self.parts = parts
        self.params = params
        self.headers = headers or []


def _text_leaf(text: str, subtype: str, charset: str, cte: str) -> _Leaf:
    data = text.encode(_codec(charset))
    if cte == "base64":
        body = _b64_lines(data)
    elif cte == "quoted-printable":
        body = _qp(data)
    else:
        body = data
    if not body.endswith(b"\r\n"):
        body += b"\r\n"
    extra = "; format=flowed" if subtype == "plain" and cte == "8bit" and charset == "utf-8" else ""
    return _Leaf(
        ['Content-Type: text/%s; charset="%s"%s' % (subtype, charset, extra), "Content-Transfer-Encoding: %s" % cte],
        body,
    )


def _attachment_leaf(filename: str, ctype: str, b64: bytes, *, inline_cid: str | None = None) -> _Leaf:
    if filename.isascii():
        fn_param = 'filename="%s"' % filename
        name_param = 'name="%s"' % filename
    else:
        from urllib.parse import quote

        fn_param = "filename*=utf-8''%s" % quote(filename.encode("utf-8"))
        name_param = 'name="%s"' % _encode_words(filename, "utf-8")
    headers = ["Content-Type: %s;%s %s" % (ctype, CRLF, name_param)]
    if inline_cid:
        headers.append("Content-ID: <%s>" % inline_cid)
        headers.append("Content-Disposition: inline;%s %s" % (CRLF, fn_param))
    else:
        headers.append("Content-Disposition: attachment;%s %s" % (CRLF, fn_param))
    headers.append("Content-Transfer-Encoding: base64")
    return _Leaf(headers, b64)


def _render(part, out: list[bytes]) -> None:
    """Append the bytes of ``part`` (its own headers, blank line, body) to ``out``."""
    if isinstance(part, _Leaf):
        out.append((CRLF.join(part.headers) + CRLF + CRLF).encode("ascii"))
        out.append(part.body)
        return
    head = ['Content-Type: multipart/%s;%s boundary="%s"%s' % (part.subtype, CRLF, part.boundary, part.params)]
    head.extend(part.headers)
    out.append((CRLF.join(head) + CRLF + CRLF).encode("ascii"))
    if part.subtype in ("mixed", "report"):
        out.append(b"This is a multi-part message in MIME format.\r\n")
    sep = ("\r\n--%s\r\n" % part.boundary).encode("ascii")
    for sub in part.parts:
        out.append(sep)
        _render(sub, out)
    out.append(("\r\n--%s--\r\n" % part.boundary).encode("ascii"))
