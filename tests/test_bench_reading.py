"""The reading benchmark scores what the rules conclude against the labels, and splits cases once."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_reading.py"
spec = importlib.util.spec_from_file_location("bench_reading", BENCH)
bench = importlib.util.module_from_spec(spec)
sys.modules["bench_reading"] = bench  # dataclasses look their module up there
spec.loader.exec_module(bench)

CASE = """
id = "{id}"
language = "{language}"
title = "test"
company = "Harbor Supply Ltd"
domain = "{domain}"
[expect]
stage = "after-sales"
tags = []
flags = ["complaint"]
forbidden = ["flag:complaint"]   # contradicts the line above on purpose: it must be reported
[[message]]
from = "tom@{domain}"
to = "us"
date = "2026-11-10T09:00:00+00:00"
subject = "PO 7781 - goods received"
body = "Hi Lisa, 40 of the ball valves arrived damaged, the handles are broken. Tom"
[[message]]
from = "tom@{domain}"
to = "us"
date = "2026-11-20T09:00:00+00:00"
subject = "RE: PO 7781 - goods received"
body = "I am out of the office until 30 November with limited access to email."
auto_reply = true
"""


def write_cases(folder: Path, ids: list[tuple[str, str]]) -> None:
    folder.mkdir(exist_ok=True)
    for case_id, language in ids:
        text = CASE.format(id=case_id, language=language, domain=f"{case_id}.example.co.uk")
        (folder / f"{case_id}.toml").write_text(text, encoding="utf-8")


def test_a_complaint_and_an_auto_reply_are_scored_and_a_forbidden_conclusion_is_reported(tmp_path):
    write_cases(tmp_path / "cases", [("en-901", "en")])
    cases = bench.load_cases(tmp_path / "cases")
    result = bench.evaluate(cases, bench.read_part(cases))
    assert result["flags"]["complaint"]["tp"] == 1 and result["flags"]["all"]["fp"] == 0
    assert result["auto_replies"]["tp"] == 1
    assert result["forbidden_drawn"] == ["en-901: flag:complaint"]
    assert result["stage_confusion"][0]["expected"] == "after-sales"


def test_the_split_keeps_every_case_in_its_part_and_holds_out_at_least_40_percent(tmp_path):
    write_cases(tmp_path / "cases", [(f"de-{n:03d}", "de") for n in range(1, 11)])
    split_file = tmp_path / "split.toml"
    bench.write_split(bench.make_split(bench.load_cases(tmp_path / "cases"), split_file), split_file)
    first = bench.tomllib.loads(split_file.read_text())
    assert len(first["held_out"]) >= 4 and len(first["held_out"]) + len(first["dev"]) == 10
    write_cases(tmp_path / "cases", [(f"de-{n:03d}", "de") for n in range(11, 16)])
    bench.write_split(bench.make_split(bench.load_cases(tmp_path / "cases"), split_file), split_file)
    again = bench.tomllib.loads(split_file.read_text())
    assert set(first["held_out"]) <= set(again["held_out"]) and set(first["dev"]) <= set(again["dev"])
    assert len(again["held_out"]) + len(again["dev"]) == 15


def test_every_shipped_case_is_a_customer_of_its_own():
    """Cases of one day share a mailbox: two cases under one domain or company name would be read as
    one customer, and each case's conclusions would be scored against the other's mail."""
    for key in ("domain", "company"):
        seen: dict[str, str] = {}
        for path in sorted(bench.CASES.glob("*.toml")):
            data = bench.tomllib.loads(path.read_text(encoding="utf-8"))
            assert data[key] not in seen, f"{data['id']} and {seen[data[key]]} share the {key} {data[key]!r}"
            seen[data[key]] = data["id"]


def test_the_shipped_split_holds_out_at_least_40_percent_of_the_cases():
    """Issue 34: the held-out part (never tuned on) is at least 40% of the evaluation set."""
    split = bench.tomllib.loads(bench.SPLIT.read_text(encoding="utf-8"))
    ids = {path.stem for path in bench.CASES.glob("*.toml")}
    assert set(split["held_out"]) | set(split["dev"]) == ids and not set(split["held_out"]) & set(split["dev"])
    assert len(split["held_out"]) / len(ids) >= 0.40
