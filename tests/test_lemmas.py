"""Language-aware matching: inflections, the language of a field, questions, negation per language."""

from __future__ import annotations

import pytest

from mailcrm.engine import evaluate_message, load_rules
from mailcrm.engine.matcher import fold, tokenize
from mailcrm.engine.questions import in_question


def rule_file(text: str) -> str:
    return f"""
[[rule]]
id = "probe"
scope = "message"
[rule.when.text]
{text}
[[rule.then]]
add_tag = "probe"
"""


@pytest.fixture
def fires(tmp_path):
    """fires('es = ["dañado"]', body) -> the words the rule matched, or None."""
    loaded: dict[str, object] = {}

    def run(table: str, body: str = "", subject: str = "") -> list[str] | None:
        if table not in loaded:
            folder = tmp_path / f"rules{len(loaded)}"
            folder.mkdir()
            (folder / "probe.toml").write_text(rule_file(table), encoding="utf-8")
            loaded[table] = load_rules(None, [folder])
        return evaluate_message(loaded[table], "probe", subject=subject, body=body)

    return run


INFLECTED = [
    ('en = ["damage"]', "Dear Lisa, 12 valves arrived damaged and the cartons were wet."),
    ('en = ["certificate"]', "Please send the material certificates with the shipment."),
    ('es = ["dañado"]', "Hola Lisa, las válvulas llegaron dañadas y dos cajas estaban abiertas."),
    ('es = ["pedido"]', "Hola Lisa, gracias por confirmar los pedidos de marzo."),
    ('de = ["beschädigt"]', "Sehr geehrte Frau Chen, leider sind drei beschädigte Ventile angekommen."),
    ('fr = ["endommagé"]', "Bonjour Lisa, les brides sont arrivées endommagées, nous vous envoyons des photos."),
    ('it = ["danneggiato"]', "Buongiorno, purtroppo i rubinetti sono arrivati danneggiati."),
    ('pt = ["danificado"]', "Boa tarde Lisa, as válvulas chegaram danificadas e com a caixa aberta."),
    ('ru = ["повреждение"]', "Лиза, добрый день! При приёмке обнаружено много повреждений корпуса."),
    ('pl = ["zamówienie"]', "Dzień dobry, w załączniku przesyłamy dwa zamówienia na zawory kulowe."),
    ('tr = ["sipariş"]', "Lisa Hanım merhaba, siparişimizi ekte iletiyoruz."),
]


@pytest.mark.parametrize("table,body", INFLECTED, ids=[t.split()[0] + "-" + t.split('"')[1] for t, _ in INFLECTED])
def test_a_rule_word_matches_its_inflections(fires, table, body):
    assert fires(table, body) == [table.split('"')[1]]


def test_a_word_written_inflected_keeps_to_its_own_forms(fires):
    # pt "pedido" (order) has the lemma "pedir" (to ask): asking is not ordering.
    assert fires('pt = ["pedido"]', "Bom dia, pedimos cotação para 2.000 uniões.") is None
    assert fires('pt = ["pedido"]', "Bom dia, seguem os pedidos 118 e 119 em anexo.") == ["pedido"]
    # A rule that lists the plural "muestras" (samples) means to leave out "muestra" (shows).
    assert fires('es = ["muestras"]', "Por ejemplo, la tabla muestra los precios.") is None
    assert fires('en = ["damaged"]', "The damages are on the flanges.") == ["damaged"]


def test_language_neutral_words_and_wildcards_match_as_written(fires):
    assert fires('words = ["order"]', "Thank you for your orders.") is None
    assert fires('en = ["sample*"]', "Please send the samples.") == ["sample*"]
    assert fires('en = ["order"]', "Thank you for your orders.") == ["order"]


def test_a_spanish_word_does_not_fire_in_english_mail(fires):
    rule = 'es = ["sensible"]'
    assert fires(rule, "Hi Lisa, we think this is a sensible price, please go ahead with the order.") is None
    assert fires(rule, "Hola Lisa, somos muy sensibles al precio, por favor revise la oferta.") == ["sensible"]


def test_an_undetermined_field_lets_every_language_fire(fires):
    # A short subject has too few words to tell; a Chinese body quotes English terms.
    assert fires('es = ["pedido"]', "Please see attached, thanks for your help.", subject="Re: Pedidos 4711") == [
        "pedido"
    ]
    assert fires('en = ["proforma invoice"]', "您好，请尽快发 proforma invoice 给我们，谢谢。") == ["proforma invoice"]
    # Mixed mail: a Spanish body with an English disclaimer is both.
    body = (
        "Hola Lisa, necesitamos el pedido para el lunes, gracias por su ayuda.\n"
        "This email and any attachments are confidential and intended for the addressee only. "
        "If you are not the intended recipient, please delete it and notify the sender."
    )
    assert fires('en = ["attachment"]', body) == ["attachment"]


QUESTIONS = [
    ('en = ["order"]', "Could you confirm the order?"),
    ('en = ["order"]', "Hi Lisa, could you confirm the order"),
    ('en = ["ship"]', "Do you ship by sea to Valparaíso"),
    ('es = ["pedido"]', "Hola Lisa, ¿pueden confirmar el pedido? Gracias."),
    ('de = ["Bestellung"]', "Können Sie die Bestellung bis Freitag bestätigen"),
    ('fr = ["commande"]', "Bonjour, pouvez-vous confirmer la commande"),
    ('pl = ["zamówienie"]', "Czy mogą Państwo potwierdzić zamówienie"),
    ('tr = ["sipariş"]', "Siparişimizi onaylayabilir misiniz"),
    ('ru = ["заказ"]', "Можете ли вы подтвердить заказ"),
    ('zh = ["订单"]', "您好，能否确认订单"),
    ('ja = ["注文"]', "注文を確認していただけますか。"),
    ('ar = ["الطلب"]', "هل يمكنكم تأكيد الطلب"),
]


@pytest.mark.parametrize("table,body", QUESTIONS, ids=[b[:24] for _, b in QUESTIONS])
def test_with_questions_false_a_question_is_not_a_statement(fires, table, body):
    assert fires(table + "\nquestions = false", body) is None
    assert fires(table, body) is not None  # the default: as before


def test_a_statement_before_a_question_still_counts(fires):
    rule = 'en = ["order"]\nquestions = false'
    assert fires(rule, "We placed the order last week, could you confirm the shipping date?") == ["order"]
    assert fires(rule, "Please find our order attached. When can you ship?") == ["order"]
    assert fires('es = ["pedido"]\nquestions = false', "Confirmo mi pedido de 200 válvulas.") == ["pedido"]


def test_in_question_on_tokens():
    tokens = tokenize(fold("We confirm the order. Do you ship by sea?"))
    assert not in_question(tokens, tokens.index("order"), tokens.index("order") + 1)
    assert in_question(tokens, tokens.index("ship"), tokens.index("ship") + 1)


NEGATED = [
    ('pl = ["próbka"]', "Dzień dobry, nie potrzebujemy próbek, prosimy o ofertę.", "Prosimy o przesłanie próbki DN50."),
    ('pl = ["uszkodzenie"]', "Towar dotarł, brak uszkodzeń.", "Niestety stwierdziliśmy uszkodzenia korpusu."),
    ('ko = ["샘플"]', "샘플은 필요 없습니다.", "안녕하세요, 샘플 요청드립니다."),
    ('ko = ["보냈"]', "아직 안 보냈습니다.", "어제 보냈습니다."),
    ('nl = ["monster"]', "Wij hebben geen monsters nodig.", "Kunt u ons twee monsters sturen."),
    ('tr = ["numune"]', "Numune gerekmiyor, doğrudan sipariş veriyoruz.", "Numuneleri aldık, teşekkürler."),
    ('ru = ["претензия"]', "Образцы получили, претензий к качеству нет.", "У нас серьёзная претензия к качеству."),
    ('it = ["campione"]', "Non servono campioni, grazie.", "Vi chiediamo due campioni."),
    ('ja = ["サンプル"]', "サンプルはいりません。", "サンプルを送ってください。"),
]


@pytest.mark.parametrize(
    "table,negated,stated", NEGATED, ids=[t.split()[0] + str(i) for i, (t, _, _) in enumerate(NEGATED)]
)
def test_negation_in_each_language(fires, table, negated, stated):
    assert fires(table, negated) is None
    assert fires(table, stated) is not None


def test_korean_syllables_that_only_look_like_negation(fires):
    assert fires('ko = ["보냈"]', "제품을 잘못 보냈습니다.") == ["보냈"]  # 잘못: wrongly, not "cannot"
