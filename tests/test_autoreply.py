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
    # being away in other grammatical forms, and cues folded like the mail ("حتى" is "حتي")
    "ru-annual": "Здравствуйте! Я нахожусь в ежегодном отпуске до 5 ноября включительно. По срочным вопросам — к Ирине.",
    "pt-em-ferias": "Olá, estou em férias de 09/11 a 23/11, com acesso restrito ao e-mail. Assuntos urgentes: compras.",
    "ar-annual": "شكراً لرسالتكم. أنا حالياً في إجازة سنوية حتى 22 نوفمبر، للأمور العاجلة يرجى التواصل مع خالد.",
    "nl": "Goedendag, ik ben met vakantie tot en met 14 augustus. Voor dringende zaken kunt u contact opnemen met inkoop.",
    "it-trip": "Buongiorno, sarò in trasferta fino al 12 marzo. Per urgenze contattare l'ufficio acquisti.",
    "tr-trip": "Merhaba, iş seyahatindeyim, 12 Mart'a kadar e-postalarıma bakamayacağım. Acil konular için satın alma.",
    "zh-annual": "您好，我目前休年假，3月12日之后回复。紧急事务请联系采购部。",
    "ko-annual": "안녕하세요. 연차로 3월 12일까지 부재중입니다. 급한 용무는 구매팀으로 연락 바랍니다.",
    "tr-ack": "Sayın İlgili, e-postanız birimimize ulaşmıştır. Talebiniz en kısa sürede değerlendirilecektir.",
    "it-ack": "Gentile cliente, abbiamo ricevuto il Suo messaggio, che sarà gestito dal personale dell'ufficio.",
    # longer leaves, and someone who left (a notice's cue: not forwarded, please contact)
    "nl-maternity": "Beste afzender, ik ben met zwangerschapsverlof tot en met 2 maart. Voor inkoopzaken: inkoop@x.nl.",
    "ko-parental": "안녕하세요. 저는 2027년 10월 31일까지 육아휴직 중입니다. 업무 문의는 구매팀으로 연락 부탁드립니다.",
    "fr-maternity": "Bonjour, je suis en congé maternité jusqu'au 15 avril. Pour toute demande, contactez achats@x.fr.",
    "de-left": "Herr Gruber ist nicht mehr in unserem Unternehmen tätig. Ihre Nachricht wird nicht weitergeleitet.",
    "en-left": "Ms Patel is no longer with the company. Please contact purchasing@example.co.uk for any matter.",
    "tr-left": "Sayın ilgili, Ayşe Demir şirketimizden ayrılmıştır. Lütfen satinalma@ornek.com.tr ile iletişime geçiniz.",
    "ja-left": "山田は退職いたしました。今後のご連絡は購買部の佐藤までご連絡ください。",
    "zh-left": "您好，李伟强已于10月31日离职，此邮箱不再有人处理。业务请联系陈美玲。",
    "de-military": "Ich leiste bis am 11. Dezember Militärdienst. Bei Dringendem: einkauf@beispiel.ch",
    "nl-paternity": "Ik ben met vaderschapsverlof tot en met 2 december. Voor dringende vragen: aankoop@x.be.",
    "tr-closed": "Firmamız yıllık bakım nedeniyle 19-26 Kasım tarihleri arasında kapalıdır. Acil durumlarda arayınız.",
    "en-unmonitored": "Thank you for contacting accounts. This inbox is not monitored: please use our AP portal.",
}

NOT_NOTICES = {
    "asks before leaving": (
        "Hi Lisa, please send the PI for PO 4471 today. I will be on holiday from Friday, so I would like to "
        "approve it before. Also confirm the delivery date. " + "Thanks and regards. " * 40
    ),
    "talks about a return": "Dear Lisa, we want to return 40 valves that arrived rusted. Please advise urgently.",
    "a holiday notice of the factory": "Please note our warehouse is closed for the national holiday on 1 May.",
    # a buyer's short reply that they got our mail and will come back to it
    "es-thanks": "Perfecto, gracias Lisa. Quedo a la espera.\n\nJordi\n\nEnviado desde mi iPhone",
    "ja-checking": "Lisa様\n\nお見積ありがとうございます。\n社内で確認のうえ、改めてご連絡いたします。\n\n中村",
    "tr-received": "Teşekkürler Lisa Hanım, teklifi aldım.\nMüdürümüzle değerlendirip size döneceğim.\n\nMurat",
    "en-received": "Thanks Lisa, we have received your quotation and will revert after the meeting on Tuesday.",
    "en-back-to-you": "Dear Lisa, we have received your email, thanks. I will be back to you next week with our PO.",
    "zh-received": "收到，谢谢！已收到您的邮件，我先转给客户，有消息再联系你。",
    "es-received": "Hola Lisa, hemos recibido su cotización, la revisamos con gerencia y le comento la próxima semana.",
    "de-received": "Sehr geehrte Frau Chen, wir haben Ihre E-Mail erhalten, vielen Dank. Wir melden uns bis Freitag.",
    "pt-received": "Olá Lisa, recebi, obrigado. Vou apresentar para a diretoria na reunião de quinta e te retorno.",
    "ru-ex-works": "Здравствуйте, Лиза! Письмо получили, спасибо. Отпускная цена устраивает, ответим до пятницы.",
    "asks while away": "Lisa, I will be on holiday until 20 March. Could you send the PI before Friday so I can approve it?",
    "a successor writes": "Dear Lisa, Mr Gruber has left the company and I took over purchasing. We would like to "
    "order 40 more DN80 valves as per your last quotation; the PO follows by Friday.",
}


@pytest.mark.parametrize("language", NOTICES)
def test_a_notice_without_headers_and_under_a_plain_re_is_an_auto_reply(language):
    assert is_auto_reply(NO_HEADERS, "RE: Quotation HT-Q26-0815", NOTICES[language])


@pytest.mark.parametrize("case", NOT_NOTICES)
def test_a_buyers_own_mail_is_not_taken_for_a_notice(case):
    assert not is_auto_reply(NO_HEADERS, "RE: PO 4471", NOT_NOTICES[case])


ERP_RFQ = (
    "ZAPYTANIE OFERTOWE NR ZO/2026/1187\nData: 26.11.2026\n\n"
    + "1    | ZAS-080-16 | Zasuwa klinowa miękkouszczelniona DN80 PN16 krótka | 600 | szt.\n" * 8
    + "\nUwagi kupca:\nDzień dobry, prosimy o ofertę cenową CIP Poznań na powyższe pozycje. Preferujemy płatność "
    "akredytywą (L/C) na 60 dni - prosimy uwzględnić w ofercie. Pozdrawiam,\nKatarzyna Nowicka\n\n"
    "Niniejsza wiadomość została wygenerowana automatycznie przez system ERP. Prosimy nie odpowiadać na ten adres - "
    "korespondencję prosimy kierować do kupca prowadzącego.\n"
)


def test_a_long_document_from_a_no_reply_address_is_read_as_mail():
    # an ERP's RFQ from "noreply-zakupy@…": no list or bounce header, far longer than a notice
    assert len(ERP_RFQ) > 900
    assert not is_auto_reply(NO_HEADERS, "Zapytanie ofertowe nr ZO/2026/1187", ERP_RFQ, automated=True)


def test_list_mail_and_bounces_from_automated_senders_stay_machine_mail():
    assert is_auto_reply('{"List-Id": "<news.example.com>"}', "Newsletter", ERP_RFQ, automated=True)
    assert is_auto_reply('{"Return-Path": "<>"}', "Undelivered Mail", ERP_RFQ, automated=True)
    assert is_auto_reply('{"Content-Type": "multipart/report"}', "Delivery Status", ERP_RFQ, automated=True)
    assert is_auto_reply(NO_HEADERS, "Password reset", "Your password was reset.", automated=True)
