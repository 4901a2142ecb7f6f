"""Grading: ABC by Pareto of order value, engagement fallback, RFM, follow-up rhythm."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from mailcrm.config import parse_config
from mailcrm.errors import ConfigError
from mailcrm.engine.grading import GradingSettings, grading_settings, quintile
from tests.test_rules_run import TODAY, Workspace

CUSTOMERS = ["alpha.de", "bravo.fr", "charlie.it", "delta.es", "echo.pt"]


def graded_workspace(tmp_path: Path, values: list[float], extra: str = "", prospects: int = 0) -> Workspace:
    ws = Workspace(tmp_path, extra=extra)
    for index, domain in enumerate(CUSTOMERS[: len(values)]):
        ws.inbound(f"buyer@{domain}", "Hello", "Regards.", 20 + index)
    for index in range(prospects):
        for mail in range(3 - index):
            ws.inbound(f"lead@prospect{index}.com", "Hello", "Please send your price list. Regards.", 5 + mail)
    ws.import_mail()
    for domain, value in zip(CUSTOMERS, values):
        ws.cli(
            "orders",
            "add",
            domain,
            "--amount",
            str(value),
            "--currency",
            "USD",
            "--date",
            (TODAY - timedelta(days=30)).isoformat(),
            "--order-no",
            f"PO-{domain}",
        )
    ws.run()
    return ws


def grade_of(ws: Workspace, customer: str) -> dict:
    return ws.json("why", customer, "grade")["grade"]


def test_abc_by_pareto_of_twelve_month_order_value(tmp_path):
    ws = graded_workspace(tmp_path, [50000, 20000, 15000, 10000, 5000])
    grades = {c: grade_of(ws, c) for c in CUSTOMERS}
    assert {c: g["grade"] for c, g in grades.items()} == {
        "alpha.de": "A",
        "bravo.fr": "A",
        "charlie.it": "B",
        "delta.es": "B",
        "echo.pt": "C",
    }
    assert grades["alpha.de"]["share"] == 0.5 and grades["alpha.de"]["rank"] == 1
    assert grades["alpha.de"]["basis"] == "single-share"  # above 30% of all value
    assert grades["charlie.it"]["cumulative"] == 0.85
    listed = ws.json("customers", "list")
    assert {c["key"]: c["grade"] for c in listed}["echo.pt"] == "C"  # mirrored for the customers list


def test_a_single_customer_above_the_share_threshold_is_a(tmp_path):
    extra = "[grading]\na_share = 0.3\nb_share = 0.9\nsingle_a_share = 0.3\n"
    ws = graded_workspace(tmp_path, [40000, 35000, 25000], extra=extra)
    assert [grade_of(ws, c)["grade"] for c in CUSTOMERS[:3]] == ["A", "A", "B"]


def test_prospects_without_orders_are_graded_by_engagement_but_not_above_b(tmp_path):
    ws = graded_workspace(tmp_path, [10000], prospects=2)
    busy, quiet = grade_of(ws, "prospect0.com"), grade_of(ws, "prospect1.com")
    assert busy["basis"] == "engagement" and busy["engagement"] == 3 and busy["grade"] == "B"
    assert quiet["engagement"] == 2


def test_with_no_orders_at_all_engagement_alone_decides(tmp_path):
    ws = graded_workspace(tmp_path, [], prospects=2)
    assert grade_of(ws, "prospect0.com")["grade"] == "A"
    assert grade_of(ws, "prospect0.com")["basis"] == "engagement"


def test_rfm_scores_rank_customers_in_fifths():
    assert [quintile(v, [1, 2, 3, 4, 5]) for v in (1, 2, 3, 4, 5)] == [1, 2, 3, 4, 5]
    assert quintile(10, [10, 10, 10]) == 5  # ties share the best score
    assert quintile(3, [3, 30, 300], smaller_is_better=True) == 5
    assert quintile(100, [100]) == 5


def test_rfm_scores_are_stored_per_customer(tmp_path):
    ws = graded_workspace(tmp_path, [50000, 20000, 15000, 10000, 5000])
    top, bottom = grade_of(ws, "alpha.de"), grade_of(ws, "echo.pt")
    assert (top["m_score"], bottom["m_score"]) == (5, 1)
    assert top["r_score"] == 5 and top["f_score"] == 5


def test_follow_up_interval_per_grade_and_a_manual_date_wins(tmp_path):
    extra = "[grading.follow_up_days]\nA = 5\nB = 10\nC = 40\n"
    ws = graded_workspace(tmp_path, [50000, 20000, 15000, 10000, 5000], extra=extra)
    alpha = grade_of(ws, "alpha.de")
    assert alpha["follow_up_days"] == 5
    assert alpha["next_contact"] == (TODAY - timedelta(days=20) + timedelta(days=5)).isoformat()
    assert grade_of(ws, "echo.pt")["follow_up_days"] == 40
    manual = (TODAY + timedelta(days=3)).isoformat()
    ws.cli("customers", "set", "alpha.de", "--next-contact", manual)
    ws.run()
    alpha = grade_of(ws, "alpha.de")
    assert (alpha["next_contact"], alpha["next_contact_source"]) == (manual, "manual")


@pytest.mark.parametrize(
    "section,message",
    [
        ("a_share = 1.5", "grading.a_share: must be a fraction between 0 and 1"),
        ("window_days = 0", "grading.window_days: must be a whole number of days"),
        ("follow_up_days = { A = 7, D = 3 }", "grading.follow_up_days: must be a table"),
        ("a_share = 0.95\nb_share = 0.9", "grading.a_share: must not be larger than grading.b_share"),
        ("pareto = true", "grading.pareto: unknown setting"),
    ],
)
def test_bad_grading_settings_name_file_and_key(section, message):
    config = parse_config(f'[[accounts]]\nemail = "a@b.com"\n[grading]\n{section}\n', Path("/etc/mailcrm.toml"))
    with pytest.raises(ConfigError) as caught:
        grading_settings(config)
    assert str(caught.value).startswith("/etc/mailcrm.toml: ") and message in str(caught.value)


def test_defaults_follow_the_domain_rules_of_thumb():
    settings = grading_settings(parse_config('[[accounts]]\nemail = "a@b.com"\n', None))
    assert settings == GradingSettings()
    assert settings.follow_up_days == {"A": 7, "B": 14, "C": 30} and settings.single_a_share == 0.3
