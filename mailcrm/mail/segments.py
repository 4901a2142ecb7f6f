"""Who is speaking in a message body: the sender's new text, signature, disclaimer, and the
quoted or forwarded mail of others, each with its author.

    segment(body) -> [Segment("new", …), Segment("signature", …), Segment("quoted", …, author="lisa@x.cn")]

The segments are in body order and their texts, joined, are the body. The approach:

1. Headers (quoteheaders.find_headers): reply lines, separator lines and Outlook key blocks,
   found from the few lines holding a colon or two dashes.
2. Blocks: a header that is not itself inside ">" quotes opens a block. The block ends where
   its ">" lines end when the header is followed by them (Gmail, Apple Mail: text below is the
   sender's again, an inline or bottom reply), else at the next such header (Outlook quotes
   without ">"); below such an Outlook block every later block runs on to the next header,
   as the text between is that block's quoted history. A run of ">" lines under no header
   is a quoted block without author.
3. Nested headers inside a block (deeper "> On … wrote:", the next "From:/Sent:" block of an
   Outlook thread) start a segment of their own, with their own author. A block is not split
   further: a signature inside quoted mail stays part of that mail.
4. What no block covers is the sender's own text, cut into new | signature | disclaimer
   (signatures.split_own_text).

Whitespace-only pieces join the segment before them, so no segment is blank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .quoteheaders import Header, find_headers
from .signatures import split_own_text

KINDS = ("new", "signature", "disclaimer", "quoted", "forwarded")


@dataclass(frozen=True)
class Segment:
    kind: str  # one of KINDS
    text: str
    author: str | None  # quoted/forwarded: the header's address (lower-case), else its name, else None
    start: int  # offset of the text in the body


@dataclass(frozen=True)
class _Block:
    start: int
    end: int
    kind: str
    author: str | None


# A run of ">" lines, with the blank lines inside and right after it.
_LEADING_QUOTE = re.compile(r"[ \t]*>")
_QUOTED_RUN = re.compile(r"(?:[ \t]*>[^\n]*(?:\n|$)(?:[ \t]*(?:\n|$))*)+")


def segment(body: str) -> list[Segment]:
    """The body cut into segments, in body order; their texts joined are the body."""
    if not body:
        return []
    headers = find_headers(body)
    runs = quoted_runs(body)
    if not headers and not runs:
        return _own_text(body, 0, len(body), first=True)
    pieces: list[Segment] = []
    position = 0
    for block in _blocks(body, headers, runs):
        if position < block.start:
            pieces += _own_text(body, position, block.start, first=position == 0)
        pieces += _split_at_headers(body, block, headers)
        position = block.end
    if position < len(body):
        pieces += _own_text(body, position, len(body), first=position == 0)
    return _join_blank(pieces)


def own_words(body: str) -> str:
    """The sender's own text (new text, signature, footer), without quoted or forwarded mail."""
    return "".join(s.text for s in segment(body) if s.kind not in ("quoted", "forwarded"))


def author_domain(author: str | None) -> str | None:
    """'lisa@hengtai.cn' → 'hengtai.cn'; a name or None → None."""
    if not author or "@" not in author:
        return None
    return author.rsplit("@", 1)[1].lower() or None


def quoted_runs(body: str) -> list[tuple[int, int]]:
    """(start, end) of each run of lines starting with ">" (nested quotes included)."""
    runs = []
    position = 0 if _LEADING_QUOTE.match(body) else _next_quoted_line(body, 0)
    while position != -1:
        run = _QUOTED_RUN.match(body, position)
        runs.append((position, run.end()))
        position = _next_quoted_line(body, run.end())
    return runs


def _next_quoted_line(body: str, position: int) -> int:
    found = body.find("\n>", position)
    spaced = body.find("\n >", position, found if found != -1 else len(body))
    hit = spaced if spaced != -1 else found
    return hit + 1 if hit != -1 else -1


def _in_quotes(body: str, header: Header) -> bool:
    return body[header.start : header.start + 8].lstrip(" \t").startswith(">")


def _blocks(body: str, headers: list[Header], runs: list[tuple[int, int]]) -> list[_Block]:
    """The quoted and forwarded blocks in body order: one per top-level header, one per ">" run under none."""
    run_at = {start: end for start, end in runs}
    top = [h for h in headers if not _in_quotes(body, h)]
    blocks = []
    inside_unquoted = False  # below an Outlook-style block everything is its quoted history
    for index, header in enumerate(top):
        following = top[index + 1].start if index + 1 < len(top) else len(body)
        content = _first_text(body, header.end)
        end = following if inside_unquoted else run_at.get(content, following)
        inside_unquoted = inside_unquoted or content not in run_at
        blocks.append(_Block(header.start, min(end, following), header.kind, header.author))
    for start, end in runs:
        if not any(b.start <= start < b.end for b in blocks):
            blocks.append(_Block(start, end, "quoted", None))
    blocks.sort(key=lambda b: b.start)
    return blocks


def _first_text(body: str, position: int) -> int:
    """Start of the first non-blank line at or after position."""
    while position < len(body):
        end = body.find("\n", position)
        end = len(body) if end == -1 else end
        if body[position:end].strip():
            return position
        position = end + 1
    return position


def _split_at_headers(body: str, block: _Block, headers: list[Header]) -> list[Segment]:
    """The block as one segment, or one per nested header inside it, each with that header's author."""
    starts = [(block.start, block.kind, block.author)]
    for header in headers:
        if block.start <= header.start < block.end:
            if header.start == block.start:
                starts[0] = (block.start, header.kind, header.author)
            else:
                starts.append((header.start, header.kind, header.author))
    ends = [s for s, _, _ in starts[1:]] + [block.end]
    return [Segment(kind, body[start:end], author, start) for (start, kind, author), end in zip(starts, ends)]


def _own_text(body: str, start: int, end: int, first: bool) -> list[Segment]:
    return [Segment(kind, body[s:e], None, s) for kind, s, e in split_own_text(body, start, end, first)]


def _join_blank(pieces: list[Segment]) -> list[Segment]:
    """Merge whitespace-only pieces into the piece before them (the first into the one after)."""
    joined: list[Segment] = []
    for piece in pieces:
        if joined and (not piece.text.strip() or not joined[-1].text.strip()):
            keep = joined[-1] if joined[-1].text.strip() or not piece.text.strip() else piece
            joined[-1] = Segment(keep.kind, joined[-1].text + piece.text, keep.author, joined[-1].start)
        else:
            joined.append(piece)
    return joined
