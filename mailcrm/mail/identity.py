"""What makes two stored messages the same message.

The same mail reaches several mailboxes (a colleague in Cc, a Gmail label, a
copy in Sent): each copy carries its own transport headers (Received,
Delivered-To, Authentication-Results, X-…) but the same content. A Message-ID
alone is not enough: broken mailers, list servers and ERP or quotation systems
reuse one for different mail. So a message's identity is its Message-ID plus a
hash of everything but the transport headers (``identity_hash``); the same ID
with another identity hash is another message, and both are kept.

``header_hash`` covers the whole header block as it arrived: when a server
offers a message with the same size and the same header block as a stored one
(the same mail in another folder of the same mailbox, or a folder rescanned
after a UIDVALIDITY change), it is certainly that message, and the body need not
be downloaded to tell.
"""

from __future__ import annotations

import re
from hashlib import sha256

# Header fields that servers and transports add or rewrite on the way: not the content.
TRANSPORT_FIELDS = frozenset(
    {
        b"received",
        b"return-path",
        b"delivered-to",
        b"envelope-to",
        b"original-recipient",
        b"authentication-results",
        b"received-spf",
        b"dkim-signature",
        b"domainkey-signature",
        b"status",
        b"content-length",
        b"lines",
        b"bcc",
        b"apparently-to",
    }
)
TRANSPORT_PREFIXES = (b"x-", b"arc-")

HASH_SLICE = 1 << 20  # bytes of body hashed at a time
FIELD_NAME = re.compile(rb"([!-9;-~]+)[ \t]*:")


def unix_line_ends(raw: bytes) -> bytes:
    return raw.replace(b"\r\n", b"\n") if b"\r" in raw else raw


def split_head(raw: bytes) -> tuple[bytes, bytes]:
    """(header block, body) of a message with Unix line ends; a leading mbox From_ line is dropped."""
    if raw.startswith(b"From "):
        raw = raw.partition(b"\n")[2]
    if raw.startswith(b"\n"):
        return b"", raw[1:]
    head, blank, body = raw.partition(b"\n\n")
    if not blank:
        return raw.rstrip(b"\n"), b""
    return head, body


def header_fields(head: bytes) -> list[bytes]:
    """The header block as whole fields, continuation lines kept with their field."""
    fields: list[bytes] = []
    for line in head.split(b"\n"):
        if fields and line[:1] in (b" ", b"\t"):
            fields[-1] += b"\n" + line
        else:
            fields.append(line)
    return fields


def is_transport(field: bytes) -> bool:
    match = FIELD_NAME.match(field)
    if match is None:
        return False
    name = match.group(1).lower()
    return name in TRANSPORT_FIELDS or name.startswith(TRANSPORT_PREFIXES)


def identity_hash(raw: bytes) -> str:
    """Hash of the content: every header but the transport ones, and the body."""
    head, body_start = head_and_body_start(raw)
    kept = b"\n".join(field for field in header_fields(head) if not is_transport(field))
    digest = sha256(kept + b"\n\n")
    end = len(raw)
    while end > body_start and raw[end - 1] in (10, 13):  # trailing line ends, as mbox adds them
        end -= 1
    feed_unix_line_ends(digest, raw, body_start, end)
    return digest.hexdigest()


def unix_sha256(raw: bytes) -> str:
    """sha256 of `raw` with every CRLF made LF, without a copy of the whole message."""
    digest = sha256()
    feed_unix_line_ends(digest, raw, 0, len(raw))
    return digest.hexdigest()


def feed_unix_line_ends(digest, raw: bytes, start: int, end: int) -> None:
    """Feed raw[start:end] to `digest` with CRLF made LF, a megabyte at a time.

    A 30 MB message should not cost a copy of itself just to be hashed; a CR that ends
    one slice waits for the next, in case it is half of a CRLF.
    """
    view = memoryview(raw)
    carry = b""
    for at in range(start, end, HASH_SLICE):
        piece = carry + bytes(view[at : min(at + HASH_SLICE, end)])
        carry = b"\r" if piece.endswith(b"\r") and at + HASH_SLICE < end else b""
        digest.update((piece[:-1] if carry else piece).replace(b"\r\n", b"\n"))


def head_and_body_start(raw: bytes) -> tuple[bytes, int]:
    """The header block (LF line ends, no mbox From_ line) and where the body starts in `raw`."""
    start = raw.index(b"\n") + 1 if raw.startswith(b"From ") and b"\n" in raw else 0
    if raw[start : start + 1] == b"\n" or raw[start : start + 2] == b"\r\n":
        return b"", start + (1 if raw[start : start + 1] == b"\n" else 2)
    ends = [(at, size) for at, size in ((raw.find(b"\r\n\r\n", start), 4), (raw.find(b"\n\n", start), 2)) if at >= 0]
    if not ends:
        return unix_line_ends(raw[start:]).rstrip(b"\n"), len(raw)
    at, size = min(ends)
    return unix_line_ends(raw[start:at]), at + size


def header_hash(raw_or_head: bytes) -> str:
    """Hash of the whole header block (of a message, or a fetched BODY[HEADER])."""
    head, _ = split_head(unix_line_ends(raw_or_head))
    return sha256(head).hexdigest()
