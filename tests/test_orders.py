"""Orders: added by hand or from CSV, in the timeline, summed per customer, never twice."""

from __future__ import annotations

import pytest

from tests.fixtures_customers import Env
from mailcrm.errors import MailcrmError
from mailcrm.customers.orders import make_order, parse_amount


@pytest.fixture
def env(tmp_path):
    return Env(tmp_path)


def totals(env, key):
    return env.show(key)["customer"]["orders"]


def test_add_an_order_shows_in_the_timeline_and_totals(env):
    out = env.run(
        "orders",
        "add",
        "besttrading.com",
        "--amount",
        "20,000",
        "--currency",
        "usd",
        "--date",
        "2026-01-20",
        "--product",
        "brass gate valve 1in",
        "--quantity",
        "5000",
        "--paid",
        "6000",
        "--order-no",
        "PO-4711",
    ).output
    assert "order recorded for besttrading.com (Best Trading LLC): USD 20,000.00, outstanding 14,000.00" in out
    orders = totals(env, "besttrading.com")
    assert orders["count"] == 1 and orders["by_currency"] == [
        {"currency": "USD", "orders": 1, "amount": 20000.0, "paid": 6000.0, "outstanding": 14000.0}
    ]
    entry = next(e for e in env.show("besttrading.com")["timeline"] if e["kind"] == "order")
    assert (entry["at"], entry["product"], entry["order_no"]) == ("2026-01-20", "brass gate valve 1in", "PO-4711")
    shown = env.run("customers", "show", "besttrading.com").output
    assert "USD 20,000.00 in 1 order ·" in shown and "outstanding 14,000.00" in shown
    again = env.run(
        "orders", "add", "besttrading.com", "--amount", "20000", "--currency", "USD", "--order-no", "PO-4711", ok=False
    )
    assert again.exit_code == 1 and "already recorded" in again.output
    assert totals(env, "besttrading.com")["count"] == 1


def test_an_order_by_contact_address_lands_on_the_company(env):
    env.run("orders", "add", "john.smith1975@gmail.com", "--amount", "500", "--currency", "EUR", "--paid", "yes")
    orders = totals(env, "besttrading.com")["by_currency"]
    assert orders == [{"currency": "EUR", "orders": 1, "amount": 500.0, "paid": 500.0, "outstanding": 0.0}]


def test_import_orders_reports_bad_lines_imports_the_rest_and_never_double_counts(env):
    path = env.tmp / "orders.csv"
    path.write_text(
        "date,customer,amount,currency,product,quantity,paid\n"
        "2026-01-20,besttrading.com,20000.00,USD,brass gate valve 1in,5000,6000.00\n"
        "2026-02-03,acme-armaturen.de,9250.00,EUR,ball valve DN50 PN40,500,9250.00\n"
        "2026-02-10,unknown-buyer.com,100,USD,x,1,0\n"
        "2026-02-11,ahmed.khalil@yahoo.com,lots,USD,butterfly valve,300,0\n"
        "31.02.2026,ahmed.khalil@yahoo.com,6300,USD,butterfly valve,300,0\n"
        "2026-02-12,ahmed.khalil@yahoo.com,6300,,butterfly valve,300,0\n"
        "2026-02-13,ahmed.khalil@yahoo.com,6300,USD,butterfly valve DN100,300,7000\n"
        "2026-02-14,Acme Armaturen GmbH,1500,EUR,spare seals,100,yes\n",
        encoding="utf-8",
    )
    result = env.run("orders", "import", str(path), ok=False)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    lines = [e.split(":")[1].strip() for e in errors]
    assert lines == ["line 4", "line 5", "line 6", "line 7", "line 8", "line 9"]
    assert "no customer 'unknown-buyer.com'" in errors[0]
    assert "amount 'lots' is not a number" in errors[1]
    assert "date '31.02.2026'" in errors[2]
    assert "currency is missing" in errors[3]
    assert "paid 7000 is not between 0 and the amount 6300" in errors[4]
    assert "several customers" in errors[5]  # two customers are named Acme Armaturen GmbH
    assert "2 created" in result.output
    assert totals(env, "acme-armaturen.de")["by_currency"][0]["amount"] == 9250.0
    again = env.run("orders", "import", str(path), ok=False)
    assert "0 created" in again.output and "2 skipped" in again.output
    # besttrading.com: the CSV's order and John's PO 4711 seen in the mail (no amount stated)
    assert totals(env, "besttrading.com")["count"] == 2 and totals(env, "besttrading.com")["amount_unknown"] == 1
    assert totals(env, "acme-armaturen.de")["count"] == 1


def test_import_with_outstanding_and_status_columns(env):
    path = env.tmp / "sales.csv"
    path.write_text(
        "Order date;Client;Total;Currency;Item;Qty;Outstanding;Payment status;PO number\n"
        "2026/03/01;besttrading.com;12.500,00;EUR;gate valves;1000;2.500,00;partial;PO-1\n"
        "2026/03/05;besttrading.com;800;USD;samples;5;;paid;PO-2\n"
        "2026/03/07;besttrading.com;900;USD;samples;5;;unpaid;PO-3\n",
        encoding="utf-8",
    )
    assert "3 created" in env.run("orders", "import", str(path)).output
    by_currency = {t["currency"]: t for t in totals(env, "besttrading.com")["by_currency"]}
    assert (by_currency["EUR"]["amount"], by_currency["EUR"]["paid"], by_currency["EUR"]["outstanding"]) == (
        12500.0,
        10000.0,
        2500.0,
    )
    assert (by_currency["USD"]["amount"], by_currency["USD"]["outstanding"]) == (1700.0, 900.0)


def test_orders_list_and_totals(env):
    env.run("orders", "add", "besttrading.com", "--amount", "1000", "--currency", "USD", "--date", "2026-01-02")
    env.run(
        "orders",
        "add",
        "besttrading.com",
        "--amount",
        "3000",
        "--currency",
        "USD",
        "--date",
        "2026-02-02",
        "--outstanding",
        "1000",
    )
    env.run("orders", "add", "acme-armaturen.de", "--amount", "500", "--currency", "EUR", "--date", "2026-01-15")
    listed = env.json("orders", "list", "--customer", "besttrading.com", "--source", "manual")
    assert [o["date"] for o in listed] == ["2026-02-02", "2026-01-02"]
    sums = env.json("orders", "list", "--totals")
    assert (sums[0]["customer"], sums[0]["currency"], sums[0]["orders"]) == ("besttrading.com", "USD", 2)
    assert (sums[0]["first"], sums[0]["last"]) == ("2026-01-02", "2026-02-02")
    assert sums[0]["amount"] == 4000.0 and sums[0]["outstanding"] == 2000.0
    assert "besttrading.com" in env.run("orders", "list").output


def test_orders_follow_a_merge(env):
    env.run("orders", "add", "acme-group.com", "--amount", "700", "--currency", "EUR")
    env.run("customers", "merge", "acme-armaturen.de", "acme-group.com")
    assert totals(env, "acme-armaturen.de")["count"] == 1


@pytest.mark.parametrize(
    "text, value",
    [
        ("12,500.50", 12500.5),
        ("12.500,50", 12500.5),
        ("USD 800", 800.0),
        ("€1,200", 1200.0),
        ("7,5", 7.5),
        ("3000", 3000.0),
    ],
)
def test_amounts_as_people_write_them(text, value):
    assert parse_amount(text, "amount") == value


def test_paid_and_outstanding_must_add_up():
    with pytest.raises(MailcrmError, match="is not the amount"):
        make_order(1, when="2026-01-01", amount="100", currency="USD", paid="50", outstanding="60")
    with pytest.raises(MailcrmError, match="positive"):
        make_order(1, when="2026-01-01", amount="0", currency="USD")
    order = make_order(1, when="2026-01-01", amount="100", currency="RMB", outstanding="40")
    assert (order.currency, order.paid, order.outstanding) == ("CNY", 60.0, 40.0)
