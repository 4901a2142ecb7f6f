"""Rule files: mistakes are reported with file, line, rule and reason, before anything runs."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli
from mailcrm.engine.loader import check_rules, load_rules
from mailcrm.engine.model import RuleError

GOOD = """
[[rule]]
id = "mine.solar"
scope = "message"
description = "Asks about solar projects"
[rule.when]
direction = "in"
[rule.when.text]
en = ["solar"]
[[rule.then]]
add_tag = "solar"
"""


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    write(tmp_path / "rules", "mine.toml", text)
    _ruleset, found = check_rules(None, [tmp_path / "rules"])
    return found


def config_with_rules(tmp_path: Path, folder: Path, shipped: bool = True) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(
        textwrap.dedent(f"""
        [database]
        path = "mailcrm.db"
        [[accounts]]
        name = "lisa"
        email = "lisa@hengtai-valve.com"
        [rules]
        shipped = {str(shipped).lower()}
        paths = ["{folder}"]
    """),
        encoding="utf-8",
    )
    return path


def test_the_shipped_pack_loads():
    ruleset = load_rules(None)
    assert len(ruleset.scope("message")) >= 15 and len(ruleset.scope("customer")) >= 5
    assert "key-accounts" in ruleset.segments


def test_unknown_condition_names_file_line_rule_and_the_known_names(tmp_path):
    found = problems(tmp_path, GOOD.replace('direction = "in"', 'directon = "in"'))
    assert len(found) == 1
    assert found[0].startswith(f"{tmp_path / 'rules' / 'mine.toml'}:7: rule mine.solar: unknown condition 'directon'")
    assert "direction" in found[0]


def test_unknown_action_is_an_error_at_load_time(tmp_path):
    found = problems(tmp_path, GOOD.replace('add_tag = "solar"', 'add_tags = "solar"'))
    assert "mine.toml:11: rule mine.solar: unknown action 'add_tags'" in found[0]


@pytest.mark.parametrize(
    "change,reason",
    [
        (('scope = "message"', 'scope = "daily"'), "scope must be"),
        (('direction = "in"', 'direction = "inbound"'), "direction: 'inbound' is not one of in, out, internal"),
        (('en = ["solar"]', "en = []"), "needs at least one word list"),
        (('en = ["solar"]', 'en = ["solar"]\nregex = ["(unclosed"]'), "bad regex"),
        (('add_tag = "solar"', 'add_tag = "Solar Power"'), "must be a lowercase name"),
        (('add_tag = "solar"', 'set_stage = "won"'), "set_stage must be one of inquiry, quotation"),
        (('add_tag = "solar"', 'set_stage = "inquiry"\nfrom = ["shipment"]'), "from needs force = true"),
        (
            ('add_tag = "solar"', 'set_stage = "inquiry"\nforce = true\nfrom = ["shipped"]'),
            "from must be a list of stages",
        ),
        (('add_tag = "solar"', 'set_stage = "inquiry"\nforce = true\nfrom = ["shipment", "after-sales"]'), None),
        (('add_tag = "solar"', 'set_stage = "negotiation"\nafter = ["quoted"]'), "after must be a list of stages"),
        (('add_tag = "solar"', 'set_stage = "negotiation"\nforce = true\nafter = ["quotation"]'), "after is for"),
        (('add_tag = "solar"', 'set_stage = "negotiation"\nafter = ["quotation"]'), None),
        (
            ('add_tag = "solar"', 'add_tag = "solar"\nfades_after_days = "soon"'),
            "fades_after_days must be a whole number",
        ),
        (('direction = "in"', "stage_days = { min = 45 }"), None),  # customer facts are fine in message rules
        (('direction = "in"', 'messages = { direction = "in" }'), "days is required"),
    ],
)
def test_mistakes_are_explained(tmp_path, change, reason):
    found = problems(tmp_path, GOOD.replace(*change))
    if reason is None:
        assert found == []
    else:
        assert len(found) == 1 and reason in found[0], found


def test_message_conditions_are_refused_in_customer_rules(tmp_path):
    text = GOOD.replace('scope = "message"', 'scope = "customer"')
    assert "needs a message" in problems(tmp_path, text)[0]


def test_toml_syntax_errors_carry_the_line(tmp_path):
    found = problems(tmp_path, GOOD + "\n[[rule]\n")
    assert "mine.toml" in found[0] and "line 13" in found[0]


def test_duplicate_ids_need_replaces(tmp_path):
    folder = tmp_path / "rules"
    write(folder, "a.toml", GOOD)
    write(folder, "b.toml", GOOD)
    _ruleset, found = check_rules(None, [folder])
    assert "duplicate id" in found[0] and "a.toml:3" in found[0]
    write(folder, "b.toml", GOOD.replace('scope = "message"', 'scope = "message"\nreplaces = true'))
    assert check_rules(None, [folder])[1] == []


def test_a_user_rule_can_switch_a_shipped_rule_off(tmp_path):
    folder = tmp_path / "mine"
    write(
        folder,
        "off.toml",
        GOOD.replace('id = "mine.solar"', 'id = "pref.eco-friendly"').replace(
            "description =", "enabled = false\nreplaces = true\ndescription ="
        ),
    )
    config = config_with_rules(tmp_path, folder)
    from mailcrm.config import load_config

    ruleset = load_rules(load_config(config))
    assert ruleset.rule("pref.eco-friendly").enabled is False
    assert "pref.eco-friendly" not in {r.id for r in ruleset.scope("message")}


def test_load_rules_raises_one_line_naming_the_first_problem(tmp_path):
    write(tmp_path / "rules", "mine.toml", GOOD.replace("add_tag", "add_tagg"))
    with pytest.raises(RuleError) as caught:
        load_rules(None, [tmp_path / "rules"])
    assert "mine.toml:11" in str(caught.value) and "\n" not in str(caught.value)


def test_rules_check_command_reports_and_fails(tmp_path):
    folder = tmp_path / "mine"
    write(folder, "mine.toml", GOOD.replace('direction = "in"', 'direction = "sideways"'))
    config = config_with_rules(tmp_path, folder)
    result = CliRunner().invoke(cli, ["--config", str(config), "rules", "check"])
    assert result.exit_code == 1
    assert "mine.toml:7: rule mine.solar: direction: 'sideways'" in result.output
    assert "1 problems" in result.output


def test_rules_check_command_passes_on_valid_rules(tmp_path):
    folder = tmp_path / "mine"
    write(folder, "mine.toml", GOOD)
    config = config_with_rules(tmp_path, folder)
    result = CliRunner().invoke(cli, ["--config", str(config), "rules", "check"])
    assert result.exit_code == 0, result.output
    assert "all valid" in result.output
    listed = CliRunner().invoke(cli, ["--config", str(config), "rules", "list", "--json"])
    ids = [rule["id"] for rule in json.loads(listed.output)["rules"]]
    assert "mine.solar" in ids and "pref.eco-friendly" in ids


def test_rules_run_refuses_invalid_rules_with_one_line(tmp_path):
    folder = tmp_path / "mine"
    write(folder, "mine.toml", GOOD.replace("add_tag", "add_tagg"))
    config = config_with_rules(tmp_path, folder)
    result = CliRunner().invoke(cli, ["--config", str(config), "rules", "run"])
    assert result.exit_code == 1
    assert "mine.toml:11: rule mine.solar: unknown action 'add_tagg'" in result.output
    assert "Traceback" not in result.output


def test_bad_rules_settings_name_the_key(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[[accounts]]\nemail = "a@b.com"\n[rules]\ntag_fade_days = "long"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--config", str(config), "rules", "check"])
    assert result.exit_code == 1
    assert "rules.tag_fade_days: must be a whole number" in result.output
