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


# Notices of other kinds, none naming a vacation: a trade fair, a training, a business trip, the
# company closed (also announced before), a mailbox no longer read or migrating, an office move.
# Each names the event and what happens to the mail meanwhile, or says the box is not read.
EVENT_NOTICES = {
    # away at a fair, a training, on a trip
    "en-fair": "Thank you for your message. I am at the Canton Fair until 19 October with limited access to e-mail. "
    "I will reply to your e-mail on my return.",
    "es-training": "Gracias por su correo. Asisto a una formación técnica hasta el jueves y tengo acceso limitado al "
    "correo. Responderé a su mensaje a mi regreso.",
    "pt-fair": "Obrigado pelo contato. Nossa equipe está na feira Fenasucro até 22/08, com acesso restrito ao e-mail. "
    "Responderei sua mensagem no meu retorno.",
    "fr-trip": "Bonjour, je suis en voyage d'affaires en Asie jusqu'au 4 mars et je consulte mes e-mails de façon "
    "irrégulière. Je répondrai à votre message à mon retour.",
    "de-fair": "Vielen Dank für Ihre Nachricht. Vom 12. bis 16. Mai bin ich auf der Messe IFAT in München und kann "
    "meine E-Mails nur eingeschränkt lesen. Ab dem 19.05. bin ich wieder erreichbar.",
    "it-training": "Buongiorno, partecipo a un corso di formazione fino a venerdì 14 e avrò un accesso limitato alla "
    "posta. Le e-mail ricevute saranno lette al mio rientro.",
    "nl-training": "Goedendag, ik volg tot en met donderdag een training en heb beperkt toegang tot mijn e-mail. "
    "Uw bericht wordt na mijn terugkeer beantwoord.",
    "ru-fair": "Добрый день! Я нахожусь на выставке «Акватерм» до 14 февраля, доступ к почте ограничен. "
    "Отвечу на ваше письмо после возвращения.",
    "tr-fair": "Merhaba, 21-24 Kasım tarihlerinde Istanbul'da fuardayız. Bu süre içinde gelen e-postalar dönüşümüzde "
    "yanıtlanacaktır.",
    "pl-training": "Dzień dobry, do 8 października jestem na szkoleniu i mam ograniczony dostęp do poczty. "
    "Odpowiem na wiadomość po powrocie.",
    "ar-trip": "شكرا لرسالتكم. أنا في رحلة عمل إلى الصين حتى 10 مارس، وسيتم الرد على رسالتكم بعد عودتي.",
    "zh-fair": "您好，我正在参加广交会，10月20日之前查看邮件不便，回来后回复您的邮件。谢谢！",
    "ja-training": "お世話になっております。社外研修のため、3月6日までメールの確認が遅れます。ご了承ください。",
    "ko-fair": "안녕하세요. 전시회 참가로 11월 14일까지 메일 확인이 어렵습니다. 복귀 후 회신드리겠습니다.",
    # the company closed: a holiday, also announced before it
    "en-closed": "Please note our offices will be closed from 24 December to 2 January. E-mails received during "
    "this period will be answered from 5 January.",
    "es-closed": "Le informamos que nuestras oficinas permanecerán cerradas del 10 al 21 de agosto por vacaciones "
    "colectivas. Los correos recibidos serán atendidos a partir del 24 de agosto.",
    "pt-closed": "Informamos que estaremos em recesso de 22/12 a 05/01. Os e-mails recebidos neste período serão "
    "respondidos a partir de 06/01.",
    "fr-closed": "Bonjour, notre société sera fermée du 1er au 22 août (congés annuels). Les messages reçus pendant "
    "cette période seront traités à la réouverture.",
    "de-closed": "Sehr geehrte Damen und Herren, unser Betrieb ist vom 22.12. bis 06.01. geschlossen. "
    "Ihre Nachricht wird ab dem 07.01. bearbeitet.",
    "it-closed": "Gentile cliente, vi informiamo che l'azienda resterà chiusa per ferie dal 9 al 23 agosto. "
    "I messaggi saranno evasi alla riapertura.",
    "nl-closed": "Beste relatie, in verband met de bouwvak zijn wij gesloten van 27 juli tot en met 14 augustus. "
    "E-mails worden na 17 augustus beantwoord.",
    "ru-closed": "Уважаемые партнёры! С 1 по 11 января офис закрыт в связи с праздниками. "
    "Письма, полученные в этот период, будут обработаны с 12 января.",
    "tr-closed": "Sayın iş ortağımız, firmamız Kurban Bayramı nedeniyle 5-9 Haziran tarihleri arasında kapalı "
    "olacaktır. E-postalarınız 10 Haziran'dan itibaren yanıtlanacaktır.",
    "pl-closed": "Szanowni Państwo, firma będzie nieczynna od 24 grudnia do 1 stycznia. Wiadomości zostaną "
    "rozpatrzone po 2 stycznia.",
    "ar-closed": "نود إعلامكم بأن الشركة ستكون مغلقة بمناسبة عطلة عيد الأضحى من 5 إلى 9 يونيو، وسيتم الرد على "
    "رسائلكم بعد العطلة.",
    "zh-closed": "尊敬的客户：我司春节放假时间为2月5日至2月15日，期间邮件将于2月16日起陆续回复。",
    "ja-closed": "誠に勝手ながら、8月10日から8月16日まで夏季休業とさせていただきます。期間中のお問い合わせは"
    "8月17日より順次対応いたします。",
    "ko-closed": "안녕하세요. 설 연휴로 2월 9일부터 2월 12일까지 휴무입니다. 접수된 메일은 2월 13일부터 "
    "순차적으로 회신드리겠습니다.",
    # the mailbox: no longer read, a new address, a migration
    "en-box": "This mailbox is no longer monitored. Please send orders and invoices to ap@example-buyer.com.",
    "es-box": "Esta dirección de correo ya no está en uso. Por favor escriba a compras@ejemplo-comprador.es.",
    "pt-box": "Este endereço de e-mail não é mais utilizado. Favor enviar sua mensagem para compras@exemplo.com.br.",
    "fr-migration": "Bonjour, notre messagerie migre vers une nouvelle plateforme ce week-end : les messages "
    "envoyés vendredi peuvent être reçus avec du retard.",
    "de-box": "Dieses Postfach wird nicht mehr gelesen. Bitte verwenden Sie ab sofort einkauf@beispiel-kunde.de.",
    "it-box": "Questo indirizzo e-mail non è più attivo. Vi preghiamo di scrivere a acquisti@esempio-cliente.it.",
    "nl-box": "Dit e-mailadres wordt niet meer gelezen. Stuur uw bericht voortaan naar inkoop@voorbeeld-klant.nl.",
    "ru-box": "Этот почтовый ящик больше не обслуживается. Пожалуйста, пишите на zakupki@primer-klient.ru.",
    "tr-box": "Bu e-posta adresi artık kullanılmamaktadır. Lütfen yeni adresimiz satinalma@ornek-firma.com.tr'yi "
    "kullanınız.",
    "pl-migration": "Dzień dobry, w dniach 3-4 marca trwa migracja poczty na nowy serwer. Wiadomości zostaną "
    "dostarczone z opóźnieniem.",
    "ar-box": "هذا البريد لم يعد مستخدما. يرجى مراسلتنا على العنوان الجديد purchase@example-buyer.ae.",
    "zh-box": "此邮箱已停用，请将邮件发送至新邮箱 caigou@example-buyer.cn。",
    "ja-box": "このメールアドレスは現在使用しておりません。今後は新しいアドレス kobai@example-buyer.jp までお送りください。",
    "ko-box": "이 메일 주소는 더 이상 사용하지 않습니다. 새 주소 purchase@example-buyer.kr 로 보내 주시기 바랍니다.",
    # at a fair, a training, on a trip, closed: whom to ask meanwhile
    "en-fair-urgent": "Thank you for your e-mail. I am attending the Canton Fair until 20 October. "
    "For urgent matters please contact my colleague Sam Brook, sam@example-buyer.co.uk.",
    "es-feria-urgente": "Gracias por su mensaje. Estoy en la feria Expoferretera hasta el viernes. Para asuntos "
    "urgentes contacte con Marta en el 91 000 00 00.",
    "de-schulung-dringend": "Danke für Ihre Nachricht. Ich bin heute und morgen auf einer Schulung. "
    "In dringenden Fällen wenden Sie sich bitte an Herrn Kern.",
    "ru-vystavka-srochno": "Добрый день! Я на выставке до пятницы. По срочным вопросам обращайтесь к Олегу.",
    "tr-fuar-acil": "Merhaba, fuar nedeniyle ofis dışındayız. Acil konular için 0212 000 00 00 numarasını arayınız.",
    "ja-tenjikai-oisogi": "展示会出展のため、11月14日まで不在です。お急ぎの場合は営業部までお電話ください。",
    "zh-peixun-jinji": "您好，我本周参加培训。如有急事请致电0574-0000000。",
    # the office moves
    "en-move": "We are moving to new premises on 3-4 March. During the move e-mails may be delayed; we will answer "
    "them as soon as we are settled.",
    "es-move": "Estamos de mudanza del 2 al 4 de marzo. Los mensajes recibidos en estos días serán respondidos "
    "a partir del día 5.",
    "pt-move": "Estamos em mudança de escritório até 15/03. Os e-mails serão respondidos assim que possível.",
    "fr-move": "Nous déménageons ! Du 12 au 14 juin, les e-mails seront traités avec du retard. Merci de votre "
    "compréhension.",
    "de-move": "Wir ziehen um! Vom 3. bis 5. März sind wir nur eingeschränkt erreichbar. Ihre E-Mail wird nach dem "
    "Umzug beantwortet.",
    "it-move": "Ci stiamo trasferendo nella nuova sede: dal 3 al 5 marzo le e-mail saranno lette con ritardo.",
    "nl-move": "Wij verhuizen! Van 3 tot en met 5 maart zijn wij beperkt bereikbaar. E-mails worden na de verhuizing "
    "beantwoord.",
    "ru-move": "Уважаемые коллеги, в связи с переездом офиса 3-5 марта письма будут обработаны с задержкой.",
    "tr-move": "Değerli iş ortağımız, ofisimiz 3-5 Mart tarihlerinde yeni adresine taşınmaktadır. E-postalarınız "
    "gecikmeli olarak yanıtlanacaktır.",
    "pl-move": "Szanowni Państwo, w związku z przeprowadzką biura w dniach 3-5 marca odpowiemy z opóźnieniem.",
    "ar-move": "نظرا لانتقال مكاتبنا إلى مقر جديد من 3 إلى 5 مارس، سيتم الرد على رسائلكم مع بعض التأخير.",
    "zh-move": "因公司搬迁，3月3日至5日期间邮件将延迟回复，敬请谅解。",
    "ja-move": "事務所移転のため、3月3日から5日までメールの返信が遅れる場合がございます。",
    "ko-move": "사무실 이전으로 3월 3일부터 5일까지 메일 회신이 늦어질 수 있습니다. 양해 부탁드립니다.",
}

# A buyer's own mail names the same events: a trip, a fair, a holiday, a training, a new address.
NOT_EVENT_NOTICES = {
    "en-met-at-fair": "Dear Lisa, we met at the fair in Guangzhou last month. Please send your catalogue and price "
    "list for ball valves DN15-DN50; we will reply after our internal review.",
    "en-trip-meet": "Hi Lisa, I'll be in Shanghai next week for a trade show, can we meet on Wednesday?",
    "en-closed-ship": "Hi Lisa, our office will be closed 24-26 Dec, please ship before so the goods arrive on time.",
    "en-new-address": "Dear Lisa, please send the invoice to our new address: Unit 4, Riverside Park, Leeds LS10 1AB.",
    "en-fair-on-return": "Thanks Lisa. I'm at the exhibition until Friday; I'll review the offer with my boss on my "
    "return and confirm the order.",
    "es-feria": "Hola Lisa, nos vimos en la feria de Valencia. Nos interesa el modelo DN50, envíenos la cotización "
    "por favor.",
    "es-cerrado": "Lisa, la oficina estará cerrada del 24 al 26, por favor despachen antes del 20.",
    "pt-viagem": "Oi Lisa, estarei em viagem de negócios na China semana que vem. Podemos nos encontrar em Ningbo?",
    "fr-salon": "Bonjour Lisa, nous nous sommes rencontrés au salon Batimat. Merci de nous envoyer votre catalogue.",
    "de-messe": "Hallo Frau Chen, danke für das nette Gespräch auf der Messe. Bitte senden Sie uns das Angebot "
    "für 200 Kugelhähne DN25.",
    "de-geschlossen": "Hallo Lisa, unser Lager ist vom 24. bis 26.12. geschlossen, bitte liefern Sie vorher.",
    "it-fiera": "Buongiorno Lisa, ci siamo conosciuti alla fiera di Milano: ci mandi il listino aggiornato.",
    "nl-nieuw-adres": "Beste Lisa, wij zijn verhuisd. Graag de factuur naar ons nieuwe adres: Nijverheidsweg 8, Utrecht.",
    "ru-komandirovka": "Лиза, добрый день! На следующей неделе буду в командировке в Нинбо, можем встретиться?",
    "tr-fuar": "Merhaba Lisa Hanım, fuarda tanışmıştık. Küresel vana kataloğunuzu gönderebilir misiniz?",
    "pl-szkolenie": "Pani Liso, w przyszłym tygodniu mam szkolenie, proszę wysłać ofertę do piątku.",
    "ar-maard": "مرحبا ليزا، التقينا في معرض دبي الشهر الماضي. نرجو إرسال عرض السعر للصمامات.",
    "zh-zhanhui": "Lisa你好，我们在广交会上见过。请发一下球阀的报价单，谢谢。",
    "ja-shutcho": "Lisa様、来週上海に出張しますので、御社に伺ってもよろしいでしょうか。",
    "ko-chuljang": "Lisa 님, 다음 주 상하이 출장 예정입니다. 공장 방문 가능할까요?",
    # what becomes of a mail the buyer names too: forwarded, checked, sent, answered after a fair
    "en-forwarded": "Dear Lisa, thanks for your e-mail. We met at the exhibition in Dubai. Your message will be "
    "forwarded to our technical manager.",
    "en-bl-by-mail": "Hi Lisa, our warehouse will be closed 24-26 Dec. Please ship before; the e-mails with the B/L "
    "should go to logistics@example-buyer.com.",
    "en-old-address-closed": "Dear Lisa, please note our new email address purchasing@example-buyer.com; the old one "
    "will be closed. Please send the PI there.",
    "de-weitergeleitet": "Hallo Frau Chen, wir sind nächste Woche auf der Messe. Ihre Nachricht wird an Herrn Bauer "
    "weitergeleitet, er meldet sich.",
    "es-pedido-atendido": "Lisa, la oficina estará cerrada la semana que viene; su pedido será atendido por Juan.",
    "it-bonifico": "Buongiorno Lisa, siamo stati alla fiera di Milano. Il bonifico è partito con ritardo per la "
    "chiusura di fine mese.",
    "ru-oplata": "Лиза, добрый день! Офис закрыт на праздники, оплата будет с задержкой, письма будут приходить на "
    "новый адрес.",
    "pl-po-targach": "Pani Liso, po targach odpowiem na wiadomość z ofertą. Proszę o zdjęcia zaworów.",
    "zh-after-fair": "Lisa你好，我下周去广交会，回来后回复邮件确认订单。",
    "ja-checked": "Lisa様、展示会の件、メールを確認しました。来週発注いたします。",
    "en-fair-urgently": "Hi Lisa, we met at the fair in Dubai. We urgently need 200 ball valves DN25, please quote.",
    "de-messe-dringend": "Hallo Lisa, auf der Messe haben wir über die Kugelhähne gesprochen; wir brauchen sie dringend.",
    "ko-checked": "Lisa 님, 전시회에서 뵙게 되어 반가웠습니다. 메일 확인했습니다. 견적 부탁드립니다.",
}


@pytest.mark.parametrize("kind", EVENT_NOTICES)
def test_a_fair_a_training_a_closure_a_move_or_a_dead_mailbox_is_an_auto_reply(kind):
    assert is_auto_reply(NO_HEADERS, "RE: Quotation HT-Q26-0815", EVENT_NOTICES[kind])


@pytest.mark.parametrize("case", NOT_EVENT_NOTICES)
def test_a_buyer_naming_a_trip_a_fair_a_closure_or_a_new_address_is_not_a_notice(case):
    assert not is_auto_reply(NO_HEADERS, "RE: Quotation HT-Q26-0815", NOT_EVENT_NOTICES[case])


def test_every_wording_of_the_mails_fate_contains_a_word_looked_for_first():
    from mailcrm.engine.autoreply import BOX_GONE, MAIL_FATE, MAIL_KEYS, URGENT_CONTACT

    assert [p for p in MAIL_FATE + BOX_GONE + URGENT_CONTACT if not any(key in p for key in MAIL_KEYS)] == []
