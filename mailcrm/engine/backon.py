"""The day an out-of-office writer is back, read from the notice's own words.

What a salesperson wants to know is the first day a mail to this person will be read, so
that is what ``return_date`` gives:

- "back on 14 December", "zurück am 14.12.", "de retour le 14 décembre", "12月14日に戻ります"
  name that day itself: 14 December.
- "until 14 December", "bis 14.12.", "hasta el 14 de diciembre", "jusqu'au 14 décembre",
  "до 14 декабря", "12月14日まで", and the end of a range ("from 1 to 14 December",
  "3–14 Ağustos") name the last day away: the writer is back the day after, 15 December.
  Whether "until" includes the day is never clear; a day later is never too early.
- "from 5 January" counts only with a word of being back or reachable next to it
  ("ab dem 5. Januar wieder erreichbar"); "since 3 December" never does.
- A weekday alone ("back on Monday") is the next such day after the notice was sent
  ("until Friday" may be the very day it was sent).

A date counts only when such words stand right next to it (before it, or after it in
Japanese, Chinese, Korean and Turkish), so a phone number, an order date or a date in the
quoted original gives nothing. Without a year, a day and month before the sent date are next
year's. A numeric date that reads two ways (5/6 in English: 5 June or 6 May) counts only
when one reading alone fits (a weekday next to it, or within 90 days); "14/12" reads
one way. Dates further than ``horizon_days`` after the notice are not believed (a stale
template saying "back on 3 December" in mid-December is next year's December). When several
dates are named, the latest wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ..mail.segments import own_words
from .matcher import fold

HORIZON_DAYS = 180
TWO_READINGS_DAYS = 90  # a date that reads two ways: each reading must fall this close
PRE_WINDOW = 44  # characters before a date where its cue may stand
POST_WINDOW = 24


def folded(words) -> list[str]:
    return [fold(w) for w in words]


# -- months and weekdays ------------------------------------------------------------

MONTH_NAMES = {
    "en": "january february march april may june july august september october november december",
    "en-abbr": "jan feb mar apr may jun jul aug sep oct nov dec",
    "de": "januar februar märz april mai juni juli august september oktober november dezember",
    "de-abbr": "jänner feb mär apr mai jun jul aug sept okt nov dez",
    "fr": "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
    "fr-abbr": "janv févr mars avr mai juin juil août sept oct nov déc",
    "es": "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
    "es-abbr": "ene feb mar abr may jun jul ago setiembre oct nov dic",
    "pt": "janeiro fevereiro março abril maio junho julho agosto setembro outubro novembro dezembro",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre",
    "nl": "januari februari maart april mei juni juli augustus september oktober november december",
    "ru": "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
    "ru-nom": "январь февраль март апрель май июнь июль август сентябрь октябрь ноябрь декабрь",
    "pl": "stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października listopada grudnia",
    "pl-nom": "styczeń luty marzec kwiecień maj czerwiec lipiec sierpień wrzesień październik listopad grudzień",
    "tr": "ocak şubat mart nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık",
    "ar": "يناير فبراير مارس أبريل مايو يونيو يوليو أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    "ar-alt": "كانون_الثاني شباط آذار نيسان أيار حزيران تموز آب أيلول تشرين_الأول تشرين_الثاني كانون_الأول",
}


def month_table() -> dict[str, int]:
    table: dict[str, int] = {}
    for names in MONTH_NAMES.values():
        for number, name in enumerate(names.split(), 1):
            for spelling in {name, name.replace("ı", "i")}:  # Turkish written without ı
                table[fold(spelling.replace("_", " "))] = number
    table.update({fold("ابريل"): 4, fold("اغسطس"): 8, fold("يونيه"): 6, fold("يوليه"): 7, "sept": 9})
    return table


MONTHS = month_table()
WEEKDAY_NAMES = (
    "monday tuesday wednesday thursday friday saturday sunday",
    "montag dienstag mittwoch donnerstag freitag samstag sonntag",
    "lundi mardi mercredi jeudi vendredi samedi dimanche",
    "lunes martes miércoles jueves viernes sábado domingo",
    "segunda-feira terça-feira quarta-feira quinta-feira sexta-feira sábado domingo",
    "lunedì martedì mercoledì giovedì venerdì sabato domenica",
    "maandag dinsdag woensdag donderdag vrijdag zaterdag zondag",
    "понедельник вторник среду четверг пятницу субботу воскресенье",
    "понедельника вторника среда четверга пятница суббота воскресенья",
    "poniedziałek wtorek środę czwartek piątek sobotę niedzielę",
    "poniedziałku wtorku środa czwartku piątku sobota niedziela",
    "pazartesi salı çarşamba perşembe cuma cumartesi pazar",
    "الاثنين الثلاثاء الأربعاء الخميس الجمعة السبت الأحد",
    "星期一 星期二 星期三 星期四 星期五 星期六 星期日",
    "周一 周二 周三 周四 周五 周六 周日",
    "月曜 火曜 水曜 木曜 金曜 土曜 日曜",
    "월요일 화요일 수요일 목요일 금요일 토요일 일요일",
)


def weekday_table() -> dict[str, int]:
    table: dict[str, int] = {"sonnabend": 5, "星期天": 6, "周天": 6, "礼拜天": 6}
    for names in WEEKDAY_NAMES:
        for number, name in enumerate(names.split()):
            for spelling in {name, name.replace("ı", "i"), name.replace("ł", "l")}:
                table[fold(spelling)] = number
    return table


WEEKDAYS = weekday_table()


def alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


CJK = "\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
MONTH_RE = alternation(MONTHS)
# -- the shapes of a date -----------------------------------------------------------
DATE_SHAPES = (
    ("iso", r"(?<![\d.])(?P<y>20\d\d)([-/.])(?P<m>\d{1,2})\2(?P<d>\d{1,2})(?!\d)"),
    ("dmy", r"(?<![\d./-])(?P<a>\d{1,2})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<y>20\d\d|\d\d)(?!\d|[./-]\d)"),
    ("dm", r"(?<![\d./:,+-])(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?![./-]?\d|:\d)\.?"),
    (
        "day-month",
        rf"(?<![\d.,/])(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|eme|e|º|ª|o|-?го|\.)?\s*(?:de |of |th of )?"
        rf"(?P<mon>{MONTH_RE})(?:'?(?:ta|te|da|de|a|e|ya|ye|nda|nde))?(?![^\W\d_])\.?"
        rf"(?:,?\s*(?:de )?(?P<y>20\d\d)(?!\d))?",
    ),
    (
        "month-day",
        rf"(?<![^\W\d_])(?P<mon>{MONTH_RE})\.?\s*(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d|[.,/:]\d)"
        rf"(?:,?\s*(?P<y>20\d\d)(?!\d))?",
    ),
    (
        "cjk",
        r"(?:(?P<y>20\d\d)\s*[年년]\s*)?(?P<m>\d{1,2})\s*[月월]\s*(?P<d>\d{1,2})\s*[日号號일]"
        r"(?:\s*(?:至|到|~|〜|-|–|－|부터)\s*(?:(?P<m2>\d{1,2})\s*[月월]\s*)?(?P<d2>\d{1,2})\s*[日号號일])?",
    ),
    ("weekday", rf"(?<![^\W\d_{CJK}])(?P<wd>{alternation(WEEKDAYS)})(?![^\W\d_{CJK}])"),
)
SHAPES = [(kind, re.compile(pattern)) for kind, pattern in DATE_SHAPES]

# -- the words around a date ----------------------------------------------------------
# role → language → words; "*" at the end: any word that starts so.
CUES = {
    "back": {
        "en": "back, return*, again, resume*",
        "de": "zurück*, rückkehr, wieder",
        "fr": "retour, reviens, reviendrai, rentre, rentrerai, à nouveau",
        "es": "vuelta, regres*, volveré, vuelvo, reincorpor*, de nuevo, nuevamente",
        "pt": "regresso, regressarei, retorn*, volto, voltarei, de volta, novamente",
        "it": "rientr*, torno, tornerò, di nuovo, nuovamente",
        "ru": "вернусь, вернемся, вернется, возвращ*, выйду, выхожу, снова",
        "ar": "سأعود, أعود, سنعود, العودة, عودتي, عودتنا",
        "pl": "wracam, wrócę, powrót*, powrocie, z powrotem, ponownie",
        "nl": "terug, weer",
        "tr": "dönüş*, dönüyorum, döneceğim, dönecegim, tekrar, yeniden, ofisteyim, ofiste",
        "zh": "返回, 回来, 回到, 回国, 上班, 返岗, 恢复, 之后, 以后",
        "ja": "戻り, 戻る, 出社, 帰社, 復帰, 出勤, 以降",
        "ko": "복귀, 돌아, 출근, 이후",
    },
    "until": {
        "en": "until, till, til, through, thru, after",
        "de": "bis",
        "fr": "jusqu",
        "es": "hasta",
        "pt": "até",
        "it": "fino, sino",
        "ru": "до, по",
        "ar": "حتى, لغاية, بعد",
        "pl": "do",
        "nl": "tot, t/m",
        "tr": "kadar, sonra",
        "zh": "至, 到, 截至, 截止, 为止",
        "ja": "まで",
        "ko": "까지",
    },
    "from": {
        "en": "from, as of, starting",
        "de": "ab",
        "fr": "à partir, dès le",
        "es": "desde, a partir",
        "pt": "desde, a partir",
        "it": "dal, dalla, da, a partire",
        "ru": "с, начиная",
        "ar": "من, ابتداء, اعتبارا",
        "pl": "od",
        "nl": "vanaf, per",
        "tr": "itibaren, itibariyle",
        "zh": "从, 起",
        "ja": "から, より",
        "ko": "부터",
    },
    "since": {"en": "since", "de": "seit", "fr": "depuis", "nl": "sinds", "tr": "beri", "zh": "自从"},
    "reachable": {  # and mail answered again ("e-mails will be answered from 5 January")
        "en": "available, reachable, in the office, at my desk, answered, replied to, processed, handled",
        "de": "erreichbar, im büro, verfügbar, beantwortet, bearbeitet",
        "fr": "disponible, joignable, au bureau, traité*, répondu*",
        "es": "disponible, en la oficina, atendid*, respondid*, contestad*",
        "pt": "disponível, no escritório, respondid*, atendid*",
        "it": "disponibile, raggiungibile, in ufficio, evas*, lette, letti, rispost*",
        "ru": "на связи, в офисе, доступ*, обработан*, рассмотрен*",
        "ar": "متاح, المكتب, الرد",
        "pl": "dostępn*, w biurze, rozpatrzon*, odpowiemy, odpowiem",
        "nl": "bereikbaar, beschikbaar, aanwezig, op kantoor, beantwoord, behandeld",
        "tr": "ulaşılabilir, yanıtla*, cevapla*",
        "zh": "办公, 回复, 回覆, 处理, 處理",
        "ja": "対応, 返信",
        "ko": "연락, 회신, 답변, 처리",
    },
}
# Cues looked for after the date: every cue of the languages whose verb follows it, and
# German's "wieder erreichbar" ("ab dem 5. Januar wieder erreichbar"), German's and Dutch's mail
# answered again ("ab dem 5.1. bearbeitet", "vanaf 5 januari beantwoord").
AFTER_THE_DATE = {"tr": None, "zh": None, "ja": None, "ko": None, "de": ("back", "reachable"), "nl": ("reachable",)}
SLASH_MONTH_FIRST = {"en": "both", "zh": "month", "ja": "month", "ko": "month"}
CJK_CUE_REACH = 3  # a Chinese or Japanese cue before a date stands right before it ("至12月14日")


def cue_pattern(word: str) -> str:
    prefix = word.endswith("*")
    word = fold(word.rstrip("*"))
    if word == "到":
        return "(?<![收得达看想遇找做等听])到"  # 收到 (received) is no 到 (until)
    if re.match(f"[{CJK}]", word):
        return re.escape(word)  # as substrings
    lead = "[وبلف]?" if re.match("[\u0600-\u06ff]", word) else ""  # Arabic: و ب ل ف attach to words
    return rf"(?<![^\W\d_]){lead}{re.escape(word)}" + ("" if prefix else r"(?![^\W\d_])")


def cue_table(wanted: dict | None = None) -> tuple[re.Pattern, dict[str, tuple[str, str]]]:
    """One pattern for every cue (of the ``wanted`` languages and roles), and each group's
    (role, language)."""
    roles: dict[str, tuple[str, str]] = {}
    parts = []
    for role, by_language in CUES.items():
        for language, words in by_language.items():
            if wanted is not None and (language not in wanted or role not in (wanted[language] or (role,))):
                continue
            for word in words.split(", "):
                group = f"c{len(parts)}"
                roles[group] = (role, language)
                parts.append((len(word), f"(?P<{group}>{cue_pattern(word)})"))
    return re.compile("|".join(p for _, p in sorted(parts, key=lambda p: -p[0]))), roles


CUE_BEFORE, CUE_ROLES = cue_table()
CUE_AFTER, CUE_AFTER_ROLES = cue_table(AFTER_THE_DATE)
TERMINATOR = re.compile(r"[!?;¶。！？；\n]|\.(?=\s|$)")
RANGE_WORDS = "to till until au al all' alle a bis bis zum до по tot t/m do ile 至 到 حتى إلى"
RANGE_LINK = rf"(?:-|–|—|~|〜|{alternation(fold(RANGE_WORDS).split())})"
RANGE_HEAD = re.compile(rf"(?<![\d./])\d{{1,2}}(?:st|nd|rd|th|er|\.)?\s*{RANGE_LINK}\s*$")
RANGE_GAP = re.compile(rf"\s*,?\s*{RANGE_LINK}\s*")
WEEKDAY_GLUE = re.compile(r"[\s,]*(?:the |le |el |il |den |der |de )?")
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


@dataclass
class Found:
    kind: str
    start: int
    end: int
    parts: dict
    weekday: int | None = None


def return_date(text: str, sent: date, horizon_days: int = HORIZON_DAYS) -> date | None:
    """The first day the writer of an out-of-office ``text`` sent on ``sent`` is back, or None."""
    body = prepare(text)
    latest = None
    previous = None
    for found in date_spans(body):
        role, language = role_of(body, found, previous)
        previous = found
        if role not in ("back", "until"):
            continue
        back = resolve(found, role, language, sent, horizon_days)
        if back and (latest is None or back > latest):
            latest = back
    return latest


def prepare(text: str) -> str:
    body = fold(own_words(text or "")[:4000]).translate(DIGITS).replace("’", "'")
    body = re.sub(r"\n[ \t]*\n", " ¶ ", body)  # a blank line ends what a cue may reach
    return re.sub(r"\s+", " ", body)


def date_spans(body: str) -> list[Found]:
    """Every date-like span, longest first where they overlap, in text order; a weekday
    right before or after a date becomes part of it."""
    spans = [Found(kind, m.start(), m.end(), m.groupdict()) for kind, pattern in SHAPES for m in pattern.finditer(body)]
    spans.sort(key=lambda f: (f.start, f.start - f.end))
    kept: list[Found] = []
    for found in spans:
        if not kept or found.start >= kept[-1].end:
            kept.append(found)
    merged: list[Found] = []
    for found in kept:
        last = merged[-1] if merged else None
        glued = last and WEEKDAY_GLUE.fullmatch(body[last.end : found.start])
        if glued and last.kind == "weekday" and found.kind != "weekday":
            found.start, found.weekday = last.start, WEEKDAYS[last.parts["wd"]]
            merged[-1] = found
        elif (
            glued
            and found.kind == "weekday"
            and last.kind != "weekday"
            and body[found.start - 1 : found.start] in "(, "
        ):
            last.weekday, last.end = WEEKDAYS[found.parts["wd"]], found.end
        else:
            merged.append(found)
    return merged


def role_of(body: str, found: Found, previous: Found | None) -> tuple[str | None, str | None]:
    """back, until, or None, and the language of the words that say so."""
    if found.parts.get("d2"):
        return "until", "zh"  # 12月1日至14日
    if previous and RANGE_GAP.fullmatch(body[previous.end : found.start]):
        return "until", None  # the end of "1 December – 14 December"
    before = window_before(body, found.start)
    if RANGE_HEAD.search(before):
        return "until", None  # the end of "1 to 14 December", "3-14 Ağustos"
    cues = list(CUE_BEFORE.finditer(before))
    deciding = [m for m in cues if CUE_ROLES[m.lastgroup][0] != "reachable"]  # "in the office" only helps
    pre = CUE_ROLES[deciding[-1].lastgroup] if deciding else (None, None)
    if deciding and pre[1] in ("zh", "ja", "ko") and len(before) - deciding[-1].end() > CJK_CUE_REACH:
        pre = (None, None)
    after = window_after(body, found.end)
    post = [CUE_AFTER_ROLES[m.lastgroup] for m in CUE_AFTER.finditer(after)]
    if pre[0] in ("back", "until", "since"):
        return pre
    for role in ("until", "back"):
        for cue in post:
            if cue[0] == role:
                return cue
    if pre[0] == "from" or any(role == "from" for role, _ in post):
        nearby = [CUE_ROLES[m.lastgroup][0] for m in cues] + [role for role, _ in post]
        if "reachable" in nearby or "back" in nearby:
            return "back", pre[1]
    return None, None


def window_before(body: str, start: int) -> str:
    text = body[max(0, start - PRE_WINDOW) : start]
    stops = [m.end() for m in TERMINATOR.finditer(text)]
    return text[stops[-1] :] if stops else text


def window_after(body: str, end: int) -> str:
    text = body[end : end + POST_WINDOW]
    stop = TERMINATOR.search(text)
    text = text[: stop.start()] if stop else text
    digit = re.search(r"\d", text)
    return text[: digit.start()] if digit else text


def resolve(found: Found, role: str, language: str | None, sent: date, horizon: int) -> date | None:
    """The day the writer is back, when exactly one reading of the date fits."""
    if found.kind == "weekday":
        wanted = WEEKDAYS[found.parts["wd"]]
        ahead = (wanted - sent.weekday()) % 7
        if role == "back" and ahead == 0:
            ahead = 7  # "back on Monday" sent on a Monday: next week's
        day = sent + timedelta(days=ahead)
        return day + timedelta(days=1) if role == "until" else day
    days = set()
    options = readings(found, language)
    if len(options) > 1:
        horizon = min(horizon, TWO_READINGS_DAYS)
    for year, month, day in options:
        value = build(year, month, day, sent)
        if value is None or (found.weekday is not None and value.weekday() != found.weekday):
            continue
        back = value + timedelta(days=1) if role == "until" else value
        if sent <= back <= sent + timedelta(days=horizon):
            days.add(back)
    return days.pop() if len(days) == 1 else None


def readings(found: Found, language: str | None) -> list[tuple]:
    """(year, month, day) candidates: two for a slash date that reads both ways."""
    p = found.parts
    year = p.get("y")
    if found.kind in ("iso", "cjk"):
        return [(year, p.get("m2") or p["m"], p.get("d2") or p["d"])]
    if found.kind in ("day-month", "month-day"):
        return [(year, MONTHS[p["mon"]], p["d"])]
    a, b = p["a"], p["b"]
    if p["sep"] != "/":
        return [(year, b, a)]
    order = SLASH_MONTH_FIRST.get(language or "en", "day")
    if order == "both":
        return [(year, b, a), (year, a, b)]
    if order == "month":
        return [(year, a, b)] if 1 <= int(a) <= 12 and int(b) >= 1 else [(year, b, a)]
    return [(year, b, a)]


def build(year: str | None, month, day, sent: date) -> date | None:
    full = int(year) + (2000 if len(year) == 2 else 0) if year else sent.year
    try:
        value = date(full, int(month), int(day))
    except ValueError:
        return None
    if year is None and value < sent:
        try:
            return value.replace(year=full + 1)  # "back on 3 January" written in December
        except ValueError:
            return None  # 29 February
    return value
