"""The new part of a reply: where quoted history starts."""

from __future__ import annotations

import re


QUOTE_HEADER = re.compile(
    r"^(?:On\b.{0,200}\bwrote:|Le\b.{0,200}\ba écrit\s?:|Am\b.{0,200}\bschrieb\b.{0,120}:|"
    r"El\b.{0,200}\bescribió:|Em\b.{0,200}\bescreveu:|Il\b.{0,200}\bha scritto:|"
    r".{0,200}(?:пишет|написал|написала):|在.{0,120}写道[:：]|.{0,120}のメッセージ[:：]?|"
    r"-{2,}\s*(?:Original Message|Ursprüngliche Nachricht|Message d'origine|Mensaje original|"
    r"Mensagem original|Messaggio originale|原始邮件|Исходное сообщение)\s*-{2,}|"
    r"(?:From|De|Von|Da|От|发件人|寄件者|差出人|Gönderen)\s?[:：].{0,200}\n(?:.*\n){0,3}?"
    r"(?:Sent|Date|Gesendet|Envoyé|Enviado|Inviato|Отправлено|发送时间|日時|Tarih)\s?[:：])",
    re.MULTILINE,
)


QUOTED_LINE = re.compile(r"^[ \t]*>.*(?:\n|$)", re.MULTILINE)


def strip_quoted(body: str) -> str:
    """The new part of a reply: quoted history would repeat our own words back."""
    if not body:
        return ""
    if body.startswith(">") or "\n>" in body or "\n >" in body:
        body = QUOTED_LINE.sub("", body)
    cut = quote_start(body)
    return body[:cut] if cut is not None else body


def quote_start(body: str) -> int | None:
    """Where the first reply header ("On … wrote:", "-----Original Message-----" …) begins.

    Markers are found with str.find; the header pattern is only tried on their
    lines, which is far cheaper than scanning every line of every mail with it.
    """
    found = None
    for marker in QUOTE_MARKERS:
        position, tries = body.find(marker), 0
        while position != -1 and tries < 5 and (found is None or position < found):
            line = body.rfind("\n", 0, position) + 1
            if QUOTE_HEADER.match(body, line):
                found = line
                break
            position, tries = body.find(marker, position + 1), tries + 1
    return found


QUOTE_MARKERS = (
    "wrote:",
    "écrit",
    "schrieb",
    "escribió",
    "escreveu",
    "scritto",
    "пиш",
    "написал",
    "写道",
    "メッセージ",
    "---",
    "From:",
    "De:",
    "Von:",
    "Da:",
    "От:",
    "发件人",
    "寄件者",
    "差出人",
    "Gönderen",
)
