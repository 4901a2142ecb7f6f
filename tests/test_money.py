"""Money: every amount keeps its currency; grades, RFM, the report and digests sum in the base.

The issue this answers: JPY 5,000,000 (about USD 34,650) made grade A and 99% of all value,
and a EUR 30,000 order (about USD 35,100) grade C, because amounts were added as bare numbers.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from mailcrm.config import parse_config
from mailcrm.errors import ConfigError
from mailcrm.money import money_settings, shipped_rates, show
from tests.test_rules_run import TODAY, Workspace

ORDERS = [  # customer, amount, currency
    ("alpha.de", 40000, "USD"),
    ("bravo.fr", 30000, "EUR"),
    ("tokyo-trading.jp", 5000000, "JPY"),
    ("delta.es", 8000, "USD"),
]


def money_workspace(tmp_path: Path, orders=ORDERS, extra: str = "") -> Workspace:
    ws = Workspace(tmp_path, extra=extra)
    for index, domain in enumerate(dict.fromkeys(o[0] for o in orders)):
        ws.inbound(f"buyer@{domain}", "Hello", "Regards.", 20 + index)
    ws.import_mail()
    for number, (domain, amount, currency) in enumerate(orders):
        ws.cli(
            "orders",
            "add",
            domain,
            "--amount",
            str(amount),
            "--currency",
            currency,
            "--date",
            (TODAY - timedelta(days=30)).isoformat(),
            "--order-no",
            f"PO-{number}",
        )
    return ws


def grade_of(ws: Workspace, customer: str) -> dict:
    return ws.json("why", customer, "grade")["grade"]


def test_grades_rank_yen_and_euro_orders_by_their_value_in_the_base_currency(tmp_path):
    ws = money_workspace(tmp_path)
    ws.run()
    grades = {c: grade_of(ws, c) for c in ("alpha.de", "bravo.fr", "tokyo-trading.jp", "delta.es")}
    # Added as bare numbers the yen order was 99% of all value and everyone else grade C.
    assert {c: g["grade"] for c, g in grades.items()} == {
        "alpha.de": "A",
        "bravo.fr": "A",
        "tokyo-trading.jp": "A",
        "delta.es": "C",
    }
    yen, euro = grades["tokyo-trading.jp"], grades["bravo.fr"]
    assert (yen["currency"], euro["currency"]) == ("USD", "USD")
    assert yen["value_12m"] == pytest.approx(5000000 * shipped_rates().rates["JPY"])
    assert euro["value_12m"] == pytest.approx(30000 * shipped_rates().rates["EUR"])
    assert euro["rank"] == 2 and yen["rank"] == 3  # EUR 30,000 is worth a little more than JPY 5,000,000
    assert 0.25 < yen["share"] < 0.35
    assert grades["alpha.de"]["m_score"] == 5 and grades["delta.es"]["m_score"] < yen["m_score"]
    shown = ws.cli("why", "bravo.fr", "grade").output
    assert "of 12-month order value (USD 35,100)" in shown


def test_an_order_in_a_currency_without_a_rate_is_reported_and_left_out(tmp_path):
    orders = ORDERS + [("delta.es", 900000, "XYZ"), ("delta.es", 100000, "XYZ"), ("delta.es", 50000, "XYZ")]
    ws = money_workspace(tmp_path, orders)
    report = ws.run()
    assert report["unpriced"] == [
        {
            "customer": report["unpriced"][0]["customer"],
            "customer_name": "delta.es",
            "currency": "XYZ",
            "orders": 3,
            "amount": 1050000.0,
        }
    ]
    delta = grade_of(ws, "delta.es")
    assert delta["value_12m"] == 8000 and delta["grade"] == "C"  # the million in XYZ is not in it
    assert delta["unpriced"] == {"XYZ": [3, 1050000.0]}
    assert delta["frequency"] == 4  # the orders still count as orders
    printed = ws.cli("rules", "run").output
    assert "delta.es: 3 orders in XYZ have no rate: not counted in value" in printed
    assert "3 orders in XYZ have no rate: not counted in value (1 customer; add XYZ under [money.rates])" in printed
    assert "3 orders in XYZ have no rate" in ws.cli("why", "delta.es", "grade").output


def test_a_rate_set_in_the_config_replaces_the_shipped_one(tmp_path):
    extra = '[money]\nbase = "USD"\nas_of = "2025-09-01"\n[money.rates]\nJPY = 0.02\nXYZ = 0.1\n'
    orders = ORDERS + [("delta.es", 50000, "XYZ")]
    ws = money_workspace(tmp_path, orders, extra=extra)
    report = ws.run()
    assert report["unpriced"] == []
    yen = grade_of(ws, "tokyo-trading.jp")
    assert yen["value_12m"] == pytest.approx(100000) and yen["rank"] == 1
    assert grade_of(ws, "delta.es")["value_12m"] == pytest.approx(8000 + 5000)


def test_another_base_currency_reads_the_shipped_table_through_usd(tmp_path):
    ws = money_workspace(tmp_path, extra='[money]\nbase = "EUR"\n')
    ws.run()
    euro = grade_of(ws, "bravo.fr")
    assert (euro["currency"], euro["value_12m"]) == ("EUR", 30000)
    alpha = grade_of(ws, "alpha.de")
    assert alpha["value_12m"] == pytest.approx(40000 / shipped_rates().rates["EUR"], abs=0.01)
    assert "(EUR 30,000)" in ws.cli("why", "bravo.fr", "grade").output


def test_the_shipped_table_has_a_date_and_the_currencies_of_export_trade():
    table = shipped_rates()
    assert table.base == "USD" and table.as_of
    wanted = "USD EUR CNY JPY GBP HKD TWD KRW INR AED SAR TRY RUB BRL MXN CAD AUD PLN CHF SGD MYR THB VND IDR ZAR EGP"
    assert set(wanted.split()) <= set(table.rates)
    rates = money_settings(None)
    assert rates.convert(5000000, "JPY") == pytest.approx(34650)
    assert rates.convert(100, "XYZ") is None
    assert "approximate rates of" in rates.source()
    assert show(1127922.4, "USD") == "USD 1,127,922"


def config(section: str):
    return parse_config(f'[[accounts]]\nemail = "a@b.com"\n{section}\n', Path("/etc/mailcrm.toml"))


def test_configured_rates_are_in_the_base_and_named_in_the_source():
    rates = money_settings(config('[money]\nbase = "CNY"\nas_of = 2025-09-01\n[money.rates]\nUSD = 7.15\n'))
    assert rates.base == "CNY" and rates.convert(1000, "USD") == pytest.approx(7150)
    assert rates.convert(1, "CNY") == 1
    assert rates.source().endswith("USD from the config (2025-09-01)")


@pytest.mark.parametrize(
    "section,message",
    [
        ('[money]\nbase = "dollars"', "money.base: must be a three-letter currency code"),
        ('[money]\nbase = "NZD"', "money.base: NZD is not in the shipped rate table"),
        ("[money.rates]\nEUR = -1", "money.rates.EUR: must be a positive number"),
        ("[money.rates]\neur = 1.1", "money.rates.eur: must be a three-letter currency code in capitals"),
        ("[money.rates]\nUSD = 2", "money.rates.USD: USD is the base currency"),
        ('[money]\nas_of = "last week"', "money.as_of: must be a date"),
        ("[money]\nrate = 1", "money.rate: unknown setting"),
    ],
)
def test_bad_money_settings_name_file_and_key(section, message):
    with pytest.raises(ConfigError) as caught:
        money_settings(config(section))
    assert str(caught.value).startswith("/etc/mailcrm.toml:") and message in str(caught.value)


def test_orders_totals_per_currency_and_converted(tmp_path):
    ws = money_workspace(tmp_path, ORDERS + [("delta.es", 500, "XYZ")])
    rows = ws.json("orders", "list", "--totals")
    assert [(r["customer"], r["currency"]) for r in rows][:3] == [
        ("alpha.de", "USD"),
        ("bravo.fr", "EUR"),
        ("tokyo-trading.jp", "JPY"),
    ]
    assert rows[1]["value"] == 35100 and rows[1]["base_currency"] == "USD"
    assert rows[-1]["currency"] == "XYZ" and rows[-1]["value"] is None
    printed = ws.cli("orders", "list", "--totals").output
    assert "all customers: USD 48,000.00 · EUR 30,000.00 · JPY 5,000,000.00 · XYZ 500.00" in printed
    assert "total USD 117,750 (in USD: approximate rates of" in printed
    assert "1 order in XYZ has no rate: not counted in value" in printed


def test_the_report_and_the_manager_digest_show_values_with_their_currency(tmp_path):
    ws = money_workspace(tmp_path, ORDERS + [("delta.es", 500, "XYZ")])
    ws.run()
    page = tmp_path / "report.html"
    ws.cli("report", "--html", str(page), "--language", "en")
    html = page.read_text(encoding="utf-8")
    kpi = re.search(r"<b>([^<]*)</b><span>12-month order value</span>", html)
    assert kpi and kpi.group(1) == "USD 117,750"  # USD 40,000 + EUR 30,000 + JPY 5,000,000 + USD 8,000
    assert "Values in USD, converted with the approximate rates of 2025-06-30 shipped with mailcrm." in html
    assert "Not counted, for want of an exchange rate ([money.rates] in the config): 1 order in XYZ." in html
    assert "customers by 12-month order value (USD)" in html
    chinese = tmp_path / "报告.html"
    ws.cli("report", "--html", str(chinese), "--language", "zh")
    assert "金额按 USD 计" in chinese.read_text(encoding="utf-8") and "XYZ 1 笔" in chinese.read_text(encoding="utf-8")
    digest = ws.cli("digest", "--manager", "--language", "en").output
    pipeline = [line for line in digest.splitlines() if "12-month order value" in line]
    assert pipeline and all(re.search(r"12-month order value USD [\d,]+", line) for line in pipeline), digest


def test_a_changed_base_is_shown_as_it_was_until_the_rules_run_again(tmp_path):
    ws = money_workspace(tmp_path)
    ws.run()
    text = ws.config.read_text(encoding="utf-8")
    ws.config.write_text(text + '\n[money]\nbase = "EUR"\n', encoding="utf-8")
    page = tmp_path / "report.html"
    ws.cli("report", "--html", str(page), "--language", "en")
    html = page.read_text(encoding="utf-8")
    assert ">USD 117,750<" in html and "run `mailcrm rules run`" in html
    ws.run()
    ws.cli("report", "--html", str(page), "--language", "en")
    assert f">EUR {117750 / shipped_rates().rates['EUR']:,.0f}<" in page.read_text(encoding="utf-8")


def test_a_bad_rate_fails_any_command_at_load_time(tmp_path):
    ws = Workspace(tmp_path, extra='[money.rates]\nEUR = "1.17"\n')
    failed = ws.cli("customers", "list", ok=False)
    assert failed.exit_code != 0 and "money.rates.EUR: must be a positive number" in failed.output
