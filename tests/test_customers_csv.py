"""Issue 32: a broken CSV line is reported with its line number; the rest is imported."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from mailcrm.cli.main import cli

from tests.fixtures_customers import CONFIG


@pytest.fixture
def run(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text(CONFIG, encoding="utf-8")

    def run(*args: str):
        return CliRunner().invoke(cli, ["--config", str(config), *args])

    return run


def names(run) -> dict[str, str]:
    return {c["key"]: c["name"] for c in json.loads(run("customers", "list", "--json").stdout)}


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("error:")]


def test_an_unclosed_quote_is_one_bad_line_not_the_rest_of_the_file(tmp_path, run):
    path = tmp_path / "fair.csv"
    path.write_text(
        "Company,Contact,Email,Country\n"
        "Alpha GmbH,Anna,anna@alpha-gmbh.de,Germany\n"
        '"Beta S.p.A.,Bruno,bruno@beta-spa.it,Italy\n'
        "Gamma Ltd,Gary,gary@gamma-ltd.co.uk,UK\n"
        'Delta SA,"Dora",dora@delta-sa.fr,France\n'
        'Epsilon Oy,Eero,eero@epsilon-oy.fi,"Fin"land\n'
        '"Zeta, Co.",Zoe,zoe@zeta-co.com,"Chi\n'
        "Omega AG,Otto,otto@omega-ag.ch,Switzerland\n",
        encoding="utf-8",
    )
    result = run("customers", "import", str(path))
    assert result.exit_code == 1
    bad = errors(result)
    assert [e.split(":")[1].strip() for e in bad] == ["line 3", "line 7"], result.stderr
    assert "a quote opened in this line is never closed (the company ran over 3 lines)" in bad[0]
    assert "the country ran over 2 lines" in bad[1]
    assert sorted(names(run)) == ["alpha-gmbh.de", "delta-sa.fr", "epsilon-oy.fi", "gamma-ltd.co.uk", "omega-ag.ch"]
    assert all("\n" not in name for name in names(run).values())


def test_a_semicolon_line_in_a_comma_file_is_reported(tmp_path, run):
    path = tmp_path / "fair.csv"
    path.write_text(
        "Company,Contact,Email,Phone,Country\n"
        "Zeta GmbH,Zoe,zoe@zeta-gmbh.de,+49 30 1234,Germany\n"
        "Eta Srl;Luca;luca@eta-srl.it;+39 02 5555;Italy\n"
        "Theta AB,Tove,tove@theta-ab.se,,Sweden\n"
        "Iota, Inc,Ian,ian@iota-inc.com,,USA\n",
        encoding="utf-8",
    )
    result = run("customers", "import", str(path))
    assert result.exit_code == 1
    bad = errors(result)
    assert [e.split(":")[1].strip() for e in bad] == ["line 3", "line 5"], result.stderr
    assert "separated by semicolons where the file uses commas" in bad[0]
    assert "6 values under 5 columns" in bad[1]
    assert names(run) == {"zeta-gmbh.de": "Zeta GmbH", "theta-ab.se": "Theta AB"}


def test_a_note_may_span_lines_in_quotes(tmp_path, run):
    path = tmp_path / "fair.csv"
    path.write_text(
        "Company;Contact;Email;Note\n"
        'Kappa BV;Kees;kees@kappa-bv.nl;"met at booth 12\nwants DN50 samples"\n'
        "Lambda SL;Lola;lola@lambda-sl.es;\n",
        encoding="utf-8",
    )
    result = run("customers", "import", str(path))
    assert result.exit_code == 0, result.stderr
    assert sorted(names(run)) == ["kappa-bv.nl", "lambda-sl.es"]


def test_orders_import_reports_broken_lines_too(tmp_path, run):
    path = tmp_path / "customers.csv"
    path.write_text("Company,Email\nMu GmbH,max@mu-gmbh.de\n", encoding="utf-8")
    assert run("customers", "import", str(path)).exit_code == 0
    orders = tmp_path / "orders.csv"
    orders.write_text(
        'date,customer,amount,currency\n2026-01-05,"mu-gmbh.de,1200,EUR\n2026-02-05,mu-gmbh.de,800,EUR\n',
        encoding="utf-8",
    )
    result = run("orders", "import", str(orders))
    assert result.exit_code == 1 and [e.split(":")[1].strip() for e in errors(result)] == ["line 2"]
    assert "1 created" in result.stdout
