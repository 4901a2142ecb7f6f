"""What a draft's text claims that the history can contradict, and the languages it is written in.

- **Dates**: a past day written in the draft ("the quotation I sent you on 19 November 2026",
  "Ihre Mail vom 3. Juli 2026", "2026年7月30日", "2026-07-30") must be a day on which mail went
  between us and the customer (in their zone, a day either way for clocks). A future day is a
  promise ("our findings by 10 December 2026"), not a claim.
- **Amounts**: an amount with its currency ("USD 16.80", "10.000 USD") must appear in the
  customer's mail or in the configured ``[content]`` (the offers we make).
- **Languages**: the subject, the subject's Latin words in a draft of another script, and every
  line of the text that tells its language by itself, detected by the customers part's
  detector (customers/language.py).

Date forms are read back from localdates' own tables, so a form the drafts write is a form this
reads.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..customers.language import chinese_variant, detect_language, function_words, language_scores
from .localdates import MONTHS, PATTERNS, to_date
from .threadview import AMOUNT

ISO_DAY = re.compile(r"(?<![\w/.=#-])(\d{4})-(\d{2})-(\d{2})(?![\w/-])")
URL = re.compile(r"\S+://\S+|www\.\S+|\S+@\S+")
LATIN_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ]+(?:['’-][A-Za-zÀ-ÖØ-öø-ɏ]+)*")
LATIN = set(function_words())  # the languages told apart by function words
NON_LATIN = {"ru", "uk", "ar", "fa", "he", "zh", "ja", "ko", "th", "el", "hi"}
CURRENCIES = {"US$": "USD", "$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "RMB": "CNY"}


def base(language: str | None) -> str:
    """'zh-HK' -> 'zh', 'zh_tw' -> 'zh', 'en' -> 'en'."""
    return (language or "").replace("_", "-").split("-")[0].lower()


# -- dates -------------------------------------------------------------------------------------


def date_pattern(language: str, month_first: bool = False) -> re.Pattern | None:
    """The long date form of a language (localdates.PATTERNS) as a regex with d, m|n, y groups."""
    form = "{m} {d}, {y}" if month_first else PATTERNS.get(language)
    if not form:
        return None
    names = MONTHS.get(language, MONTHS["en"]).split()
    months = "|".join(sorted((re.escape(n) for n in names), key=len, reverse=True))
    parts = {"d": r"(?P<d>\d{1,2})(?:er)?", "m": rf"(?P<m>{months})", "y": r"(?P<y>\d{4})", "n": r"(?P<n>\d{1,2})"}
    regex = re.escape(form).replace(r"\{", "{").replace(r"\}", "}")
    regex = regex.replace(r"\ ", r"\s+").replace(" ", r"\s+")
    for key, value in parts.items():
        regex = regex.replace("{" + key + "}", value)
    return re.compile(regex, re.I)


def days_written(text: str, language: str) -> list[tuple[str, date]]:
    """Every day the text names: (as written, the day)."""
    lang = base(language) or "en"
    others = [date_pattern("en", True)] + ([date_pattern("en")] if lang != "en" else [])
    patterns = [p for p in [date_pattern(lang), *others] if p]
    names = {lang: MONTHS.get(lang, MONTHS["en"]).split(), "en": MONTHS["en"].split()}
    found: dict[int, tuple[str, date]] = {}
    for pattern in patterns:
        for match in pattern.finditer(text):
            groups = match.groupdict()
            if groups.get("n"):
                month = int(groups["n"])
            else:
                word = groups["m"].casefold()
                month = next((names[k].index(n) + 1 for k in names for n in names[k] if n.casefold() == word), 0)
            day = as_day(int(groups["y"]), month, int(groups["d"]))
            if day:
                found.setdefault(match.start(), (match.group(0), day))
    for match in ISO_DAY.finditer(text):
        day = as_day(*(int(g) for g in match.groups()))
        if day:
            found.setdefault(match.start(), (match.group(0), day))
    return [found[k] for k in sorted(found)]


def as_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def false_dates(text: str, language: str, mail_days: set[date], today: date, zone: str | None = None) -> list[str]:
    """Past days in the text on which no mail went between us and the customer."""
    wrong = []
    for written, day in days_written(text, language):
        if day >= today:
            continue  # a promise ("by 10 December"), not a claim about the history
        if not any(day + timedelta(days=shift) in mail_days for shift in (-1, 0, 1)):
            wrong.append(written)
    return wrong


def mail_days(dates: list[str], zone: str | None) -> set[date]:
    return {d for d in (to_date(stamp, zone) for stamp in dates) if d}


# -- amounts -----------------------------------------------------------------------------------


def amounts(text: str) -> list[tuple[str, tuple[str, float]]]:
    """Amounts with a currency: (as written, (currency, value))."""
    found = []
    for match in AMOUNT.finditer(text):
        written = match.group(0)
        currency = re.sub(r"[\d.,\s]", "", written)
        number = re.sub(r"[^\d.,]", "", written)
        value = number_value(number)
        if value is not None:
            found.append((written.strip(), (CURRENCIES.get(currency, currency.upper()), value)))
    return found


def number_value(text: str) -> float | None:
    """'10,000' 10000, '10.000' 10000, '16.80' 16.8, '1.234,50' 1234.5."""
    text = text.strip(".,")
    if not text:
        return None
    marks = [c for c in text if c in ".,"]
    if len(set(marks)) == 2:
        decimal = text[max(text.rfind("."), text.rfind(","))]
        thousands = "," if decimal == "." else "."
        text = text.replace(thousands, "").replace(decimal, ".")
    elif marks:
        mark = marks[0]
        tail = text.rsplit(mark, 1)[1]
        text = text.replace(mark, "") if len(marks) > 1 or len(tail) == 3 else text.replace(mark, ".")
    try:
        return float(text)
    except ValueError:
        return None


def false_amounts(text: str, known_texts: list[str]) -> list[str]:
    """Amounts in the text that appear nowhere in the customer's mail or our configured content."""
    known = {value for source in known_texts for _, value in amounts(source)}
    return [written for written, value in amounts(text) if value not in known]


# -- languages ---------------------------------------------------------------------------------


def language_problems(subject: str, body: str, language: str, ignore_lines: set[str]) -> list[str]:
    """Why the subject and the text are not in the draft's one language (empty: they are)."""
    want = base(language)
    problems = []
    said = detect_language(subject or "")
    if said and base(said) != want and not as_much_own(subject or "", said, want):
        problems.append(f"the subject reads as {said}, the draft is {language}: “{subject}”")
    if want in NON_LATIN and (not said or base(said) == want):
        latin = " ".join(LATIN_WORD.findall(URL.sub(" ", subject or "")))
        other = detect_language(latin) if latin else None
        if other and base(other) != want:
            problems.append(f"the subject is half {language}, half {other}: “{latin}”")
    own = [
        line
        for line in body.splitlines()
        if line.strip() and line.strip() not in ignore_lines and not line.lstrip().startswith(">")
    ]
    for line in own:
        found = other_line(URL.sub(" ", line), want)
        if found:
            problems.append(f"a line of the text reads as {found}: “{line.strip()[:80]}”")
            break
    whole = detect_language("\n".join(own))
    if whole and base(whole) != want and not problems and not as_much_own("\n".join(own), whole, want):
        problems.append(f"the text reads as {whole}, the draft is {language}")
    if want == "zh" and whole and base(whole) == "zh":
        wants_traditional = language.replace("_", "-").lower() in ("zh-tw", "zh-hk", "zh-mo")
        written = chinese_variant("\n".join(own))
        if wants_traditional != (written == "zh_tw"):
            script = "Traditional" if wants_traditional else "Simplified"
            problems.append(f"the text is not in {script} Chinese, as {language} wants")
    return problems


LINE_WORDS = 6  # a line shorter than this tells no Latin-script language by itself
LINE_MARGIN = 2  # function words of the other language beyond the draft's own, for one line


def other_line(line: str, want: str) -> str | None:
    """The other language one line of a draft clearly reads as, or None.

    A script tells by itself (Cyrillic in a German draft). Latin-script languages share
    function words ("le", "que", "la", "de"): a line says "French" only when it has enough
    words and clearly more French function words than the draft's own language has —
    "Le Sue esigenze sono cambiate dall'ultimo ordine?" counts "le" twice for French and is
    Italian all the same."""
    found = detect_language(line)
    if not found or base(found) == want:
        return None
    if base(found) not in LATIN:
        return found
    if len(LATIN_WORD.findall(line)) < LINE_WORDS:
        return None
    scores = language_scores(line)
    return found if scores[found] >= scores[want] + LINE_MARGIN else None


def as_much_own(text: str, found: str, want: str) -> bool:
    """The draft's own language has as many function words in the text as the one detected:
    a tie, not a text in another language."""
    if base(found) not in LATIN:
        return False
    scores = language_scores(text)
    return scores[want] >= scores[found]
