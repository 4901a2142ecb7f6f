"""Telling mail files apart by content, and reading mbox files as mail programs write them.

Pure functions over binary file objects: nothing here touches the database.

An mbox file is read one line at a time, so a multi-gigabyte file never sits in
memory, only the message being read. What it understands:

- mboxo / mboxrd: a message starts at a "From " line that comes at the start of
  the file or after an empty line, and that looks like a real From_ line
  ("From " + sender + a date). A "From time to time..." line in a body splits
  nothing. mboxrd quoting is undone: one '>' goes from lines matching ^>+From.
- mboxcl2: a Content-Length header is trusted when it is consistent, i.e. the
  body it measures ends at the end of the file or just before a From_ line; that
  body is taken as it is (mboxcl2 quotes nothing).
- CRLF files, a UTF-8 byte-order mark, blank lines before the first message.
- text before the first From_ line: handed back as a "preamble" entry, which the
  caller imports if it looks like a message and reports as skipped otherwise.
  A file that starts with header fields and has no From_ line is one message,
  read byte for byte.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO, NamedTuple

BOM = b"\xef\xbb\xbf"
HEAD_SIZE = 64 * 1024  # how much of a file is looked at to tell what it is
CHUNK = 1024 * 1024  # longest piece of a line read at once: a file without newlines stays bounded

_DAY = rb"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?[ \t]+"
_MONTH = rb"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
# "From " sender, then a date: asctime ("Mon Jan  8 12:08:34 2011"), RFC 5322 style
# ("Mon, 8 Jan 2011 ...") or ISO; and somewhere a time or a year. "From time to time"
# or "From Monday to Friday" do not match: what follows the sender is no date.
FROM_LINE = re.compile(
    rb"From \S*[ \t]+(?:"
    + _DAY
    + rb")?(?:"
    + _MONTH
    + rb"[ \t]+\d{1,2}|\d{1,2}[ \t]+"
    + _MONTH
    + rb"|\d{4}-\d\d-\d\d).*(?:\d{1,2}:\d\d|\d{4})",
    re.IGNORECASE,
)
HEADER_FIELD = re.compile(rb"[!-9;-~]+[ \t]*:")  # RFC 5322 field name: printable ASCII but ':'
QUOTED_FROM = re.compile(rb">+From ")
CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE)
# Field names that make a header block a mail message rather than any "Name: value" text.
MAIL_FIELDS = frozenset(
    {
        b"received",
        b"return-path",
        b"delivered-to",
        b"from",
        b"sender",
        b"to",
        b"cc",
        b"date",
        b"subject",
        b"message-id",
        b"mime-version",
        b"content-type",
        b"reply-to",
        b"in-reply-to",
        b"references",
        b"x-mailer",
        b"user-agent",
        b"dkim-signature",
        b"authentication-results",
    }
)

# Leading bytes of files that are often found beside exported mail and are not mail.
MAGIC = (
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "Outlook .msg (OLE) file, not a MIME message: save it as .eml, or export the folder as mbox",
    ),
    (b"%PDF", "PDF document, not mail"),
    (b"\x89PNG", "PNG image, not mail"),
    (b"\xff\xd8\xff", "JPEG image, not mail"),
    (b"GIF8", "GIF image, not mail"),
    (b"PK\x03\x04", "ZIP archive, not mail: unpack it and import the folder"),
    (b"\x1f\x8b", "gzip archive, not mail: unpack it first"),
    (b"SQLite format 3", "SQLite database, not mail"),
)


def is_blank(line: bytes) -> bool:
    return line in (b"\n", b"\r\n", b"\r")


def is_from_line(line: bytes) -> bool:
    return FROM_LINE.match(line) is not None


def why_not_mail(head: bytes) -> str | None:
    """Why a file that starts with `head` cannot hold mail; None when it may."""
    text = head.removeprefix(BOM)
    if not text.strip():
        return "empty file" if not head else "empty file (only blank lines)"
    for magic, reason in MAGIC:
        if text.startswith(magic):
            return reason
    if b"\0" in text:
        return "binary file, not mail"
    return None


def looks_like_message(head: bytes) -> bool:
    """Does this start with RFC 5322 header fields, at least one of them a mail field?"""
    for line in head.lstrip(b"\r\n").splitlines():
        if not line.strip():
            break  # end of the header block
        if line[:1] in (b" ", b"\t"):
            continue  # a folded field's continuation
        if not HEADER_FIELD.match(line):
            return False
        if line.split(b":", 1)[0].strip().lower() in MAIL_FIELDS:
            return True
    return False


@dataclass
class Entry:
    """One thing found in a file: a message, or the text before its first From_ line."""

    raw: bytes  # the message without its From_ line; b"" for preamble text not kept
    number: int  # 1, 2, ... for messages after From_ lines; 0 for the preamble
    size: int = 0  # bytes of the preamble, kept or not
    before_from: bool = False  # a preamble followed by From_ lines (else: the whole file)

    @property
    def preamble(self) -> bool:
        return self.number == 0


class Line(NamedTuple):
    data: bytes
    starts: bool  # False for the later pieces of a line longer than CHUNK: never a From_ or blank line


class LineReader:
    """readline() with look-ahead and put-back, over a binary file; drops a leading BOM."""

    def __init__(self, file: BinaryIO):
        self.file = file
        self.back: list[Line] = []
        self.continues = False  # the last piece read did not end its line
        self.first = True

    def next(self) -> Line | None:
        if self.back:
            return self.back.pop()
        data = self.file.readline(CHUNK)
        if self.first:
            self.first = False
            data = data.removeprefix(BOM)
        if not data:
            return None
        line = Line(data, not self.continues)
        self.continues = not data.endswith(b"\n")
        return line

    def peek(self) -> Line | None:
        line = self.next()
        if line is not None:
            self.back.append(line)
        return line

    def put_back(self, line: Line) -> None:
        self.back.append(line)

    def tell(self) -> int:
        return self.file.tell() - sum(len(line.data) for line in self.back)

    def seek(self, offset: int) -> None:
        self.back.clear()
        self.file.seek(offset)


def read_mbox(file: BinaryIO) -> Iterator[Entry]:
    """The entries of a file: its preamble, if any, then each message, one at a time."""
    reader = LineReader(file)
    while (line := reader.peek()) is not None and is_blank(line.data):
        reader.next()
    if line is None:
        return
    if not starts_mbox(reader):
        yield read_preamble(reader)
    number = 0
    while (line := reader.next()) is not None:  # a From_ line: the readers below stop at one
        number += 1
        yield Entry(read_message(reader), number)


def starts_mbox(reader: LineReader) -> bool:
    """At the start of a file a "From " line followed by a header field is enough."""
    first = reader.next()
    second = reader.peek()
    reader.put_back(first)
    if not first.data.startswith(b"From "):
        return False
    return is_from_line(first.data) or (second is not None and HEADER_FIELD.match(second.data) is not None)


def read_preamble(reader: LineReader) -> Entry:
    """Text up to the first From_ line after an empty line; kept only if it may be a message."""
    keep = HEADER_FIELD.match(reader.peek().data) is not None
    out = io.BytesIO() if keep else None
    size, pending_blank, before_from, checked = 0, None, False, False
    while (line := reader.next()) is not None:
        if pending_blank is not None and line.starts and is_from_line(line.data):
            reader.put_back(line)
            pending_blank, before_from = None, True  # the empty line separates: not the message's
            break
        if pending_blank is not None:
            size += write(out, pending_blank)
            pending_blank = None
        if line.starts and is_blank(line.data):
            pending_blank = line.data
        else:
            size += write(out, line.data)
        if out is not None and not checked and size > HEAD_SIZE:
            checked = True
            if not looks_like_message(out.getbuffer()[:HEAD_SIZE].tobytes()):
                out = None  # long text that is no message: count it, do not hold it
    if pending_blank is not None:
        size += write(out, pending_blank)  # the whole file is the message: byte for byte
    raw = out.getvalue() if out is not None else b""
    return Entry(raw if looks_like_message(raw[:HEAD_SIZE]) else b"", 0, size, before_from)


def write(out: io.BytesIO | None, data: bytes) -> int:
    if out is not None:
        out.write(data)
    return len(data)


def read_message(reader: LineReader) -> bytes:
    """One message after its From_ line, up to the next From_ line (or as Content-Length says)."""
    out = io.BytesIO()
    content_length = None
    while (line := reader.next()) is not None:  # the header block
        if line.starts and is_blank(line.data):
            if content_length is not None and consistent_length(reader, content_length):
                out.write(line.data)
                copy_body(reader, out, content_length)
                return out.getvalue()
            read_body(reader, out, line.data)
            return out.getvalue()
        if line.starts and (found := CONTENT_LENGTH.match(line.data)):
            content_length = int(found.group(1))
        out.write(unquote(line))
    return out.getvalue()


def read_body(reader: LineReader, out: io.BytesIO, pending_blank: bytes | None) -> None:
    """Lines up to an empty line followed by a From_ line; that empty line separates, it is dropped."""
    while (line := reader.next()) is not None:
        if pending_blank is not None and line.starts and is_from_line(line.data):
            reader.put_back(line)
            return
        if pending_blank is not None:
            out.write(pending_blank)
            pending_blank = None
        if line.starts and is_blank(line.data):
            pending_blank = line.data
        else:
            out.write(unquote(line))
    # At the end of the file the last empty line is the writer's separator too (as mailbox.mbox reads it).


def unquote(line: Line) -> bytes:
    """mboxrd: '>From ' was written for 'From ', '>>From ' for '>From '."""
    return line.data[1:] if line.starts and QUOTED_FROM.match(line.data) else line.data


def consistent_length(reader: LineReader, length: int) -> bool:
    """Does the body end after `length` bytes at the file's end or before a From_ line?"""
    body_start = reader.tell()
    file = reader.file
    end = file.seek(0, io.SEEK_END)
    try:
        if body_start + length > end:
            return False
        file.seek(body_start + length)
        after = file.readline(CHUNK)
        if is_blank(after):
            after = file.readline(CHUNK)
        return not after or after.startswith(b"From ")
    finally:
        reader.seek(body_start)


def copy_body(reader: LineReader, out: io.BytesIO, length: int) -> None:
    """Exactly `length` bytes, as they are; then the empty separator line, if there is one."""
    left = length
    while left > 0:
        data = reader.file.read(min(left, CHUNK))
        if not data:
            break
        out.write(data)
        left -= len(data)
    reader.continues = False
    separator = reader.peek()
    if separator is not None and is_blank(separator.data):
        reader.next()
