"""Auto-replies and out-of-office notices: detect them, find the return date.

RFC 3834 says automatic responses carry ``Auto-Submitted: auto-replied``; many
servers still use older headers (X-Autoreply, Precedence: auto_reply) or only
a subject like "Out of Office" / "自动回复", so all three are checked.
"""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

from .matcher import fold

AUTO_HEADERS = ("auto-submitted", "x-autoreply", "x-autorespond", "precedence")
OOO_SUBJECT = re.compile(
    r"out of (?:the )?office|automatic reply|auto(?:matic)?[- ]?reply|autoreply|abwesenheit|"
    r"automatische antwort|fuera de la oficina|respuesta automatica|ausente|fora do escritorio|"
    r"resposta automatica|absence|reponse automatique|absent du bureau|fuori ufficio|"
    r"risposta automatica|нет на месте|автоответ|автоматический ответ|otomatik yanit|"
    r"ofis disinda|رد تلقائي|خارج المكتب|自动回复|自動回覆|自動返信|不在|休暇|休假|外出"
)
OOO_BODY = re.compile(
    r"i am (?:currently )?out of (?:the )?office|i'?m (?:currently )?out of (?:the )?office|"
    r"i will be back|limited access to (?:my )?e-?mail|ich bin (?:bis|vom|ab|derzeit|zurzeit) .{0,40}"
    r"(?:abwesend|nicht im buro|im urlaub)|estoy fuera de la oficina|estarei ausente|"
    r"je suis absent|sono fuori ufficio|меня нет в офисе|ofis disindayim|"
    r"我(?:正在|目前)?休假|我不在办公室|不在しております|休暇中"
)

# Every wording OOO_BODY matches contains one of these (a test checks each
# alternative): most mail contains none, and looking for them costs half the regex.
OOO_BODY_WORDS = (
    "office",
    "i will be back",
    "limited access to",
    "ich bin ",
    "oficina",
    "ausente",
    "absent",
    "ufficio",
    "офисе",
    "ofis",
    "休假",
    "办公室",
    "不在",
    "休暇",
)


def is_auto_reply(headers_json: str, subject: str, body: str, automated: bool = False) -> bool:
    """RFC 3834 headers, legacy headers, or the usual out-of-office wording."""
    if automated or auto_headers(headers_json):
        return True
    if OOO_SUBJECT.search(fold(subject or "")):
        return True
    return out_of_office_wording(fold((body or "")[:600]))


def out_of_office_wording(folded: str) -> bool:
    return any(word in folded for word in OOO_BODY_WORDS) and OOO_BODY.search(folded) is not None


def auto_headers(headers_json: str) -> bool:
    lowered = (headers_json or "").lower()
    if not any(name in lowered for name in AUTO_HEADERS):
        return False  # most mail: no JSON parsing needed
    headers = parse_headers(headers_json)
    submitted = headers.get("auto-submitted", "").strip()
    if submitted and submitted != "no":
        return True
    if headers.get("x-autoreply") or headers.get("x-autorespond"):
        return True
    return headers.get("precedence", "").strip() in ("auto_reply", "auto-reply")


def parse_headers(headers_json: str) -> dict[str, str]:
    try:
        data = json.loads(headers_json or "{}")
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k).lower(): (" ".join(map(str, v)) if isinstance(v, list) else str(v)).lower() for k, v in data.items()}


# -- the return date -------------------------------------------------------------

MONTHS = {
    **{m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)},
    **{
        m: i
        for i, m in enumerate(
            "january february march april may june july august september october november december".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "januar februar marz april mai juni juli august september oktober november dezember".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre".split(), 1
        )
    },
}
MONTH_WORDS = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_PATTERNS = [
    (re.compile(r"\b(20\d\d)[-/.](\d{1,2})[-/.](\d{1,2})\b"), ("y", "m", "d")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](20\d\d)\b"), ("d", "m", "y")),
    (re.compile(r"\b(\d{1,2})[./](\d{1,2})\.?(?![\d/])"), ("d", "m")),
    (
        re.compile(
            rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º|\.)?\s+(?:de\s+)?({MONTH_WORDS})\b\.?(?:\s+(?:de\s+)?(20\d\d))?"
        ),
        ("d", "mon", "y"),
    ),
    (re.compile(rf"\b({MONTH_WORDS})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(20\d\d))?"), ("mon", "d", "y")),
    (re.compile(r"(?:(20\d\d)年)?(\d{1,2})月(\d{1,2})[日号]"), ("y", "m", "d")),
]


def return_date(text: str, sent: date, horizon_days: int = 90) -> date | None:
    """The latest plausible date after ``sent`` named in an out-of-office text."""
    folded = fold(text or "")[:3000]
    found = [d for d in candidate_dates(folded, sent) if sent <= d <= sent + timedelta(days=horizon_days)]
    return max(found) if found else None


def candidate_dates(text: str, sent: date):
    for pattern, parts in DATE_PATTERNS:
        for match in pattern.finditer(text):
            value = build_date(dict(zip(parts, match.groups())), sent)
            if value:
                yield value


def build_date(parts: dict[str, str | None], sent: date) -> date | None:
    month = MONTHS.get(parts["mon"]) if parts.get("mon") else int(parts["m"])
    day = int(parts["d"])
    year = int(parts["y"]) if parts.get("y") else sent.year
    try:
        value = date(year, month, day)
    except (TypeError, ValueError):
        return None
    if not parts.get("y") and value < sent:
        try:
            value = value.replace(year=year + 1)  # "back on 3 January" written in December
        except ValueError:
            return None
    return value
