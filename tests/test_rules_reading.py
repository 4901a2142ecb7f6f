"""The shipped pack on the ways buyers write that it used to misread (issue 34, docs/reading.md)."""

from __future__ import annotations

import pytest

from mailcrm.engine.loader import load_rules
from mailcrm.engine.probe import evaluate_message

PACK = load_rules(None)


def fires(rule: str, body: str, subject: str = "", position: int = 2) -> bool:
    return evaluate_message(PACK, rule, body=body, subject=subject, thread_position=position) is not None


@pytest.mark.parametrize(
    "body",
    [
        # the claim goes to their insurer or forwarder, said in the next sentence
        "Three crates were damaged when the crane dropped them at the port. Our insurer already has the claim.",
        "Algunas cajas llegaron dañadas. Ya presentamos el reclamo a la aseguradora del transitario.",
        # an apology for answering late, or for paying late, is no late delivery
        "Sorry for my late reply, we were closed for the holidays. Please go ahead with production.",
        "Hemos pagado el saldo esta mañana. Disculpe la demora, el banco estaba cerrado.",
        # a word in another sense: "we don't work with advance payment"
        "Yurt dışı tedarikçilerle peşin ödeme ile çalışmıyoruz, akreditif tercih ederiz.",
        # Arabic negation written with a prefix: "and there are no damaged pieces"
        "وصلت الشحنة اليوم ولا توجد أي قطع تالفة والحمد لله.",
    ],
)
def test_no_complaint_where_the_problem_is_not_ours(body):
    assert not fires("risk.complaint", body)


@pytest.mark.parametrize(
    "body",
    [
        "The forwarder delivered on Monday. At the pressure test 12 valves leak at the stem.",
        "Two cartons of flanges arrived damaged and rusty. Please send replacements.",
        "وصلت الشحنة ووجدنا عشر قطع تالفة.",
    ],
)
def test_a_complaint_about_our_goods_still_counts(body):
    assert fires("risk.complaint", body)


@pytest.mark.parametrize(
    "body",
    [
        "A local mill has the elbows in stock. Their price is about 7% lower than yours.",
        "Ein Händler aus Tschechien hat uns ein Angebot geschickt. Es liegt 8 % unter Ihrem.",
        "本地一家工厂也报了价。他们的价格比你们低5%。",
        "Un fabricante de la India nos envió su oferta. Es un 10% más bajo.",
    ],
)
def test_a_competitor_named_in_one_sentence_and_cheaper_in_the_next(body):
    assert fires("risk.competitor", body)
    assert fires("pref.price-sensitive", body)


def test_a_competitor_and_a_lower_price_in_different_paragraphs_are_not_linked():
    body = "A local mill visited our site last week.\n\nCould you check if the freight could be lower next time?"
    assert not fires("risk.competitor", body)


def test_a_previous_suppliers_leaking_valves_are_no_after_sales_under_an_order_subject():
    body = "The valves of our previous supplier leak after a few months, so we want to change supplier."
    assert not fires("stage.after-sales", body, subject="PO 5512 ball valves")
    assert fires("stage.after-sales", "Several of your valves leak at the stem.", subject="PO 5512 ball valves")


@pytest.mark.parametrize(
    "body",
    [
        "Please give us a discount of 3% on the invoice to cover the repair of the damaged flanges.",
        "Merci de compléter notre formulaire d'appel d'offres (prix unitaire, prix cible, délai).",
    ],
)
def test_price_words_that_are_not_pressure(body):
    assert not fires("pref.price-sensitive", body, position=1)


@pytest.mark.parametrize(
    "body",
    [
        "We are looking for cast iron gate valves DN100, 60 pcs, CIF Dammam.",
        "Estamos à procura de válvulas de retenção DN40, 200 peças.",
        "Ищем поставщика задвижек DN150, 30 шт.",
        "下記のバルブを探しています。50A 100個。",
        "Items required:\n1. Butterfly valve DN200 - 12 pcs\n2. Gate valve DN80 - 30 pcs",
    ],
)
def test_an_inquiry_without_a_request_word(body):
    assert fires("stage.inquiry", body)


@pytest.mark.parametrize(
    "body",
    [
        # issue 35: a one-off sender's time words are no payment trouble without a payment word
        "I am a student of international trade. Would you have 15 minutes for a short interview next month?",
        "The project was postponed by the city.",
        "We need more time to compare offers.",
        "Das Bauprojekt wurde auf nächsten Monat verschoben, wir brauchen mehr Zeit.",
        "Le chantier a été reporté, pourrions-nous faire une visioconférence le mois prochain ?",
        "El proyecto se pospuso hasta el próximo mes.",
        "Potrzebujemy więcej czasu na porównanie ofert.",
        "Abbiamo bisogno di più tempo per confrontare le offerte.",
        "Önümüzdeki ay fuarda görüşelim.",
        "Нам нужно больше времени, чтобы сравнить предложения.",
        "下个月我们去广交会看看。",
        "来月、展示会でお会いしましょう。",
        "다음 달에 전시회에서 뵙겠습니다.",
        "نحتاج وقت إضافي لمقارنة العروض.",
        # a money word in another sense: the exchange rate, a rule against advance transfers
        "Bizde döviz kuru çok değişti, fiyatlarınız yüksek.",
        "O nosso banco não autoriza transferências antecipadas, por isso preferimos carta de crédito.",
    ],
)
def test_time_words_without_a_payment_word_are_no_payment_risk(body):
    assert not fires("risk.payment-delay", body)


@pytest.mark.parametrize(
    "body",
    [
        "Two of our customers are behind with us and we can only pay the balance next month.",
        "We won't be able to pay the balance until next month.",
        "Wir müssen die Zahlung auf nächsten Monat verschieben.",
        "Wir können die Restzahlung erst nächsten Monat überweisen.",
        "No podremos pagar el saldo hasta el mes que viene.",
        "Podemos pagar o saldo só no próximo mês.",
        "Nous ne pourrons lever les documents qu'au début du mois prochain.",
        "Possiamo saldare la fattura solo il mese prossimo.",
        "Możemy zapłacić saldo dopiero w przyszłym miesiącu.",
        "Bakiye ödemesini ancak önümüzdeki ay yapabiliriz.",
        "Остаток мы сможем оплатить только в следующем месяце.",
        "尾款我们下个月才能付。",
        "残金のお支払いは来月になります。",
        "잔금은 다음 달에 송금하겠습니다.",
        "سنقوم بسداد المبلغ المتبقي الشهر القادم.",
        # the specific phrases still count alone
        "Could we postpone the payment by two weeks?",
        "Merkez bankası döviz vermiyor, bakiye ödemesini yapamıyoruz.",
    ],
)
def test_a_payment_put_off_to_next_month_is_payment_risk_in_every_language(body):
    assert fires("risk.payment-delay", body)


def test_a_postponed_delivery_is_still_a_complaint_now_that_postponed_is_no_payment_word():
    assert fires("risk.complaint", "Die Lieferung ist schon drei Wochen verspätet und wurde wieder verschoben.")


@pytest.mark.parametrize(
    ("rule", "body"),
    [
        # a term they turn down is no preference
        ("pref.payment-lc", "An L/C is out of the question for an order of this size."),
        ("pref.payment-lc", "Akredytywa też nie wchodzi w grę, to dla nas za drogie."),
        ("pref.payment-lc", "付款方式我們一向是 T/T，沒辦法開信用狀。"),
        ("pref.payment-dp", "D/P ist für uns leider nicht möglich."),
        # money sent, or the order's payment as a step: no term chosen
        ("pref.payment-tt", "Płatność została dziś zrealizowana, potwierdzenie przelewu w załączeniu."),
        ("pref.payment-tt", "Лиза, предоплату отправили сегодня, платёжное поручение во вложении."),
        ("pref.payment-tt", "请回签并开 PI，收到后安排预付款。"),
    ],
)
def test_payment_terms_turned_down_or_merely_paid_are_no_preference(rule, body):
    assert not fires(rule, body)


@pytest.mark.parametrize(
    ("rule", "body"),
    [
        ("pref.payment-tt", "We paid the 30% deposit by T/T today, bank slip attached."),
        ("pref.payment-tt", "Płacimy przelewem T/T: 30% zaliczki, reszta po otrzymaniu kopii konosamentu."),
        ("pref.payment-lc", "We will open an irrevocable L/C at sight for the balance."),
        ("pref.payment-lc", "Ödemeyi akreditif ile yapmak istiyoruz."),
    ],
)
def test_payment_terms_they_propose_still_count(rule, body):
    assert fires(rule, body)


@pytest.mark.parametrize(
    "body",
    [
        # urgency about a remedy
        "Vi chiediamo la sostituzione dei pezzi difettosi al più presto.",
        "Please send the replacement for the damaged flanges as soon as possible.",
        # urgency in a rival's offer
        "Niestety zarząd złożył zamówienie u innego dostawcy, który zaoferował niższą cenę i krótszy termin.",
        "Another supplier offered faster delivery, so we placed the order with them.",
    ],
)
def test_urgency_about_a_remedy_or_a_rivals_offer_is_no_fast_delivery_preference(body):
    assert not fires("pref.fast-delivery", body)


@pytest.mark.parametrize(
    "body",
    [
        "The site needs the valves urgently, please ship by air.",
        "Prosimy o realizację jak najszybciej, budowa czeka.",
        "这批货很急，请尽快安排生产。",
    ],
)
def test_urgency_for_their_delivery_still_counts(body):
    assert fires("pref.fast-delivery", body)


def test_a_report_they_send_is_no_request_for_certificates():
    assert not fires("pref.certification", "Vi alleghiamo foto e verbale di collaudo.")
    assert not fires("pref.certification", "We attach the test report of our own laboratory.")
    assert fires("pref.certification", "Please send the EN 10204 3.1 certificates with the goods.")


def test_remise_documentaire_is_no_discount():
    body = "La banque nous a présenté les documents (remise documentaire D/P, comme convenu)."
    assert not fires("pref.price-sensitive", body)
    assert fires("pref.price-sensitive", "Pouvez-vous nous accorder une remise de 5 % sur cette commande ?")
