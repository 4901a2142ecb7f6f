"""Dates written the customer's way ("30. Juli 2026", "30 de julio de 2026", "2026年7月30日"),
never ISO in the middle of a sentence.

A small table, not babel: babel is not a dependency, and a draft needs one long date form per
language, which this covers for every language the templates are written in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MONTHS = {
    "en": "January February March April May June July August September October November December",
    "de": "Januar Februar März April Mai Juni Juli August September Oktober November Dezember",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "tr": "Ocak Şubat Mart Nisan Mayıs Haziran Temmuz Ağustos Eylül Ekim Kasım Aralık",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
}
# {d} day, {m} month name, {y} year, {n} month number
PATTERNS = {
    "en": "{d} {m} {y}",
    "de": "{d}. {m} {y}",
    "fr": "{d} {m} {y}",
    "es": "{d} de {m} de {y}",
    "pt": "{d} de {m} de {y}",
    "it": "{d} {m} {y}",
    "nl": "{d} {m} {y}",
    "ru": "{d} {m} {y} г.",
    "pl": "{d} {m} {y}",
    "tr": "{d} {m} {y}",
    "ar": "{d} {m} {y}",
    "zh": "{y}年{n}月{d}日",
    "ja": "{y}年{n}月{d}日",
    "ko": "{y}년 {n}월 {d}일",
}
MONTH_FIRST = {"US", "PH", "CA"}  # "July 30, 2026" in English there


def to_date(value: str | date | datetime | None, tz: str | None = None) -> date | None:
    """A date from an ISO string (a UTC timestamp is read in the zone ``tz``), or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        return value
    else:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return None
        if len(value) <= 10:
            return moment.date()
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone(tz)).date()


def zone(tz: str | None):
    try:
        return ZoneInfo(tz) if tz else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def long_date(
    value: str | date | datetime | None, language: str, country: str | None = None, tz: str | None = None
) -> str:
    """'2026-07-30' -> '30 July 2026' (en), '30. Juli 2026' (de), '2026年7月30日' (zh) …; '' for no date."""
    day = to_date(value, tz)
    if day is None:
        return ""
    base = (language or "en").split("-")[0].lower()
    pattern = PATTERNS.get(base, PATTERNS["en"])
    months = MONTHS.get(base, MONTHS["en"]).split()
    if base == "en" and (country or "").upper() in MONTH_FIRST:
        pattern = "{m} {d}, {y}"
    text = pattern.format(d=day.day, m=months[day.month - 1], y=day.year, n=day.month)
    if base == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def date_and_time(value: str | None, language: str, tz: str | None = None) -> str:
    """The long date and the local time, for a quote's "On …, … wrote:" line."""
    if not value:
        return "?"
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(zone(tz))
    return f"{long_date(moment.date(), language)} {moment:%H:%M}"
