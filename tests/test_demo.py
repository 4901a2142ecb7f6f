"""The README's first command: the whole pipeline on the generated sample mailbox."""

import json
import mailbox

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    directory = tmp_path_factory.mktemp("demo")
    result = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    assert result.exit_code == 0, result.output
    return directory, result.output


def run(directory, *args):
    result = CliRunner().invoke(cli, ["--config", str(directory / "config.toml"), *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_demo_shows_the_pipeline(demo):
    _, output = demo
    for section in ("import", "customers", "Lone Star Pipe Supply LLC", "the longest thread", "calls and visits"):
        assert section in output, section
    assert "Traceback" not in output


def test_demo_database_answers_the_readme_commands(demo):
    directory, _ = demo
    status = json.loads(run(directory, "status", "--json"))
    assert status["messages"] > 350 and status["unparsed"] == 0
    hits = json.loads(run(directory, "search", "报价", "--json"))
    assert hits, "Chinese search finds the GBK supplier mail"
    customers = json.loads(run(directory, "customers", "list", "--json"))
    keys = {c["key"] for c in customers}
    assert {"lonestarpipe.com", "trubosnab.ru", "yamamoto-valve.co.jp"} <= keys
    assert not {"yonggu-casting.com.cn", "oceanlink-logistics.com", "hengtai-valve.com"} & keys


def test_demo_segments_and_evidence(demo):
    directory, _ = demo
    green = json.loads(run(directory, "customers", "list", "--segment", "green-buyers", "--json"))
    assert "levantehidraulica.es" in {c["key"] for c in green}
    assert "southerncrossirrigation.com.au" not in {c["key"] for c in green}  # "not interested in eco-friendly"
    why = run(directory, "why", "levantehidraulica.es", "green-product")
    assert "ecológic" in why


def test_demo_writes_drafts_into_a_local_maildir(demo):
    directory, _ = demo
    drafts = mailbox.Maildir(directory / "Drafts", create=False)
    messages = [drafts.get_message(key) for key in drafts.keys()]
    assert messages, "the demo writes drafts for review"
    assert all("D" in m.get_flags() and "S" in m.get_flags() for m in messages)
    assert all(m["X-Mailcrm-Draft"] for m in messages)


def test_todays_agenda_lists_the_written_drafts(demo):
    directory, _ = demo
    agenda = json.loads(run(directory, "today", "--json"))
    assert agenda["counts"]["complaints"] >= 1
    written = [d for d in agenda["sections"]["drafts"] if "not written yet" not in d["what"]]
    assert written and all("#" in d["what"] for d in written)


def test_demo_ships_a_sales_plan_and_shows_it_against_the_orders(demo):
    directory, output = demo
    assert (directory / "plan.csv").read_text(encoding="utf-8").startswith("customer,month,product,quantity,amount")
    assert "orders plan: the sales plan (plan.csv) against the orders" in output
    assert "all customers" in output  # "to the end of …" from February on
    found = json.loads(run(directory, "orders", "plan", "--json"))
    assert found["customers"] and all(len(c["months"]) == 12 for c in found["customers"])
    assert any(c["total"]["actual"] for c in found["customers"])
