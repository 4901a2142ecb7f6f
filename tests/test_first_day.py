"""Day one on a real Dovecot: a generated first-day mailbox (mailcrm.demo.firstday) with phishing, a
campaign, bulk mail, service notices, forwarders, banks, suppliers, one-off senders, years-old
unanswered inquiries, orders in five currencies, one company under two domains and a buyer writing
on from gmail. `mailcrm sync`, `rules run` and `drafts generate` run once through the CLI; each test
asserts one thing the salesperson sees (customers, pending, today, digest, drafts, grades)."""

from __future__ import annotations

import json
import secrets
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.demo.firstday import CURRENCY_BUYERS, generate_first_day
from mailcrm.demo.sample import write_orders_csv
from tests.syncsetup import write_config

N = 900  # the same mix as the 3,000-message mailbox of benchmarks/first_day.py, in well under a minute
HORIZON = 60


class Day:
    def __init__(self, config, truth):
        self.config, self.truth = config, truth

    def cli(self, *args: str, ok: bool = True):
        result = CliRunner().invoke(cli, ["--config", str(self.config), *args])
        if ok:
            assert result.exit_code == 0, result.output + repr(result.exception)
        return result

    def json(self, *args: str):
        return json.loads(self.cli(*args, "--json").output)

    def customer_id(self, key: str) -> int | None:
        result = self.cli("customers", "show", key, "--json", ok=False)
        return json.loads(result.output)["customer"]["id"] if result.exit_code == 0 else None


@pytest.fixture(scope="module")
def day(dovecot_server, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("firstday")
    login, password = f"firstday-{secrets.token_hex(3)}@hengtai-valve.com", secrets.token_urlsafe(12)
    dovecot_server.add_user(login, password)
    mailbox = generate_first_day(N, account_email=login)
    groups: dict[tuple, list[bytes]] = {}
    for m in mailbox.messages:
        groups.setdefault((m.folder, m.flags), []).append(m.raw)
    for (folder, flags), raws in groups.items():
        dovecot_server.append_many(login, folder, raws, flags=flags, internaldate="header")
    config = write_config(tmp, dovecot_server, [(login, password)], folders=("INBOX", "\\Sent", "Archive"))
    config.write_text(
        config.read_text() + "\n[customers]\nsuppliers = %s\n" % json.dumps(mailbox.truth.suppliers), encoding="utf-8"
    )
    orders = tmp / "orders.csv"
    write_orders_csv(mailbox.orders, orders)
    d = Day(config, mailbox.truth)
    d.cli("sync")
    d.cli("orders", "import", str(orders))
    d.cli("rules", "run")
    d.generated = d.cli("drafts", "generate").output
    d.customers = d.json("customers", "list", "--limit", "100000")
    d.keys = {c["key"] for c in d.customers}
    d.pending = d.json("customers", "pending", "--limit", "100000")
    d.today = d.json("today", "--limit", "100000")
    d.drafts = d.json("drafts", "list", "--limit", "100000")
    d.digest = d.cli("digest").output
    return d


def test_no_phishing_campaign_bulk_service_forwarder_bank_or_supplier_is_a_customer(day):
    assert day.truth.phishing and day.truth.campaign and day.truth.forwarders and day.truth.banks
    assert sorted(set(day.truth.never_customers) & day.keys) == []
    for key in day.truth.never_customers:
        assert day.customer_id(key) is None, key


def test_buyers_are_customers_and_one_company_is_one_customer(day):
    for key in day.truth.currency_buyers + day.truth.old_threads:
        assert key in day.keys, key
    first, second = day.truth.two_domains
    assert day.customer_id(first) is not None and day.customer_id(first) == day.customer_id(second)
    work, private = day.truth.gmail_buyer
    assert day.customer_id(work) is not None and day.customer_id(work) == day.customer_id(private)
    # Every customer is a business: at most the sample's customers plus the problem mix's buyers.
    assert len(day.customers) < N / 4


def test_one_off_senders_wait_in_pending(day):
    pending = {p["key"] for p in day.pending if p["verdict"] == "pending"}
    assert set(day.truth.one_offs) <= pending
    assert not set(day.truth.one_offs) & day.keys
    assert len(pending) == len(day.truth.one_offs)


def test_one_off_senders_are_mostly_pending_not_customers(day):
    pending = {p["key"] for p in day.pending}
    assert len(set(day.truth.one_offs) & pending) >= len(day.truth.one_offs) * 2 // 3
    assert not set(day.truth.never_customers) & {p["key"] for p in day.pending if p["verdict"] == "pending"}


def test_today_waits_for_nothing_older_than_the_horizon_and_the_digest_says_so(day):
    start = (date.today() - timedelta(days=HORIZON)).isoformat()
    waiting = day.today["sections"]["unanswered"]
    assert waiting and all(item["since"] >= start for item in waiting), [i["since"] for i in waiting]
    old_ids = {day.customer_id(key) for key in day.truth.old_threads}
    for section in ("unanswered", "follow-ups"):
        assert not [i for i in day.today["sections"][section] if i["customer"] in old_ids], section
    assert "threads older than 60 days were left unanswered" in day.digest
    assert "today --old" in day.digest
    listed = {item["customer"] for item in day.json("today", "--old", "--limit", "100000")}
    assert old_ids <= listed


def test_drafts_go_only_to_customers_and_never_about_an_old_thread(day):
    ids = {c["id"] for c in day.customers}
    assert day.drafts
    assert all(d["customer"] in ids for d in day.drafts)
    never = set(day.truth.never_customers) | set(day.truth.one_offs)
    assert not [d for d in day.drafts if d["to_email"].split("@")[1] in never]
    old_ids = {day.customer_id(key) for key in day.truth.old_threads}
    assert not [d for d in day.drafts if d["customer"] in old_ids and d["purpose"] != "reactivation"]


def test_grades_are_in_the_base_currency_and_the_unrated_currency_is_reported(day):
    by_key = {c["key"]: c for c in day.customers}
    jpy = by_key["takumi-setsubi.co.jp"]  # JPY 5,000,000: the largest raw number of all orders
    assert max(CURRENCY_BUYERS, key=lambda b: b[5])[4] == "NGN" and jpy["grade"] != "A"
    why = day.cli("why", "takumi-setsubi.co.jp").output
    assert "USD 34,650" in why
    lagos = day.cli("why", "lagospipeworks.com.ng").output
    assert "NGN has no rate" in lagos and "not counted" in lagos
    grades = {c["grade"] for c in day.customers}
    assert grades <= {"A", "B", "C", None}
