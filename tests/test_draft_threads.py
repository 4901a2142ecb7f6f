"""Drafts read their thread: the latest message whoever wrote it, what the customer proposed,
asked and already sent, our quotation's real date, one "Re: ", and platform leads answered to
the buyer under a subject of our own. Real messages through the test Dovecot."""

from __future__ import annotations

from datetime import timedelta
from email.message import EmailMessage
from email.utils import format_datetime
from zoneinfo import ZoneInfo

import pytest

from mailcrm.drafts.generate import generate
from mailcrm.drafts.localdates import long_date

from tests.fixtures_drafts import NOW, Setup, mail

OLIVER = "oliver.hughes@brightwater-supplies.co.uk"
KLAUS = "k.zimmermann@rheinwerk-technik.de"
EMRE = "emre.yildiz@anadolu-vana.com.tr"
JOHN = "john.carter@carter-industrial.com"
ALIBABA = "notifications@service.alibaba.com"


@pytest.fixture
def setup(tmp_path, dovecot_server, imap_user):
    return Setup(tmp_path, dovecot_server, imap_user)


def add(setup, folder: str, raw: bytes) -> None:
    setup.server.append(setup.login, folder, raw, flags=("\\Seen",))


def one_draft(setup, email: str) -> dict:
    found = setup.drafts(email)
    assert len(found) == 1, found
    return found[0]


def outlook_mail(sender, to, subject, body, days_ago, message_id, refs=()) -> bytes:
    """Outlook style: the earlier mail below a From:/Sent:/To:/Subject: block, no ">" quoting."""
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, to, subject
    msg["Date"] = format_datetime(NOW - timedelta(days=days_ago))
    msg["Message-ID"] = f"<{message_id}>"
    if refs:
        msg["In-Reply-To"] = f"<{refs[-1]}>"
        msg["References"] = " ".join(f"<{r}>" for r in refs)
    msg.set_content(body)
    return bytes(msg).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_when_we_answered_last_the_draft_continues_our_answer_not_their_question(setup):
    lisa = setup.login
    question = outlook_mail(
        f"Oliver Hughes <{OLIVER}>",
        lisa,
        "Gate valves DN100 for the Leeds project",
        "Dear Lisa,\r\n\r\nCan you supply 300 gate valves DN100 PN16 by the end of June?\r\n\r\n"
        "Kind regards,\r\nOliver Hughes\r\nHead of Purchasing",
        12,
        "AM6PR01MB1234.oliver@brightwater-supplies.co.uk",
    )
    answer = outlook_mail(
        f"Lisa Chen <{lisa}>",
        f"Oliver Hughes <{OLIVER}>",
        "RE: Gate valves DN100 for the Leeds project",
        "Dear Oliver,\r\n\r\nyes, end of June works. Our quotation: USD 42.00 per piece, FOB Ningbo.\r\n\r\n"
        "Best regards,\r\nLisa\r\n\r\n"
        f"From: Oliver Hughes <{OLIVER}>\r\nSent: Monday, 1 June 2026 09:12\r\nTo: Lisa Chen <{lisa}>\r\n"
        "Subject: Gate valves DN100 for the Leeds project\r\n\r\nDear Lisa,\r\n\r\nCan you supply 300 gate valves?",
        10,
        "lisa-o1@hengtai-valve.com",
        ["AM6PR01MB1234.oliver@brightwater-supplies.co.uk"],
    )
    add(setup, "INBOX", question)
    add(setup, "Sent", answer)
    setup.sync()
    setup.request(OLIVER, "quote-follow-up", message="AM6PR01MB1234.oliver@brightwater-supplies.co.uk")
    assert generate(setup.db, setup.config).count("drafted") == 1

    draft = one_draft(setup, OLIVER)
    assert draft["to_email"] == OLIVER  # the customer, not ourselves
    assert draft["in_reply_to"] == "lisa-o1@hengtai-valve.com"
    assert draft["refs"] == "AM6PR01MB1234.oliver@brightwater-supplies.co.uk lisa-o1@hengtai-valve.com"
    assert draft["subject"] == "Re: Gate valves DN100 for the Leeds project"
    assert draft["quote_text"].startswith("On ") and "Lisa Chen wrote:" in draft["quote_text"].splitlines()[0]
    assert "> yes, end of June works." in draft["quote_text"]
    # our answer was the last word: the draft does not pretend their question is still open
    assert "You asked" not in draft["body_text"]
    sent_on = long_date((NOW - timedelta(days=10)).astimezone(ZoneInfo("Europe/London")).date(), "en")
    assert f"the quotation I sent you on {sent_on} (USD 42.00)" in draft["body_text"]


def test_a_counter_offer_is_answered_and_the_quotation_date_is_the_real_one(setup):
    lisa = setup.login
    add(
        setup,
        "INBOX",
        mail(
            f"John Carter <{JOHN}>",
            lisa,
            "Ball valves 2 inch",
            "Hi Lisa, please quote 5,000 ball valves 2 inch. John",
            70,
            "john-1@carter-industrial.com",
        ),
    )
    add(
        setup,
        "Sent",
        mail(
            f"Lisa Chen <{lisa}>",
            JOHN,
            "Re: Ball valves 2 inch",
            "Dear John,\n\nplease find our quotation: USD 6.20 per piece, FOB Ningbo.\n\nLisa",
            60,
            "lisa-jc1@hengtai-valve.com",
            "john-1@carter-industrial.com",
        ),
    )
    add(
        setup,
        "Sent",  # a later chaser without prices is not the quotation
        mail(
            f"Lisa Chen <{lisa}>",
            JOHN,
            "Re: Ball valves 2 inch",
            "Dear John,\n\njust checking in.\n\nLisa",
            40,
            "lisa-jc2@hengtai-valve.com",
            "lisa-jc1@hengtai-valve.com",
            ["john-1@carter-industrial.com", "lisa-jc1@hengtai-valve.com"],
        ),
    )
    add(
        setup,
        "INBOX",
        mail(
            f"John Carter <{JOHN}>",
            lisa,
            "RE: Re: Ball valves 2 inch",
            "Lisa,\n\nyour price is 10% above your competitor. We could start with a 1,000-piece trial order at a better price.\n\nJohn",
            5,
            "john-2@carter-industrial.com",
            "lisa-jc2@hengtai-valve.com",
            ["john-1@carter-industrial.com", "lisa-jc1@hengtai-valve.com", "lisa-jc2@hengtai-valve.com"],
        ),
    )
    setup.sync()
    setup.request(JOHN, "quote-follow-up", message="john-2@carter-industrial.com")
    assert generate(setup.db, setup.config).count("drafted") == 1
    draft = one_draft(setup, JOHN)
    assert draft["in_reply_to"] == "john-2@carter-industrial.com" and draft["subject"] == "Re: Ball valves 2 inch"
    quotation_day = (NOW - timedelta(days=60)).date()  # no country known: UTC
    written = long_date(quotation_day, "en")  # "30 July 2026", not the later chaser's date
    assert f"the quotation I sent you on {written} (USD 6.20)" in draft["body_text"]
    assert "your proposal (10% above your competitor)" in draft["body_text"]
    assert quotation_day.isoformat() not in draft["body_text"]


def test_german_aw_wg_chain_gets_one_re_and_a_complaint_reply_does_not_ask_for_what_they_sent(setup):
    lisa = setup.login
    complaint = EmailMessage()
    complaint["From"] = f"Klaus Zimmermann <{KLAUS}>"
    complaint["To"] = lisa
    complaint["Subject"] = "AW: WG: Reklamation Lieferung Kugelhähne"
    complaint["Date"] = format_datetime(NOW - timedelta(days=2))
    complaint["Message-ID"] = "<klaus-r1@rheinwerk-technik.de>"
    complaint.set_content(
        "Sehr geehrte Frau Chen,\n\nbei der Lieferung zu unserer Bestellung Nr. 4500123 sind 120 Stück undicht. "
        "Fotos anbei. Können Sie uns bis Freitag Ersatz zusagen?\n\nMit freundlichen Grüßen\nKlaus Zimmermann\n"
        "Qualitätssicherung\nRheinwerk Technik GmbH"
    )
    for n in (1, 2):
        complaint.add_attachment(
            b"\xff\xd8\xff\xe0" + bytes(2000), maintype="image", subtype="jpeg", filename=f"leck_{n}.jpg"
        )
    add(setup, "INBOX", bytes(complaint).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    setup.sync()
    setup.request(KLAUS, "complaint-reply", message="klaus-r1@rheinwerk-technik.de")
    assert generate(setup.db, setup.config).count("drafted") == 1
    draft = one_draft(setup, KLAUS)
    assert draft["subject"] == "Re: Reklamation Lieferung Kugelhähne"
    body = draft["body_text"]
    assert draft["language"] == "de"
    assert "Könnten Sie uns" not in body and "Fotos, die Chargen" not in body  # not asked again
    assert "Vielen Dank auch für die Fotos, die Auftragsnummer und die Angabe der betroffenen Menge" in body
    assert "Ihre Frage „Können Sie uns bis Freitag Ersatz zusagen?“" in body
    assert "ersetzen wir die betroffenen Teile" in body


def test_turkish_ynt_subject_gets_one_re(setup):
    lisa = setup.login
    add(
        setup,
        "INBOX",
        mail(
            f"Emre Yıldız <{EMRE}>",
            lisa,
            "Fiyat teklifi DN80 vana",
            "Merhaba Lisa Hanım, DN80 için fiyat rica ederiz.",
            30,
            "emre-1@anadolu-vana.com.tr",
        ),
    )
    add(
        setup,
        "Sent",
        mail(
            f"Lisa Chen <{lisa}>",
            EMRE,
            "Re: Fiyat teklifi DN80 vana",
            "Dear Emre, our quotation: USD 55 per piece.",
            29,
            "lisa-t1@hengtai-valve.com",
            "emre-1@anadolu-vana.com.tr",
        ),
    )
    add(
        setup,
        "INBOX",
        mail(
            f"Emre Yıldız <{EMRE}>",
            lisa,
            "Re: YNT: Fiyat teklifi DN80 vana",
            "Teşekkürler, -5% indirim mümkün mü?",
            3,
            "emre-2@anadolu-vana.com.tr",
            "lisa-t1@hengtai-valve.com",
            ["emre-1@anadolu-vana.com.tr", "lisa-t1@hengtai-valve.com"],
        ),
    )
    setup.sync()
    setup.request(EMRE, "quote-follow-up", message="emre-2@anadolu-vana.com.tr")
    assert generate(setup.db, setup.config).count("drafted") == 1
    draft = one_draft(setup, EMRE)
    assert draft["subject"] == "Re: Fiyat teklifi DN80 vana"
    assert "and for your proposal (-5%)" in draft["body_text"]
    # no Turkish template: the English draft writes its dates in English, not "Kasım" mid-sentence
    months_tr = (
        "Ocak",
        "Şubat",
        "Mart",
        "Nisan",
        "Mayıs",
        "Haziran",
        "Temmuz",
        "Ağustos",
        "Eylül",
        "Ekim",
        "Kasım",
        "Aralık",
    )
    assert draft["language"] == "en" and not any(month in draft["body_text"] for month in months_tr)


ALIBABA_FOOTER = "This email was sent by Alibaba.com. To unsubscribe, manage your notification settings."


def alibaba_notification(lisa: str) -> bytes:
    msg = EmailMessage()
    msg["From"] = f"Alibaba.com <{ALIBABA}>"
    msg["To"] = lisa
    msg["Reply-To"] = JOHN.replace("john.carter", "purchasing")
    msg["Subject"] = "[Alibaba.com] New inquiry from Maria Lopez (Lopez Distribuciones SA)"
    msg["Date"] = format_datetime(NOW - timedelta(days=1))
    msg["Message-ID"] = "<alibaba-inq-77@service.alibaba.com>"
    msg.set_content(
        "You have received a new inquiry.\n\nProduct: Stainless steel ball valve DN50\nQuantity: 2,000 pieces\n"
        "Buyer: Maria Lopez\nCompany: Lopez Distribuciones SA\nCountry/Region: Spain\n"
        "Email: maria.lopez@lopez-distribuciones.es\n\nMessage: Please send your best price FOB Ningbo.\n\n"
        f"---\n{ALIBABA_FOOTER}\n"
    )
    del msg["Reply-To"]
    return bytes(msg).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def test_a_platform_lead_is_answered_to_the_buyer_under_our_own_subject(setup):
    add(setup, "INBOX", alibaba_notification(setup.login))
    setup.sync()
    maria = "maria.lopez@lopez-distribuciones.es"
    setup.request(maria, "quote-follow-up", message="alibaba-inq-77@service.alibaba.com")
    report = generate(setup.db, setup.config)
    assert report.count("drafted") == 1, report.as_dict()
    draft = one_draft(setup, maria)
    assert draft["to_email"] == maria
    assert draft["subject"] == "Your inquiry about Stainless steel ball valve DN50 — Ningbo Hengtai Valve Co., Ltd."
    assert "Alibaba" not in draft["subject"] and not draft["subject"].startswith("Re:")
    assert draft["in_reply_to"] is None and draft["refs"] == "" and draft["quote_text"] is None
    # we never sent a quotation: no date is made up from the notification's
    assert "quotation I sent you on" not in draft["body_text"]
    assert ALIBABA_FOOTER not in draft["body_text"] and "unsubscribe" not in (draft["body_html"] or "")


@pytest.mark.parametrize(
    "subject, product",
    [
        (
            "[Alibaba.com] New inquiry from Anh Tran about Pressure Reducing Valve DN20, brass",
            "Pressure Reducing Valve DN20, brass",
        ),
        ('New inquiry for "Gate valve 2 inch" from Ana Ruiz', "Gate valve 2 inch"),
        ("[Alibaba.com] New inquiry from Maria Lopez (Lopez Distribuciones SA)", ""),
    ],
)
def test_the_product_of_a_platform_inquiry_from_its_subject(subject, product):
    from mailcrm.customers.platform import inquiry_product

    assert inquiry_product(subject, "You have received a new inquiry.") == product


def test_a_chaser_continues_our_quotation_not_a_platform_notice_that_came_after_it(setup):
    """The platform's notice can arrive after we already quoted the buyer directly: the quotation
    follow-up belongs under our quotation, with its real date, not under a subject of its own."""
    maria = "maria.lopez@lopez-distribuciones.es"
    quotation = mail(
        f"Lisa Chen <{setup.login}>",
        f"Maria Lopez <{maria}>",
        "Quotation: stainless steel ball valves DN50",
        "Dear Maria,\n\nour offer HT-2026-077: USD 18.50 per piece FOB Ningbo, 2,000 pieces.\n\nBest regards,\nLisa",
        2,
        "lisa-q77@hengtai-valve.com",
    )
    add(setup, "Sent", quotation)
    add(setup, "INBOX", alibaba_notification(setup.login))  # dated a day later
    setup.sync()
    setup.request(maria, "quote-follow-up")
    report = generate(setup.db, setup.config)
    assert report.count("drafted") == 1, report.as_dict()
    draft = one_draft(setup, maria)
    assert draft["in_reply_to"] == "lisa-q77@hengtai-valve.com"
    assert draft["subject"] == "Re: Quotation: stainless steel ball valves DN50"
    # the day in Madrid (a .es buyer), which near midnight UTC is not the UTC day
    assert long_date(NOW - timedelta(days=2), "en", "ES", "Europe/Madrid") in draft["body_text"]


def test_a_notification_written_as_a_table_without_colons_names_the_buyer_and_country():
    from mailcrm.customers.platform import parse_platform_buyer

    body = (
        "You have received a new inquiry on Alibaba.com.\n\nProduct Pressure Reducing Valve DN20, brass\n"
        "Quantity 800 Pieces\nBuyer Name Anh Tran\nCompany Tran HVAC Co.\nCountry/Region Vietnam\n"
        "Email anhtran.hvac@gmail.com\n\nPlease send your best price for 800 pcs.\n"
    )
    buyer = parse_platform_buyer("[Alibaba.com] New inquiry from Anh Tran about Pressure Reducing Valve", body)
    assert (buyer.name, buyer.company, buyer.country) == ("Anh Tran", "Tran HVAC Co.", "VN")
    assert buyer.emails == ["anhtran.hvac@gmail.com"]


CLAIRE = "c.dubois@robinetterie-dubois.fr"
JAVIER = "j.garcia@valvuleria-iberica.es"


def test_a_french_complaint_and_a_spanish_counter_offer_are_answered_in_their_language(setup):
    """Issue 36 item 2 beyond English and German: what they sent is not asked for again, their
    counter-offer is taken up, and our quotation's date is written their way."""
    lisa = setup.login
    complaint = EmailMessage()
    complaint["From"] = f"Claire Dubois <{CLAIRE}>"
    complaint["To"] = lisa
    complaint["Subject"] = "TR: Réclamation vannes à boisseau"
    complaint["Date"] = format_datetime(NOW - timedelta(days=2))
    complaint["Message-ID"] = "<claire-r1@robinetterie-dubois.fr>"
    complaint.set_content(
        "Bonjour Madame Chen,\n\nSur notre commande n° 78412, 60 pièces fuient au niveau du presse-étoupe. "
        "Vous trouverez les photos en pièce jointe. Pouvez-vous nous proposer un remplacement rapide ?\n\n"
        "Cordialement,\nClaire Dubois\nResponsable qualité\nRobinetterie Dubois SARL"
    )
    complaint.add_attachment(b"\xff\xd8\xff\xe0" + bytes(2000), maintype="image", subtype="jpeg", filename="fuite.jpg")
    add(setup, "INBOX", bytes(complaint).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    add(
        setup,
        "INBOX",
        mail(
            f"Javier García <{JAVIER}>",
            lisa,
            "Válvulas de bola DN50",
            "Estimada Sra. Chen:\n\nLe ruego nos envíe una cotización para 2.000 válvulas de bola DN50.\n\n"
            "Un saludo,\nJavier García\nValvulería Ibérica S.A.",
            40,
            "javier-1@valvuleria-iberica.es",
        ),
    )
    add(
        setup,
        "Sent",
        mail(
            f"Lisa Chen <{lisa}>",
            JAVIER,
            "Re: Válvulas de bola DN50",
            "Estimado Sr. García:\n\nAdjunto nuestra cotización: USD 7.40 por unidad, FOB Ningbo.\n\n"
            "Un cordial saludo,\nLisa",
            30,
            "lisa-jg1@hengtai-valve.com",
            "javier-1@valvuleria-iberica.es",
        ),
    )
    add(
        setup,
        "INBOX",
        mail(
            f"Javier García <{JAVIER}>",
            lisa,
            "RE: Re: Válvulas de bola DN50",
            "Estimada Sra. Chen:\n\nGracias por la cotización. Si nos hacen un 5% de descuento, podríamos "
            "cerrar el pedido este mes.\n\nUn saludo,\nJavier García",
            3,
            "javier-2@valvuleria-iberica.es",
            "lisa-jg1@hengtai-valve.com",
            ["javier-1@valvuleria-iberica.es", "lisa-jg1@hengtai-valve.com"],
        ),
    )
    setup.sync()
    setup.request(CLAIRE, "complaint-reply", message="claire-r1@robinetterie-dubois.fr")
    setup.request(JAVIER, "quote-follow-up", message="javier-2@valvuleria-iberica.es")
    assert generate(setup.db, setup.config).count("drafted") == 2

    claire = one_draft(setup, CLAIRE)
    text = claire["body_text"].replace("\u00a0", " ").replace("\u202f", " ")
    assert claire["language"] == "fr" and claire["subject"] == "Re: Réclamation vannes à boisseau"
    assert "pourriez-vous nous envoyer" not in text  # photos, order number and quantity are all in her mail
    assert "nous avoir transmis les photos, le numéro de commande et la quantité concernée" in text
    assert "« Pouvez-vous nous proposer un remplacement rapide ? »" in text
    assert "nous remplacerons les pièces concernées" in text

    javier = one_draft(setup, JAVIER)
    quotation_day = NOW - timedelta(days=30)  # read in Madrid by long_date below
    assert javier["language"] == "es" and javier["subject"] == "Re: Válvulas de bola DN50"
    written = long_date(quotation_day, "es", "ES", "Europe/Madrid")
    assert f"la cotización que le envié el {written} (USD 7.40)" in javier["body_text"]
    assert "su propuesta (5% de descuento)" in javier["body_text"]
    assert quotation_day.astimezone(ZoneInfo("Europe/Madrid")).date().isoformat() not in javier["body_text"]


@pytest.mark.parametrize(
    "text, offer",
    [
        ("¿Es posible un descuento del 5 %?", "descuento del 5 %"),
        ("Possiamo avere uno sconto del 5%?", "sconto del 5%"),
        ("Um desconto de 5% seria possível?", "desconto de 5%"),
        ("Wir bräuchten 5 % Rabatt.", "5 % Rabatt"),
        ("Teşekkürler, -5% indirim mümkün mü?", "-5%"),
    ],
)
def test_their_counter_offer_is_read_as_they_put_it(text, offer):
    from mailcrm.drafts.threadview import their_offer

    assert their_offer(text) == offer
