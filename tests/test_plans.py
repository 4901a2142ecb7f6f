"""Sales plans against actuals: a plan CSV imported through the CLI, set against the orders of
the same month in the base currency, with year-to-date running totals; in the report and the
manager digest."""

from __future__ import annotations

import json

import pytest

from tests.fixtures_customers import Env

TODAY = "2026-04-10"  # to date: January to March

ORDERS = (
    "date,customer,amount,currency,product,quantity,paid\n"
    "2026-01-20,besttrading.com,20000.00,USD,brass gate valve 1in,5000,0\n"
    "2026-02-03,acme-armaturen.de,9000.00,EUR,ball valve DN50 PN40,500,0\n"
    "2026-03-03,acme-armaturen.de,1000.00,EUR,ball valve DN50 PN40,50,0\n"
    "2026-03-09,acme-armaturen.de,5000.00,USD,spare seals,100,0\n"
)
PLAN = (
    "customer,month,product,quantity,amount,currency\n"
    "besttrading.com,2026-01,,,15000,USD\n"
    "besttrading.com,2026-02,,,15000,USD\n"
    "acme-armaturen.de,2026-02,ball valve DN50,400,8000,EUR\n"
    "hans.mueller@acme-armaturen.de,2026年3月,,,8000,EUR\n"
    "nobody-we-know.com,2026-03,,,100,USD\n"
    "besttrading.com,2026-13,,,100,USD\n"
    "besttrading.com,2026-01,,,100,USD\n"
    "besttrading.com,2026-04,,,lots,USD\n"
    "besttrading.com,2026-05,,,100,\n"
    "besttrading.com,2026-12,,,50000,USD\n"
)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    env = Env(tmp_path_factory.mktemp("plans"))
    (env.tmp / "orders.csv").write_text(ORDERS, encoding="utf-8")
    env.run("orders", "import", str(env.tmp / "orders.csv"))
    (env.tmp / "plan-2026.csv").write_text(PLAN, encoding="utf-8")
    env.imported = env.run("orders", "plan", "import", str(env.tmp / "plan-2026.csv"), ok=False)
    return env


def plan(env, *args):
    return json.loads(env.run("orders", "plan", "--today", TODAY, "--json", *args).output)


def test_bad_plan_rows_are_named_by_line_and_the_rest_is_imported(env):
    result = env.imported
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: line 6: no customer 'nobody-we-know.com' (try `mailcrm customers list --text nobody-we-know.com`)",
        "error: line 7: month '2026-13': use YYYY-MM, e.g. 2026-03",
        "error: line 8: the same customer, month and product as line 2",
        "error: line 9: amount 'lots' is not a number",
        "error: line 10: the currency is missing (USD, EUR, CNY …)",
    ]
    assert "plan-2026.csv: 5 created, 0 updated, 0 skipped, 5 rows with errors" in result.output


def test_plan_against_orders_in_two_currencies_with_running_totals(env):
    found = plan(env)
    assert (found["year"], found["through"], found["base_currency"]) == (2026, "2026-03", "USD")
    eur = 1.17  # the shipped rate (data/money/rates.toml): EUR 1 = USD 1.17
    acme = next(c for c in found["customers"] if c["customer"] == "acme-armaturen.de")
    by_month = {m["month"]: m for m in acme["months"]}
    assert by_month["2026-02"]["plan"] == pytest.approx(8000 * eur)
    assert by_month["2026-02"]["actual"] == pytest.approx(9000 * eur)
    march = by_month["2026-03"]  # EUR 1,000 and USD 5,000 ordered, EUR 8,000 planned
    assert march["actual"] == pytest.approx(1000 * eur + 5000)
    assert march["difference"] == pytest.approx(1000 * eur + 5000 - 8000 * eur)
    assert march["ytd_plan"] == pytest.approx(16000 * eur)
    assert march["ytd_actual"] == pytest.approx(10000 * eur + 5000)
    assert by_month["2026-02"]["products"] == [
        {
            "product": "ball valve DN50",
            "plan_quantity": 400.0,
            "plan": pytest.approx(8000 * eur),
            "actual_quantity": 500.0,
            "actual": pytest.approx(9000 * eur),
        }
    ]
    best = next(c for c in found["customers"] if c["customer"] == "besttrading.com")
    running = [(m["month"], m["ytd_plan"], m["ytd_actual"], m["ytd_difference"]) for m in best["months"]]
    assert running == [
        ("2026-01", 15000, 20000, 5000),
        ("2026-02", 30000, 20000, -10000),
        ("2026-12", 80000, 20000, -60000),
    ]
    assert best["total"]["plan"] == 80000 and best["to_date"] == {
        "plan": 30000,
        "actual": 20000,
        "difference": -10000,
        "share": pytest.approx(2 / 3, abs=1e-4),
    }
    everyone = {m["month"]: m for m in found["months"]}
    assert everyone["2026-03"]["ytd_plan"] == pytest.approx(30000 + 16000 * eur)
    assert found["total"]["plan"] == pytest.approx(80000 + 16000 * eur)


def test_the_plan_table_shows_months_totals_and_to_date(env):
    out = env.run("orders", "plan", "--today", TODAY, "--customer", "besttrading.com").output
    assert "sales plan 2026, in USD" in out
    row = next(line for line in out.splitlines() if "2026-02" in line)
    cells = [c.strip() for c in row.strip()[1:-1].split("│")]
    assert cells == ["", "2026-02", "USD 15,000", "USD 0", "USD -15,000", "USD 30,000", "USD 20,000", "USD -10,000"]
    assert "to the end of 2026-03: plan USD 30,000, actual USD 20,000, difference USD -10,000 (67% of plan)" in out
    assert "Acme" not in out


def test_a_revised_plan_updates_what_it_names(env, tmp_path):
    revised = tmp_path / "plan-revised.csv"
    revised.write_text(
        "customer,month,amount,currency\nbesttrading.com,2026-01,15000,USD\nbesttrading.com,2026-12,40000,USD\n",
        encoding="utf-8",
    )
    out = env.run("orders", "plan", "import", str(revised)).output
    assert "1 updated, 1 skipped, 0 rows with errors" in out
    assert plan(env, "--customer", "besttrading.com")["customers"][0]["total"]["plan"] == 70000


def test_the_report_has_the_plan_section(env):
    path = env.tmp / "report.html"
    env.run("report", "--html", str(path), "--today", TODAY, "--language", "en")
    html = path.read_text(encoding="utf-8")
    section = html[html.index('id="chart-plans-section"') :]
    section = section[: section.index("</section>")]
    assert "Sales plan against orders, 2026" in section
    assert "To the end of 2026-03:" in section
    assert (
        "<td></td><td>2026-02</td><td>USD 15,000</td><td>USD 0</td><td>USD -15,000</td>"
        "<td>USD 30,000</td><td>USD 20,000</td><td>USD -10,000</td>"
    ) in section


def test_the_manager_digest_names_who_is_furthest_behind_plan(env):
    out = env.run("digest", "--manager", "--language", "en", "--today", TODAY).output
    block = out[out.index("== Furthest behind the sales plan (this year, to the end of 2026-03) ==") :]
    lines = [line for line in block.splitlines()[1:3]]
    assert lines[0] == "- Best Trading LLC (besttrading.com) · Lisa Chen · USD 30,000 · USD 20,000 · USD 10,000 · 67%"
    assert lines[1].startswith("- Acme Armaturen GmbH (acme-armaturen.de) · Lisa Chen ·")
    chinese = env.run("digest", "--manager", "--language", "zh", "--today", TODAY).output
    assert "== 落后销售计划最多的客户（今年截至 2026-03 月底） ==" in chinese
