"""The public pool (公海) on the demo's database: idle customers go back, anyone may claim them."""

from __future__ import annotations

import json
from datetime import date, timedelta

from click.testing import CliRunner

from tests.demodata import demo_copy, load
from mailcrm.cli.main import cli

POOL = '[pool]\ndays = 60\nexempt_grades = ["A"]\n'


def run(config, *args):
    return CliRunner().invoke(cli, ["--config", str(config), *args])


def owners(config) -> dict[str, str]:
    return {c["key"]: c["owner"] for c in json.loads(run(config, "customers", "list", "--json").output)}


def test_idle_customers_go_back_to_the_pool_once_and_a_customers_stay(tmp_path):
    config = demo_copy(tmp_path, POOL)
    before = owners(config)
    preview = run(config, "customers", "pool", "--release", "--dry-run")
    assert preview.exit_code == 0 and "would go back to the public pool" in preview.output
    assert owners(config) == before, "a dry run changes nothing"

    released = run(config, "customers", "pool", "--release", "--json")
    moved = json.loads(released.output)["released"]
    assert moved and all(row["idle_days"] >= 60 and row["owner"] == "Lisa Chen" for row in moved)
    after = owners(config)
    assert {row["key"] for row in moved} == {k for k, owner in after.items() if owner == "pool"}
    graded = {c["key"]: c["grade"] for c in json.loads(run(config, "customers", "list", "--json").output)}
    assert all(graded[k] != "A" for k, owner in after.items() if owner == "pool"), "A customers are exempt"

    assert "0 customers went back" in run(config, "customers", "pool", "--release").output
    pooled = json.loads(run(config, "customers", "pool", "--json").output)
    assert {row["key"] for row in pooled} == {row["key"] for row in moved}
    assert {row["previous_owner"] for row in pooled} == {"Lisa Chen"}
    listed = run(config, "customers", "list", "--owner", "pool", "--json")
    assert len(json.loads(listed.output)) == len(moved)


def test_claiming_a_customer_makes_it_yours_and_restarts_its_clock(tmp_path):
    config = demo_copy(tmp_path, POOL)
    moved = json.loads(run(config, "customers", "pool", "--release", "--json").output)["released"]
    key = moved[0]["key"]
    ambiguous = run(config, "customers", "claim", key)
    assert ambiguous.exit_code == 1 and "--owner NAME (one of: Lisa Chen, Tom Wang)" in ambiguous.output
    stranger = run(config, "customers", "claim", key, "--owner", "Zhang San")
    assert stranger.exit_code == 1 and "not a salesperson" in stranger.output
    claimed = run(config, "customers", "claim", key, "--owner", "tom")
    assert claimed.exit_code == 0 and "is now Tom Wang's customer" in claimed.output
    assert owners(config)[key] == "Tom Wang"
    timeline = run(config, "customers", "show", key).output
    assert "claimed from the public pool" in timeline and "back to the public pool" in timeline
    twice = run(config, "customers", "claim", key, "--owner", "lisa")
    assert twice.exit_code == 1 and "not in the public pool (owner: Tom Wang)" in twice.output
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    run(config, "customers", "pool", "--release", "--today", tomorrow)
    assert owners(config)[key] == "Tom Wang", "the claim restarted the follow-up clock"


def test_the_nightly_run_releases_and_the_digests_say_so(tmp_path):
    config = demo_copy(tmp_path, POOL + '[nightly]\nreport = "reports/latest.html"\n')
    result = run(config, "nightly")
    assert result.exit_code == 0, result.output
    assert "customers went back to the public pool" in result.output
    assert "chart-funnel" in (config.parent / "reports" / "latest.html").read_text(encoding="utf-8")
    lisa = run(config, "digest", "--owner", "lisa").output
    assert "== Back in the public pool (no follow-up) ==" in lisa
    manager = run(config, "digest", "--manager").output  # the demo's manager reads Chinese
    assert "公海" in manager and "== 公海：最近退回 ==" in manager


def test_no_pool_without_days(tmp_path):
    config = demo_copy(tmp_path)
    result = run(config, "customers", "pool", "--release")
    assert result.exit_code == 0 and "no public pool: set [pool] days" in result.output
    assert "pool" not in owners(config).values()
    _, db = load(config)
    assert db.execute("SELECT count(*) FROM pool_moves").fetchone()[0] == 0
