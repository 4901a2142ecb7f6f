"""The checklist (drafts/checklist.py) over the demo's drafts: every one passes; a draft made bad
the way a real one goes wrong (mail that came in, a claim or a balance, an edit) fails the
matching check, with the reason a salesperson reads in `mailcrm drafts check`."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from datetime import date, datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.drafts.claims import days_written, false_amounts
from mailcrm.drafts.localdates import PATTERNS, long_date


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("checklist-demo")
    result = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    assert result.exit_code == 0, result.output
    return directory


@pytest.fixture
def demo(demo_dir, tmp_path):
    """A fresh copy of the demo for each test (the fabrications change its database)."""
    copy = tmp_path / "demo"
    shutil.copytree(demo_dir, copy, ignore=shutil.ignore_patterns("*.lock", "mailbox", "Drafts"))
    text = (copy / "config.toml").read_text(encoding="utf-8").replace(str(demo_dir), str(copy))
    (copy / "config.toml").write_text(text, encoding="utf-8")
    return Demo(copy)


class Demo:
    def __init__(self, root):
        self.root = root
        self.count = 0

    def cli(self, *args, code=0, env=None):
        result = CliRunner().invoke(cli, ["--config", str(self.root / "config.toml"), *args], env=env)
        assert result.exit_code == code, result.output + repr(result.exception)
        return result.output

    def sql(self, statement, params=()):
        with sqlite3.connect(self.root / "mailcrm.db") as db:
            return db.execute(statement, params).fetchall()

    def draft(self, purpose, customer_key) -> dict:
        with sqlite3.connect(self.root / "mailcrm.db") as db:
            db.row_factory = sqlite3.Row
            row = db.execute(
                "SELECT d.* FROM drafts d JOIN customers c ON c.id = d.customer WHERE d.purpose = ? AND c.key = ?",
                [purpose, customer_key],
            ).fetchone()
        assert row, (purpose, customer_key)
        return dict(row)

    def check(self, draft: dict) -> dict[str, str]:
        """`drafts check ID --json`: exit 1, the failed checks by name."""
        found = json.loads(self.cli("drafts", "check", str(draft["id"]), "--json", code=1))
        return {f["check"]: f["reason"] for f in found[0]["failures"]}

    def receive(self, sender, subject, body, *, reply_to=None, cc=None, days_ago=0.1):
        """Their mail, imported from an .eml file as a user would."""
        self.count += 1
        msg = EmailMessage()
        msg["From"], msg["To"], msg["Subject"] = sender, "lisa@hengtai-valve.com", subject
        if cc:
            msg["Cc"] = cc
        when = datetime.now(timezone.utc) - timedelta(days=days_ago)
        msg["Date"], msg["Message-ID"] = format_datetime(when), f"<check{self.count}@{sender.split('@')[1]}>"
        if reply_to:
            msg["In-Reply-To"] = msg["References"] = f"<{reply_to}>"
        msg.set_content(body)
        folder = self.root / "new-mail" / str(self.count)
        folder.mkdir(parents=True)
        (folder / "mail.eml").write_bytes(bytes(msg))
        self.cli("import", str(folder), "--account", "lisa")

    def edit(self, draft: dict, old: str, new: str):
        """`drafts edit` with an editor that replaces one text (the demo pushed its drafts to a
        Maildir: here they are taken as not pushed yet, as after `drafts generate`)."""
        self.sql("UPDATE drafts SET status = 'new', push_state = NULL WHERE id = ?", [draft["id"]])
        script = self.root / f"editor{self.count}.py"
        self.count += 1
        script.write_text(
            "import sys, pathlib\n"
            "p = pathlib.Path(sys.argv[1])\n"
            f"p.write_text(p.read_text(encoding='utf-8').replace({old!r}, {new!r}), encoding='utf-8')\n",
            encoding="utf-8",
        )
        return self.cli("drafts", "edit", str(draft["id"]), env={"EDITOR": f"{sys.executable} {script}"})


# -- the demo ------------------------------------------------------------------------------------


def test_every_demo_draft_passes_the_checklist(demo):
    output = demo.cli("drafts", "check")
    assert "FAIL" not in output
    assert "need edit" in output and ", 0 need edit" in output
    results = json.loads(demo.cli("drafts", "check", "--json"))
    assert len(results) >= 15 and all(r["passed"] for r in results)
    purposes = {r["purpose"] for r in results}
    assert {"reactivation", "value-content", "quote-follow-up", "complaint-reply"} <= purposes
    assert "needs edit" not in demo.cli("drafts", "list")


# -- each check can fail -------------------------------------------------------------------------


def test_a_reply_on_a_thread_outside_the_window_fails(demo):
    draft = demo.draft("quote-follow-up", "lihua_import@163.com")
    old = (datetime.now(timezone.utc) - timedelta(days=400)).isoformat(timespec="seconds")
    thread = demo.sql("SELECT thread_id FROM messages WHERE id = ?", [draft["parent_message"]])[0][0]
    demo.sql("UPDATE messages SET date = ? WHERE thread_id = ?", [old, thread])  # a thread of last year
    failed = demo.check(draft)
    assert "window" in failed and "days old" in failed["window"] and "window_days" in failed["window"]


def test_a_promotion_while_we_owe_them_an_answer_fails(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    demo.receive(
        "s.zimmermann@fischer-armaturen.de",
        "DN50 Kugelhähne",
        "Hallo Lisa,\n\nkönnen Sie uns einen Preis für 2.000 Stück DN50 Kugelhähne nennen?\n\nGruß\nStefan",
    )
    failed = demo.check(draft)
    assert "owed" in failed and "we owe the next mail" in failed["owed"]
    assert "latest" not in failed  # a new-thread draft answers nothing


def test_a_promotion_during_an_open_complaint_fails(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    demo.sql(
        "INSERT INTO customer_flags (customer, flag, rule, note, raised) VALUES (?, 'complaint', 'risk.complaint', "
        "'leaking seats', ?)",
        [draft["customer"], date.today().isoformat()],
    )
    failed = demo.check(draft)
    assert "complaint" in failed and "settle the claim" in failed["complaint"]


def test_a_promotion_with_an_overdue_balance_fails(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    since = (date.today() - timedelta(days=90)).isoformat()
    demo.cli(
        "orders", "add", "fischer-armaturen.de", "--amount", "17400", "--currency", "USD", "--date", since,
        "--paid", "0", "--order-no", "PO-CHECK-1",
    )  # fmt: skip
    failed = demo.check(draft)
    assert "balance" in failed and "USD 17,400" in failed["balance"]


def test_a_repeated_offer_within_the_limit_fails(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    sent = (datetime.now(timezone.utc) - timedelta(days=20)).isoformat(timespec="seconds")
    demo.sql(  # the same offer went out three weeks ago
        "INSERT INTO drafts (customer, request, purpose, rule, evidence, status, account, from_name, from_email, "
        "contact, to_name, to_email, language, template, subject, body_text, body_html, token, message_id, "
        "content_keys, created, updated, sent) SELECT customer, NULL, purpose, rule, evidence, 'sent', account, "
        "from_name, from_email, contact, to_name, to_email, language, template, subject, body_text, body_html, "
        "'earlier-token', 'earlier@hengtai-valve.com', content_keys, ?, ?, ? FROM drafts WHERE id = ?",
        [sent, sent, sent, draft["id"]],
    )
    failed = demo.check(draft)
    assert "offers" in failed and "days_between_offers" in failed["offers"]


def test_an_addressee_who_was_only_in_cc_fails(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    demo.receive(
        "s.zimmermann@fischer-armaturen.de",
        "Lieferung KW 50",
        "Hallo Lisa,\n\ndie Lieferung ist angekommen, alles in Ordnung. Danke.\n\nGruß\nStefan",
        cc="k.weber@fischer-armaturen.de",
    )
    demo.sql("UPDATE drafts SET to_email = 'k.weber@fischer-armaturen.de' WHERE id = ?", [draft["id"]])
    failed = demo.check(draft)
    assert "addressee" in failed and "k.weber@fischer-armaturen.de" in failed["addressee"]
    assert "Cc only" in failed["addressee"]


def test_a_salutation_against_the_threads_register_fails_and_is_flagged(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    assert draft["body_text"].startswith("Hallo Stefan,")  # they write "Hallo Lisa"
    output = demo.edit(draft, "Hallo Stefan,", "Sehr geehrter Herr Zimmermann,")
    assert f"#{draft['id']} FAIL" in output and "salutation:" in output  # the edit is checked again
    failed = demo.check(draft)
    assert "Hallo Stefan," in failed["salutation"]
    listed = demo.cli("drafts", "list")
    assert "needs edit" in listed and "1 need edit" in listed
    shown = demo.cli("drafts", "show", str(draft["id"]))
    assert "Needs edit: salutation" in shown
    demo.edit(draft, "Sehr geehrter Herr Zimmermann,", "Hallo Stefan,")  # put right: the flag goes
    assert "needs edit" not in demo.cli("drafts", "list")


def test_a_subject_in_another_language_fails(demo):
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    demo.edit(draft, f"Subject: {draft['subject']}", "Subject: Our new catalogue and an offer for you")
    failed = demo.check(draft)
    assert "language" in failed and "the subject reads as en" in failed["language"]


def test_a_subject_half_in_english_fails(demo):
    draft = demo.draft("value-content", "trubosnab.ru")
    demo.edit(draft, f"Subject: {draft['subject']}", "Subject: Для вашей команды: the market report for the year")
    failed = demo.check(draft)
    assert "language" in failed and "half" in failed["language"]


def test_a_reply_that_skips_a_later_message_fails(demo):
    draft = demo.draft("quote-follow-up", "lihua_import@163.com")
    parent = demo.sql("SELECT message_id FROM messages WHERE id = ?", [draft["parent_message"]])[0][0]
    demo.receive(
        "lihua_import@163.com",
        "Re: Quotation brass ball valves DN25 - Hengtai Valve",
        "Dear Lisa,\n\nthank you, we are checking it with our customer and will revert next week.\n\nLi Hua",
        reply_to=parent,
    )
    failed = demo.check(draft)
    assert "latest" in failed and "lihua_import@163.com of " in failed["latest"]


def test_a_false_quotation_date_or_amount_fails(demo):
    draft = demo.draft("quote-follow-up", "lihua_import@163.com")
    written = next(text for text, _ in days_written(draft["body_text"], "en"))
    wrong = long_date(date.today() - timedelta(days=70), "en")
    demo.edit(draft, written, f"{wrong} (USD 9,999.00 for 5,000 pcs)")
    failed = demo.check(draft)
    assert wrong in failed["quoted"] and "no mail with the customer on that day" in failed["quoted"]
    assert "USD 9,999.00" in failed["quoted"]


def test_generate_flags_a_failing_draft_as_needs_edit(demo):
    """A user's own template claims a mail we never sent: the draft is stored marked, not silently."""
    mine = demo.root / "my-templates" / "de"
    mine.mkdir(parents=True)
    (mine / "reactivation.j2").write_text(
        '{% extends "_base.j2" %}{% block subject %}Unser Angebot{% endblock %}{% block body %}{{ salutation }}\n\n'
        "wie in meiner Mail vom 2. Januar 2026 angekündigt, haben wir neue Armaturen für Sie.\n\n"
        "Mit freundlichen Grüßen\n{{ me.name }}{% endblock %}\n",
        encoding="utf-8",
    )
    config = demo.root / "config.toml"
    config.write_text(
        config.read_text(encoding="utf-8") + f'\n[templates]\npaths = ["{demo.root / "my-templates"}"]\n',
        encoding="utf-8",
    )
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    demo.sql("UPDATE drafts SET status = 'rejected', updated = '2000-01-01T00:00:00+00:00' WHERE id = ?", [draft["id"]])
    demo.sql("UPDATE draft_requests SET status = 'pending' WHERE id = ?", [draft["request"]])
    output = demo.cli("drafts", "generate")
    assert "needs edit" in output and "1 drafted need edit" in output
    listed = json.loads(demo.cli("drafts", "list", "--json"))
    new = next(d for d in listed if d["purpose"] == "reactivation" and d["customer"] == draft["customer"])
    assert new["id"] != draft["id"] and new["checks"][0]["check"] == "quoted"
    assert "2. Januar 2026" in new["checks"][0]["reason"]
    assert "new, needs edit" in demo.cli("drafts", "list")


# -- the claims' readers -----------------------------------------------------------------------


@pytest.mark.parametrize("language", sorted(PATTERNS))
def test_every_date_the_drafts_write_is_read_back(language):
    day = date(2026, 7, 30)
    text = f"… {long_date(day, language)} …"
    assert [found for _, found in days_written(text, language)] == [day]


def test_amounts_compare_by_value_whatever_the_writing():
    assert false_amounts("ab 10.000 USD", ["above USD 10,000"]) == []
    assert false_amounts("USD 16.80 per piece", ["price: US$16.8"]) == []
    assert false_amounts("EUR 15,50", ["USD 15.50"]) == ["EUR 15,50"]
