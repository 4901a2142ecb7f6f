"""Auto-replies and out-of-office notices: detect them (backon.py reads the return date).

RFC 3834 says automatic responses carry ``Auto-Submitted: auto-replied``; many
servers still use older headers (X-Autoreply, Precedence: auto_reply) or only
a subject like "Out of Office" / "自动回复", so all three are checked.
"""

from __future__ import annotations

import json
import re

from .matcher import fold
from .notice_words import BOX_GONE_WORDS, EVENT_WORDS, MAIL_FATE_WORDS, MAIL_WORDS, URGENT_CONTACT_WORDS

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
    r"i will be back in (?:the )?office|limited access to (?:my )?e-?mail|ich bin (?:bis|vom|ab|derzeit|zurzeit) .{0,40}"
    r"(?:abwesend|nicht im buro|im urlaub)|estoy fuera de la oficina|estarei ausente|"
    r"je suis absent|sono fuori ufficio|меня нет в офисе|ofis disindayim|"
    r"我(?:正在|目前)?休假|我不在办公室|不在しております|休暇中"
)

# Every wording OOO_BODY matches contains one of these (a test checks each
# alternative): most mail contains none, and looking for them costs half the regex.
OOO_BODY_WORDS = (
    "office",
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
# Plain substrings of the folded text, folded here the same way when this module loads (lower
# case, no accents, Arabic letter variants merged: "حتى" is looked for as "حتي"). Being away is
# named in any grammatical form: "в ежегодном отпуске", "estou em férias", "في إجازة سنوية".
ABSENCE_WORDS = {
    "en": "out of the office|out of office|on annual leave|on leave|on vacation|on holiday|away from the office|"
    "away from my desk|on a business trip|travelling on business|traveling on business|on sick leave|"
    "on maternity leave|on parental leave|on a field visit",
    "es": "fuera de la oficina|de vacaciones|estaré fuera|estaré ausente|estoy ausente|ausente de la oficina|"
    "de viaje|de baja médica",
    "pt": "fora do escritório|de férias|em férias|em viagem|estarei ausente|estou ausente|ausente do escritório|"
    "de licença|estarei fora",
    "fr": "absent du bureau|absente du bureau|en congé|en déplacement|en vacances|je suis absent|hors du bureau|"
    "en voyage d'affaires|en arrêt maladie",
    "de": "nicht im büro|im urlaub|abwesend|auf geschäftsreise|auf dienstreise|außer haus|nicht im hause|"
    "urlaubsbedingt",
    "it": "fuori ufficio|fuori sede|in ferie|sono assente|sarò assente|in vacanza|in trasferta|in viaggio di lavoro",
    "nl": "afwezig|met vakantie|op vakantie|niet op kantoor|buiten kantoor|met verlof|op zakenreis",
    "ru": "отпуске|в отпуск|командировк|нет в офисе|нет на месте|отсутствую|вне офиса|на больничном",
    "tr": "izindeyim|izinde olacağ|yıllık izin|yillik izin|ofis dışında|ofis disinda|seyahatteyim|tatildeyim|"
    "iş seyahatinde|ofiste olmayacağ|ofiste değilim|ofiste bulunmuyorum",
    "pl": "na urlopie|urlopie wypoczynkowym|poza biurem|w podróży służbowej|w delegacji|nieobecn|na zwolnieniu",
    "ar": "في إجازة|إجازة سنوية|خارج المكتب|في عطلة|في مهمة عمل|في رحلة عمل|غير متواجد",
    "zh": "休假|不在办公室|不在辦公室|出差|不在公司|年假|请假|請假",
    "ja": "不在にしております|不在です|出張のため|出張中|休暇をいただいて|休暇中|休暇を取|夏季休業|年末年始休業",
    "ko": "부재중|부재 중|휴가|출장|연차|자리를 비",
}
RETURN_OR_CONTACT_WORDS = {
    "en": "until|back on|back in the office|return|urgent|limited access|no access|can't wait|please contact",
    "es": "hasta|regreso|vuelta|urgen|acceso limitado|contactar",
    "pt": "até |retorno|regresso|volto|urgên|acesso|contatar|falar com",
    "fr": "jusqu|retour|urgen|accès limité|contacter",
    "de": "bis |zurück|dringend|ab dem|wenden sie sich",
    "it": "fino al|rientro|rientrerò|urgen|contattare",
    "nl": "tot en met|tot |terug|dringend|contact op",
    "ru": "вернусь|до |срочн|доступ|обращайтесь",
    "tr": "kadar|dönüş|döneceğim|acil|arasında",
    "pl": "do |powrót|powrocie|piln|dostępu",
    "ar": "حتى|عودة|للضرورة|أعود|عاجل|التواصل",
    "zh": "回来|返回|紧急|緊急|急事|之后|之後|后回复|後回覆|联系|聯繫",
    "ja": "以降|戻り|急ぎ|まで",
    "ko": "까지|복귀|급한|이후|회신",
}


def folded_phrases(*tables: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted({fold(p) for table in tables for words in table.values() for p in words.split("|")}))


# Longer leaves say the same: away (for months), and whom to ask meanwhile.
LEAVE_WORDS = {
    "en": "on paternity leave|on medical leave|on jury service|on military service",
    "es": "de baja por maternidad|de baja por paternidad|baja maternal|permiso de maternidad|incapacidad médica|licencia médica",
    "pt": "licença-maternidade|licença maternidade|licença-paternidade|licença médica",
    "fr": "congé maternité|congé de maternité|congé parental|congé paternité",
    "de": "in elternzeit|im mutterschutz|krankheitsbedingt|in mutterschaft|militärdienst|zivildienst",
    "it": "in maternità|congedo parentale|congedo di maternità|in malattia",
    "nl": "zwangerschapsverlof|ouderschapsverlof|met ziekteverlof|bevallingsverlof|vaderschapsverlof",
    "ru": "в декрете|декретном отпуске|отпуске по уходу",
    "tr": "doğum izni|doğum iznindeyim|raporluyum|raporlu olduğum|kapalıdır|kapalı olacaktır",
    "pl": "urlopie macierzyńskim|urlopie rodzicielskim|zwolnieniu lekarskim|urlopie ojcowskim|urlop ojcowski",
    "ar": "إجازة أمومة|إجازة مرضية|إجازة وضع",
    "zh": "产假|產假|病假|育儿假|育兒假",
    "ja": "産休|育休|育児休業|産前産後休暇",
    "ko": "육아휴직|출산휴가|병가",
}
# Someone who left: their box answers for good and names whom to write to instead. A successor's
# own mail says so too ("Mr Gruber has left, I took over: please send …"), so only with a notice's
# cue (not forwarded, please contact).
LEFT_WORDS = {
    "en": "no longer with the company|no longer with us|has left the company|no longer works|no longer employed",
    "es": "ya no trabaja|ya no forma parte|ya no está en la empresa",
    "pt": "não faz mais parte|não trabalha mais|já não faz parte|deixou a empresa",
    "fr": "ne fait plus partie|ne travaille plus|a quitté l'entreprise|a quitté la société",
    "de": "nicht mehr in unserem unternehmen|nicht mehr für uns tätig|nicht mehr bei uns beschäftigt|"
    "hat das unternehmen verlassen|nicht mehr im unternehmen",
    "it": "non fa più parte|non lavora più|ha lasciato l'azienda|non è più in azienda",
    "nl": "niet meer werkzaam|niet langer werkzaam|heeft het bedrijf verlaten|niet meer in dienst",
    "ru": "больше не работает|уволился|уволилась|не работает в компании",
    "tr": "artık şirketimizde|şirketimizden ayrılmıştır|ayrılmıştır",
    "pl": "nie pracuje już|już nie pracuje|odszedł z firmy|odeszła z firmy",
    "ar": "لم يعد يعمل|لم تعد تعمل|غادر الشركة",
    "zh": "已离职|已離職|不再任职|不再任職|离职|離職|不再有人处理",
    "ja": "退職いたしました|退職しました|退社いたしました",
    "ko": "퇴사하였습니다|퇴사했습니다|퇴사하여",
}
NOTICE_CUE_WORDS = {
    "en": "will not be forwarded|not be read|please contact|please write to",
    "es": "no será reenviado|no se reenviará|contacte con|diríjase a|escriba a",
    "pt": "não será encaminhad|entre em contato com|contatar|escreva para",
    "fr": "ne sera pas transmis|ne sera pas lu|contacter|adressez-vous",
    "de": "nicht weitergeleitet|wenden sie sich|kontaktieren sie",
    "it": "non verrà inoltrat|contattare|rivolgersi a|scrivere a",
    "nl": "niet doorgestuurd|contact op|terecht bij|wenden tot",
    "ru": "не будет переслано|обращайтесь|пишите на|свяжитесь с",
    "tr": "iletilmeyecektir|ile iletişime geçiniz|adresine yazınız",
    "pl": "nie będzie przekazywan|prosimy o kontakt|proszę o kontakt|prosimy kierować",
    "ar": "التواصل مع|يرجى مراسلة|لن يتم تحويل",
    "zh": "请联系|請聯繫|请与|請與",
    "ja": "ご連絡ください|までご連絡|お問い合わせください",
    "ko": "연락 부탁|문의는|연락 주시기",
}
ABSENCE = folded_phrases(ABSENCE_WORDS, LEAVE_WORDS)
LEFT = folded_phrases(LEFT_WORDS)
NOTICE_CUES = folded_phrases(NOTICE_CUE_WORDS)
RETURN_OR_CONTACT = folded_phrases(RETURN_OR_CONTACT_WORDS)
QUESTION_MARKS = ("?", "？", "¿", "؟")  # a notice asks nothing; a buyer's short mail often does
# An automatic acknowledgement from a shared mailbox. A buyer's own short reply says it got
# something too ("Thanks, received", "teklifi aldım", "已收到您的邮件"): a mailbox's notice says
# so of "your message" and adds how it will be dealt with ("in the order received", "within
# three working days"), or says outright that it is automatic.
AUTOMATIC_WORDS = {
    "en": "this is an automated|this is an automatic|automatically generated|do not reply to this|"
    "this inbox is not monitored|this mailbox is not monitored",
    "es": "respuesta automática|mensaje automático|generado automáticamente",
    "pt": "resposta automática|mensagem automática|gerada automaticamente",
    "fr": "réponse automatique|message automatique|généré automatiquement",
    "de": "automatische antwort|automatisch erstellt|automatisch generiert|automatische nachricht",
    "it": "risposta automatica|messaggio automatico|generato automaticamente",
    "nl": "automatisch antwoord|automatisch bericht|automatisch gegenereerd",
    "ru": "автоматический ответ|автоответ|сообщение сформировано автоматически",
    "tr": "otomatik yanıt|otomatik cevap|otomatik mesaj",
    "pl": "automatyczna odpowiedź|wiadomość automatyczna|wygenerowana automatycznie",
    "ar": "رد تلقائي|رسالة تلقائية|رد آلي",
    "zh": "此为自动回复|自动回复|自動回覆|系统自动|系統自動",
    "ja": "自動返信|自動応答|自動送信",
    "ko": "자동 응답|자동응답|자동 회신|자동회신",
}
RECEIVED_WORDS = {
    "en": "your message has been received|your e-mail has been received|your email has been received|"
    "we have received your message|we have received your e-mail|we have received your email|"
    "we have received your mail|your message was received",
    "es": "hemos recibido su mensaje|hemos recibido su correo|su mensaje ha sido recibido|su correo ha sido recibido",
    "pt": "recebemos sua mensagem|recebemos a sua mensagem|recebemos seu e-mail|recebemos o seu e-mail|"
    "sua mensagem foi recebida|seu e-mail foi recebido",
    "fr": "nous avons bien reçu votre message|nous avons bien reçu votre courriel|nous avons bien reçu votre e-mail|"
    "nous avons bien reçu votre mail|votre message a bien été reçu|votre courriel a bien été reçu",
    "de": "ihre nachricht ist bei uns eingegangen|ihre e-mail ist bei uns eingegangen|wir haben ihre nachricht erhalten|"
    "wir haben ihre e-mail erhalten",
    "it": "abbiamo ricevuto il suo messaggio|abbiamo ricevuto la sua e-mail|abbiamo ricevuto la sua email|"
    "abbiamo ricevuto la sua mail|il suo messaggio è stato ricevuto",
    "nl": "wij hebben uw bericht ontvangen|we hebben uw bericht ontvangen|uw bericht is ontvangen|"
    "uw e-mail is ontvangen|we hebben uw e-mail ontvangen",
    "ru": "ваше письмо получено|ваше письмо принято|ваше сообщение получено|мы получили ваше письмо|"
    "мы получили ваше сообщение",
    "tr": "birimimize ulaşmıştır|tarafımıza ulaşmıştır|e-postanız alınmıştır|mesajınız alınmıştır|"
    "e-postanız ulaşmıştır|mesajınız ulaşmıştır",
    "pl": "otrzymaliśmy wiadomość|otrzymaliśmy państwa wiadomość|otrzymaliśmy twoją wiadomość|"
    "wiadomość została odebrana|wiadomość została otrzymana",
    "ar": "تم استلام رسالتك|تم استلام بريدك|تم استلام رسالتكم|تم استلام بريدكم",
    "zh": "已收到您的邮件|您的邮件已收到|您的来信已收到|已收到您的來信|您的郵件已收到|您的來信已收到",
    "ja": "メールを受信いたしました|メールを受信しました|メールを受け付けました|メールを受け付けいたしました",
    "ko": "메일을 수신하였습니다|메일이 접수되었습니다|메일을 접수하였습니다",
}
HANDLED_WORDS = {
    "en": "will be processed|will be handled|will be dealt with|will be answered|will be forwarded|"
    "order of receipt|order received|working days|business days|office hours|as soon as possible",
    "es": "será procesad|será atendid|será gestionad|será respondid|días hábiles|horario de atención|"
    "orden de llegada|a la mayor brevedad",
    "pt": "será processad|será atendid|será respondid|dias úteis|horário de atendimento|ordem de chegada|"
    "o mais breve possível",
    "fr": "sera traité|jours ouvrés|jours ouvrables|heures d'ouverture|ordre d'arrivée|dans les meilleurs délais",
    "de": "bearbeitet|werktage|geschäftszeiten|reihenfolge des eingangs|öffnungszeiten",
    "it": "gestito|gestita|evaso|evasa|giorni lavorativi|orari di ufficio|l'ufficio è aperto|al più presto",
    "nl": "behandeld|werkdagen|kantooruren|volgorde van binnenkomst|zo spoedig mogelijk",
    "ru": "будет рассмотрен|будет обработан|рабочих дней|рабочее время|в порядке очереди|в ближайшее время",
    "tr": "değerlendiril|mesai saat|iş günü|en kısa sürede",
    "pl": "zostanie rozpatrzon|dni roboczych|godzinach pracy|kolejności|najszybciej jak",
    "ar": "سيتم الرد|ستتم معالجة|سيتم معالجة|أيام عمل|ساعات العمل|في أقرب وقت",
    "zh": "尽快给您回复|儘快給您回覆|尽快回复|儘快回覆|工作日|处理|處理",
    "ja": "順次|営業日|対応いたします",
    "ko": "순차적으로|영업일|처리",
}
EVENTS = folded_phrases(EVENT_WORDS)
URGENT_CONTACT = folded_phrases(URGENT_CONTACT_WORDS)
MAIL_FATE = folded_phrases(MAIL_FATE_WORDS)
BOX_GONE = folded_phrases(BOX_GONE_WORDS)
MAIL_KEYS = tuple(sorted({fold(word) for word in MAIL_WORDS.split("|")}))
AUTOMATIC = folded_phrases(AUTOMATIC_WORDS)
RECEIVED = folded_phrases(RECEIVED_WORDS)
HANDLED = folded_phrases(HANDLED_WORDS)
NOTICE_LENGTH = 900  # auto-replies are short and quote nothing; a buyer's mail rarely is both


def is_auto_reply(headers_json: str, subject: str, body: str, automated: bool = False) -> bool:
    """RFC 3834 headers, legacy headers, the usual out-of-office wording, or a short notice
    saying the writer is away (and until when), or that the message was received."""
    if auto_headers(headers_json):
        return True
    if automated and (machine_headers(headers_json) or len((body or "").strip()) <= NOTICE_LENGTH):
        return True
    # a long mail from a no-reply address with no list or bounce header is a document their system
    # sent ("Zapytanie ofertowe nr ZO/2026/1187" from an ERP, the buyer's note in it): read its words
    if OOO_SUBJECT.search(fold(subject or "")):
        return True
    head = fold((body or "")[:600])
    return out_of_office_wording(head) or absence_notice(head, len((body or "").strip()))


def absence_notice(folded: str, length: int) -> bool:
    """A short message that says the writer is away and until when (or whom to ask), or that
    an office has received the message. The length comes first: most mail is longer."""
    if length > NOTICE_LENGTH:
        return False
    if acknowledgement(folded):
        return True
    if any(mark in folded for mark in QUESTION_MARKS):
        return False
    if any(phrase in folded for phrase in ABSENCE) and any(cue in folded for cue in RETURN_OR_CONTACT):
        return True
    if any(phrase in folded for phrase in LEFT) and any(cue in folded for cue in NOTICE_CUES):
        return True
    if not any(key in folded for key in MAIL_KEYS):
        return False  # most short mail says nothing of what becomes of the mail
    return event_notice(" ".join(folded.replace("’", "'").split()))


def event_notice(flat: str) -> bool:
    """A fair, a training, a trip, a closure, a move or a migration, and what happens to the
    mail meanwhile; or a mailbox saying nobody reads it any more."""
    if any(phrase in flat for phrase in BOX_GONE):
        return True
    if not any(cue in flat for cue in MAIL_FATE) and not any(cue in flat for cue in URGENT_CONTACT):
        return False
    return any(event in flat for event in EVENTS)


def acknowledgement(folded: str) -> bool:
    if any(phrase in folded for phrase in AUTOMATIC):
        return True
    return any(phrase in folded for phrase in RECEIVED) and any(cue in folded for cue in HANDLED)


def out_of_office_wording(folded: str) -> bool:
    return any(word in folded for word in OOO_BODY_WORDS) and OOO_BODY.search(folded) is not None


MACHINE_HEADERS = (
    "list-id",
    "list-unsubscribe",
    "precedence",
    "return-path",
    "content-type",
    "x-campaign",
    "x-mailer-recptid",
    "feedback-id",
)


def machine_headers(headers_json: str) -> bool:
    """List mail, a campaign or a bounce: mail no buyer wrote, however long."""
    lowered = (headers_json or "").lower()
    if not any(name in lowered for name in MACHINE_HEADERS):
        return False
    headers = parse_headers(headers_json)
    if any(headers.get(name) for name in ("list-id", "list-unsubscribe", "x-campaign", "feedback-id")):
        return True
    if headers.get("precedence", "").strip() in ("bulk", "list", "junk"):
        return True
    if headers.get("return-path", "x").strip() in ("<>", ""):
        return True
    return "report" in headers.get("content-type", "")


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
