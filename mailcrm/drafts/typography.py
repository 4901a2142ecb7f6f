"""A rendered draft written the customer's way: dates as people write them, French spacing.

- An ISO date standing alone in the text ("the quotation I sent on 2026-07-30") becomes the
  language's long form: "30 July 2026", "30. Juli 2026", "30 juillet 2026", "2026年7月30日".
  Dates inside links, numbers and words are left alone.
- French: a non-breaking space before ":" ";" "?" "!" and inside « », so a line never starts
  with a lone "?" and the text reads as French typesetting wants.

Applied to the subject, the text part and the text of the HTML part (never inside tags or
character references), for every template, shipped or the user's.
"""

from __future__ import annotations

import re
from datetime import date

from .localdates import long_date

NBSP = "\u00a0"
ISO_DATE = re.compile(r"(?<![A-Za-z0-9_/.=:#&?-])(\d{4})-(\d{2})-(\d{2})(?![A-Za-z0-9_/-])")
FRENCH_SPACE = re.compile(r"(?<=[\w»)\]%’'\"])[ \u00a0\u202f]?([:;!?])(?=[\s»)]|$)")
FRENCH_QUOTES = (re.compile(r"«[ \u00a0\u202f]?"), re.compile(r"[ \u00a0\u202f]?»"))
HTML_SKIP = re.compile(r"(<[^>]*>|&#?\w+;)")


def dates(text: str, language: str) -> str:
    def local(match: re.Match) -> str:
        try:
            day = date(*(int(g) for g in match.groups()))
        except ValueError:  # 2026-02-30 is not a date: left as written
            return match.group(0)
        return long_date(day, language)

    return ISO_DATE.sub(local, text)


def french(text: str) -> str:
    text = FRENCH_SPACE.sub(lambda m: NBSP + m.group(1), text)
    text = FRENCH_QUOTES[0].sub("«" + NBSP, text)
    return FRENCH_QUOTES[1].sub(NBSP + "»", text)


def polish(text: str, language: str) -> str:
    """A subject or text part, written the language's way."""
    text = dates(text, language)
    return french(text) if language.split("-")[0].lower() == "fr" else text


def polish_html(html: str, language: str) -> str:
    """The same for an HTML part: only its text, never tags or character references."""
    pieces = HTML_SKIP.split(html)
    return "".join(piece if i % 2 else polish(piece, language) for i, piece in enumerate(pieces))
