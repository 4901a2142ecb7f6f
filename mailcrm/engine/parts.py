"""Who is speaking: a message body as the parts rules read.

`mail.segments` cuts a body into the sender's new text, signature, disclaimer and
quoted or forwarded blocks, each with the author its header names. Here each block
is given to the party whose words it holds:

- ``own``: the sender's new text, without signature or disclaimer;
- ``forwarded``: blocks written by a third party (a distributor's end customer below
  an "Original Message" block, a forwarded RFQ): the customer passes those words on;
- ``quoted``: the sender's own earlier mail, or a quote nobody can place;
- ``ours``: what we wrote (our quotation quoted back: its payment terms are not their
  preference);
- ``signature``: signatures, taglines and legal footers (an eco slogan or a certificate
  list about their own company is not a request).

Rules read ``own`` and ``forwarded`` unless they say otherwise (``parts = [...]``).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..mail.addresses import registrable_domain
from ..mail.segments import author_domain, segment

PARTS = ("own", "forwarded", "quoted", "ours", "signature")
DEFAULT_PARTS = ("own", "forwarded")
PART_LABELS = {
    "own": "their own text",
    "forwarded": "forwarded",
    "quoted": "quoted",
    "ours": "our text quoted back",
    "signature": "signature",
}


@dataclass(frozen=True)
class Piece:
    part: str
    text: str
    author: str | None  # who wrote a quoted or forwarded block, when its header says


@dataclass(frozen=True)
class Speakers:
    """Who "we" are, to tell our words from theirs in a quoted block."""

    own_domains: frozenset[str] = frozenset()

    def is_ours(self, domain: str | None) -> bool:
        return bool(domain) and any(domain == d or domain.endswith("." + d) for d in self.own_domains)

    def pieces(self, body: str, sender: str | None) -> list[Piece]:
        sender_site = site_of(author_domain(sender))
        return [Piece(self.part_of(s.kind, s.author, sender_site), s.text, s.author) for s in segment(body or "")]

    def part_of(self, kind: str, author: str | None, sender_site: str | None) -> str:
        if kind == "new":
            return "own"
        if kind in ("signature", "disclaimer"):
            return "signature"
        domain = author_domain(author)
        if self.is_ours(domain):
            return "ours"
        if domain and sender_site and site_of(domain) != sender_site:
            return "forwarded"  # a third party's words, passed on by the sender
        return "forwarded" if kind == "forwarded" else "quoted"

    def split(self, body: str, sender: str | None) -> dict[str, str]:
        """Part name → its text (blocks of one part joined by blank lines)."""
        texts: dict[str, list[str]] = {}
        for piece in self.pieces(body, sender):
            texts.setdefault(piece.part, []).append(piece.text)
        return {part: "\n\n".join(chunks) for part, chunks in texts.items()}


def site_of(domain: str | None) -> str | None:
    return registrable_domain(domain) if domain else None
