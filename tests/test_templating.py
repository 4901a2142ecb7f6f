"""Templates: every purpose in every language, the customer's style, and safety."""

from __future__ import annotations

from pathlib import Path

import pytest

from mailcrm.drafts.culture import Person, person, style_for
from mailcrm.drafts.salutation import salutation
from mailcrm.drafts.settings import PURPOSES
from mailcrm.drafts.templating import Templates, TemplateProblem, shipped_dir

LANGUAGES = ("en", "es", "de", "fr", "pt", "ru", "ar")


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
        "thread": {"subject": "Angebot", "date": "2026-02-01"},
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
    rendered = render(templates, "after-sales", "it", "IT", context("IT"))
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
        "GB", customer=context()["customer"] | {"name": evil}, thread={"subject": evil, "date": "2026-01-01"}
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
