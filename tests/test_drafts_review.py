"""A first day a salesperson can review (issue 36), through the command line:

* one mail per company: two customer records that are probably one company (the demo's
  alnoor-bm.ae and Al Noor Building Materials Trading LLC at alnoorgroup.ae) get one
  value-content mail, and the second request is skipped naming the pair and `customers merge`;
* the right role: a promotion addressed to the logistics manager fails the checklist's `role`
  check while the buyer of the customer wrote to us; the buyer passes;
* `[drafts] per_run`: the most important requests are drafted first, the rest wait for the
  next run, and the next run drafts them.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli as mailcrm

from tests.fixtures_drafts import DRAFT_SECTIONS, HANS, JOAO, MOHAMMED, Setup, mail
from tests.test_checklist import Demo, demo, demo_dir  # noqa: F401 (fixtures)

PAIR = ("alnoor-bm.ae", "alnoorgroup.ae")


# -- one mail per company ------------------------------------------------------------------------


def test_two_records_of_one_company_get_one_value_content_mail(demo):  # noqa: F811
    ids = {key: demo.sql("SELECT id FROM customers WHERE key = ?", [key])[0][0] for key in PAIR}
    written = demo.sql(
        "SELECT customer FROM drafts WHERE purpose = 'value-content' AND customer IN (?, ?)", list(ids.values())
    )
    assert [row[0] for row in written] == [ids["alnoorgroup.ae"]]  # the record `customers dupes` keeps
    skipped = demo.sql(
        "SELECT s.reason FROM draft_skips s JOIN draft_requests r ON r.id = s.request "
        "WHERE r.customer = ? AND r.purpose = 'value-content'",
        [ids["alnoor-bm.ae"]],
    )
    assert len(skipped) == 1
    reason = skipped[0][0]
    assert "alnoorgroup.ae and alnoor-bm.ae are probably one company" in reason
    assert "`mailcrm customers merge alnoorgroup.ae alnoor-bm.ae`" in reason

    # The rules ask again next week: still one mail per company (within days_between_offers).
    demo.sql(
        "UPDATE draft_requests SET status = 'pending' WHERE customer = ? AND purpose = 'value-content'",
        [ids["alnoor-bm.ae"]],
    )
    outcomes = json.loads(demo.cli("drafts", "generate", "--dry-run", "--json"))["outcomes"]
    again = [o for o in outcomes if o["customer"] == ids["alnoor-bm.ae"]]
    assert [o["result"] for o in again] == ["skipped"] and "one mail per company" in again[0]["detail"]

    # Merged into one customer, the pair is gone: the request is decided like any other.
    demo.cli("customers", "merge", "alnoorgroup.ae", "alnoor-bm.ae")
    outcomes = json.loads(demo.cli("drafts", "generate", "--dry-run", "--json"))["outcomes"]
    assert not [o for o in outcomes if "probably one company" in o["detail"]]


# -- the right role ------------------------------------------------------------------------------


def test_a_promotion_to_the_logistics_manager_fails_role_the_buyer_passes(demo):  # noqa: F811
    draft = demo.draft("reactivation", "fischer-armaturen.de")
    assert draft["to_email"] == "s.zimmermann@fischer-armaturen.de"  # signs "Einkauf"
    demo.receive(
        "Klaus Weber <k.weber@fischer-armaturen.de>",
        "Lieferung KW 50",
        "Hallo Lisa,\n\ndie Lieferung ist angekommen, alles in Ordnung. Danke.\n\n"
        "Mit freundlichen Grüßen\nKlaus Weber\nLogistikleiter\nFischer Armaturen GmbH & Co. KG\n"
        "Tel. +49 711 4589 120",
        days_ago=3,
    )
    passed = json.loads(demo.cli("drafts", "check", str(draft["id"]), "--json"))
    assert passed[0]["passed"], passed  # the buyer: the role fits

    assert demo.sql("SELECT title FROM contacts WHERE email = 'k.weber@fischer-armaturen.de'") == [("Logistikleiter",)]
    demo.sql(
        "UPDATE drafts SET to_email = email, contact = c.id FROM (SELECT id, email FROM contacts "
        "WHERE email = 'k.weber@fischer-armaturen.de') AS c WHERE drafts.id = ?",
        [draft["id"]],
    )
    failed = demo.check(draft)
    assert "addressee" not in failed  # he wrote to us: only his role is wrong
    assert "role" in failed
    assert "k.weber@fischer-armaturen.de signs as “Logistikleiter”" in failed["role"]
    assert "s.zimmermann@fischer-armaturen.de" in failed["role"]
    shown = demo.cli("drafts", "check", str(draft["id"]), code=1)
    assert "role:" in shown and "Logistikleiter" in shown


# -- [drafts] per_run ----------------------------------------------------------------------------


def per_run(limit: int) -> str:
    return DRAFT_SECTIONS.replace("lead_minutes = 0", f"lead_minutes = 0\nper_run = {limit}")


def cli(setup, *args: str, code: int | None = 0) -> str:
    """`code=None`: any failure."""
    result = CliRunner().invoke(mailcrm, ["--config", str(setup.config_path), *args], env={"COLUMNS": "250"})
    assert result.exit_code == code if code is not None else result.exit_code != 0, result.output
    return result.output


@pytest.fixture
def busy(tmp_path, dovecot_server, imap_user):
    """Lisa's mailbox with five requests at once: three promotions, a chaser, a complaint reply."""
    setup = Setup(tmp_path, dovecot_server, imap_user, extra=per_run(2))
    complaint = mail(
        f"Hans Müller <{HANS}>",
        setup.login,
        "Reklamation: undichte Kugelhähne",
        "Sehr geehrte Frau Chen,\n\n12 der gelieferten Kugelhähne DN50 sind undicht. Fotos anbei.\n\n"
        "Mit freundlichen Grüßen\nHans Müller",
        1,
        "hans-complaint@acme-armaturen.de",
    )
    setup.server.append(setup.login, "INBOX", complaint, flags=("\\Seen",))
    setup.sync()
    cli(setup, "customers", "set", "gulfpipes.com.sa", "--grade", "A")
    cli(setup, "customers", "set", "construtora-paulista.com.br", "--grade", "C")
    setup.requests = {
        "reactivation": setup.request(JOAO, "reactivation"),  # oldest, grade C
        "value-content": setup.request(MOHAMMED, "value-content"),  # grade A
        "quote-follow-up": setup.request(HANS, "quote-follow-up", message="lisa-q1@hengtai-valve.com"),
        "complaint-reply": setup.request(HANS, "complaint-reply", message="hans-complaint@acme-armaturen.de"),
    }
    return setup


def test_per_run_drafts_the_most_important_first_and_the_rest_next_run(busy):
    setup = busy
    first = json.loads(cli(setup, "drafts", "generate", "--json"))["outcomes"]
    drafted = [o["purpose"] for o in first if o["result"] == "drafted"]
    assert drafted == ["complaint-reply", "quote-follow-up"]  # answers before promotions
    waiting = [o["purpose"] for o in first if o["result"] == "waits"]
    assert waiting == ["value-content", "reactivation"]  # A before C; not written yet
    pending = setup.db.execute("SELECT purpose FROM draft_requests WHERE status = 'pending' ORDER BY id").fetchall()
    assert sorted(p[0] for p in pending) == ["reactivation", "value-content"]
    assert len(setup.drafts()) == 2

    second = cli(setup, "drafts", "generate")
    assert "drafts: 2 drafted, 0 need you first" in second
    assert {d["purpose"] for d in setup.drafts()} == {
        "complaint-reply",
        "quote-follow-up",
        "value-content",
        "reactivation",
    }


def test_the_summary_says_how_many_wait_and_why(busy):
    output = cli(busy, "drafts", "generate", "--dry-run")
    assert "drafts: 2 would draft, 2 would wait for the next run ([drafts] per_run = 2)" in output
    output = cli(busy, "drafts", "generate")
    assert "drafts: 2 drafted, 2 wait for the next run ([drafts] per_run = 2)" in output
    assert busy.drafts(MOHAMMED) == []  # waiting: no draft yet, the request pending


def test_per_run_is_validated(tmp_path, dovecot_server, imap_user):
    setup = Setup(tmp_path, dovecot_server, imap_user)
    text = setup.config_path.read_text(encoding="utf-8")
    setup.config_path.write_text(text.replace("lead_minutes = 0", "lead_minutes = 0\nper_run = -1"), encoding="utf-8")
    output = cli(setup, "drafts", "generate", code=None)
    assert "per_run" in output and "≥ 0" in output
