"""mail.segments: who is speaking in a body (new text, signature, disclaimer, quoted, forwarded)."""

from __future__ import annotations

import pytest

from mailcrm.mail.segments import Segment, author_domain, segment


def kinds(body: str) -> list[str]:
    return [s.kind for s in cut(body)]


def cut(body: str) -> list[Segment]:
    """segment(), checked for what every caller relies on: the texts joined are the body, in order."""
    segments = segment(body)
    assert "".join(s.text for s in segments) == body
    position = 0
    for s in segments:
        assert s.start == position and body[s.start : s.start + len(s.text)] == s.text
        assert s.text.strip(), f"blank {s.kind} segment"
        position += len(s.text)
    return segments


def text_of(body: str, kind: str) -> str:
    return "".join(s.text for s in cut(body) if s.kind == kind)


def only(body: str, kind: str) -> Segment:
    found = [s for s in cut(body) if s.kind == kind]
    assert len(found) == 1, [(s.kind, s.text) for s in cut(body)]
    return found[0]


# -- replies: one header line per language ----------------------------------------------------

REPLY_HEADERS = [
    ("en", "On Mon, 3 Mar 2025 at 10:00, Lisa Wang <Lisa@hengtai.cn> wrote:", "lisa@hengtai.cn"),
    ("en", "On 3/3/2025 10:00 AM, Lisa Wang wrote:", "Lisa Wang"),
    ("es", "El lun, 3 mar 2025 a las 10:00, Lisa Wang (<lisa@hengtai.cn>) escribió:", "lisa@hengtai.cn"),
    ("pt", "Em seg., 3 de mar. de 2025 às 10:00, Lisa Wang <lisa@hengtai.cn> escreveu:", "lisa@hengtai.cn"),
    ("fr", "Le lun. 3 mars 2025 à 10:00, Lisa Wang <lisa@hengtai.cn> a écrit :", "lisa@hengtai.cn"),
    ("de", "Am Mo., 3. März 2025 um 10:00 Uhr schrieb Lisa Wang <lisa@hengtai.cn>:", "lisa@hengtai.cn"),
    ("de", "Am 03.03.2025 um 10:00 schrieb Lisa Wang:", "Lisa Wang"),
    ("de", "Lisa Wang schrieb am 03.03.2025 um 10:00:", "Lisa Wang"),
    ("it", "Il giorno lun 3 mar 2025 alle ore 10:00 Lisa Wang <lisa@hengtai.cn> ha scritto:", "lisa@hengtai.cn"),
    ("ru", "3 марта 2025 г., в 10:00, Лиза Ван <lisa@hengtai.cn> написал(а):", "lisa@hengtai.cn"),
    ("ru", "Лиза Ван пишет:", "Лиза Ван"),
    ("ru", "пн, 3 мар. 2025 г. в 10:00, Лиза Ван <lisa@hengtai.cn>:", "lisa@hengtai.cn"),
    ("zh", "在 2025年3月3日 周一 10:00，王丽 <lisa@hengtai.cn> 写道：", "lisa@hengtai.cn"),
    ("zh", "王丽 于2025年3月3日周一 10:00写道：", "王丽"),
    ("ja", "2025/03/03 10:00、Lisa Wang <lisa@hengtai.cn> のメッセージ:", "lisa@hengtai.cn"),
    ("ja", "2025年3月3日(月) 10:00 Lisa Wang <lisa@hengtai.cn>:", "lisa@hengtai.cn"),
    ("tr", "3 Mar 2025 Pzt, saat 10:00 tarihinde Lisa Wang <lisa@hengtai.cn> şunu yazdı:", "lisa@hengtai.cn"),
    ("tr", "3 Mar 2025 Pzt, saat 10:00 tarihinde Lisa Wang şunu yazdı:", "Lisa Wang"),
    ("pl", "W dniu 3.03.2025 o 10:00, Lisa Wang pisze:", "Lisa Wang"),
    ("pl", "pon., 3 mar 2025 o 10:00 Lisa Wang <lisa@hengtai.cn> napisał(a):", "lisa@hengtai.cn"),
    ("ko", "2025년 3월 3일 (월) 오전 10:00, Lisa Wang님이 작성:", "Lisa Wang"),
    ("nl", "Op ma 3 mrt 2025 om 10:00 schreef Lisa Wang <lisa@hengtai.cn>:", "lisa@hengtai.cn"),
    ("ar", "في الاثنين، 3 مارس 2025 في 10:00 ص، كتب Lisa Wang <lisa@hengtai.cn>:", "lisa@hengtai.cn"),
    ("ar", "في الاثنين، 3 مارس 2025 في 10:00 ص، كتب ليزا وانغ:", "ليزا وانغ"),
]


@pytest.mark.parametrize(
    "language,header,author", REPLY_HEADERS, ids=[f"{r[0]}-{i}" for i, r in enumerate(REPLY_HEADERS)]
)
def test_reply_header_starts_the_quote_with_its_author(language, header, author):
    body = f"Dear Lisa,\n\nWe accept the price, please send the PI.\n\nBest regards\nJuan\n\n{header}\n> Dear Juan,\n> our offer is attached.\n"
    segments = cut(body)
    assert [s.kind for s in segments] == ["new", "signature", "quoted"]
    assert segments[0].text == "Dear Lisa,\n\nWe accept the price, please send the PI.\n\n"
    assert segments[2].text.startswith(header) and segments[2].author == author


def test_reply_line_wrapped_by_gmail_over_two_lines():
    body = (
        "Confirmed, thanks.\n\nOn Mon, 3 Mar 2025 at 10:00, Lisa Wang from Ningbo Hengtai Valve Co <\n"
        "lisa@hengtai.cn> wrote:\n> Please confirm the order.\n"
    )
    quoted = only(body, "quoted")
    assert quoted.text.startswith("On Mon, 3 Mar") and quoted.author == "lisa@hengtai.cn"
    assert text_of(body, "new") == "Confirmed, thanks.\n\n"


def test_a_sentence_ending_in_wrote_stays_new():
    body = "Hi Lisa,\n\nThis is what our engineer wrote:\nthe seat must be PTFE.\n\nTom\n"
    assert "quoted" not in kinds(body)
    assert "our engineer wrote:" in text_of(body, "new")


# -- Outlook header blocks ---------------------------------------------------------------------

OUTLOOK_BLOCKS = [
    (
        "en",
        "From: Lisa Wang [mailto:lisa@hengtai.cn]\nSent: Monday, March 3, 2025 10:00 AM\nTo: Hans\nSubject: RE: Offer",
    ),
    (
        "de",
        "Von: Lisa Wang <lisa@hengtai.cn>\nGesendet: Montag, 3. März 2025 10:00\nAn: Hans Müller\nBetreff: AW: Angebot",
    ),
    ("fr", "De : Lisa Wang <lisa@hengtai.cn>\nEnvoyé : lundi 3 mars 2025 10:00\nÀ : Marie\nObjet : RE: Offre"),
    (
        "es",
        "De: Lisa Wang <lisa@hengtai.cn>\nEnviado el: lunes, 3 de marzo de 2025 10:00\nPara: Carlos\nAsunto: RE: Oferta",
    ),
    ("it", "Da: Lisa Wang <lisa@hengtai.cn>\nInviato: lunedì 3 marzo 2025 10:00\nA: Marco\nOggetto: R: Offerta"),
    ("ru", "От: Lisa Wang <lisa@hengtai.cn>\nОтправлено: 3 марта 2025 г. 10:00\nКому: Иван\nТема: RE: Предложение"),
    ("pl", "Od: Lisa Wang <lisa@hengtai.cn>\nWysłano: poniedziałek, 3 marca 2025 10:00\nDo: Piotr\nTemat: RE: Oferta"),
    (
        "tr",
        "Kimden: Lisa Wang <lisa@hengtai.cn>\nGönderildi: 3 Mart 2025 Pazartesi 10:00\nKime: Ahmet\nKonu: RE: Teklif",
    ),
    ("ja", "差出人: Lisa Wang <lisa@hengtai.cn>\n送信日時: 2025年3月3日 10:00\n宛先: 田中\n件名: RE: 見積"),
    (
        "ko",
        "보낸 사람: Lisa Wang <lisa@hengtai.cn>\n보낸 날짜: 2025년 3월 3일 월요일 오전 10:00\n받는 사람: 김\n제목: RE: 견적",
    ),
    ("ar", "من: Lisa Wang <lisa@hengtai.cn>\nتاريخ: 3 مارس 2025 10:00\nإلى: أحمد\nالموضوع: RE: عرض"),
    ("zh", "发件人: Lisa Wang <lisa@hengtai.cn>\n发送时间: 2025年3月3日 10:00\n收件人: 王先生\n主题: 回复: 报价"),
    (
        "zh-tw",
        "寄件者: Lisa Wang <lisa@hengtai.cn>\n寄件日期: 2025年3月3日 上午 10:00\n收件者: 陳先生\n主旨: 回覆: 報價",
    ),
    ("nl", "Van: Lisa Wang <lisa@hengtai.cn>\nVerzonden: maandag 3 maart 2025 10:00\nAan: Jan\nOnderwerp: RE: Offerte"),
]


@pytest.mark.parametrize("language,block", OUTLOOK_BLOCKS, ids=[b[0] for b in OUTLOOK_BLOCKS])
def test_outlook_header_block_starts_the_quote(language, block):
    body = f"OK, we order 300 pcs.\n\nHans\n\n{block}\n\nPlease find our offer attached.\nLisa\n"
    quoted = only(body, "quoted")
    assert quoted.text.startswith(block) and quoted.text.endswith("Lisa\n")
    assert quoted.author == "lisa@hengtai.cn"
    assert text_of(body, "new").startswith("OK, we order 300 pcs.")


def test_outlook_thread_gives_each_earlier_mail_its_own_segment_and_author():
    body = (
        "Hans, see the drawing below.\n\n"
        "________________________________\n"
        "From: Hans Müller <hans@mueller-armaturen.de>\nSent: Tuesday, March 4, 2025 9:00 AM\nTo: Lisa Wang\n"
        "Subject: RE: Offer\n\nWhich flange standard?\n\n"
        "From: Lisa Wang\nSent: Monday, March 3, 2025 10:00 AM\nTo: Hans Müller\nSubject: Offer\n\nOur offer.\n"
    )
    quoted = [s for s in cut(body) if s.kind == "quoted"]
    assert [q.author for q in quoted] == ["hans@mueller-armaturen.de", "Lisa Wang"]
    assert quoted[0].text.startswith("____") and "Which flange standard?" in quoted[0].text
    assert quoted[1].text.endswith("Our offer.\n")


def test_freight_lines_with_from_and_to_are_not_a_header():
    body = "Dear Lisa,\n\nplease quote sea freight:\nFrom: Ningbo\nTo: Hamburg\n20GP x 2\n\nThanks\nHans\n"
    assert "quoted" not in kinds(body)


def test_qq_original_message_block():
    body = (
        "王先生您好，\n\n价格可以接受，请安排发货。\n\n"
        "------------------ 原始邮件 ------------------\n"
        '发件人: "Lisa Wang"<Lisa@hengtai.cn>;\n'
        "发送时间: 2025年3月3日(星期一) 上午10:00\n"
        '收件人: "王先生"<wang@buyer.cn>;\n'
        "主题: 报价\n\n附件是报价单。\n"
    )
    quoted = only(body, "quoted")
    assert quoted.text.startswith("------------------ 原始邮件") and quoted.author == "lisa@hengtai.cn"
    assert text_of(body, "new") == "王先生您好，\n\n价格可以接受，请安排发货。\n\n"


@pytest.mark.parametrize(
    "separator",
    ["-----Original Message-----", "-----Ursprüngliche Nachricht-----", "-------- Message d'origine --------",
     "-----Mensaje original-----", "-----Mensagem original-----", "-----Messaggio originale-----",
     "-----Исходное сообщение-----", "-----Oryginalna wiadomość-----", "-----Orijinal Mesaj-----",
     "-----元のメッセージ-----", "-----원본 메시지-----", "-----الرسالة الأصلية-----"],
)  # fmt: skip
def test_original_message_separators(separator):
    body = f"Noted.\n\n{separator}\nFrom: Lisa Wang <lisa@hengtai.cn>\nSent: 3 March 2025 10:00\n\nOffer attached.\n"
    quoted = only(body, "quoted")
    assert quoted.text.startswith(separator) and quoted.author == "lisa@hengtai.cn"


def test_original_message_in_a_sentence_stays_new():
    body = "Dear Lisa,\n\nThe original message was lost, please resend the offer.\n-----\nRegards, Hans\n"
    assert "quoted" not in kinds(body)
    assert "The original message was lost" in text_of(body, "new")


# -- forwards ----------------------------------------------------------------------------------

FORWARD_SEPARATORS = [
    "---------- Forwarded message ---------",
    "Begin forwarded message:",
    "-------- Weitergeleitete Nachricht --------",
    "-------- Message transféré --------",
    "---------- Mensaje reenviado ----------",
    "---------- Mensagem encaminhada ---------",
    "---------- Messaggio inoltrato ---------",
    "-------- Пересылаемое сообщение --------",
    "---------- 转发的邮件 ----------",
    "---------- İletilen mesaj ----------",
    "---------- Przekazana wiadomość ---------",
    "---------- 転送されたメッセージ ---------",
    "---------- 전달된 메시지 ---------",
    "---------- Doorgestuurd bericht ---------",
]


@pytest.mark.parametrize("separator", FORWARD_SEPARATORS)
def test_forward_separator_and_its_author(separator):
    body = (
        f"FYI\n\n{separator}\n\nFrom: Ana Costa <ana@cliente.com.br>\nDate: Mon, 3 Mar 2025 10:00\n"
        "Subject: Cotação\nTo: Tom <tom@dist.com>\n\nPor favor, cotar 200 válvulas.\n"
    )
    forwarded = only(body, "forwarded")
    assert forwarded.text.startswith(separator) and forwarded.text.endswith("200 válvulas.\n")
    assert forwarded.author == "ana@cliente.com.br"
    assert text_of(body, "new") == "FYI\n\n"


def test_distributor_note_above_a_forwarded_end_customer_rfq():
    body = (
        "Hi Lisa,\n\nOur customer in Chile needs the valves below by May. Please give us your best price.\n\n"
        "Thanks & regards\nTom Becker\nSales Director | Becker Industrial Supply\nMob: +49 170 1234567\n\n"
        "---------- Forwarded message ---------\n"
        "From: Carlos Pérez <Carlos.Perez@minera-andes.cl>\nDate: Mon, 3 Mar 2025 at 10:00\n"
        "Subject: RFQ ball valves\nTo: Tom Becker <tom@becker-industrial.de>\n\n"
        "Estimado Tom:\n\nNecesitamos 200 válvulas de bola DN80 PN40.\n\nSaludos\nCarlos Pérez\nMinera Andes\n"
    )
    segments = cut(body)
    assert [s.kind for s in segments] == ["new", "signature", "forwarded"]
    assert segments[0].text.startswith("Hi Lisa,") and "best price." in segments[0].text
    assert segments[1].text.startswith("Thanks & regards\nTom Becker")
    assert segments[2].author == "carlos.perez@minera-andes.cl"
    assert author_domain(segments[2].author) == "minera-andes.cl"
    assert "Saludos\nCarlos Pérez" in segments[2].text  # a signature inside forwarded mail is not split off


# -- nested and inline quotes ------------------------------------------------------------------


def test_nested_quotes_each_header_its_own_segment():
    body = (
        "Yes, DN50.\n\n"
        "On Tue, 4 Mar 2025 at 09:00, Hans Müller <hans@mueller-armaturen.de> wrote:\n"
        "> Which size?\n>\n"
        "> Am Mo., 3. März 2025 um 10:00 Uhr schrieb Lisa Wang <lisa@hengtai.cn>:\n"
        ">> Our offer is attached.\n>>\n>> Best regards\n>> Lisa\n"
    )
    segments = cut(body)
    assert [(s.kind, s.author) for s in segments] == [
        ("new", None),
        ("quoted", "hans@mueller-armaturen.de"),
        ("quoted", "lisa@hengtai.cn"),
    ]
    assert segments[2].text.startswith("> Am Mo.") and segments[2].text.endswith(">> Lisa\n")


def test_reply_quoted_inside_an_outlook_block_belongs_to_that_block():
    body = (
        "Price accepted.\n\n------------------ Original ------------------\n"
        "From: Raj Patel <raj@patel-pumps.in>\nDate: Fri, Jul 17, 2026 10:00\nTo: Lisa\nSubject: RE: Offer\n\n"
        "Can you do USD 17?\n\nOn Fri, Jul 10, 2026 at 2:12 PM Lisa Chen <lisa@hengtai.cn> wrote:\n\n"
        "> Our price is USD 18.\n\n[...]\n"
    )
    segments = cut(body)
    assert [(s.kind, s.author) for s in segments] == [
        ("new", None),
        ("quoted", "raj@patel-pumps.in"),
        ("quoted", "lisa@hengtai.cn"),
    ]
    assert segments[2].text.endswith("[...]\n")  # the Outlook block's history, not the sender's text


def test_the_bat_you_wrote_names_nobody():
    body = "OK.\n\nHello Hans,\n\n03.03.2026 10:00 you wrote:\n> Please confirm.\n"
    assert only(body, "quoted").author is None


def test_inline_reply_between_quoted_lines_is_new():
    body = "> Can you ship in May?\nYes, end of May.\n\n> And the price?\nUnchanged.\n"
    segments = cut(body)
    assert [s.kind for s in segments] == ["quoted", "new", "quoted", "new"]
    assert segments[1].text.startswith("Yes, end of May.") and segments[0].author is None


def test_quoted_lines_without_header_have_no_author():
    body = "Agreed.\n\n> please confirm the 3% discount\n"
    assert only(body, "quoted").author is None
    assert text_of(body, "new") == "Agreed.\n\n"


# -- signatures --------------------------------------------------------------------------------


def test_signature_with_valediction_phone_slogan_and_certificates():
    signature = (
        "Best regards\nLisa Wang\nExport Sales Manager\nNingbo Hengtai Valve Co., Ltd.\n"
        "Tel: +86 574 8888 6666 | Fax: +86 574 8888 6667\nMobile/WhatsApp: +86 138 0000 1234\n"
        "Add: No. 8 Industrial Road, Beilun, Ningbo, China\nwww.hengtai-valve.example\n"
        "Your reliable valve partner since 1998\nISO 9001 | CE | API 6D certified\n"
    )
    body = f"Dear Hans,\n\nPlease find the revised offer attached.\n\n{signature}"
    assert text_of(body, "signature") == signature
    assert text_of(body, "new") == "Dear Hans,\n\nPlease find the revised offer attached.\n\n"


VALEDICTIONS = [
    "Kind regards",
    "Thanks & regards",
    "Saludos",
    "Atentamente",
    "Un saludo",
    "Cordialement",
    "Bien à vous",
    "Mit freundlichen Grüßen",
    "Viele Grüße",
    "LG",
    "Cordiali saluti",
    "Distinti saluti",
    "Atenciosamente",
    "Abraços",
    "С уважением,",
    "مع تحياتي",
    "تحياتي",
    "此致\n敬礼！",
    "祝好",
    "谢谢！",
    "よろしくお願いいたします。",
    "Saygılarımla",
    "Saygılarımızla",
    "Pozdrawiam",
    "Z poważaniem",
    "감사합니다.",
    "Met vriendelijke groet,",
    "Best regards, Tom",
    "Mit freundlichen Grüßen / Best regards",
]


@pytest.mark.parametrize("valediction", VALEDICTIONS)
def test_valediction_opens_the_signature(valediction):
    body = f"Hello,\n\nthe samples arrived today.\n\n{valediction}\nTom Becker\nBecker GmbH\n"
    assert text_of(body, "signature") == f"{valediction}\nTom Becker\nBecker GmbH\n"
    assert text_of(body, "new") == "Hello,\n\nthe samples arrived today.\n\n"


def test_contact_lines_without_valediction_are_a_signature():
    body = (
        "Hi Lisa, the container left today.\n\nTom Becker\nBecker Industrial Supply\n"
        "Tel: +49 40 1234567\ntom@becker-industrial.de\n"
    )
    assert text_of(body, "signature").startswith("Tom Becker\n")
    assert text_of(body, "new") == "Hi Lisa, the container left today.\n\n"


def test_dash_dash_line_opens_the_signature():
    body = "Samples sent by DHL.\n\n-- \nTom Becker\nBecker GmbH\n"
    assert text_of(body, "signature") == "-- \nTom Becker\nBecker GmbH\n"


def test_sent_from_my_phone_is_a_signature():
    body = "OK, go ahead.\n\nSent from my iPhone\n"
    assert kinds(body) == ["new", "signature"]


@pytest.mark.parametrize(
    "body",
    [
        "Se vocês chegarem perto desse preço, fechamos.\n\nAbraço,\n\nFábio Drummond\nComprador Sênior\n"
        "Serra Azul Montagens Ltda.\nISO 9001 | ISO 14001\n\nEnviado do meu iPhone\n",
        "Please confirm the new price.\n\nBest regards,\nJohn Miller\nBuyer\nISO 9001 certified\n\n"
        "Sent from my iPhone\n",
        "Bitte um neues Angebot.\n\nViele Grüße\nMarkus Huber\nISO 50001 zertifiziert\nVon meinem iPhone gesendet\n",
    ],
)
def test_sent_from_my_phone_below_a_whole_signature(body):
    signature = text_of(body, "signature")
    assert "ISO" in signature and "ISO" not in text_of(body, "new")


def test_greeting_dear_lisa_stays_new_in_a_short_mail():
    body = "Dear Lisa,\n\nThanks!\n\nTom\n"
    assert text_of(body, "new").startswith("Dear Lisa,")


def test_short_lines_of_the_body_stay_new():
    body = "Dear Lisa,\n\nOK for DN50.\nNot for DN80.\nPlease revise.\n\nBest regards\nTom\n"
    assert text_of(body, "new") == "Dear Lisa,\n\nOK for DN50.\nNot for DN80.\nPlease revise.\n\n"


# -- disclaimers -------------------------------------------------------------------------------

DISCLAIMERS = [
    "Administratorem Pani/Pana danych osobowych jest Centrum Zaopatrzenia Sp. z o.o. Dane przetwarzane są zgodnie "
    "z RODO. System zarządzania certyfikowany: ISO 9001 / ISO 14001.",
    "Niniejsza wiadomość została wygenerowana automatycznie przez system ERP. Prosimy nie odpowiadać na ten adres.",
    "This message was generated automatically by our purchasing system. Please do not reply to this address.",
    "Ihre personenbezogenen Daten verarbeiten wir gemäß DSGVO. Verantwortlich ist die Muster GmbH.",
    "CONFIDENTIALITY NOTICE: This e-mail and any attachments are confidential and may be privileged. "
    "If you are not the intended recipient, please delete it.",
    "This e-mail and any attachments are confidential and intended solely for the addressee.",
    "Diese E-Mail enthält vertrauliche Informationen. Wenn Sie nicht der richtige Adressat sind, löschen Sie sie bitte.",
    "Este mensaje y sus anexos son confidenciales y para uso exclusivo del destinatario.",
    "Ce message et ses pièces jointes sont confidentiels et destinés exclusivement à leur destinataire.",
    "本邮件及其附件含有恒泰阀门的机密信息，仅限于发送给上面地址中列出的个人或群组。",
    "Please consider the environment before printing this email.",
]


@pytest.mark.parametrize("disclaimer", DISCLAIMERS, ids=range(len(DISCLAIMERS)))
def test_disclaimer_after_the_signature(disclaimer):
    body = f"Dear Hans,\n\nthe offer is attached.\n\nBest regards\nLisa Wang\nTel: +86 574 8888 6666\n\n{disclaimer}\n"
    assert text_of(body, "disclaimer") == f"{disclaimer}\n"
    assert text_of(body, "signature").startswith("Best regards\nLisa Wang")


def test_environment_line_at_the_end_of_a_signature():
    body = "Offer attached.\n\nBest regards\nLisa\nPlease consider the environment before printing this e-mail.\n"
    assert text_of(body, "disclaimer") == "Please consider the environment before printing this e-mail.\n"
    assert text_of(body, "signature") == "Best regards\nLisa\n"


def test_confidential_in_a_sentence_stays_new():
    body = "Dear Lisa,\n\nThis email confirms our order. The prices are confidential.\n\nBest regards\nHans\n"
    assert "disclaimer" not in kinds(body)


def test_disclaimer_below_the_quote_is_a_disclaimer():
    body = "Fine.\n\nOn 3 Mar 2025, Lisa <lisa@hengtai.cn> wrote:\n> Offer attached.\n\nThis message is confidential and intended only for the addressee.\n"
    assert kinds(body) == ["new", "quoted", "disclaimer"]


# -- plain bodies and helpers ------------------------------------------------------------------


def test_body_without_markers_is_one_new_segment():
    body = "Dear Lisa,\n\nplease send 2 samples of DN25 to our Hamburg office.\nWe will test them next week.\n"
    assert cut(body) == [Segment("new", body, None, 0)]


def test_empty_body():
    assert segment("") == []


def test_author_domain():
    assert author_domain("lisa@hengtai.cn") == "hengtai.cn"
    assert author_domain("Lisa Wang") is None
    assert author_domain(None) is None


def kinds_and_text(body: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for piece in segment(body):
        found[piece.kind] = found.get(piece.kind, "") + piece.text
    return found


def test_a_closing_paragraph_with_one_phone_line_is_a_signature():
    body = (
        "Lisa 你好，\n\n合同已经盖章回传，定金今天已经电汇。\n\n"
        "王建华\n宁波某某进出口有限公司 | 总经理\n手机：135 0000 2046\n绿色制造 · 节能环保\n"
    )
    parts = kinds_and_text(body)
    assert "节能环保" in parts["signature"] and "手机" in parts["signature"]
    assert "定金今天已经电汇" in parts["new"] and "节能环保" not in parts["new"]


def test_one_phone_line_inside_the_text_is_not_a_signature():
    body = (
        "Hi Lisa,\n\nplease call our site manager today.\nTel: +44 20 0000 1111\nThanks for the quick help with it.\n"
    )
    assert kinds_and_text(body) == {"new": body}


def test_arabic_outlook_block_with_sent_date_key_and_a_waw_valediction():
    body = (
        "نرجو ارسال عرض السعر.\n\nوشكرا\nمحمد\nهاتف: +971 4 000 0000\nشركة معتمدة ISO 9001\n\n"
        "من: Lisa Chen <lisa@hengtai-valve.com>\nتاريخ الإرسال: الأربعاء، 21 أكتوبر 2026 10:02 ص\n"
        "إلى: m@example.ae\nالموضوع: RE: Inquiry\n\nDear Mr. Mohammed, our catalogue is attached.\n"
    )
    pieces = segment(body)
    assert [p.kind for p in pieces] == ["new", "signature", "quoted"]
    assert "ISO 9001" in pieces[1].text and pieces[2].author == "lisa@hengtai-valve.com"


def test_a_signature_with_a_company_ending_in_a_period_and_a_phone_without_colon():
    body = (
        "Ciao Lisa,\n\nti giro la risposta del cliente.\n\nGiulia\n\n"
        "Giulia Bortolin\nUfficio Acquisti - Idraulica Berica S.r.l.\nTel. 0444 301 718\n"
        "Azienda certificata UNI EN ISO 9001:2015 - UNI EN ISO 14001:2015\n"
        "Rispetta l'ambiente: non stampare questa e-mail se non necessario.\n"
    )
    found = kinds_and_text(body)
    assert "ISO 14001" in found["signature"] and "ISO" not in found["new"]
    assert found["disclaimer"].startswith("Rispetta l'ambiente")  # printing and the environment in one line


def test_a_signature_ruled_off_with_box_bars():
    body = (
        "佐藤様\n\nお見積りのご確認をお願いいたします。\n\nよろしくお願いいたします。\n\n"
        "――――――――――――――――――\n有限会社山陽フロー 購買課\n田中 一郎\nTEL 082-555-0101\n"
        "ISO 9001 認証取得\n――――――――――――――――――\n"
    )
    found = kinds_and_text(body)
    assert "ISO 9001" in found["signature"] and "ISO" not in found["new"]


def test_a_ruled_line_above_a_long_paragraph_stays_new():
    body = (
        "Dear Lisa,\n\nplease quote the items below.\n\n----------------------------------------\n"
        "We need 200 pcs DN50 ball valves, PN40, stainless steel 316, full bore, with the 3.1 "
        "certificates, delivered to Hamburg, and 100 pcs DN80 gate valves for the same project.\n"
    )
    assert "certificates" in kinds_and_text(body)["new"]


def test_a_closing_name_and_company_paragraph_without_a_phone_is_a_signature():
    body = (
        "好的，等你报价。\n付款方式我们这边还是希望按上次的：30% T/T 预付。\n\n"
        "陆海峰\n南通汇澜环保工程有限公司\n汇澜环保 —— 让每一滴水都更清澈\n"
    )
    kinds = [(s.kind, s.text.strip()) for s in segment(body)]
    assert kinds[0][0] == "new" and "环保" not in kinds[0][1]
    assert kinds[1][0] == "signature" and kinds[1][1].startswith("陆海峰")


def test_a_last_paragraph_naming_a_company_in_a_sentence_stays_new():
    body = "Hello Lisa,\n\nplease quote 20 valves.\n\nThe goods go to our customer Brenntal GmbH.\nAny questions, call me.\n"
    assert [s.kind for s in segment(body)] == ["new"]


def test_a_company_line_ending_sdn_bhd_keeps_the_signature_together():
    body = (
        "麻烦报个价，谢谢！\n\n陈俊豪 Chan Chun Hao\n采购部\n永盛机电五金有限公司 WING SHENG HARDWARE SDN. BHD.\n"
        "Tel: +60 7-599 2281\n本公司已通过 ISO 9001 认证\n"
    )
    kinds = [(s.kind, s.text.strip()) for s in segment(body)]
    assert kinds[1][0] == "signature" and kinds[1][1].startswith("陈俊豪")


def test_phone_with_masked_digits_closes_a_signature():
    # "T. 033-53x-xx20": digits masked with x are a phone number all the same
    signature = "박준영 과장\n구매팀 | (주)동해에너지설비\nT. 033-53x-xx20  M. 010-xxxx-4471\n한전(KEPCO) 등록업체 / ISO 9001 인증"
    body = f"견적서 잘 받았습니다.\n5% 할인 검토 부탁드립니다.\n\n{signature}\n"
    assert text_of(body, "signature").strip() == signature
    assert "ISO" not in text_of(body, "new")


def test_a_dimension_line_is_no_phone():
    body = "Please quote the gaskets.\n\nSize m 2x100 x 3\n"
    assert "2x100" in text_of(body, "new")
