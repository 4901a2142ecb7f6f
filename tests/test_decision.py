"""The decision before any draft, on Lisa's test mailbox (Dovecot) through the command line.

Each case is a real state of the customer: an RFQ we never answered, an open complaint, an
overdue balance, an offer that went out 20 days ago, three chasers already sent, a thread
older than the window; and the control case, a dormant customer who still gets the draft.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from datetime import timedelta

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.drafts.generate import generate as run_generate
from mailcrm.drafts.push import push
from mailcrm.drafts.tracking import close_loop

from tests.fixtures_drafts import DRAFT_SECTIONS, HANS, JOAO, MOHAMMED, NOW, Setup, mail
from tests.test_drafts import client_version, drafts_folder, expunge_drafts


def cli_json(setup, *args) -> dict | list:
    result = CliRunner().invoke(cli, ["--config", str(setup.config_path), *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def generate(setup, *, dry_run: bool = False) -> list[dict]:
    return cli_json(setup, "drafts", "generate", *(["--dry-run"] if dry_run else []))["outcomes"]


def only(outcomes: list[dict]) -> dict:
    assert len(outcomes) == 1, outcomes
    return outcomes[0]


def with_drafts(**settings) -> str:
    lines = "".join(f"\n{key} = {value}" for key, value in settings.items())
    return DRAFT_SECTIONS.replace("lead_minutes = 0", "lead_minutes = 0" + lines)


@pytest.fixture
def setup(tmp_path, dovecot_server, imap_user):
    return Setup(tmp_path, dovecot_server, imap_user)


def test_a_dormant_customer_still_gets_the_reactivation_and_the_dry_run_says_why(setup):
    setup.request(JOAO, "reactivation")
    dry = only(generate(setup, dry_run=True))
    assert dry["result"] == "would draft"
    assert dry["detail"].startswith("reactivation: the last mail (") and "is ours" in dry["detail"]
    assert only(generate(setup))["result"] == "drafted" and len(setup.drafts(JOAO)) == 1


def test_an_rfq_we_never_answered_is_a_task_for_the_salesperson_not_a_draft(setup):
    rfq = mail(
        f"Mohammed Al-Harbi <{MOHAMMED}>",
        setup.login,
        "RFQ: gate valves DN80 PN16",
        "Dear Lisa,\n\ncould you quote 200 pcs gate valves DN80 PN16, ductile iron, with delivery time?\n\n"
        "Thanks and regards,\nMohammed",
        3,
        "mohammed-rfq@gulfpipes.com.sa",
    )
    setup.server.append(setup.login, "INBOX", rfq, flags=("\\Seen",))
    setup.sync()
    setup.request(MOHAMMED, "value-content")
    outcome = only(generate(setup))
    assert outcome["result"] == "needs you" and outcome["draft"] is None
    assert outcome["detail"].startswith("answer the question from Mohammed Al-Harbi (3 days)")
    assert setup.drafts() == []

    hold = setup.db.execute("SELECT what, detail FROM draft_holds WHERE resolved IS NULL").fetchone()
    assert hold[0] == "answer the question from Mohammed Al-Harbi" and "value-content held back" in hold[1]
    # `today` says it once: the RFQ is waiting for an answer, not repeated as a task before drafts
    plan = cli_json(setup, "today")["sections"]
    assert [i["customer"] for i in plan["unanswered"]] == [setup.customer(MOHAMMED)]
    assert plan["before-drafts"] == []
    today = CliRunner().invoke(cli, ["--config", str(setup.config_path), "today"], env={"COLUMNS": "200"})
    assert "RFQ: gate valves DN80 PN16" in today.output and "Needs you before any draft" not in today.output

    answer = mail(
        f"Lisa Chen <{setup.login}>",
        f"Mohammed Al-Harbi <{MOHAMMED}>",
        "Re: RFQ: gate valves DN80 PN16",
        "Dear Mohammed,\n\nUSD 41.20 per piece FOB Ningbo, 25 days.\n\nLisa",
        1,
        "lisa-rfq@hengtai-valve.com",
        "mohammed-rfq@gulfpipes.com.sa",
    )
    setup.server.append(setup.login, "Sent", answer, flags=("\\Seen",))
    setup.sync()
    assert cli_json(setup, "today")["sections"]["unanswered"] == []  # answered: done
    generate(setup)
    resolved = setup.db.execute("SELECT resolved FROM draft_holds").fetchone()[0]
    assert resolved  # the next run closes it for good


def test_an_open_complaint_holds_back_the_reactivation(setup):
    # what the rule engine's risk.complaint rule stores for an open claim
    setup.db.execute(
        "INSERT INTO customer_flags (customer, flag, rule, severity, note, raised) "
        "VALUES (?, 'complaint', 'risk.complaint', 'urgent', 'damaged valves', ?)",
        [setup.customer(JOAO), (NOW - timedelta(days=10)).date().isoformat()],
    )
    setup.request(JOAO, "reactivation")
    outcome = only(generate(setup))
    assert outcome["result"] == "needs you"
    assert outcome["detail"].startswith("settle the claim before any promotion")
    assert setup.drafts(JOAO) == []
    # `today` names the claim once, under complaints: the held-back reactivation adds no second line
    plan = cli_json(setup, "today")["sections"]
    assert [i["customer"] for i in plan["complaints"]] == [setup.customer(JOAO)]
    assert plan["before-drafts"] == []


def test_an_overdue_balance_holds_back_promotions_not_value_content(setup):
    joao = setup.db.execute("SELECT key FROM customers WHERE id = ?", [setup.customer(JOAO)]).fetchone()[0]
    day = (NOW - timedelta(days=100)).date().isoformat()
    cli_json(
        setup, "orders", "add", joao, "--amount", "20000", "--currency", "USD", "--date", day, "--outstanding", "14000"
    )
    setup.request(JOAO, "reactivation")
    setup.request(JOAO, "value-content")
    reactivation, value = generate(setup)
    assert reactivation["result"] == "needs you"
    assert reactivation["detail"].startswith(f"collect USD 14,000 outstanding since {day} before any promotion")
    assert value["result"] == "drafted"  # a whitepaper is not a promotion
    assert [d["purpose"] for d in setup.drafts(JOAO)] == ["value-content"]


def test_no_second_offer_within_days_between_offers(tmp_path, dovecot_server, imap_user):
    setup = Setup(tmp_path, dovecot_server, imap_user, extra=with_drafts(days_between_offers=60))
    setup.request(JOAO, "reactivation")
    generate(setup)
    push(setup.db, setup.config)
    [item] = drafts_folder(setup).values()
    setup.server.append(setup.login, "Sent", client_version(item["message"]), flags=("\\Seen",))
    expunge_drafts(setup)  # Lisa sent the offer from her mail client
    setup.sync()
    assert close_loop(setup.db, setup.config).sent

    setup.request(JOAO, "reactivation")  # the rules ask again 20 days later
    later = run_generate(setup.db, setup.config, now=NOW + timedelta(days=20), dry_run=True)
    outcome = only([asdict(o) for o in later.outcomes])
    assert outcome["result"] == "skipped"
    # the Sent copy's date (the suggested send time, within a few days of now) dates the offer
    days = re.match(r"an offer went out (\d+) days ago \(draft #\d+ \(reactivation\), ", outcome["detail"])
    assert days and 15 <= int(days[1]) <= 20, outcome["detail"]
    assert "days_between_offers = 60" in outcome["detail"]
    much_later = run_generate(setup.db, setup.config, now=NOW + timedelta(days=61))
    assert [o.result for o in much_later.outcomes] == ["drafted"]


def chaser(setup, n: int, days_ago: int) -> bytes:
    return mail(
        f"Lisa Chen <{setup.login}>",
        f"Hans Müller <{HANS}>",
        "Re: Anfrage Kugelhähne DN50 PN40",
        f"Dear Mr Müller,\n\ndid you have a chance to look at our quotation? ({n})\n\nLisa",
        days_ago,
        f"lisa-chaser-{n}@hengtai-valve.com",
        "lisa-q1@hengtai-valve.com",
        ["hans-1@acme-armaturen.de", "lisa-q1@hengtai-valve.com"],
    )


def test_no_fourth_chaser_on_one_quotation(setup):
    for n, days_ago in ((1, 21), (2, 14), (3, 7)):
        setup.server.append(setup.login, "Sent", chaser(setup, n, days_ago), flags=("\\Seen",))
    setup.sync()
    setup.request(HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    outcome = only(generate(setup))
    assert outcome["result"] == "skipped"
    assert outcome["detail"].startswith("3 chasers already went after our mail of")
    assert "chasers_per_quotation = 3" in outcome["detail"] and setup.drafts(HANS) == []


def test_two_chasers_leave_room_for_a_third(setup):
    for n, days_ago in ((1, 21), (2, 14)):
        setup.server.append(setup.login, "Sent", chaser(setup, n, days_ago), flags=("\\Seen",))
    setup.sync()
    setup.request(HANS, "quote-follow-up", message="hans-1@acme-armaturen.de")
    outcome = only(generate(setup, dry_run=True))
    assert outcome["result"] == "would draft" and "chaser 3 of 3" in outcome["detail"]


def test_no_reply_about_a_thread_older_than_the_window(setup):
    setup.request(JOAO, "quote-follow-up", message="joao-1@construtora-paulista.com.br")
    outcome = only(generate(setup))
    assert outcome["result"] == "skipped"
    assert outcome["detail"].startswith("the thread's last mail is 239 days old")
    assert "window_days = 60" in outcome["detail"] and setup.drafts() == []


def test_a_wider_window_lets_the_same_reply_through(tmp_path, dovecot_server, imap_user):
    setup = Setup(tmp_path, dovecot_server, imap_user, extra=with_drafts(window_days=365))
    setup.request(JOAO, "quote-follow-up", message="joao-1@construtora-paulista.com.br")
    assert only(generate(setup))["result"] == "drafted"


def test_the_limits_are_validated_like_the_other_drafts_settings(tmp_path, dovecot_server, imap_user):
    setup = Setup(tmp_path, dovecot_server, imap_user, extra=with_drafts(window_days=0))
    result = CliRunner().invoke(cli, ["--config", str(setup.config_path), "drafts", "generate"])
    assert result.exit_code != 0 and "drafts.window_days" in result.output and "≥ 1" in result.output


def test_the_window_defaults_to_the_agendas_horizon(tmp_path, dovecot_server, imap_user):
    setup = Setup(tmp_path, dovecot_server, imap_user, extra="[agenda]\nhorizon_days = 365\n" + DRAFT_SECTIONS)
    setup.request(JOAO, "quote-follow-up", message="joao-1@construtora-paulista.com.br")
    assert only(generate(setup))["result"] == "drafted"


@pytest.mark.parametrize(
    "now,stamp,said",
    [
        ("2026-12-08T00:30:00+00:00", "2026-12-02T09:00:00+00:00", "6 days"),  # 5.6 days, but the 2nd is 6 days back
        ("2026-12-08T18:00:00+00:00", "2026-12-02T09:00:00+00:00", "6 days"),
        ("2026-12-08T10:00:00+00:00", "2026-12-07T09:00:00+00:00", "25 hours"),
        ("2026-12-08T10:00:00+00:00", "2026-09-01", "3 months"),
    ],
)
def test_how_long_ago_agrees_with_the_date_shown_beside_it(now, stamp, said):
    from datetime import datetime

    from mailcrm.drafts.decision import days_ago

    assert days_ago(datetime.fromisoformat(now), stamp) == said
