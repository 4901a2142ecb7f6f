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

NBSP = "\u00a0"
ISO_DATE = re.compile(r"(?<![A-Za-z0-9_/.=:#&?-])(\d{4})-(\d{2})-(\d{2})(?![A-Za-z0-9_/-])")
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}
DATE_FORMATS = {
    "en": "{d} {month} {y}",
    "de": "{d}. {month} {y}",
    "fr": "{d} {month} {y}",
    "es": "{d} de {month} de {y}",
    "pt": "{d} de {month} de {y}",
    "it": "{d} {month} {y}",
    "ru": "{d} {month} {y} г.",
    "ar": "{d} {month} {y}",
    "zh": "{y}年{m}月{d}日",
    "ja": "{y}年{m}月{d}日",
}
FRENCH_SPACE = re.compile(r"(?<=[\w»)\]%’'\"])[ \u00a0\u202f]?([:;!?])(?=[\s»)]|$)")
FRENCH_QUOTES = (re.compile(r"«[ \u00a0\u202f]?"), re.compile(r"[ \u00a0\u202f]?»"))
HTML_SKIP = re.compile(r"(<[^>]*>|&#?\w+;)")


def long_date(year: int, month: int, day: int, language: str) -> str:
    base = language.split("-")[0].lower()
    form = DATE_FORMATS.get(base, DATE_FORMATS["en"])
    names = MONTHS.get(base, MONTHS["en"]).split()
    shown = "1er" if base == "fr" and day == 1 else str(day)
    return form.format(d=shown, m=month, y=year, month=names[month - 1])


def dates(text: str, language: str) -> str:
    def local(match: re.Match) -> str:
        year, month, day = (int(g) for g in match.groups())
        if not (1 <= month <= 12 and 1 <= day <= 31):
            return match.group(0)
        return long_date(year, month, day, language)

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
