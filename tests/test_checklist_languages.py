"""The checklist's language and salutation checks on what the first-day mailbox showed (issue 36):
Italian and Spanish lines that share French function words, Japanese letters (the company line
over 様, a subject of kanji and one の), and a Brazilian buyer writing on from gmail who must get
Portuguese, not Spanish. Through the CLI, on the demo and on a mailbox of .eml files written here."""

from __future__ import annotations

import json

from mailcrm.sample_config import LISA as LISA_ACCOUNT
from mailcrm.sample_config import TOM as TOM_ACCOUNT
from mailcrm.sample_config import config_text
from tests.fixtures_customers import LISA, LISA_SIGNATURE, TOM, Env, Mailbox, day
from tests import test_checklist

demo_dir, demo = test_checklist.demo_dir, test_checklist.demo  # the demo, a fresh copy per test


def redraft(demo, key: str, language: str) -> list[dict]:
    """`customers set KEY --language …`, then the customer's drafts written again: as if the
    first ones were rejected long ago (no cooling down) and their requests were pending again."""
    demo.cli("customers", "set", key, "--language", language)
    customer = demo.sql("SELECT id FROM customers WHERE key = ?", [key])[0][0]
    demo.sql(
        "UPDATE draft_requests SET status = 'pending' WHERE id IN (SELECT request FROM drafts WHERE customer = ?)",
        [customer],
    )
    demo.sql(
        "UPDATE drafts SET status = 'rejected', updated = '2000-01-01T00:00:00+00:00' WHERE customer = ?", [customer]
    )
    demo.cli("drafts", "generate")
    listed = json.loads(demo.cli("drafts", "list", "--json"))
    return [stored(demo, d["id"]) for d in listed if d["customer"] == customer]


def passes(demo, draft: dict) -> None:
    results = json.loads(demo.cli("drafts", "check", str(draft["id"]), "--json"))
    assert results[0]["passed"], results[0]["failures"]


def stored(demo, number: int) -> dict:
    fields = ("id", "language", "purpose", "subject", "body_text")
    return dict(zip(fields, demo.sql(f"SELECT {', '.join(fields)} FROM drafts WHERE id = ?", [number])[0]))


def test_an_italian_line_with_le_twice_is_not_french(demo):
    drafts = redraft(demo, "fischer-armaturen.de", "it")
    reactivation = next(d for d in drafts if d["purpose"] == "reactivation")
    assert reactivation["language"] == "it" and "Le Sue esigenze sono cambiate" in reactivation["body_text"]
    passes(demo, reactivation)
    assert "FAIL" not in demo.cli("drafts", "check")


def test_a_spanish_line_le_escribo_is_not_french(demo):
    (follow_up,) = redraft(demo, "lihua_import@163.com", "es")
    assert follow_up["language"] == "es" and "Le escribo en relación con la cotización" in follow_up["body_text"]
    passes(demo, follow_up)


def test_a_french_line_in_a_spanish_draft_still_fails(demo):
    (follow_up,) = redraft(demo, "lihua_import@163.com", "es")
    demo.edit(
        follow_up,
        "Si necesita algún ajuste",
        "Nous vous remercions pour votre commande et nous sommes à votre disposition.\n\nSi necesita algún ajuste",
    )
    failed = demo.check(follow_up)
    assert "language" in failed and "a line of the text reads as fr" in failed["language"]


def test_a_japanese_letter_greets_under_the_company_line_and_its_subject_is_japanese(demo):
    drafts = redraft(demo, "fischer-armaturen.de", "ja")
    reactivation = next(d for d in drafts if d["purpose"] == "reactivation")
    assert reactivation["body_text"].startswith("Fischer Armaturen GmbH & Co. KG\nZimmermann様\n")
    passes(demo, reactivation)
    # the subject the first-day mailbox had without a catalogue: kanji, Latin and three kana
    demo.edit(
        reactivation, f"Subject: {reactivation['subject']}", "Subject: Ningbo Hengtai Valve Co., Ltd.の最新情報のご案内"
    )
    passes(demo, reactivation)
    demo.edit(reactivation, "Subject: Ningbo", 'Subject: Re: 可鍛鋳鉄管継手 1/2"-2" galvanizedの見積依頼 Ningbo')
    passes(demo, reactivation)


def test_a_reply_in_another_language_than_the_buyer_writes_fails(demo):
    draft = demo.draft("quote-follow-up", "lihua_import@163.com")
    parent = demo.sql("SELECT message_id FROM messages WHERE id = ?", [draft["parent_message"]])[0][0]
    demo.receive(
        "lihua_import@163.com",
        "Re: Quotation brass ball valves DN25 - Hengtai Valve",
        "Prezada Lisa,\n\nobrigado pela cotação. Vocês podem enviar o preço para 2.000 peças?\n\n"
        "Atenciosamente,\nLi Hua",
        reply_to=parent,
    )
    failed = demo.check(draft)
    assert (
        "lihua_import@163.com writes pt in this thread" in failed["language"]
        and "the draft is en" in failed["language"]
    )


# -- the Brazilian buyer who writes on from gmail ---------------------------------------------------

MATEO_WORK = "Mateo Ferreira <mateo@aguaviva-hidraulica.com.br>"
MATEO_HOME = "Mateo Ferreira <mateo.ferreira.br@gmail.com>"


def brazilian_mailbox() -> Mailbox:
    box = Mailbox()
    subject = "Cotação válvulas de esfera DN32"
    first = box.add(
        "lisa",
        "INBOX",
        sender=MATEO_WORK,
        to=LISA,
        when=day(0),
        subject=subject,
        body="Prezada Lisa,\n\nPor favor, envie cotação para 1.000 válvulas de esfera DN32.\n\n"
        "Atenciosamente,\nMateo Ferreira\nAguaviva Hidráulica Ltda\n",
    )
    ours = box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=MATEO_WORK,
        when=day(0.3),
        reply_to=first,
        subject=f"Re: {subject}",
        body="Dear Mateo,\n\nUSD 6.40 per piece FOB Ningbo, 25 days.\n" + LISA_SIGNATURE,
    )
    private = box.add(
        "lisa",
        "INBOX",
        sender=MATEO_HOME,
        to=LISA,
        when=day(7),
        reply_to=ours,
        subject=f"Re: {subject}",
        body="Olá Lisa,\n\nEstou viajando, respondo do meu e-mail pessoal. O preço está bom; qual é o prazo para "
        "2.000 peças?\n\nMateo Ferreira\n",
    )
    box.add(
        "lisa",
        "Sent",
        sender=LISA,
        to=MATEO_HOME,
        when=day(9),
        reply_to=private,
        subject=f"Re: {subject}",
        body="Dear Mateo,\n\n2,000 pieces take 30 days.\n" + LISA_SIGNATURE,
    )
    box.add(  # Tom's mailbox is imported too
        "tom",
        "INBOX",
        sender=MATEO_WORK,
        to=TOM,
        when=day(1),
        subject="Catálogo 2026",
        body="Prezado Tom,\n\npor favor, envie o catálogo de 2026.\n\nObrigado,\nMateo Ferreira\n",
    )
    return box


def test_a_brazilian_buyer_merged_from_gmail_is_written_to_in_portuguese(tmp_path):
    env = Env(tmp_path, config_text(accounts=(LISA_ACCOUNT, TOM_ACCOUNT)), mailbox=brazilian_mailbox())
    keys = env.keys()
    assert "aguaviva-hidraulica.com.br" in keys and "mateo.ferreira.br@gmail.com" not in keys  # one customer
    customer = env.show("mateo.ferreira.br@gmail.com")["customer"]
    assert customer["key"] == "aguaviva-hidraulica.com.br"
    assert customer["language"] == "pt"  # both his mails are Portuguese: "Por favor, envie cotação" too
    shown = env.run("customers", "show", "aguaviva-hidraulica.com.br").output
    assert "pt" in shown
