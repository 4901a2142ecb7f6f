"""Vacation notices and automatic acknowledgements without any auto-reply header, in 13 languages."""

from __future__ import annotations

import pytest

from mailcrm.engine.autoreply import is_auto_reply

NO_HEADERS = "{}"

NOTICES = {
    "en": "Hello, I am on annual leave until Monday 12 October. For urgent matters please call Sam on +44 20 0000 0000.",
    "es": "Hola, estaré de vacaciones hasta el 3 de noviembre. Para temas urgentes escriba a compras@ejemplo.es.",
    "pt": "Prezados, estou de férias até 20/01, com acesso limitado ao e-mail. Urgências: (11) 0000-0000.",
    "fr": "Bonjour, je suis en congés jusqu'au 5 janvier inclus. En cas d'urgence, contactez l'accueil.",
    "de": "Guten Tag, ich bin im Urlaub bis einschließlich 14.08. In dringenden Fällen wenden Sie sich an Frau Beck.",
    "it": "Buongiorno, sono in ferie fino al 24 agosto. Per urgenze contattare l'ufficio acquisti.",
    "ru": "Здравствуйте! Я в отпуске до 15 июля. По срочным вопросам обращайтесь к Ирине.",
    "tr": "Merhaba, 3-14 Ağustos tarihleri arasında yıllık izindeyim. Acil durumlarda satın alma birimine yazınız.",
    "pl": "Dzień dobry, do 30 kwietnia przebywam na urlopie. W pilnych sprawach proszę pisać do działu zakupów.",
    "ar": "شكرا لرسالتكم. أنا في إجازة حتى يوم الأحد، وللضرورة يرجى الاتصال بمكتب المشتريات.",
    "zh": "您好，我正在出差，11月5日之后回复您的邮件。紧急事务请联系王先生。",
    "ja": "お世話になっております。出張のため不在にしております。3月2日以降に順次返信いたします。",
    "ko": "안녕하세요. 휴가로 부재중입니다. 8월 20일 이후 회신드리겠습니다. 급한 용무는 구매팀으로 연락 바랍니다.",
    "de-ack": "Sehr geehrte Damen und Herren, Ihre Nachricht ist bei uns eingegangen und wird zeitnah bearbeitet.",
    "en-ack": "Thank you for contacting accounts payable. This is an automated reply: we will answer within 3 days.",
}

NOT_NOTICES = {
    "asks before leaving": (
        "Hi Lisa, please send the PI for PO 4471 today. I will be on holiday from Friday, so I would like to "
        "approve it before. Also confirm the delivery date. " + "Thanks and regards. " * 40
    ),
    "talks about a return": "Dear Lisa, we want to return 40 valves that arrived rusted. Please advise urgently.",
    "a holiday notice of the factory": "Please note our warehouse is closed for the national holiday on 1 May.",
}


@pytest.mark.parametrize("language", NOTICES)
def test_a_notice_without_headers_and_under_a_plain_re_is_an_auto_reply(language):
    assert is_auto_reply(NO_HEADERS, "RE: Quotation HT-Q26-0815", NOTICES[language])


@pytest.mark.parametrize("case", NOT_NOTICES)
def test_a_buyers_own_mail_is_not_taken_for_a_notice(case):
    assert not is_auto_reply(NO_HEADERS, "RE: PO 4471", NOT_NOTICES[case])
