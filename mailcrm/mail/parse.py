"""Raw RFC 5322 bytes -> ParsedMessage.

Best effort by design: the sync feeds this every message of a mailbox, and one odd message
must not stop it. Problems are recorded in ``ParsedMessage.defects`` instead of raised;
only input that holds nothing at all (empty bytes) raises ParseError.

We parse with the stdlib ``email`` package under the ``compat32`` policy: it keeps every
header as the raw string (8-bit bytes as surrogate escapes) and never raises on bad
structure, whereas the ``default`` policy decodes headers eagerly and can raise on junk.
Header values and parameters are then decoded in headers.py (charsets.py turns their bytes
into text, with the charset mapping and guessing real-world mail needs: gb2312 -> gb18030 ...);
addresses in mailboxes.py, dates in dates.py; mimeparts.py sorts the tree into body text,
HTML and attachments; htmltext.py reads an HTML-only body as text.
"""

from __future__ import annotations

import hashlib
import re
import urllib.parse
from dataclasses import dataclass
from datetime import datetime
from email.message import Message
from email.parser import BytesHeaderParser, BytesParser
from email.policy import compat32

from .identity import unix_sha256
from . import fastmime, mimetree
from ..errors import NotFoundError, ParseError
from .dates import pick_date, utc_offset
from .headers import Ctx, decode_header, first_value, normalize_id, raw_header, reference_ids, snip
from .htmltext import MAX_HTML_TO_TEXT, html_to_text
from .mailboxes import Address, address_list
from .mimeparts import (
    MAX_DEPTH,
    clean_filename,
    collect_parts,
    content_type,
    decoded_payload,
    disposition,
    flat_text_body,
    part_filename,
    part_name,
    part_text,
)

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
    # the triage (customers/triage.py): authentication results and spam-filter verdicts
    "authentication-results",
    "received-spf",
    "x-spam-flag",
    "x-spam-status",
    "x-spam",
    "x-forefront-antispam-report",
    "x-ms-exchange-organization-scl",
)


# --------------------------------------------------------------------------- public types


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


# --------------------------------------------------------------------------- attachments


def _attachment_content(part: Message, path: str, ctx: Ctx) -> tuple[str | None, str, bytes]:
    ctype = content_type(part)
    payload = decoded_payload(part, path, ctx)
    filename = part_filename(part, ctx)
    if filename is None and ctype in ("message/rfc822", "message/global"):
        filename = _subject_filename(payload, ctx)
    return filename, ctype, payload


def _subject_filename(payload: bytes, ctx: Ctx) -> str | None:
    """Name a forwarded message after its Subject, as mail clients do."""
    inner = BytesHeaderParser(policy=compat32).parsebytes(payload)
    subject = raw_header(inner, "subject")
    subject = decode_header(subject, ctx, "attached message subject") if subject else ""
    return clean_filename(subject.replace("/", "_").replace("\\", "_") + ".eml") if subject else None


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


def _attachment(index: int, part: Message, path: str, cids: set[str], ctx: Ctx) -> Attachment:
    filename, ctype, payload = _attachment_content(part, path, ctx)
    cid = normalize_id(raw_header(part, "content-id"))
    inline = disposition(part) == "inline" or (cid is not None and cid.lower() in cids)
    return Attachment(index, filename, ctype, len(payload), hashlib.sha256(payload).hexdigest(), inline, cid)


# --------------------------------------------------------------------------- entry points


def _check_raw(raw: bytes) -> bytes:
    if isinstance(raw, str):
        raise TypeError("parse_message needs bytes, not str")
    raw = bytes(raw)
    if not raw.strip():
        raise ParseError("empty message")
    return raw


def _parse(raw: bytes, unix: bytes | None = None) -> tuple[Message, Ctx, bool]:
    """Parse the MIME tree; on a parser failure fall back to headers only (body_ok False)."""
    try:
        msg = mimetree.build(raw, unix)  # well-formed mail, without the slow line-by-line parser
        if msg is None:
            msg = BytesParser(policy=compat32).parsebytes(raw)
        return msg, Ctx(msg), True
    except RecursionError:
        problem = "MIME structure nested too deeply to parse"
    except Exception as exc:  # the parser is robust, but mail is adversarial
        problem = f"MIME parser failed ({type(exc).__name__}: {snip(str(exc))})"
    try:
        msg = BytesParser(policy=compat32).parsebytes(raw, headersonly=True)
    except Exception as exc:
        raise ParseError(f"{problem}; headers unreadable too") from exc
    ctx = Ctx(msg)
    ctx.defect(f"{problem}; attachments not extracted, text parts read without their structure")
    return msg, ctx, False


def _header_map(msg: Message) -> dict[str, list[str]]:
    heads: dict[str, list[str]] = {}
    for name, value in msg.raw_items():
        heads.setdefault(name.strip().lower(), []).append(value)
    return heads


def _texts(parts: list[tuple[Message, str]], ctx: Ctx, html: bool) -> list[str]:
    out = []
    for part, path in parts:
        try:
            out.append(part_text(part, path, ctx, html))
        except Exception as exc:  # one unreadable part must not lose the rest
            ctx.defect(f"{part_name(path)}: unreadable ({type(exc).__name__})")
    return out


def _attachments(parts: list[tuple[Message, str]], cids: set[str], ctx: Ctx) -> list[Attachment]:
    out = []
    for part, path in parts:
        try:
            out.append(_attachment(len(out), part, path, cids, ctx))
        except Exception as exc:
            # Keep the index aligned with extract_attachment: record an empty placeholder.
            ctx.defect(f"{part_name(path)}: unreadable attachment ({type(exc).__name__})")
            out.append(Attachment(len(out), None, content_type(part), 0, hashlib.sha256(b"").hexdigest(), False, None))
    return out


def _addr_one(heads: dict[str, list[str]], name: str, ctx: Ctx) -> Address | None:
    found = address_list(heads.get(name, [])[:1], ctx)
    return found[0] if found else None


def parse_message(raw: bytes, internaldate: datetime | None = None) -> ParsedMessage:
    """Parse raw message bytes; best effort, problems go to .defects (see module doc)."""
    raw = _check_raw(raw)
    content_hash = unix_sha256(raw)  # line ends as LF; hashed in slices, not copied whole
    msg, ctx, body_ok = _parse(raw)
    heads = _header_map(msg)
    date, date_source = pick_date(heads, internaldate, ctx)
    body = collect_parts(msg, ctx) if body_ok else flat_text_body(raw, ctx)
    plain = _texts(body.plain, ctx, html=False)
    html = _texts(body.html, ctx, html=True)
    body_html = "\n".join(html) if html else None
    return ParsedMessage(
        message_id=normalize_id(first_value(heads, "message-id")),
        subject=decode_header(first_value(heads, "subject") or "", ctx, "Subject"),
        from_addr=_addr_one(heads, "from", ctx),
        sender=_addr_one(heads, "sender", ctx),
        reply_to=address_list(heads.get("reply-to", []), ctx),
        to=address_list(heads.get("to", []), ctx),
        cc=address_list(heads.get("cc", []), ctx),
        bcc=address_list(heads.get("bcc", []), ctx),
        date=date,
        date_source=date_source,
        in_reply_to=normalize_id(first_value(heads, "in-reply-to")),
        references=reference_ids(" ".join(heads.get("references", []))),
        body_text=_body_text(plain, body_html, ctx),
        body_html=body_html,
        attachments=_attachments(body.attachments, _referenced_cids(html), ctx),
        headers=_kept_headers(heads, ctx),
        defects=ctx.defects,
        size=len(raw),
        content_hash=content_hash,
        utc_offset=utc_offset(first_value(heads, "date")),
    )


def _body_text(plain: list[str], body_html: str | None, ctx: Ctx) -> str:
    text = "\n".join(plain).strip("\n")
    # Some senders ship an empty text/plain alternative next to the real HTML.
    if text.strip() or not body_html:
        return text
    if len(body_html) > MAX_HTML_TO_TEXT:
        ctx.defect(f"HTML body over {MAX_HTML_TO_TEXT:,} characters; text taken from the start only")
    return html_to_text(body_html)


def _kept_headers(heads: dict[str, list[str]], ctx: Ctx) -> dict[str, str]:
    kept = {name: decode_header(heads[name][0], ctx, name) for name in KEPT_HEADERS if name in heads}
    for name, compact in _COMPACT.items():
        if name in kept:
            kept[name] = compact(kept[name])
    return kept


# Verdict headers are long (a kilobyte with Microsoft's); only their verdicts are kept.
_COMPACT = {
    "authentication-results": lambda v: " ".join(re.findall(r"\b(?:spf|dkim|dmarc)=[a-z]+", v, re.I)).lower(),
    "received-spf": lambda v: (v.split() or [""])[0].lower(),
    "x-spam-status": lambda v: v.split(",")[0].strip()[:20],
    "x-forefront-antispam-report": lambda v: ";".join(re.findall(r"\b(?:SFV|SCL):[^;\s]*", v, re.I)),
}


def extract_attachment(raw: bytes, index: int) -> tuple[str | None, str, bytes]:
    """(filename, content_type, payload) of the index-th attachment listed by parse_message."""
    raw = _check_raw(raw)
    msg, ctx, body_ok = _parse(raw)
    parts = collect_parts(msg, ctx).attachments if body_ok else []
    if not isinstance(index, int) or not 0 <= index < len(parts):
        raise NotFoundError(f"attachment {index!r} not found (message has {len(parts)})")
    part, path = parts[index]
    return _attachment_content(part, path, ctx)
