"""Build the `email` package's Message tree for well-formed mail, without the feed parser.

`email.feedparser` reads a message one line at a time in Python, so a 15 KB
mail with a base64 attachment costs hundreds of `readline` calls; it was half
of a first sync's CPU time. Well-formed mail does not need that care: the
header block ends at the first blank line and a multipart's parts lie between
its boundary lines, which `str.find` locates in C.

`build(raw)` returns exactly the tree `BytesParser(policy=compat32)` would
build (headers, payloads, preamble, epilogue; tests compare the two on every
message of the test corpora), or None whenever the message is anything but
plain: a header line the feed parser would flag, a lone CR, a message/* or
multipart/digest part, a boundary missing, repeated or reused. The caller then
uses the feed parser, which knows every workaround; nothing is lost but time.

`flat_leaves(raw)` is the last resort for mail the feed parser cannot build either
(nested a thousand levels deep): the leaf parts alone, found by their boundary lines.
"""

from __future__ import annotations

import re
from email.message import Message
from email.parser import BytesParser
from email.policy import compat32

from .fastmime import BoundaryMatcher

# The feed parser's test for a header line (email.feedparser.headerRE).
HEADER_LINE = re.compile(r"(From |[\041-\071\073-\176]*:|[\t ])")
# A header block every line of which the feed parser reads without a defect.
CLEAN_BLOCK = re.compile(r"(?:[\041-\071\073-\176]+:[^\n]*\n(?:[\t ][^\n]*\n)*)*")
# Lines end at LF only: str.splitlines would also split at \x1c-\x1e, \x85 and U+2028.
LINE = re.compile(r"[^\n]*\n|[^\n]+\Z")
BLANK_LINE = re.compile(r"\n\r?\n")  # the empty line that ends a header block, LF or CRLF
MULTIPART_ENCODINGS = ("7bit", "8bit", "binary")
# Content-Type: multipart/<subtype> with one quoted boundary parameter and nothing else.
PLAIN_BOUNDARY = re.compile(
    r'[ \t]*multipart/[a-z0-9.+-]+[ \t\r\n]*;[ \t\r\n]*boundary[ \t]*=[ \t]*"([^"\\;\r\n]*)"[ \t\r\n]*', re.IGNORECASE
)
MAX_DEPTH = 20
# A boundary parameter anywhere in a header block, quoted or not, RFC 2231 or not (for flat_leaves).
ANY_BOUNDARY = re.compile(rb'boundary\*?[ \t]*=[ \t]*(?:"([^"\r\n]+)"|([^\s;"]+))', re.IGNORECASE)
# A line that may be a boundary line: "--" and the rest of the line. Trailing blanks are
# stripped in Python: a lazy group before [ \t]* would backtrack quadratically on long blank runs.
DASH_LINE = re.compile(rb"^--([^\r\n]*)", re.MULTILINE)
LONE_CR = re.compile(rb"\r(?!\n)")


class NotPlain(Exception):
    """The message needs the feed parser."""


class TreeMessage(Message):
    """A Message whose content type is worked out once.

    parse.py (mimeparts.py) asks each part for it about three times, and each answer scans
    the headers and splits the value again. The headers of a built tree never
    change, so the first answer stays right.
    """

    _content_type: str | None = None

    def get_content_type(self) -> str:
        if self._content_type is None:
            self._content_type = super().get_content_type()
        return self._content_type

    def get_boundary(self, failobj=None):
        """The usual `multipart/x; boundary="..."` read with one regex.

        email.message splits and unquotes every parameter for it (6% of parsing);
        any other form of the header is still read that way.
        """
        value = self.get("content-type")
        if isinstance(value, str):  # a Header (8-bit bytes in it) takes the long way
            plain = PLAIN_BOUNDARY.fullmatch(value)
            if plain is not None:
                return plain.group(1).rstrip()
        return super().get_boundary(failobj)


def build(raw: bytes, unix: bytes | None = None) -> Message | None:
    """The Message tree of `raw`, or None when the feed parser must build it.

    `unix` is `raw` with every CRLF made LF, when the caller has it anyway (the
    content hash is taken of it): a CR left in it is a lone CR, found with one
    memchr instead of counting CRs and CRLFs over the whole message.
    """
    if (b"\r" in unix) if unix is not None else LONE_CR.search(raw) is not None:
        return None  # lone CRs are line endings to the feed parser; leave them to it
    text = raw.decode("ascii", "surrogateescape")
    try:
        message, _ = part(text, 0, len(text), 0, ())
    except (NotPlain, RecursionError, ValueError, LookupError):
        return None
    return message


# Entities are read as ranges (start, end) of the one decoded text: slicing each body out
# of its parent copied a big attachment once per level of nesting, and once more to drop
# its last line end. Only a leaf's payload is sliced, once.


def part(text: str, start: int, end: int, depth: int, outer: tuple[str, ...], leaf_eol: bool = False):
    """One entity (headers and body) in text[start:end]; also returns its boundary when it is a
    multipart. ``leaf_eol``: a leaf's last line end belongs to the boundary line after it."""
    if depth > MAX_DEPTH:
        raise NotPlain
    message = TreeMessage(policy=compat32)
    body = read_headers(message, text, start, end)
    content_type = message.get_content_type()
    maintype = content_type.partition("/")[0]
    if maintype == "message" or content_type == "multipart/digest":
        raise NotPlain  # sub-messages and digests: the feed parser's own rules apply
    if maintype != "multipart":
        message._payload = text[body : without_last_eol(text, body, end) if leaf_eol else end]
        return message, None
    boundary = message.get_boundary()
    if not boundary or boundary in outer or not encoding_allows_parts(message):
        raise NotPlain
    split_parts(message, text, body, end, boundary, depth, outer + (boundary,))
    return message, boundary


def read_headers(message: Message, text: str, start: int, end: int) -> int:
    """Store the header block's fields on `message`; return where the body starts."""
    if text.startswith("\n", start, end):
        return start + 1
    if text.startswith("\r\n", start, end):
        return start + 2
    found = BLANK_LINE.search(text, start, end)
    block = text[start : found.start() + 1] if found else text[start:end]
    unix = block.replace("\r\n", "\n")
    if not unix.endswith("\n"):
        unix += "\n"
    if CLEAN_BLOCK.fullmatch(unix) is None or unix.startswith("From "):
        raise NotPlain  # continuation first, envelope lines, junk: the feed parser flags these
    message._headers = [header(field) for field in fields(block)]
    return found.end() if found else end


def fields(block: str) -> list[list[str]]:
    """Header lines grouped with their continuation lines, line endings kept."""
    grouped: list[list[str]] = []
    for line in LINE.findall(block):
        if line[0] in " \t":
            grouped[-1].append(line)
        else:
            grouped.append([line])
    return grouped


def header(lines: list[str]) -> tuple[str, str]:
    """(name, value) as compat32.header_source_parse gives them; set_raw appends just that."""
    name, value = lines[0].split(":", 1)
    value = value.lstrip(" \t") + "".join(lines[1:])
    return name, value.rstrip("\r\n")


def encoding_allows_parts(message: Message) -> bool:
    return str(message.get("content-transfer-encoding", "8bit")).lower() in MULTIPART_ENCODINGS


def split_parts(
    message: Message, text: str, start: int, end: int, boundary: str, depth: int, outer: tuple[str, ...]
) -> None:
    """Preamble, parts and epilogue of the multipart body text[start:end], as the feed parser divides them."""
    lines = boundary_lines(text, start, end, "--" + boundary)
    if not lines or lines[0][2] or not lines[-1][2] or sum(close for *_, close in lines) != 1:
        raise NotPlain  # no start, no close, or a part after the close: defects
    if lines[0][0] > start:
        message.preamble = strip_last_eol(text[start : lines[0][0]])
    children = []
    for (_, part_start, _), (part_end, _, _) in zip(lines, lines[1:]):
        if part_start == part_end:
            raise NotPlain  # two boundary lines in a row: the feed parser skips them its own way
        children.append(child(text, part_start, part_end, depth, outer))
    message._payload = children
    message.epilogue = text[lines[-1][1] : end]


def child(text: str, start: int, end: int, depth: int, outer: tuple[str, ...]) -> Message:
    """A part; the line ending before the next boundary line belongs to that boundary."""
    message, boundary = part(text, start, end, depth + 1, outer, leaf_eol=True)
    if boundary is not None:
        message.epilogue = None if message.epilogue == "" else strip_last_eol(message.epilogue)
    return message


def boundary_lines(text: str, start: int, end: int, separator: str) -> list[tuple[int, int, bool]]:
    """(line start, line end, is the close boundary) of every boundary line in text[start:end]."""
    matcher = BoundaryMatcher(separator)
    found = []
    at = text.find(separator, start, end)
    while at >= 0:
        if at == start or text[at - 1] == "\n":
            newline = text.find("\n", at, end)
            line_end = end if newline < 0 else newline + 1
            match = matcher.match(text[at:line_end])
            if match is not None:
                found.append((at, line_end, match.end is not None))
                if match.end is not None:
                    break  # the rest is epilogue, whatever it holds
        at = text.find(separator, at + 1, end)
    return found


def without_last_eol(text: str, start: int, end: int) -> int:
    """The end of text[start:end] without its last line end (CRLF or LF)."""
    if end - start >= 2 and text.startswith("\r\n", end - 2, end):
        return end - 2
    return end - 1 if end > start and text[end - 1] == "\n" else end


def strip_last_eol(text: str) -> str:
    if text.endswith("\r\n"):
        return text[:-2]
    return text[:-1] if text.endswith("\n") else text


def flat_leaves(raw: bytes) -> list[Message]:
    """The parts of a multipart message that are not multiparts, in order, found without a tree.

    For mail nested deeper than the feed parser can recurse (a thousand multiparts, one
    inside the other): no structure is built, but every boundary line of every declared
    boundary splits the message, and each piece after an opening boundary line is a part.
    Pieces after a closing line are epilogues; a multipart's piece holds only its headers
    and preamble. Each leaf keeps its headers and undecoded body, as the feed parser has it.
    """
    # "charset''value" is RFC 2231's form; no boundary holds two quotes in a row itself.
    boundaries = {(quoted or bare).rpartition(b"''")[2] for quoted, bare in ANY_BOUNDARY.findall(raw)}
    if not boundaries:
        return []
    leaves = []
    start: int | None = None  # where the current part began; None in a preamble or epilogue
    for line in DASH_LINE.finditer(raw):
        rest = line.group(1).rstrip(b" \t")
        opening = rest in boundaries
        if not opening and not (rest.endswith(b"--") and rest[:-2] in boundaries):
            continue
        if start is not None and start < line.start():  # boundary lines in a row enclose no part
            leaf = leaf_part(raw[start : line.start()])
            if leaf is not None:
                leaves.append(leaf)
        end_of_line = raw.find(b"\n", line.end())
        start = None if not opening else len(raw) if end_of_line < 0 else end_of_line + 1
    return leaves


def leaf_part(piece: bytes) -> Message | None:
    """The part in `piece` (between two boundary lines), or None if it is a multipart."""
    piece = piece.removesuffix(b"\n").removesuffix(b"\r")  # that line ending is the boundary's
    message = BytesParser(policy=compat32).parsebytes(piece, headersonly=True)
    return None if message.get_content_maintype() == "multipart" else message
