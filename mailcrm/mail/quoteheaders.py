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
    "from": "from, von, de, da, от, od, kimden, gönderen, 差出人, 보낸 사람, من, المرسل, 发件人, 寄件者, van, 寄件人",
    "sent": "sent, date, gesendet, datum, envoyé, envoyé le, enviado el, enviado, enviada em, data, inviato, "
    "отправлено, дата, wysłano, gönderildi, tarih, 送信日時, 日付, 보낸 날짜, تاريخ, التاريخ, 发送时间, 日期, "
    "寄件日期, 时间, 時間, verzonden, sent at, تاريخ الإرسال, أرسلت في, أرسل في, تم الإرسال",
    "to": "to, an, à, a, para, кому, do, kime, 宛先, 받는 사람, إلى, 收件人, 收件者, aan",
    "subject": "subject, betreff, objet, asunto, assunto, oggetto, тема, temat, konu, 件名, 제목, الموضوع, 主题, 主旨, onderwerp",
    "cc": "cc, kopie, копия, dw, bilgi, 참조, نسخة, نسخة إلى, 抄送, 副本",
}
HEADER_KEYS = {key.strip(): role for role, keys in _KEYS.items() for key in keys.split(",")}
_LONGEST_KEY = max(map(len, HEADER_KEYS))
_KEY_REACH = _LONGEST_KEY + 12  # the key's colon, after quote marks and stars ("> > *From:*")

# Separator lines, case-folded, without their dashes or final colon.
_SEPARATORS = {
    "quoted": "original message, original-nachricht, ursprüngliche nachricht, message d'origine, "
    "message original, mensaje original, mensagem original, messaggio originale, исходное сообщение, "
    "oryginalna wiadomość, orijinal mesaj, 元のメッセージ, 原始邮件, 原始郵件, 원본 메시지, الرسالة الأصلية, "
    "oorspronkelijk bericht, origineel bericht, reply message, 回复的原邮件, original",
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
# … and always ends with its verb and a colon (de, nl, ar: the verb, the writer, the colon);
# Gmail's Russian and Japanese lines end with just the address.
_VERB_AT_END = re.compile(
    r"(?:wrote|escribió|a écrit|escreveu|ha scritto|пишет|написал(?:\(а\)|а)?|写道|寫道|のメッセージ|書きました|"
    r"yazdı|napisał(?:\(a\)|a)?|pisze|작성)$"
)
_LONGEST_VERB = 12
_VERB_FIRST = ("schrieb", "schreef", "كتب")  # the writer's name follows these verbs
_DIGIT = re.compile(r"\d")
EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_NAME_AFTER = re.compile(r"(?:.*(?:[,，、،]|\d{1,2}:\d{2}(?:\s?[AaPp]\.?[Mm]\.?)?|\btarihinde|\bUhr|\s于))?\s*(.*)$")
_NAME_NOISE = re.compile(r"\s*(?:<[^>]*>|\([^)]*\)|\[[^\]]*\]|님이|şunu|\"|')\s*")
_NOT_NAMES = frozenset("you, du, sie, vous, usted, você, tu, lei, вы, ты, siz, pan, pani, u, jij".split(", "))
_MAX_HEADER = 350  # characters: a reply line longer than this is a sentence, not a header
_BLOCK_LINES = 8  # lines after "From:" in which the other keys must appear
_BLOCK_REACH = 1200  # characters those lines may take


@dataclass(frozen=True)
class Header:
    start: int  # start of the header's first line
    end: int  # just after its last line
    kind: str  # "quoted" | "forwarded"
    author: str | None


def find_headers(body: str) -> list[Header]:
    """Every quote or forward header in the body (nested ones too), in body order, not overlapping."""
    separators = _dash_headers(body)
    # The From:/Sent: lines under a separator are already read: the colon scan jumps over them.
    found = separators + _colon_headers(body, ":", separators) + _colon_headers(body, "：", separators)
    found.sort(key=lambda h: h.start)
    headers: list[Header] = []
    for header in found:
        if headers and header.start < headers[-1].end:
            continue
        headers.append(header)
    return headers


def _colon_headers(body: str, colon: str, read: list[Header]) -> list[Header]:
    headers = []
    position, skip = body.find(colon), iter(read)
    span = next(skip, None)
    while position != -1:
        while span and span.end <= position:
            span = next(skip, None)
        if span and span.start <= position:
            position = body.find(colon, span.end)
            continue
        start = body.rfind("\n", 0, position) + 1
        end = _line_end(body, position)
        # Only a key ("From:") near the start or a colon closing the line can make a header:
        # times, "Tel: …" in mid-line and URLs are passed over without a closer look.
        if position - start <= _KEY_REACH or _ends_with_colon(body, start, end):
            header = _header_at_colon_line(body, start, end)
            if header:
                headers.append(header)
                end = max(end, header.end - 1)
        position = body.find(colon, end)
    return headers


def _ends_with_colon(body: str, start: int, end: int) -> bool:
    last = end - 1
    while last > start and body[last] in " \t\r*":
        last -= 1
    return body[last] in ":："


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
    return end + 1 if end < len(body) else end


def unquoted(line: str) -> str:
    """The line without its ">" quote marks and Gmail's bold stars."""
    return line.lstrip("> \t*").rstrip()


def separator_kind(line: str) -> str | None:
    text = line.lstrip("> \t").strip(" -_=*\t\r\xa0:：").casefold()
    return SEPARATORS.get(text) if 3 < len(text) < 60 else None


def key_role(line: str) -> str | None:
    """ "from" for "From: Lisa <lisa@x.cn>" (or "*Von:*", "发件人：" …), None for any other line."""
    text = line.lstrip("> \t*")
    colon = text.find(":", 1, _LONGEST_KEY + 3)
    if colon == -1:
        colon = text.find("：", 1, _LONGEST_KEY + 3)
        if colon == -1:
            return None
    return HEADER_KEYS.get(text[:colon].rstrip(" *\t\xa0").casefold())


def key_value(line: str) -> str:
    """What follows the key: "Lisa <lisa@x.cn>" for "From: Lisa <lisa@x.cn>"."""
    text = unquoted(line)
    colon = min(i for i in (text.find(":"), text.find("：")) if i != -1)
    return text[colon + 1 :].strip(" *\t\xa0")


def _header_at_colon_line(body: str, start: int, end: int) -> Header | None:
    line = body[start:end]
    role = key_role(line)
    if role == "from":
        return _outlook_block(body, start, end, key_value(line))
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
    roles, block_end, _ = _key_lines(body, end, from_value)
    if "sent" not in roles and not {"to", "subject"} <= roles:
        return None
    return Header(_rule_above(body, start), block_end, "quoted", author_from_value(from_value))


def _rule_above(body: str, start: int) -> int:
    """Outlook draws a line of underscores above its block: it belongs to the header."""
    above = body.rfind("\n", 0, max(start - 1, 0)) + 1
    line = unquoted(body[above : max(start - 1, above)])
    return above if len(line) >= 8 and set(line) <= set("_-") else start


def _separator_block(body: str, start: int, end: int, kind: str) -> Header:
    """The separator line and the From:/Sent: lines right below it; the author is the From: value."""
    _, block_end, from_value = _key_lines(body, end, "")
    return Header(start, block_end, kind, author_from_value(from_value) if from_value else None)


def _key_lines(body: str, end: int, from_value: str) -> tuple[set[str], int, str]:
    """The key lines after the line ending at ``end``: their roles, where they end, the From: value.

    Blank lines before the first key are passed over (Apple Mail leaves one); the keys end at
    the first other line, or at a blank line after Subject:. A wrapped To: list ends them
    early, which only leaves its second line to the quoted text.
    """
    roles: set[str] = set()
    block_end, position = _next_line(body, end), end
    lines = body[end + 1 : end + 1 + _BLOCK_REACH].split("\n", _BLOCK_LINES)[:_BLOCK_LINES]
    for line in lines:
        position += len(line) + 1
        role = key_role(line)
        if role == "from" and from_value:
            break  # the next message's header
        if role:
            roles.add(role)
            block_end = _next_line(body, position)
            if role == "from":
                from_value = key_value(line)
        elif line.strip(" \t\r>") or "subject" in roles:
            break
    return roles, block_end, from_value


def author_from_value(value: str) -> str | None:
    """'"Lisa Wang" <Lisa@X.cn>;' → 'lisa@x.cn'; 'Lisa Wang' → 'Lisa Wang'."""
    address = first_address(value)
    if address:
        return address
    name = _NAME_NOISE.sub(" ", value).strip(" ;,\t")
    return name or None


# -- reply lines ------------------------------------------------------------------------------


def _reply_line(body: str, start: int, end: int) -> Header | None:
    """ "On … wrote:" ending on this line, perhaps opened up to two lines above (Gmail wraps it)."""
    line = unquoted(body[start:end])
    if len(line) > _MAX_HEADER:
        return None
    verb = _verb(line)
    if verb is None:
        return None
    first, joined = start, line
    for _ in range(0 if _OPENER.match(line) else 2):  # the opener on a line above: join them
        if first == 0:
            break
        first = body.rfind("\n", 0, first - 1) + 1
        above = unquoted(body[first : body.find("\n", first)])
        if not above or above.endswith((".", "!", "?", "。")) or len(joined) + len(above) > _MAX_HEADER:
            break
        joined = f"{above} {joined}"
        if _OPENER.match(joined):
            if _stands_alone(body, joined, end):
                return Header(first, _next_line(body, end), "quoted", _reply_author(joined, _verb(joined)))
            break
    if _stands_alone(body, line, end):
        return Header(start, _next_line(body, end), "quoted", _reply_author(line, verb))
    return None


@dataclass(frozen=True)
class _Verb:
    start: int
    name_follows: bool  # "schrieb Lisa Wang:"
    address_only: bool  # Gmail ru/ja: "3 мар. 2025 г., Lisa <lisa@x.cn>:"


def _verb(line: str) -> _Verb | None:
    """Where the reply verb is in a line ending with a colon; str methods first, one short regex last."""
    for verb in _VERB_FIRST:
        found = line.find(verb)
        if found != -1:
            return _Verb(found, True, False)
    head = line.rstrip(" :：*\t\r")
    if head.endswith(">"):
        bracket = head.rfind("<")
        return _Verb(bracket, False, True) if bracket != -1 and "@" in head[bracket:] else None
    found = _VERB_AT_END.search(head, max(0, len(head) - _LONGEST_VERB))
    return _Verb(found.start(), False, False) if found else None


def _stands_alone(body: str, line: str, end: int) -> bool:
    """A reply line ("On 3 Mar … wrote:", "Lisa Wang wrote:", Gmail's "3 мар. 2025 г., Lisa <x@y>:")
    has a date or an address, or quoted lines right below; "Our engineer wrote:" has neither."""
    if "@" in line or _DIGIT.search(line):
        return True
    below = body[end + 1 : end + 200].lstrip(" \t\r\n")
    return below.startswith(">")


def _reply_author(header: str, verb: _Verb) -> str | None:
    address = first_address(header)
    if address:
        return address
    before = header[: verb.start]
    if verb.name_follows:
        after = header[verb.start :].rstrip(" :：*")
        name = after.split(None, 1)[1] if " " in after else ""
        if name and not name.startswith(("am ", "op ")) and not name[:1].isdigit():
            return _clean_name(name)
    if " 于" in before:  # Gmail zh: "Lisa Wang 于2025年3月3日 10:00写道："
        return _clean_name(before.split(" 于", 1)[0])
    return _clean_name(_NAME_AFTER.match(before).group(1))


def first_address(text: str) -> str | None:
    """The first e-mail address in the text, lower-case: "<x@y>" cut out directly, else by regex."""
    at = text.find("@")
    if at == -1:
        return None
    opening, closing = text.rfind("<", 0, at), text.find(">", at)
    if opening != -1 and closing != -1 and " " not in text[opening:closing]:
        return text[opening + 1 : closing].removeprefix("mailto:").lower()
    found = EMAIL.search(text, max(0, at - 64))
    return found.group().lower() if found else None


def _clean_name(text: str) -> str | None:
    name = _NAME_NOISE.sub(" ", text).strip(" ,，、:：\t")
    if not name or len(name) > 60 or any(c.isdigit() for c in name) or name.casefold() in _NOT_NAMES:
        return None  # The Bat!'s "03.03.2026 10:00 you wrote:" names nobody
    return name
