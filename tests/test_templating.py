"""Templates: every purpose in every language, the customer's style, and safety."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from mailcrm.drafts.claims import language_problems
from mailcrm.drafts.culture import Person, person, style_for
from mailcrm.drafts.localdates import long_date
from mailcrm.drafts.salutation import salutation
from mailcrm.drafts.settings import PURPOSES
from mailcrm.drafts.templating import Templates, TemplateProblem, shipped_dir

LANGUAGES = ("en", "es", "de", "fr", "pt", "ru", "ar", "zh", "ja", "it")


def thread_vars(**changes) -> dict:
    """The `thread` variable as drafts/threadview.py gives it (templates/README.md)."""
    values = {
        "subject": "Angebot",
        "date": "2026-02-01",
        "date_text": "1 February 2026",
        "answering": "theirs",
        "quotation_date": "1 February 2026",
        "quotation_amount": "USD 18.50",
        "their_date": "20 February 2026",
        "their_offer": "",
        "question": "",
        "they_sent": [],
        "lead": None,
    }
    return values | changes


def context(country: str = "DE", name: str = "Hans Müller", email: str = "hans@acme.de", **changes) -> dict:
    values = {
        "customer": {
            "id": 1,
            "name": "Acme Armaturen GmbH",
            "country": country,
            "country_name": "",
            "language": "de",
            "stage": "quotation",
            "grade": "A",
            "industry": None,
            "tags": [],
        },
        "contact": person(name, email).as_dict(),
        "me": {
            "name": "Lisa Chen",
            "email": "lisa@hengtai-valve.com",
            "company": "Ningbo Hengtai Valve Co., Ltd.",
            "account": "lisa",
        },
        "style": style_for(country).as_dict(),
        "purpose": "reactivation",
        "rule": "test",
        "evidence": {},
        "catalogue": {
            "key": "cat",
            "title": "2026 catalogue",
            "url": "https://hengtai-valve.com/c.pdf?a=1&b=2",
            "summary": "",
            "kind": "catalogue",
        },
        "offer": {"key": "o", "text": "5% off your next order", "valid_until": None},
        "items": [
            {
                "key": "wp",
                "title": "Valves for water",
                "url": "https://hengtai-valve.com/wp.pdf",
                "summary": "12 pages",
                "kind": "whitepaper",
            }
        ],
        "holiday": {"key": "christmas", "name": "Christmas Day", "date": "2026-12-25"},
        "thread": thread_vars(),
        "months_silent": 7,
        "reply_by": "2026-03-10",
        "today": "2026-03-03",
        "signature": "Lisa Chen\nNingbo Hengtai Valve Co., Ltd.",
    }
    return values | changes


def render(templates: Templates, purpose: str, language: str, country: str | None, values: dict):
    """Render as drafts generate does: the salutation is computed in Python for the written language."""
    written_in = templates.written_in(purpose, language, country)
    line = salutation(written_in, Person(**values["contact"]), region=values["style"]["region"], country=country)
    return templates.render(purpose, language, country, values | {"salutation": line})


@pytest.fixture(scope="module")
def templates() -> Templates:
    return Templates()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("purpose", PURPOSES)
def test_every_purpose_renders_in_every_language(templates, purpose, language):
    rendered = render(templates, purpose, language, None, context())
    assert rendered.template == f"{language}/{purpose}.j2"
    assert rendered.subject and "\n" not in rendered.subject
    assert "Lisa Chen" in rendered.text and "<p>" in rendered.html
    assert ('dir="rtl"' in rendered.html) == (language == "ar")


def test_german_greeting_follows_the_contact(templates):
    def greeting(name):
        return render(templates, "reactivation", "de", "DE", context(name=name)).text.splitlines()[0]

    assert greeting("Hans Müller") == "Sehr geehrter Herr Müller,"
    assert greeting("Dr. Petra Schulz") == "Sehr geehrte Frau Dr. Schulz,"
    assert greeting("Andrea Rossi") == "Guten Tag Andrea Rossi,"  # ambiguous first name: no guess
    assert greeting("") == "Sehr geehrte Damen und Herren,"


def test_russian_greeting_uses_name_and_patronymic(templates):
    text = render(templates, "quote-follow-up", "ru", "RU", context("RU", "Иванов Иван Петрович")).text
    assert text.startswith("Уважаемый Иван Петрович!")


def test_style_follows_the_region(templates):
    mexico = render(templates, "reactivation", "es", "MX", context("MX", "José Pérez")).text
    spain = render(templates, "reactivation", "es", "ES", context("ES", "José Pérez")).text
    assert mexico.startswith("Estimado José:") and "Espero que usted y todo su equipo" in mexico
    assert spain.startswith("Estimado Sr. Pérez:") and "Espero" not in spain  # Europeans: no small talk
    german = render(templates, "reactivation", "de", "DE", context()).text
    assert "Zertifikate (CE, ISO 9001)" in german  # Germans: data and compliance documents
    saudi = render(templates, "reactivation", "ar", "SA", context("SA", "Mohammed Al-Harbi")).text
    assert "السلام عليكم" in saudi


def test_unknown_language_falls_back_to_english(templates):
    rendered = render(templates, "after-sales", "nl", "NL", context("NL"))
    assert rendered.template == "en/after-sales.j2" and rendered.language == "en"


def test_user_folder_wins_and_a_country_variant_beats_the_language(tmp_path, templates):
    (tmp_path / "pt-PT").mkdir()
    (tmp_path / "pt-PT" / "after-sales.j2").write_text(
        '{% extends "_base.j2" %}{% block subject %}Portugal{% endblock %}{% block body %}Caro cliente{% endblock %}',
        encoding="utf-8",
    )
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "after-sales.j2").write_text(
        '{% extends "_base.j2" %}{% block subject %}Ours{% endblock %}{% block body %}Hello{% endblock %}',
        encoding="utf-8",
    )
    mine = Templates([tmp_path])
    assert render(mine, "after-sales", "pt", "PT", context("PT")).subject == "Portugal"
    assert render(mine, "after-sales", "pt", "BR", context("BR")).template == "pt/after-sales.j2"  # shipped
    assert render(mine, "after-sales", "en", "GB", context("GB")).subject == "Ours"
    assert render(templates, "after-sales", "en", "GB", context("GB")).subject != "Ours"


def test_customer_data_is_data_never_template_code(templates):
    evil = "{{ 7*7 }} <script>alert(1)</script> {% raw %}"
    values = context(
        "GB", customer=context()["customer"] | {"name": evil}, thread=thread_vars(subject=evil, question=evil)
    )
    values["contact"] = values["contact"] | {"name": evil, "gender": None, "last_name": "", "first_name": ""}
    rendered = render(templates, "quote-follow-up", "en", "GB", values)
    assert rendered.subject == f"Our quotation for {evil}"  # literal, not 49
    assert f"Dear {evil}," in rendered.text
    assert "<script>" not in rendered.html and "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered.html
    assert "{{ 7*7 }}" in rendered.html and "49" not in rendered.html


def test_links_are_escaped_in_html(templates):
    rendered = render(templates, "reactivation", "en", "GB", context("GB"))
    assert '<a href="https://hengtai-valve.com/c.pdf?a=1&amp;b=2">2026 catalogue</a>' in rendered.html
    assert "2026 catalogue: https://hengtai-valve.com/c.pdf?a=1&b=2" in rendered.text


def write(tmp_path: Path, name: str, text: str) -> Templates:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return Templates([tmp_path])


def test_missing_variable_names_the_template_and_line(tmp_path):
    mine = write(
        tmp_path,
        "en/after-sales.j2",
        '{% extends "_base.j2" %}\n{% block subject %}Hi{% endblock %}\n'
        "{% block body %}\nDear {{ contact.name }},\n{{ customer.discount_code }}\n{% endblock %}\n",
    )
    with pytest.raises(TemplateProblem) as error:
        render(mine, "after-sales", "en", "GB", context("GB"))
    assert f"{tmp_path / 'en' / 'after-sales.j2'}:5:" in str(error.value)
    assert "discount_code" in str(error.value)


def test_syntax_error_names_the_template_and_line(tmp_path):
    mine = write(tmp_path, "de/after-sales.j2", '{% extends "_base.j2" %}\n\n{% block body %}{% if %}{% endblock %}\n')
    with pytest.raises(TemplateProblem, match=r"de/after-sales\.j2:3:"):
        render(mine, "after-sales", "de", "DE", context())


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ customer.__class__ }}",
        "{% set _ = customer.tags.append('x') %}",
        "{{ cycler.__init__.__globals__ }}",
    ],
)
def test_the_sandbox_refuses_code_execution(tmp_path, attack):
    mine = write(
        tmp_path,
        "en/after-sales.j2",
        '{% extends "_base.j2" %}{% block subject %}x{% endblock %}{% block body %}' + attack + "{% endblock %}",
    )
    with pytest.raises(TemplateProblem, match="after-sales.j2"):
        render(mine, "after-sales", "en", "GB", context("GB"))


def test_missing_template_is_a_clear_error(tmp_path):
    with pytest.raises(TemplateProblem, match="no template for 'thank-you'"):
        render(Templates([tmp_path]), "thank-you", "de", "DE", context())


def test_every_shipped_language_has_every_purpose():
    assert Templates().check_all(PURPOSES, LANGUAGES) == []
    assert (shipped_dir() / "README.md").exists()


# -- Chinese, Japanese, Italian ---------------------------------------------------------------------

ENGLISH_LEFT = ("Dear", "regards", "Best", "Sir", "Madam", "Thank you", "please", "valid until", " the ")


def asian_context(country: str, name: str, company: str, language: str, **changes) -> dict:
    """What drafts/generate.py hands a template for a buyer who writes Chinese or Japanese,
    with the salesperson's content written in that language too."""
    values = context(country, name, "buyer@example.com", **changes)
    values["customer"] = values["customer"] | {"name": company, "country": country, "language": language}
    values["catalogue"] = values["catalogue"] | {"title": "2026年版阀门目录"}
    values["offer"] = {"key": "o", "text": "下一单九五折", "valid_until": "2026-12-07"}
    values["items"] = [values["items"][0] | {"title": "海水淡化阀门选材指南", "summary": "40个项目的经验"}]
    values["signature"] = "陈丽莎\n宁波恒泰阀门有限公司"
    values["holiday"] = {"key": "lunar-new-year", "name": "春节", "date": "2027-02-06"}
    return values


@pytest.mark.parametrize("purpose", PURPOSES)
def test_chinese_drafts_read_as_a_chinese_salesperson_writes(templates, purpose):
    rendered = templates.render(purpose, "zh", "SG", asian_context("SG", "陈志明", "新加坡水务工程私人有限公司", "zh"))
    lines = rendered.text.splitlines()
    assert rendered.template == f"zh/{purpose}.j2" and rendered.language == "zh"
    assert lines[0] == "尊敬的陈经理：" and lines[1].startswith("您好！")
    assert "顺祝商祺！" in rendered.text and rendered.text.rstrip().endswith("宁波恒泰阀门有限公司")
    for word in ENGLISH_LEFT:
        assert word not in rendered.text and word not in rendered.subject, word
    assert any("\u4e00" <= ch <= "\u9fff" for ch in rendered.subject)  # the subject is Chinese too
    assert "2026-" not in rendered.text  # no ISO date mid-sentence
    assert '<html lang="zh"' in rendered.html


def test_chinese_greeting_by_gender_compound_surname_and_latin_names(templates):
    def greeting(name, language="zh", country="MY"):
        values = asian_context(country, name, "Syarikat Paip Jaya Sdn Bhd", language)
        return templates.render("after-sales", language, country, values).text.splitlines()[0]

    assert greeting("王建国") == "尊敬的王经理："  # the gender of a Chinese name is not guessed
    assert greeting("欧阳娜娜") == "尊敬的欧阳经理："  # a two-character family name
    assert greeting("Mr. David Tan") == "尊敬的 Tan 先生："
    assert greeting("Ms Lisa Wong") == "尊敬的 Wong 女士："
    assert greeting("") == "尊敬的客户："
    assert greeting("黃家輝", "zh_tw", "HK") == "尊敬的黃經理："


def test_dates_are_written_the_local_way(templates):
    zh = templates.render(
        "complaint-reply", "zh", "CN", asian_context("CN", "张伟", "某公司", "zh", reply_by="2026-12-07")
    )
    assert "2026年12月7日前" in zh.text
    ja_values = asian_context("JP", "佐藤 健", "大和機工株式会社", "ja", reply_by="2026-12-07")
    assert "2026年12月7日までに" in templates.render("complaint-reply", "ja", "JP", ja_values).text
    assert "2026年2月1日にお送りしたお見積り" in templates.render("quote-follow-up", "ja", "JP", ja_values).text
    for day, written in (
        ("2026-12-07", "entro il 7 dicembre 2026"),
        ("2026-12-01", "entro il 1° dicembre 2026"),
        ("2026-03-08", "entro l'8 marzo 2026"),
        ("2026-11-11", "entro l'11 novembre 2026"),
    ):
        text = templates.render("complaint-reply", "it", "IT", context("IT", "Marco Rossi", reply_by=day)).text
        assert written in text, day
    offer = {"key": "o", "text": "5% di sconto sul prossimo ordine", "valid_until": "2026-08-11"}
    assert (
        "(valida fino all'11 agosto 2026)"
        in templates.render("reactivation", "it", "IT", context("IT", "Marco Rossi", offer=offer)).text
    )


def test_traditional_chinese_for_hong_kong_taiwan_and_writers_of_it(templates):
    def rendered(language, country):
        return templates.render(
            "reactivation", language, country, asian_context(country, "黃家輝", "港灣工程", language)
        )

    assert rendered("zh", "HK").template == "zh-HK/reactivation.j2"  # by country
    assert rendered("zh", "TW").template == "zh-TW/reactivation.j2"
    assert rendered("zh_tw", "MY").template == "zh-TW/reactivation.j2"  # by script: language.py says zh_tw
    assert rendered("zh", "SG").template == "zh/reactivation.j2"  # Singapore writes Simplified
    hong_kong = rendered("zh_tw", "HK")
    assert hong_kong.language == "zh-HK" and '<html lang="zh-HK"' in hong_kong.html
    assert hong_kong.text.startswith("尊敬的黃經理：\n您好！") and "順頌商祺！" in hong_kong.text
    assert "老客戶專屬優惠" in hong_kong.subject and "（有效期限至2026年12月7日）" in hong_kong.text
    for simplified in ("们", "这", "为", "经理", "客户", "顺祝"):
        assert simplified not in hong_kong.text and simplified not in hong_kong.subject


@pytest.mark.parametrize("purpose", PURPOSES)
def test_japanese_drafts_follow_japanese_business_mail(templates, purpose):
    values = asian_context("JP", "佐藤 健", "大和機工株式会社", "ja")
    rendered = templates.render(purpose, "ja", "JP", values)
    lines = rendered.text.splitlines()
    assert rendered.template == f"ja/{purpose}.j2" and rendered.language == "ja"
    assert lines[:2] == ["大和機工株式会社", "佐藤様"]
    assert lines[3] == "いつも大変お世話になっております。"
    assert "何卒よろしくお願い申し上げます。" in rendered.text
    for word in ENGLISH_LEFT:
        assert word not in rendered.text and word not in rendered.subject, word
    assert any("\u3040" <= ch <= "\u9fff" for ch in rendered.subject)
    assert "2026-" not in rendered.text


def test_japanese_addressee(templates):
    def addressee(name):
        values = asian_context("JP", name, "Yamato Kiko Co., Ltd.", "ja")
        return templates.render("stalled-nudge", "ja", "JP", values).text.splitlines()[:2]

    assert addressee("佐藤健") == ["Yamato Kiko Co., Ltd.", "佐藤健様"]  # no space: the whole name
    assert addressee("Hiroshi Sato") == ["Yamato Kiko Co., Ltd.", "Sato様"]
    assert addressee("") == ["Yamato Kiko Co., Ltd.", "ご担当者様"]
    stalled = templates.render("stalled-nudge", "ja", "JP", asian_context("JP", "佐藤 健", "大和機工", "ja")).text
    assert "お忙しいところ恐縮ですが、2026年3月10日までにご回答いただけますと幸いです。" in stalled  # punctual Japan


@pytest.mark.parametrize("purpose", PURPOSES)
def test_italian_drafts_use_the_lei_form(templates, purpose):
    values = context(
        "IT",
        "Giulia Bianchi",
        "g.bianchi@idraulica-bianchi.it",
        offer={"key": "o", "text": "5% di sconto sul prossimo ordine", "valid_until": None},
        catalogue=context()["catalogue"] | {"title": "catalogo valvole 2026"},
        items=[context()["items"][0] | {"title": "Valvole per la dissalazione", "summary": "12 pagine"}],
    )
    rendered = templates.render(purpose, "it", "IT", values)
    assert rendered.template == f"it/{purpose}.j2" and rendered.language == "it"
    assert rendered.text.startswith("Gentile Sig.ra Bianchi,\n")
    assert "Cordiali saluti\n" in rendered.text
    assert any(word in rendered.text for word in ("Lei", "Le ", "La ", "Sua", "Suo"))  # formal "Lei"
    for word in ENGLISH_LEFT + (" tu ", " ti ", " tuo", " tua"):
        assert word not in rendered.text and word not in rendered.subject, word
    assert "2026-" not in rendered.text


def test_italian_greeting(templates):
    def greeting(name):
        return templates.render("after-sales", "it", "IT", context("IT", name)).text.splitlines()[0]

    assert greeting("Marco Rossi") == "Gentile Sig. Rossi,"
    assert greeting("Dr. Giulia Bianchi") == "Gentile Dott.ssa Bianchi,"
    assert greeting("Andrea Conti") == "Gentile Andrea Conti,"  # Andrea: man in Italy, woman elsewhere
    assert greeting("") == "Gentile Cliente,"


def test_content_in_the_customers_script():
    from mailcrm.drafts.settings import localized

    title = {"en": "2026 catalogue", "zh": "2026年版阀门目录", "zh-TW": "2026年版閥門型錄"}
    assert localized(title, "zh_tw") == "2026年版閥門型錄"  # customers/language.py's code for Traditional
    assert localized(title, "zh") == "2026年版阀门目录"
    assert localized({"en": "2026 catalogue", "zh": "2026年版阀门目录"}, "zh_tw") == "2026年版阀门目录"
    assert localized(title, "it") == "2026 catalogue"


# -- Drafts read the thread, in every language (issue 36 item 2) -------------------------------------

# language, country, contact, company; what they wrote (counter-offer, question); how the draft asks
# for what is missing, names photos / the order number / the quantity, and promises a replacement
# or credit; how our quotation's date (2026-02-01) reads in the text.
READERS = {
    "en": (
        "GB",
        "Oliver Hughes",
        "Hughes Plumbing Ltd",
        "-5%",
        "Can you deliver in April?",
        "could you send us",
        ("photos", "order number", "quantity"),
        "replace",
        "1 February 2026",
    ),
    "de": (
        "DE",
        "Hans Müller",
        "Acme Armaturen GmbH",
        "-5 %",
        "Können Sie im April liefern?",
        "Könnten Sie uns",
        ("Fotos", "Auftragsnummer", "Menge"),
        "ersetzen",
        "1. Februar 2026",
    ),
    "es": (
        "ES",
        "Javier García",
        "Valvulería Ibérica S.A.",
        "un 5 % de descuento",
        "¿Pueden entregar en abril?",
        "podría enviarnos",
        ("fotos", "número de", "cantidad"),
        "repondremos",
        "1 de febrero de 2026",
    ),
    "fr": (
        "FR",
        "Claire Dubois",
        "Robinetterie Dubois SARL",
        "une remise de 5 %",
        "Pouvez-vous livrer en avril ?",
        "pourriez-vous nous envoyer",
        ("photos", "numéro de", "quantité"),
        "remplacerons",
        "1er février 2026",
    ),
    "pt": (
        "BR",
        "João Silva",
        "Válvulas Paulista Ltda.",
        "desconto de 5%",
        "Vocês conseguem entregar em abril?",
        "poderia nos enviar",
        ("fotos", "número do", "quantidade"),
        "reposição",
        "1 de fevereiro de 2026",
    ),
    "ru": (
        "RU",
        "Иван Петров",
        "ООО «Техснаб»",
        "скидку 5%",
        "Можете ли вы поставить в апреле?",
        "пришлите, пожалуйста",
        ("фотографии", "номер", "количеств"),
        "заменим",
        "1 февраля 2026 г.",
    ),
    "ar": (
        "AE",
        "Ahmed Al Mansouri",
        "شركة الخليج للصمامات",
        "خصم 5%",
        "هل يمكنكم التسليم في أبريل؟",
        "هل يمكنكم إرسال",
        ("صور", "رقم", "الكمية"),
        "فسنستبدل",
        "1 فبراير 2026",
    ),
    "zh": (
        "CN",
        "张伟",
        "上海申达阀门有限公司",
        "降价5%",
        "四月能交货吗？",
        "麻烦您提供",
        ("照片", "订单号", "数量"),
        "补发",
        "2026年2月1日",
    ),
    "zh_tw": (
        "HK",
        "黃家輝",
        "港灣管材有限公司",
        "降價5%",
        "四月能交貨嗎？",
        "麻煩您提供",
        ("照片", "訂單號碼", "數量"),
        "補發",
        "2026年2月1日",
    ),
    "ja": (
        "JP",
        "佐藤 健",
        "大和機工株式会社",
        "5%の値引き",
        "4月に納品可能でしょうか",
        "お送りいただけますでしょうか",
        ("写真", "ご注文番号", "数量"),
        "代替品",
        "2026年2月1日",
    ),
    "it": (
        "IT",
        "Marco Rossi",
        "Idraulica Rossi S.r.l.",
        "uno sconto del 5%",
        "Potete consegnare ad aprile?",
        "potrebbe inviarci",
        ("foto", "numero d", "quantità"),
        "sostituiremo",
        "il 1° febbraio 2026",
    ),
}
ALL_SENT = ["photos", "order_number", "quantity"]
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def reader_draft(templates: Templates, purpose: str, language: str, *, replied: bool, **changes):
    """A draft for a customer writing `language`, with their counter-offer, question and what they
    sent in the thread (`replied`), or a thread where they sent and asked nothing."""
    country, name, company, offer, question, *_ = READERS[language]
    thread = (
        thread_vars(
            date_text=long_date("2026-02-01", language, country),
            quotation_date=long_date("2026-02-01", language, country),
            their_date=long_date("2026-02-20", language, country),
            their_offer=offer if replied else "",
            question=question if replied else "",
            they_sent=list(ALL_SENT) if replied else [],
        )
        | changes
    )
    if language in ("zh", "zh_tw", "ja"):
        values = asian_context(country, name, company, language, thread=thread)
        rendered = templates.render(purpose, language, country, values)
    else:
        values = context(country, name, "buyer@example.com", thread=thread)
        values["customer"] = values["customer"] | {"name": company, "language": language}
        rendered = render(templates, purpose, language, country, values)
    # French typography puts (narrow) no-break spaces before ? : and inside « »: compare as plain spaces
    return replace(rendered, text=re.sub("[\u00a0\u202f]", " ", rendered.text))


def one_language(rendered) -> list[str]:
    signature = {"Lisa Chen", "Ningbo Hengtai Valve Co., Ltd.", "陈丽莎", "宁波恒泰阀门有限公司"}
    return language_problems(rendered.subject, rendered.text, rendered.language, signature)


@pytest.mark.parametrize("language", READERS)
def test_a_complaint_reply_never_asks_again_for_what_they_sent(templates, language):
    ask, named, remedy = READERS[language][5:8]
    question = READERS[language][4]

    sent = reader_draft(templates, "complaint-reply", language, replied=True)
    assert ask not in sent.text  # they sent photos, the order number and the quantity: nothing to ask
    thanks = [line for line in sent.text.splitlines() if all(word in line for word in named)]
    assert thanks, "the reply thanks them for the photos, the order number and the quantity"
    assert question in sent.text  # their question is taken up
    assert remedy in sent.text  # replace or credit if the defect is confirmed

    nothing = reader_draft(templates, "complaint-reply", language, replied=False)
    asking = [line for line in nothing.text.splitlines() if ask in line]
    assert asking and all(word in asking[0] for word in named), nothing.text
    assert remedy in nothing.text

    for rendered in (sent, nothing):
        assert not ISO_DATE.search(rendered.text) and not ISO_DATE.search(rendered.subject)
        assert one_language(rendered) == [], rendered.text


@pytest.mark.parametrize("language", READERS)
def test_a_quote_follow_up_answers_their_counter_offer_with_our_real_quotation(templates, language):
    offer, question = READERS[language][3:5]
    written_date = READERS[language][8]

    replied = reader_draft(templates, "quote-follow-up", language, replied=True)
    assert offer in replied.text  # their counter-offer, in their words
    assert written_date in replied.text and "USD 18.50" in replied.text  # our quotation's real date and amount

    chaser = reader_draft(templates, "quote-follow-up", language, replied=False)
    assert offer not in chaser.text
    assert written_date in chaser.text and "USD 18.50" in chaser.text

    only_question = reader_draft(templates, "quote-follow-up", language, replied=True, their_offer="")
    assert question in only_question.text and written_date in only_question.text

    for rendered in (replied, chaser, only_question):
        assert not ISO_DATE.search(rendered.text) and not ISO_DATE.search(rendered.subject)
        assert one_language(rendered) == [], rendered.text
