"""Where quoted and forwarded mail begins in a body, and whose mail it is.

Three header shapes, in 14 languages (en es pt fr de it ru ar zh ja tr pl ko nl):

- reply lines: "On … <x@y> wrote:", "Am … schrieb …:", "在 … 写道：", Gmail's "… <x@y>:",
  possibly wrapped over up to three lines and possibly inside ">" quotes;
- separator lines: "-----Original Message-----", "---------- Forwarded message ---------",
  "Begin forwarded message:", QQ's "------------------ 原始邮件 ------------------" …;
- Outlook key blocks: "From: … / Sent: … / To: … / Subject: …" in each language.

Every header line contains a colon or two dashes, so only lines holding ":", "：" or "--"
(found with str.find) are looked at, and a regex runs only on the few lines that pass a
cheap key or line-end check: far cheaper than many regexes over every line of every mail.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Outlook header keys as written by the clients, case-folded, and the role of each.
_KEYS = {
    "from": "from, von, de, da, от, od, kimden, gönderen, 差出人, 보낸 사람, من, 发件人, 寄件者, van, 寄件人",
    "sent": "sent, date, gesendet, datum, envoyé, envoyé le, enviado el, enviado, enviada em, data, inviato, "
    "отправлено, дата, wysłano, gönderildi, tarih, 送信日時, 日付, 보낸 날짜, تاريخ, التاريخ, 发送时间, 日期, "
    "寄件日期, 时间, 時間, verzonden, sent at",
    "to": "to, an, à, a, para, кому, do, kime, 宛先, 받는 사람, إلى, 收件人, 收件者, aan",
    "subject": "subject, betreff, objet, asunto, assunto, oggetto, тема, temat, konu, 件名, 제목, الموضوع, 主题, 主旨, onderwerp",
    "cc": "cc, kopie, копия, dw, bilgi, 참조, نسخة, 抄送, 副本",
}
HEADER_KEYS = {key.strip(): role for role, keys in _KEYS.items() for key in keys.split(",")}
_LONGEST_KEY = max(map(len, HEADER_KEYS))

# Separator lines, case-folded, without their dashes or final colon.
_SEPARATORS = {
    "quoted": "original message, original-nachricht, ursprüngliche nachricht, message d'origine, "
    "message original, mensaje original, mensagem original, messaggio originale, исходное сообщение, "
    "oryginalna wiadomość, orijinal mesaj, 元のメッセージ, 原始邮件, 原始郵件, 원본 메시지, الرسالة الأصلية, "
    "oorspronkelijk bericht, origineel bericht, reply message, 回复的原邮件",
    "forwarded": "forwarded message, begin forwarded message, weitergeleitete nachricht, "
    "anfang der weitergeleiteten nachricht, message transféré, début du message réexpédié, message réexpédié, "
    "mensaje reenviado, inicio del mensaje reenviado, mensagem encaminhada, início da mensagem reencaminhada, "
    "mensagem reencaminhada, messaggio inoltrato, inizio messaggio inoltrato, пересылаемое сообщение, "
    "начало переадресованного сообщения, переадресованное сообщение, 转发的邮件, 轉寄的郵件, 转发邮件, "
    "İletilen mesaj, i̇letilen mesaj, przekazana wiadomość, wiadomość przekazana, 転送されたメッセージ, "
    "転送メッセージ, 전달된 메시지, الرسالة المُعاد توجيهها, رسالة معاد توجيهها, doorgestuurd bericht",
}
SEPARATORS = {phrase.strip().casefold(): kind for kind, phrases in _SEPARATORS.items() for phrase in phrases.split(",")}

# A reply line opens with one of these words in most languages …
_OPENER = re.compile(r"(?:On|El|Le|Am|Em|Il|Op|W dniu|在|於|في)\s")
# … and always ends with its verb (and maybe the writer) and a colon; Gmail's Russian and
# Japanese lines end with just the address.
_VERB = re.compile(
    r"(?:\bwrote|escribió|a écrit|schrieb|escreveu|ha scritto|пишет|написал(?:\(а\)|а)?|写道|寫道|のメッセージ|"
    r"書きました|yazdı|napisał(?:\(a\)|a)?|pisze|작성|schreef|كتب|(?P<address><[^<>\s]+@[^<>\s]+>))"
    r"[^\n]{0,100}?[:：]\s*$"
)
_VERB_FIRST = ("schrieb", "schreef", "كتب")  # the writer's name follows these verbs
_TIME_OR_DATE = re.compile(r"\d{1,2}[:.]\d{2}|\d{4}|\d{1,2}[./-]\d{1,2}[./-]\d{2}|\d{1,2}\s*(?:月|日|일)")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_AFTER = re.compile(r"(?:.*(?:[,，、،]|\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?|\btarihinde|\bUhr|\s于))?\s*(.*)$")
_NAME_NOISE = re.compile(r"\s*(?:<[^>]*>|\([^)]*\)|\[[^\]]*\]|님이|şunu|\"|')\s*")
_MAX_HEADER = 350  # characters: a reply line longer than this is a sentence, not a header
_BLOCK_LINES = 8  # lines after "From:" in which the other keys must appear


@dataclass(frozen=True)
class Header:
    start: int  # start of the header's first line
    end: int  # just after its last line
    kind: str  # "quoted" | "forwarded"
    author: str | None


def find_headers(body: str) -> list[Header]:
    """Every quote or forward header in the body (nested ones too), in body order, not overlapping."""
    found = _colon_headers(body, ":") + _colon_headers(body, "：") + _dash_headers(body)
    found.sort(key=lambda h: h.start)
    headers: list[Header] = []
    for header in found:
        if headers and header.start < headers[-1].end:
            continue  # the "From:" line inside a separator's block, already read
        headers.append(header)
    return headers


def _colon_headers(body: str, colon: str) -> list[Header]:
    headers = []
    position = body.find(colon)
    while position != -1:
        start = body.rfind("\n", 0, position) + 1
        end = _line_end(body, position)
        header = _header_at_colon_line(body, start, end)
        if header:
            headers.append(header)
            end = max(end, header.end - 1)
        position = body.find(colon, end)
    return headers


def _dash_headers(body: str) -> list[Header]:
    headers = []
    position = body.find("--")
    while position != -1:
        start = body.rfind("\n", 0, position) + 1
        end = _line_end(body, position)
        kind = separator_kind(body[start:end])
        if kind:
            headers.append(_separator_block(body, start, end, kind))
        position = body.find("--", end)
    return headers


def _line_end(body: str, position: int) -> int:
    end = body.find("\n", position)
    return len(body) if end == -1 else end


def _next_line(body: str, end: int) -> int:
    return min(end + 1, len(body))


def unquoted(line: str) -> str:
    """The line without its ">" quote marks and Gmail's bold stars."""
    return line.lstrip("> \t*").rstrip()


def separator_kind(line: str) -> str | None:
    text = line.lstrip("> \t").strip(" -_=*\t\r\xa0:：").casefold()
    return SEPARATORS.get(text) if 3 < len(text) < 60 else None


def key_role(line: str) -> tuple[str | None, str]:
    """("from", "Lisa <lisa@x.cn>") for an Outlook key line; (None, "") for any other line."""
    text = unquoted(line)
    colon = min(
        (i for i in (text.find(":", 0, _LONGEST_KEY + 3), text.find("：", 0, _LONGEST_KEY + 3)) if i > 0), default=-1
    )
    if colon == -1:
        return None, ""
    role = HEADER_KEYS.get(text[:colon].strip(" *\t\xa0").casefold())
    return role, (text[colon + 1 :].strip(" *\t\xa0") if role else "")


def _header_at_colon_line(body: str, start: int, end: int) -> Header | None:
    line = body[start:end]
    role, value = key_role(line)
    if role == "from":
        return _outlook_block(body, start, end, value)
    if role is not None:
        return None  # Sent:/To: lines belong to the block their From: line starts
    if not line.rstrip(" \t\r*").endswith((":", "：")):
        return None
    kind = separator_kind(line)  # "Begin forwarded message:"
    if kind:
        return _separator_block(body, start, end, kind)
    return _reply_line(body, start, end)


# -- Outlook key blocks and separators ---------------------------------------------------------


def _outlook_block(body: str, start: int, end: int, from_value: str) -> Header | None:
    """A From: line followed by Sent:/Date: (or To: and Subject:) lines: Outlook, Gmail forwards, QQ."""
    roles, block_end = _block_keys(body, end)
    if "sent" not in roles and not {"to", "subject"} <= roles:
        return None
    return Header(_rule_above(body, start), block_end, "quoted", author_from_value(from_value))


def _block_keys(body: str, end: int) -> tuple[set[str], int]:
    """The roles of the key lines below a From: line, and the end of the last of them."""
    roles: set[str] = set()
    block_end, position = _next_line(body, end), end
    for _ in range(_BLOCK_LINES):
        if position >= len(body):
            break
        line_start, position = position + 1, _line_end(body, position + 1)
        line = body[line_start:position]
        role, _ = key_role(line)
        if role and role != "from":
            roles.add(role)
            block_end = _next_line(body, position)
        elif unquoted(line) or "subject" in roles:
            break  # the message itself begins (a wrapped To: list ends the block early: harmless)
    return roles, block_end


def _rule_above(body: str, start: int) -> int:
    """Outlook draws a line of underscores above its block: it belongs to the header."""
    above = body.rfind("\n", 0, max(start - 1, 0)) + 1
    line = unquoted(body[above : max(start - 1, above)])
    return above if len(line) >= 8 and set(line) <= set("_-") else start


def _separator_block(body: str, start: int, end: int, kind: str) -> Header:
    """The separator line and the From:/Sent: lines right below it; the author is the From: value."""
    block_end, author, position = _next_line(body, end), None, end
    seen: set[str | None] = set()
    for _ in range(_BLOCK_LINES):
        if position >= len(body):
            break
        line_start, position = position + 1, _line_end(body, position + 1)
        line = body[line_start:position]
        role, value = key_role(line)
        seen.add(role)
        if role:
            block_end = _next_line(body, position)
            if role == "from" and author is None:
                author = author_from_value(value)
        elif unquoted(line) or author is not None and "subject" in seen:
            break  # the message itself begins
    return Header(start, block_end, kind, author)


def author_from_value(value: str) -> str | None:
    """'"Lisa Wang" <Lisa@X.cn>;' → 'lisa@x.cn'; 'Lisa Wang' → 'Lisa Wang'."""
    found = EMAIL.search(value)
    if found:
        return found.group().lower()
    name = _NAME_NOISE.sub(" ", value).strip(" ;,\t")
    return name or None


# -- reply lines ------------------------------------------------------------------------------


def _reply_line(body: str, start: int, end: int) -> Header | None:
    """ "On … wrote:" ending on this line, perhaps opened up to two lines above (Gmail wraps it)."""
    line = unquoted(body[start:end])
    if len(line) > _MAX_HEADER:
        return None
    verb = _VERB.search(line)
    if verb is None:
        return None
    if _stands_alone(body, line, end, verb):
        return Header(start, _next_line(body, end), "quoted", _reply_author(line, verb))
    first, joined = start, line
    for _ in range(2):  # the opener on a line above: join and look again
        if first == 0:
            break
        first = body.rfind("\n", 0, first - 1) + 1
        above = unquoted(body[first : body.find("\n", first)])
        if not above or above.endswith((".", "!", "?", "。")):
            break
        joined = f"{above} {joined}"
        if _OPENER.match(joined) and len(joined) <= _MAX_HEADER:
            verb = _VERB.search(joined)
            if verb and _stands_alone(body, joined, end, verb):
                return Header(first, _next_line(body, end), "quoted", _reply_author(joined, verb))
            return None
    return None


def _stands_alone(body: str, line: str, end: int, verb: re.Match) -> bool:
    """A reply line ("On 3 Mar … wrote:", "Lisa Wang wrote:", Gmail's "3 мар. 2025 г., Lisa <x@y>:")
    has a date or an address, or quoted lines right below; "Our engineer wrote:" has neither."""
    if verb.group("address"):
        return bool(_TIME_OR_DATE.search(line))
    if EMAIL.search(line) or _TIME_OR_DATE.search(line):
        return True
    below = body[end + 1 : end + 200].lstrip(" \t\r\n")
    return below.startswith(">")


def _reply_author(header: str, verb: re.Match) -> str | None:
    found = EMAIL.search(header)
    if found:
        return found.group().lower()
    word = verb.group()
    before, after = header[: verb.start()], word.rstrip(" :：")
    if word.startswith(_VERB_FIRST):
        name = after.split(None, 1)[1] if " " in after else ""
        if name and not name.startswith(("am ", "op ")) and not name[:1].isdigit():
            return _clean_name(name)
    if " 于" in before:  # Gmail zh: "Lisa Wang 于2025年3月3日 10:00写道："
        return _clean_name(before.split(" 于", 1)[0])
    return _clean_name(_NAME_AFTER.match(before).group(1))


def _clean_name(text: str) -> str | None:
    name = _NAME_NOISE.sub(" ", text).strip(" ,，、:：\t")
    if not name or len(name) > 60 or any(c.isdigit() for c in name):
        return None
    return name
