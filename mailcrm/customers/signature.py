"""The customer's own text and its signature: company, title, phone, website, name.

Text in, facts out: these functions read one message body and know nothing of the
database (bodyfacts.py runs them, in workers on a big refresh).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ..mail.addresses import registrable_domain
from .country import country_code, country_from_phone
from .places import place_in


_QUOTE_LINE = re.compile(
    r"^(>|_{8,}\s*$|-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|"
    r"messaggio originale|mensagem original|oorspronkelijk bericht|原始邮件|原始郵件|исходное сообщение|"
    r"forwarded message|weitergeleitete nachricht|转发的邮件|original|原始)\s*-{2,})",
    re.I,
)
_ATTRIBUTION = re.compile(
    r"^(on\b.{0,200}\bwrote:?|am\b.{0,200}\bschrieb\b.{0,200}:|le\b.{0,200}a écrit\s*:|"
    r"el\b.{0,200}escribió\s*:|il\b.{0,200}ha scritto\s*:|em\b.{0,200}escreveu\s*:|op\b.{0,200}schreef.{0,200}:|"
    r".{0,200}写道[:：]?)\s*$",
    re.I,
)
_HEADER_FROM = re.compile(r"^\*?(from|von|de|da|van|od|от|发件人|寄件者|差出人)\s*\*?\s*[:：]", re.I)
_HEADER_SENT = re.compile(
    r"^\*?(sent|date|gesendet|datum|envoyé|enviado|fecha|inviato|data|verzonden|wysłano|"
    r"отправлено|发送时间|日期|寄件日期|送信日時)\s*\*?\s*[:：]",
    re.I,
)


def own_text(body: str, limit: int = 6000) -> str:
    """The part of a reply its author wrote: quoted history and forwarded headers cut off."""
    lines = body[: limit * 2].splitlines()
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        # Cheap tests first: a quote marker starts with > - _ or ends like an attribution line.
        if text[0] in ">-_" and _QUOTE_LINE.match(text):
            return "\n".join(lines[:index])[:limit]
        if text.endswith((":", "：", "写道", "wrote")) and _ATTRIBUTION.match(text):
            return "\n".join(lines[:index])[:limit]
        if text[:3].lower() == "on " and index + 1 < len(lines) and lines[index + 1].strip().endswith("wrote:"):
            return "\n".join(lines[:index])[:limit]
        if (
            (":" in text[:12] or "：" in text[:12])
            and _HEADER_FROM.match(text)
            and any(_HEADER_SENT.match(n.strip()) for n in lines[index + 1 : index + 5])
        ):
            return "\n".join(lines[:index])[:limit]
    return "\n".join(lines)[:limit]


_CLOSING = re.compile(
    r"^(best|kind|warm|warmest|many thanks|thanks( and regards)?|thank you|regards|best regards|kind regards|"
    r"warm regards|with best regards|best wishes|sincerely|yours sincerely|yours faithfully|yours truly|cheers|"
    r"br|b\.r\.|mit freundlichen grüßen|mit freundlichen gruessen|freundliche grüße|viele grüße|beste grüße|"
    r"mfg|gruß|grüße|cordialement|bien cordialement|salutations|meilleures salutations|bien à vous|saludos|"
    r"saludos cordiales|un saludo|atentamente|cordiali saluti|distinti saluti|saluti|atenciosamente|"
    r"abraços|met vriendelijke groet|vriendelijke groeten|groeten|pozdrawiam|z poważaniem|с уважением|"
    r"saygılarımla|saygılarımızla|此致|敬礼|谢谢|祝好|顺祝商祺|顺颂商祺|よろしくお願いいたします)[\s,.!，。]*$",
    re.I,
)

_SUFFIXES = (
    r"GmbH & Co\.? KG|GmbH|gGmbH|mbH|AG|KG|OHG|e\.K\.|UG|"
    r"S\.r\.l\.|S\.R\.L\.|Srl|SRL|S\.p\.A\.|SpA|S\.P\.A\.|S\.A\.S\.|SAS|SARL|S\.A\.R\.L\.|S\.A\. de C\.V\.|"
    r"SA de CV|S\.A\.|SA|S\.L\.U\.|S\.L\.|SL|B\.V\.|BV|N\.V\.|NV|"
    r"[Cc][Oo]\.?\s*,?\s*(?:[Ll][Tt][Dd]|[Ll]imited|LIMITED)\.?|Pty\.? Ltd\.?|Pvt\.? Ltd\.?|Private Limited|"
    r"Ltd\.?|LTD\.?|Limited|LIMITED|LLC|L\.L\.C\.|Inc\.?|INC\.?|Incorporated|Corp\.?|Corporation|"
    r"PLC|plc|LLP|Sp\. z o\.o\.|sp\. z o\.o\.|s\.r\.o\.|a\.s\.|Kft\.?|Zrt\.?|Oyj|Oy|AB|A/S|ApS|ASA|AS|"
    r"Ltda\.?|LTDA\.?|EIRELI|A\.Ş\.|Ltd\. Şti\.|San\. ve Tic\. Ltd\. Şti\.|JSC|OJSC|CJSC|PJSC|"
    r"Sdn\.? Bhd\.?|Bhd\.?|FZE|FZCO|FZ-LLC|W\.L\.L\.?|WLL|K\.K\.|Pte\.? Ltd\.?|Company|Co\."
)
_COMPANY_SUFFIX = re.compile(rf"[\s,](?:{_SUFFIXES})[\s,;]*$")
_COMPANY_PREFIX = re.compile(r"^(?P<name>(?:PT|CV|OOO|ООО|ЗАО|ОАО|АО|TOO|ТОО|株式会社)\s*[«\"]?\S.{1,60})$")
_COMPANY_CJK = re.compile(
    r"(?P<name>[\w\u4e00-\u9fff（）()]{2,40}?(?:股份有限公司|有限责任公司|有限公司|株式会社|公司))"
)
_COMPANY_LABEL = re.compile(r"^(company|company name|firma|société|empresa|azienda|公司|公司名称)\s*[:：]\s*", re.I)
_LEGAL_WORDS = re.compile(rf"[\s,]+(?:{_SUFFIXES})\.?$")

_PHONE = re.compile(
    r"(?:^|\b)(?P<label>tel|phone|ph|mob|mobile|cell|m|t|p|whatsapp|wechat|viber|telefon|telefono|teléfono|"
    r"tél|tlf|fon|handy|fax|f|电话|手机|座机|传真)\b\.?\s*[.:：]?\s*(?P<number>(?:\+|00|\(\+)[\d\s()./-]{7,22}\d)",
    re.I,
)
_BARE_PHONE = re.compile(r"^(?P<number>(?:\+|00)\d[\d\s()./-]{7,22}\d)$")
_SEGMENTS = re.compile(r"\s+[|•·]\s+|\s{3,}|\t")
_DIGIT = re.compile(r"\d")
_NOT_A_NAME = re.compile(r"[\d@:|/]")
_WEBSITE = re.compile(r"(?:https?://)?\bwww\.([a-z0-9-]+(?:\.[a-z0-9-]+)+)", re.I)
_TITLE_WORDS = re.compile(
    r"(purchas|procure|buyer|sourcing|import|export|manager|director|head of|\bceo\b|\bcfo\b|\bcoo\b|\bcto\b|"
    r"owner|founder|president|chairman|engineer|sales|supply chain|logistics|assistant|officer|\bvp\b|"
    r"einkauf|einkäufer|geschäftsführer|leiter|inhaber|acheteur|directeur|responsable|gérant|gerente|compras|"
    r"comprador|jefe|acquisti|responsabile|titolare|inkoop|zakup|kierownik|закуп|менеджер|директор|"
    r"采购|经理|总监|总经理|董事长|主管|部長|課長|購買)",
    re.I,
)


@dataclass
class Signature:
    company: str | None = None
    title: str | None = None
    phone: str | None = None
    phone_country: str | None = None
    website: str | None = None
    name: str | None = None
    place: str | None = None  # the address line(s) that name a city, region or country
    place_country: str | None = None
    place_zone: str | None = None  # the city's (or region's) time zone, when the gazetteer knows it


def signature_lines(text: str) -> list[str]:
    """The lines after the closing formula (or the '-- ' delimiter, or the last lines)."""
    lines = [line.rstrip() for line in text.splitlines()]
    start = None
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped == "--" or line == "-- ":
            start = index + 1
        elif _CLOSING.match(stripped):
            start = index + 1
    if start is None:
        tail = [line for line in lines if line.strip()][-6:]
        return [line.strip() for line in tail]
    return [line.strip() for line in lines[start : start + 12] if line.strip()]


def company_in(line: str) -> str | None:
    """A company name with its legal form, kept as written ('Acme Armaturen GmbH')."""
    for segment in _SEGMENTS.split(line):
        segment = _COMPANY_LABEL.sub("", segment.strip()).strip(" *_-–")
        if not segment or "@" in segment or len(segment) > 80 or segment.count(" ") > 8:
            continue
        starts_well = segment[0].isupper() or segment[0].isdigit() or not segment[0].isascii()
        if starts_well and (segment[0].isalnum() or segment[0] in "&'(") and _COMPANY_SUFFIX.search(segment):
            return segment.rstrip(" ,;")
        if starts_well and _COMPANY_PREFIX.match(segment):
            return segment
        if not segment.isascii():
            match = _COMPANY_CJK.search(segment)
            if match:
                return match.group("name")
    return None


def parse_signature(text: str, own_company: str = "") -> Signature:
    """Company, title, phone, website and the address's place from the signature of the author's own text."""
    found = Signature()
    lines = signature_lines(text)
    place = place_in(lines[1:] if lines and looks_like_person(lines[0]) else lines)
    if place:
        found.place, found.place_country, found.place_zone = place.text, place.country, place.zone
    ours = normalize_company(own_company) if own_company else ""
    for position, line in enumerate(lines):
        if not found.company:
            company = company_in(line)
            if company and (not ours or normalize_company(company) != ours):
                found.company = company
                continue
        # Both phone patterns need a "+" or "00" before the number: checking for them
        # first skips the case-blind label search on most lines (a tenth of filing's workers).
        if not found.phone and ("+" in line or "00" in line):
            match = _PHONE.search(line) or _BARE_PHONE.match(line)
            if match and not (match.groupdict().get("label") or "").lower().startswith(("fax", "f", "传真")):
                found.phone = re.sub(r"\s+", " ", match.group("number")).strip()
                found.phone_country = country_from_phone(found.phone)
                continue
        if not found.website:
            match = _WEBSITE.search(line)
            if match:
                found.website = registrable_domain(match.group(1).lower())
        if (
            not found.title
            and _TITLE_WORDS.search(line)
            and len(line) <= 60
            and "@" not in line
            and not _DIGIT.search(line)
            and len(line.split()) <= 7
        ):
            found.title = line.strip(" *_-–|")
        if position == 0 and not found.name and looks_like_person(line):
            found.name = line
    if not found.company:
        found.company = company_after_title(lines, found.title)
    return found


def company_after_title(lines: list[str], title: str | None) -> str | None:
    """Name / title / company: the classic block, for companies that write no legal form."""
    if not title or len(lines) < 3 or not looks_like_person(lines[0]) or lines[1].strip(" *_-–|") != title:
        return None
    line = lines[2]
    words = line.split()
    if (
        not 2 <= len(words) <= 7
        or re.search(r"[\d@:/|]", line)
        or _TITLE_WORDS.search(line)
        or not line[0].isupper()
        or country_code(line)
        or country_code(words[-1].strip(",."))
    ):
        return None
    return line


def looks_like_person(line: str) -> bool:
    words = line.split()
    if not 2 <= len(words) <= 4 or _NOT_A_NAME.search(line):
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha()) and not _TITLE_WORDS.search(line)


@lru_cache(maxsize=4096)
def normalize_company(name: str) -> str:
    """'ACME Armaturen GmbH' -> 'acme armaturen' (for comparing names, never for display)."""
    text = unicodedata.normalize("NFKC", name or "").strip()
    previous = None
    while previous != text:
        previous = text
        text = _LEGAL_WORDS.sub("", text).strip(" ,.")
    text = re.sub(r"(股份有限公司|有限责任公司|有限公司|公司|株式会社)$", "", text)
    text = re.sub(r"[^\w\s]", " ", text.casefold())
    return " ".join(text.split())
