"""A parsed MIME tree sorted into body text, body HTML and attachments; a part's decoded payload.

The walk is defensive: trees too deep are read flat, multiparts with a broken boundary are
recovered or read as text, and every problem becomes a defect in the message's Ctx.
"""

from __future__ import annotations

import binascii
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from email.generator import BytesGenerator
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

from . import mimetree
from .headers import Ctx, b64decode, collapse, decode_bytes, param, raw_header, snip, to_bytes


# Deeper MIME trees exist only in attacks and bugs; walking them costs time for nothing.
MAX_DEPTH = 30


@dataclass
class Body:
    """Parts found by the MIME walk, in document order: (part, path) pairs."""

    plain: list[tuple[Message, str]] = field(default_factory=list)
    html: list[tuple[Message, str]] = field(default_factory=list)
    attachments: list[tuple[Message, str]] = field(default_factory=list)


# --------------------------------------------------------------------------- part headers


def content_type(part: Message) -> str:
    try:
        return part.get_content_type()
    except Exception:  # junk header the policy could not even split
        return part.get_default_type()


def disposition(part: Message) -> str:
    value = raw_header(part, "content-disposition")
    return value.split(";")[0].strip().strip('"').lower() if value else ""


def part_name(path: str) -> str:
    return f"part {path}" if path else "body"


# --------------------------------------------------------------------------- MIME walk


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


def _note_parser_defects(part: Message, path: str, ctx: Ctx) -> None:
    for d in getattr(part, "defects", []):
        name = type(d).__name__
        doc = (type(d).__doc__ or name).strip().splitlines()[0]
        ctx.defect(f"{part_name(path)}: {_DEFECT_TEXT.get(name, doc)}")


def _walk(part: Message, path: str, depth: int, body: Body, ctx: Ctx) -> None:
    """Sort a MIME tree's leaves into body text, body HTML and attachments."""
    if depth > MAX_DEPTH:
        ctx.defect(f"MIME nesting deeper than {MAX_DEPTH} levels; inner parts read without their structure")
        _walk_flat(part, path, body, ctx)
        return
    _note_parser_defects(part, path, ctx)
    ctype = content_type(part)
    if ctype.startswith("message/"):  # forwarded mail etc.: one opaque attachment
        body.attachments.append((part, path))
    elif not part.is_multipart():
        _leaf(part, path, ctype, depth, body, ctx)
    elif ctype == "multipart/alternative":
        _walk_alternative(part.get_payload(), path, depth, body, ctx)
    else:
        for i, child in enumerate(part.get_payload(), 1):
            _walk(child, f"{path}.{i}".lstrip("."), depth + 1, body, ctx)


def _walk_alternative(children: list[Message], path: str, depth: int, body: Body, ctx: Ctx) -> None:
    """Keep one rendering: the first text/plain and the last (richest) text/html."""
    subs = []
    for i, child in enumerate(children, 1):
        sub = Body()
        _walk(child, f"{path}.{i}".lstrip("."), depth + 1, sub, ctx)
        subs.append(sub)
    body.plain += next((s.plain for s in subs if s.plain), [])
    body.html += next((s.html for s in reversed(subs) if s.html), [])
    for sub in subs:  # images of the HTML rendering stay listed
        body.attachments += sub.attachments


def _walk_flat(top: Message, path: str, body: Body, ctx: Ctx) -> None:
    """Sort the leaves below the depth cap with a loop, so their text stays searchable.

    The cap keeps recursion (and the time spent on structure) bounded; down there every
    alternative is kept and broken boundaries are read as text rather than recovered.
    """
    stack = [(top, path)]
    while stack:
        part, where = stack.pop()
        ctype = content_type(part)
        if part.is_multipart() and not ctype.startswith("message/"):
            children = [(child, f"{where}.{i}".lstrip(".")) for i, child in enumerate(part.get_payload(), 1)]
            stack.extend(reversed(children))  # popped in document order
        elif ctype.startswith("multipart/"):
            body.plain.append((part, where))  # no usable boundary: its text is still text
        else:
            _sort_leaf(part, where, ctype, body, ctx)


def _leaf(part: Message, path: str, ctype: str, depth: int, body: Body, ctx: Ctx) -> None:
    if ctype.startswith("multipart/"):
        _broken_multipart(part, path, ctype, depth, body, ctx)
    else:
        _sort_leaf(part, path, ctype, body, ctx)


def _sort_leaf(part: Message, path: str, ctype: str, body: Body, ctx: Ctx) -> None:
    if ctype in ("text/plain", "text/html") and disposition(part) != "attachment" and part_filename(part, ctx) is None:
        (body.plain if ctype == "text/plain" else body.html).append((part, path))
    else:
        body.attachments.append((part, path))


def _broken_multipart(part: Message, path: str, ctype: str, depth: int, body: Body, ctx: Ctx) -> None:
    """A multipart whose boundary is missing or wrong: guess it, else read it as text."""
    recovered = _recover_boundary(part, ctype)
    if recovered is not None:
        ctx.defect(f"{part_name(path)}: multipart boundary missing or wrong; recovered from the body")
        for i, child in enumerate(recovered.get_payload(), 1):
            _walk(child, f"{path}.{i}".lstrip("."), depth + 1, body, ctx)
    else:
        ctx.defect(f"{part_name(path)}: multipart without usable boundary; read as text")
        body.plain.append((part, path))


def _recover_boundary(part: Message, ctype: str) -> Message | None:
    data = raw_payload(part)
    found = re.findall(rb"^--([^\s]{1,70}?)(?:--)?[ \t]*\r?$", data, re.M)
    if not found:
        return None
    boundary, count = Counter(found).most_common(1)[0]
    if count < 2 or b'"' in boundary:
        return None
    head = b'Content-Type: %s; boundary="%s"\n\n' % (ctype.encode(), boundary)
    sub = BytesParser(policy=compat32).parsebytes(head + data)
    return sub if sub.is_multipart() else None


def collect_parts(msg: Message, ctx: Ctx) -> Body:
    body = Body()
    try:
        _walk(msg, "", 0, body, ctx)
    except RecursionError:
        ctx.defect("MIME structure too deep to walk; some parts ignored")
    _adopt_named_text_body(body)
    return body


def _adopt_named_text_body(body: Body) -> None:
    """With no other body, inline text parts that carry a file name are the body.

    Some clients send the whole mail as `Content-Disposition: inline; filename="body.html"`
    (or with a name= parameter); mail clients show it as the message, so the index must
    hold its text. The parts stay listed as attachments: extract_attachment's indexes hold.
    """
    if body.plain or body.html:
        return
    for part, path in body.attachments:
        ctype = content_type(part)
        if ctype in ("text/plain", "text/html") and disposition(part) != "attachment":
            (body.plain if ctype == "text/plain" else body.html).append((part, path))


def flat_text_body(raw: bytes, ctx: Ctx) -> Body:
    """Text parts of a message the parser could not build a tree of (nested too deeply, mostly).

    Attachments are left out: extract_attachment cannot reach them either.
    """
    body = Body()
    for i, part in enumerate(mimetree.flat_leaves(raw), 1):
        _sort_leaf(part, str(i), content_type(part), body, ctx)
    _adopt_named_text_body(body)
    body.attachments = []
    return body


# --------------------------------------------------------------------------- payloads


_CTE_NAMES = {
    "base64": "base64",
    "quotedprintable": "quoted-printable",
    "qp": "quoted-printable",
    "7bit": "",
    "8bit": "",
    "binary": "",
    "": "",
    "uuencode": "uuencode",
    "xuuencode": "uuencode",
    "xuue": "uuencode",
    "uue": "uuencode",
}


_CTE_SPELLED = {"base64": "base64", "quoted-printable": "quotedprintable", "7bit": "7bit", "8bit": "8bit"}


def _cte(part: Message, ctx: Ctx, where: str) -> str:
    value = raw_header(part, "content-transfer-encoding") or ""
    head = value.split(";")[0].strip().lower()
    key = _CTE_SPELLED.get(head) or re.sub(r"[^a-z0-9]", "", head)
    if key not in _CTE_NAMES:
        ctx.defect(f"{where}: unknown Content-Transfer-Encoding {snip(value)}; used as-is")
    return _CTE_NAMES.get(key, "")


def raw_payload(part: Message) -> bytes:
    """The body bytes exactly as received (before transfer decoding).

    Read from ``_payload`` because ``get_payload()`` re-decodes 8-bit text with the declared
    charset and 'replace' errors, which would lose GBK text labelled gb2312.
    """
    payload = getattr(part, "_payload", None)
    if isinstance(payload, bytes):
        return payload
    return to_bytes(payload) if isinstance(payload, str) else b""


def decoded_payload(part: Message, path: str, ctx: Ctx) -> bytes:
    """Decoded payload bytes of a leaf or message/* part."""
    where = part_name(path)
    if part.is_multipart():
        return _message_bytes(part, ctx, where)
    data = raw_payload(part)
    cte = _cte(part, ctx, where)
    if cte == "base64":
        return b64decode(data, ctx, where)
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


def _message_bytes(part: Message, ctx: Ctx, where: str) -> bytes:
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
        return b64decode(data.lstrip(b"\n"), ctx, where)
    if cte == "quoted-printable":
        return binascii.a2b_qp(data.lstrip(b"\n"))
    return data


def part_text(part: Message, path: str, ctx: Ctx, html: bool) -> str:
    data = decoded_payload(part, path, ctx)
    label = param(raw_header(part, "content-type"), "charset", None)
    if label is None and html:
        m = re.search(rb"<meta[^>]+charset=[\"']?([\w.:-]+)", data[:4096], re.I)
        label = m.group(1).decode("ascii") if m else None
    text = decode_bytes(data, label, ctx, part_name(path))
    return text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")


# --------------------------------------------------------------------------- file names


def part_filename(part: Message, ctx: Ctx) -> str | None:
    name = param(raw_header(part, "content-disposition"), "filename", ctx)
    name = name or param(raw_header(part, "content-type"), "name", ctx)
    return clean_filename(name)


def clean_filename(name: str | None) -> str | None:
    if not name:
        return None
    # Outlook sometimes sends the sender's full path; users want the base name.
    name = re.split(r"[\\/]", name)[-1]
    name = collapse("".join(c for c in name if c.isprintable()))
    return name or None
