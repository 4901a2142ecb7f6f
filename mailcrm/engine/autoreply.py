"""Auto-replies and out-of-office notices: detect them (backon.py reads the return date).

RFC 3834 says automatic responses carry ``Auto-Submitted: auto-replied``; many
servers still use older headers (X-Autoreply, Precedence: auto_reply) or only
a subject like "Out of Office" / "自动回复", so all three are checked.
"""

from __future__ import annotations

import json
import re

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


# A vacation notice sent without any auto-reply header and under a plain "RE:" subject says
# two things, in every language: the writer is away, and until when or whom to ask meanwhile.
# Plain substrings of folded text (lower case, no accents; Arabic letter variants merged).
ABSENCE = (
    "out of the office",
    "out of office",
    "on annual leave",
    "on leave",
    "on vacation",
    "on holiday",
    "away from the office",
    "away from my desk",
    "on a business trip",
    "travelling on business",
    "fuera de la oficina",
    "de vacaciones",
    "estare fuera",
    "de viaje",  # es
    "fora do escritorio",
    "de ferias",
    "em viagem",
    "estarei ausente",
    "estou ausente",  # pt
    "absent du bureau",
    "absente du bureau",
    "en conges",
    "en deplacement",
    "en vacances",
    "je suis absent",  # fr
    "nicht im buro",
    "im urlaub",
    "abwesend",
    "auf geschaftsreise",
    "auf dienstreise",  # de
    "fuori ufficio",
    "fuori sede",
    "in ferie",
    "sono assente",  # it
    "в отпуске",
    "в командировке",
    "нет в офисе",
    "нет на месте",
    "отсутствую",  # ru
    "izindeyim",
    "izinde olacag",
    "ofis dısında",
    "ofis disinda",
    "seyahatteyim",
    "tatildeyim",  # tr
    "na urlopie",
    "poza biurem",
    "w podrozy sluzbowej",
    "nieobecn",  # pl
    "في اجازه",
    "خارج المكتب",
    "في عطله",  # ar
    "休假",
    "不在办公室",
    "出差",
    "不在公司",
    "休假中",  # zh
    "不在にしております",
    "出張のため",
    "休暇をいただいて",
    "不在です",  # ja
    "부재중",
    "휴가",
    "출장",  # ko
)
RETURN_OR_CONTACT = (
    "until",
    "back on",
    "back in the office",
    "return",
    "urgent",
    "limited access",
    "no access",
    "hasta",
    "regreso",
    "vuelta",
    "urgent",
    "acceso limitado",  # es (urgente, urgencia)
    "ate ",
    "retorno",
    "volto",
    "acesso",  # pt
    "jusqu",
    "retour",
    "urgence",
    "acces limite",  # fr
    "bis ",
    "zuruck",
    "dringend",
    "ab dem",  # de
    "fino al",
    "rientro",
    "rientrero",
    "urgenti",  # it
    "вернусь",
    "до ",
    "срочн",
    "доступ",  # ru
    "kadar",
    "donus",
    "donecegim",
    "acil",
    "arasında",
    "arasinda",  # tr
    "do ",
    "powrot",
    "pilnych",
    "dostepu",  # pl
    "حتى",
    "عوده",
    "للضروره",
    "اعود",
    "العوده",  # ar
    "回来",
    "返回",
    "紧急",
    "之后",
    "后回复",
    "以降",
    "戻り",
    "急ぎ",
    "까지",
    "복귀",
    "급한",
    "이후",  # zh ja ko
)
# An automatic acknowledgement from a shared mailbox: "your message has been received".
ACKNOWLEDGEMENT = (
    "this is an automated",
    "this is an automatic",
    "we have received your",
    "your message has been received",
    "your e-mail has been received",
    "your email has been received",
    "hemos recibido su",
    "su mensaje ha sido recibido",  # es
    "recebemos sua",
    "recebemos a sua",
    "sua mensagem foi recebida",  # pt
    "nous avons bien recu votre",
    "votre message a bien ete recu",  # fr
    "ihre nachricht ist bei uns eingegangen",
    "ihre e-mail ist bei uns eingegangen",  # de
    "abbiamo ricevuto il suo messaggio",
    "abbiamo ricevuto la sua",  # it
    "ваше письмо получено",
    "ваше письмо принято",
    "ваше сообщение получено",  # ru
    "birimimize ulasmıstır",
    "birimimize ulasmistir",
    "tarafımıza ulasmıstır",
    "e-postanız alınmıstır",  # tr
    "otrzymalismy wiadomosc",
    "wiadomosc zostala odebrana",  # pl
    "تم استلام رسالتك",
    "تم استلام بريدك",  # ar
    "已收到您的邮件",
    "您的邮件已收到",
    "此为自动回复",  # zh
    "メールを受信いたしました",
    "自動返信",  # ja
    "자동 응답",
    "자동응답",
    "메일을 수신하였습니다",  # ko
)
NOTICE_LENGTH = 900  # auto-replies are short and quote nothing; a buyer's mail rarely is both


def is_auto_reply(headers_json: str, subject: str, body: str, automated: bool = False) -> bool:
    """RFC 3834 headers, legacy headers, the usual out-of-office wording, or a short notice
    saying the writer is away (and until when), or that the message was received."""
    if automated or auto_headers(headers_json):
        return True
    if OOO_SUBJECT.search(fold(subject or "")):
        return True
    head = fold((body or "")[:600])
    return out_of_office_wording(head) or absence_notice(head, len((body or "").strip()))


def absence_notice(folded: str, length: int) -> bool:
    """A short message that says the writer is away and until when (or whom to ask), or that
    an office has received the message. The length comes first: most mail is longer."""
    if length > NOTICE_LENGTH:
        return False
    if any(phrase in folded for phrase in ACKNOWLEDGEMENT):
        return True
    return any(phrase in folded for phrase in ABSENCE) and any(cue in folded for cue in RETURN_OR_CONTACT)


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
