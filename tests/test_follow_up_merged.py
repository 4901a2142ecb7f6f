"""Follow-ups respect merged customers (issue 35, item 5): our biggest customer, mailed last week
through its other domain, is not "due since February" — in `today`, the digest, the drafts'
decision and the figures. Through the real CLI on .eml files written here.

Brandt Ventile GmbH buys for USD 130,000 (grade A, follow-up every 30 days). We last wrote to
its main domain 100 days ago; last week we answered Anna Berg, who writes from the group's
other domain. The other domain is merged automatically (the same signed company and phone),
or by hand (`customers merge`) when Anna signs nothing. The control: without last week's mail
the follow-up is due, since 70 days.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from tests.test_rules_run import TODAY, Workspace

MAIN = "joerg.brandt@brandt-ventile.de"
OTHER = "anna.berg@brandt-group.com"
SMALL = "pedro@loja-valvulas.com.br"
INTERVAL = 30
EXTRA = f"""
[grading.follow_up_days]
A = {INTERVAL}
B = {INTERVAL}
C = {INTERVAL}

[agenda]
horizon_days = 365
"""


def signature(name: str, title: str) -> str:
    return f"\n\nMit freundlichen Grüßen\n\n{name}\n{title}\nBrandt Ventile GmbH\nTel: +49 89 555 2000\n"


def brandt(tmp_path: Path, *, last_week: bool = True, signed: bool = True) -> Workspace:
    """Brandt on two domains and a small customer. Anna writes from the other domain and we
    answer: 8 and 6 days ago (``last_week``), else 108 and 106 days ago (the control: both
    domains last mailed months ago). ``signed``: Anna signs with the company's name and phone,
    else only her name and the two are merged by hand. Every order is paid: no balance stands
    in the way of a reactivation."""
    anna_days = 8 if last_week else 108
    ws = Workspace(tmp_path, extra=EXTRA)
    order = ws.inbound(
        MAIN,
        "Bestellung 4711",
        "Anbei unsere Bestellung 4711 über 2.000 Absperrklappen DN100." + signature("Jörg Brandt", "Einkaufsleiter"),
        101,
    )
    ws.outbound(
        MAIN, "Re: Bestellung 4711", "Dear Mr. Brandt,\n\nthank you for your order 4711.\n\nLisa", 100, reply_to=order
    )
    anna = ws.inbound(
        OTHER,
        "Neue Rechnungsadresse",
        "Sehr geehrte Frau Chen,\n\nbitte senden Sie Rechnungen ab sofort an die Brandt Gruppe."
        + (signature("Anna Berg", "Buchhaltung") if signed else "\n\nAnna Berg"),
        anna_days,
    )
    ws.outbound(
        OTHER, "Re: Neue Rechnungsadresse", "Dear Ms. Berg,\n\nnoted, thank you.\n\nLisa", anna_days - 2, reply_to=anna
    )
    asked = ws.inbound(SMALL, "Pedido 12", "Segue o nosso pedido 12 de 100 válvulas.", 40)
    ws.outbound(SMALL, "Re: Pedido 12", "Obrigada pelo pedido.", 39, reply_to=asked)
    ws.import_mail()
    if not signed:
        ws.cli("customers", "merge", "brandt-ventile.de", "brandt-group.com")
    for key, amount, days in (
        ("brandt-ventile.de", 80000, 250),
        ("brandt-ventile.de", 50000, 200),
        ("loja-valvulas.com.br", 2000, 39),
    ):
        ws.cli(
            "orders",
            "add",
            key,
            "--amount",
            str(amount),
            "--currency",
            "USD",
            "--date",
            (TODAY - timedelta(days=days)).isoformat(),
            "--paid",
            "yes",
        )
    ws.run()
    return ws


def follow_ups(ws: Workspace) -> dict[str, dict]:
    return {i["customer_name"]: i for i in ws.json("today")["sections"]["follow-ups"]}


def brandt_key(ws: Workspace) -> str:
    shown = ws.json("customers", "show", "brandt-group.com")["customer"]
    assert shown["key"] == "brandt-ventile.de" and set(shown["keys"]) == {"brandt-ventile.de", "brandt-group.com"}
    assert shown["grade"] == "A"
    return shown["name"] or shown["key"]


@pytest.mark.parametrize("signed", [True, False], ids=["merged-automatically", "merged-by-hand"])
def test_mail_last_week_to_the_other_domain_is_no_follow_up_due(tmp_path, signed):
    ws = brandt(tmp_path, signed=signed)
    name = brandt_key(ws)
    assert name not in follow_ups(ws)
    digest = ws.cli("digest", "--owner", "lisa").output
    follow_up_lines = digest.split("== Follow-ups due ==")[1].split("==")[0]
    assert "loja-valvulas.com.br" in follow_up_lines and "Brandt" not in follow_up_lines
    assert "1 follow-up due" in digest and "1 follow-ups" not in digest
    assert (TODAY - timedelta(days=100 - INTERVAL)).isoformat() not in digest
    # the figures (report, manager digest) count the same agenda
    assert ws.json("report")["agenda"]["follow-ups"] == 1
    # no reactivation for a customer we wrote to last week, whichever domain it went to
    outcome = reactivation(ws)
    assert outcome["result"] == "skipped"
    assert outcome["detail"].startswith(f"we wrote to them 6 days ago ({(TODAY - timedelta(days=6)).isoformat()})")
    assert "grade A: every 30 days" in outcome["detail"]


def reactivation(ws: Workspace) -> dict:
    outcomes = ws.json("drafts", "generate", "--dry-run")["outcomes"]
    found = [o for o in outcomes if o["purpose"] == "reactivation"]
    assert len(found) == 1, outcomes
    return found[0]


def test_without_last_weeks_mail_the_follow_up_is_due_since_the_interval_after_the_old_mail(tmp_path):
    ws = brandt(tmp_path, last_week=False)
    name = brandt_key(ws)
    item = follow_ups(ws)[name]
    due = (TODAY - timedelta(days=100 - INTERVAL)).isoformat()
    assert item["grade"] == "A" and item["since"] == due
    digest = ws.cli("digest", "--owner", "lisa").output
    follow_up_lines = digest.split("== Follow-ups due ==")[1].split("==")[0]
    assert f"Brandt Ventile GmbH · A · due {due}" in follow_up_lines
    assert ws.json("report")["agenda"]["follow-ups"] == 2
    outcome = reactivation(ws)
    assert outcome["result"] == "would draft" and outcome["to"] == MAIN
