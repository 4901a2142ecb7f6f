"""The HTML report, opened in headless Chromium (Debian's `chromium`), and the complete demo.

A missing Chromium is a failure, never a skip: scripts/ensure-test-deps installs it. Chromium
finds the CJK font scripts/ensure-fonts unpacks (fonts-wqy-microhei, not installed system-wide)
through a fontconfig file of the test's own (FONTCONFIG_FILE); a missing font fails too.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import zlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.demodata import demo_copy
from mailcrm.cli.main import cli
from mailcrm.night.charts import FONT_STACK, contrast
from mailcrm.schema import open_db

FONTS_ROOT = Path(os.environ.get("MAILCRM_FONTS_ROOT", "/var/cache/mailcrm-test/fonts"))
CJK_FONT = FONTS_ROOT / "usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

CHARTS = (
    "chart-funnel",
    "chart-trends",
    "chart-sources",
    "chart-pareto",
    "chart-rfm",
    "chart-countries",
    "chart-map",
    "chart-replies",
    "chart-activity",
    "chart-churn",
)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("chromium is not installed: run scripts/ensure-test-deps (apt-get install chromium)", pytrace=False)
    return found


def font_config(directory: Path, with_cjk: bool = True) -> Path:
    """A fontconfig file: the system's fonts, and (``with_cjk``) the unpacked CJK font."""
    if with_cjk and not CJK_FONT.is_file():
        pytest.fail(f"no CJK font at {CJK_FONT}: run scripts/ensure-fonts", pytrace=False)
    directory.mkdir(parents=True, exist_ok=True)
    extra = f"<dir>{FONTS_ROOT / 'usr/share/fonts'}</dir>" if with_cjk else ""
    conf = directory / ("fonts.conf" if with_cjk else "fonts-system.conf")
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f'<include ignore_missing="yes">/etc/fonts/fonts.conf</include>{extra}'
        f"<cachedir>{directory / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return conf


def headless(tmp_path: Path, page: Path, *args: str, with_cjk: bool = True) -> subprocess.CompletedProcess:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.iterdir()))}"
    env = os.environ | {"FONTCONFIG_FILE": str(font_config(tmp_path / "fontconfig", with_cjk))}
    command = [
        chromium(),
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={profile}",
        *args,
        page.resolve().as_uri(),
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, env=env)


def screenshot(tmp_path: Path, page: Path, size: str = "1280,2000", with_cjk: bool = True) -> bytes:
    png = tmp_path / f"{page.stem}.png"
    result = headless(tmp_path, page, f"--screenshot={png}", f"--window-size={size}", with_cjk=with_cjk)
    assert png.exists(), f"chromium wrote no screenshot: {result.stderr[-2000:]}"
    return png.read_bytes()


def pixels(png: bytes) -> bytes:
    """The decompressed image data of a PNG (enough to tell a blank page from a drawn one)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    data, position = b"", 8
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        kind = png[position + 4 : position + 8]
        if kind == b"IDAT":
            data += png[position + 8 : position + 8 + length]
        position += 12 + length
    return zlib.decompress(data)


def assert_not_blank(png: bytes, at_least: float) -> None:
    """At least this share of sampled bytes differ from the background (a blank page: ~0)."""
    raw = pixels(png)
    most_common = max(set(raw[::97]), key=raw[::97].count)
    other = sum(1 for byte in raw[::97] if byte != most_common) / len(raw[::97])
    assert other > at_least, f"the screenshot is (nearly) blank: {other:.1%} non-background samples"


def rendered_dom(tmp_path: Path, page: Path) -> str:
    result = headless(tmp_path, page, "--dump-dom")
    assert result.returncode == 0 and "<svg" in result.stdout, result.stderr[-2000:]
    return result.stdout


@pytest.fixture(scope="module")
def demo_output(tmp_path_factory):
    """`mailcrm demo`, the README's first command, run once for the module."""
    directory = tmp_path_factory.mktemp("demo") / "mailcrm-demo"
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["demo", "--dir", str(directory)])
    return directory, result, time.monotonic() - started


def test_the_demo_shows_the_whole_pipeline_in_under_a_minute(demo_output):
    directory, result, seconds = demo_output
    assert result.exit_code == 0, result.output
    assert seconds < 60
    output = result.output
    for evidence in (
        "Subject: mailcrm digest for Lisa Chen",
        "Subject: mailcrm 团队摘要",
        "停滞",
        f"HTML report with charts written to {directory / 'report.html'}",
    ):
        assert evidence in output, evidence
    assert list((directory / "Drafts" / "cur").iterdir()), "drafts in the local Drafts folder"
    db = open_db(directory / "mailcrm.db")
    one = lambda sql: db.execute(sql).fetchone()[0]  # noqa: E731
    assert one("SELECT count(*) FROM customers WHERE status = 'active'") > 20
    assert one("SELECT count(*) FROM customer_tags WHERE active = 1") > 0, "tags with evidence"
    assert one("SELECT count(*) FROM customer_grades WHERE grade = 'A'") > 0, "grades"


def test_the_report_renders_in_headless_chromium(demo_output, tmp_path):
    directory, result, _ = demo_output
    page = directory / "report.html"
    html = page.read_text(encoding="utf-8")
    assert "<script" not in html and "<link" not in html and not re.search(r"""(src|href)=["']?https?:""", html)
    assert set(re.findall(r"https?://[^\s\"'<>]+", html)) <= {"http://www.w3.org/2000/svg"}, "nothing to fetch"
    dom = rendered_dom(tmp_path, page)
    for chart in CHARTS:
        assert re.search(rf'<svg id="{chart}" class="chart"', dom), chart
    assert "Pipeline by stage" in dom and "ABC analysis" in dom and "Kessler Armaturen GmbH" in dom
    assert_not_blank(screenshot(tmp_path, page), at_least=0.02)  # a blank page: ~0.03%


def test_a_chinese_report_and_an_empty_database_render_too(tmp_path):
    config = demo_copy(tmp_path)
    chinese = tmp_path / "报告.html"
    made = CliRunner().invoke(cli, ["--config", str(config), "report", "--html", str(chinese), "--language", "zh"])
    assert made.exit_code == 0, made.output
    dom = rendered_dom(tmp_path, chinese)
    assert "销售漏斗（按阶段）" in dom and "RFM 矩阵" in dom and "客户所在国家" in dom
    empty_config = tmp_path / "empty.toml"
    empty_config.write_text(
        '[database]\npath = "empty.db"\n[[accounts]]\nname = "lisa"\nemail = "lisa@hengtai-valve.com"\n',
        encoding="utf-8",
    )
    empty = tmp_path / "empty.html"
    made = CliRunner().invoke(cli, ["--config", str(empty_config), "report", "--html", str(empty)])
    assert made.exit_code == 0, made.output
    dom = rendered_dom(tmp_path, empty)
    assert all(chart in dom for chart in CHARTS) and "no orders yet" in dom
    assert_not_blank(screenshot(tmp_path, empty), at_least=0.005)


# -- one source of truth for figures (issue 35, item 7) ---------------------------------------------


def cli_json(config: Path, *args: str):
    made = CliRunner().invoke(cli, ["--config", str(config), *args])
    assert made.exit_code == 0, made.output
    return json.loads(made.output)


def kpis_of(html: str) -> dict[str, str]:
    return {label: value for value, label in re.findall(r'<div class="kpi"><b>(.*?)</b><span>(.*?)</span>', html)}


def table_rows(html: str, section: str) -> list[list[str]]:
    """The data table under one chart, as text cells."""
    part = html.split(f'<section id="{section}-section">', 1)[1].split("</section>", 1)[0]
    return [re.findall(r"<td>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", part, re.S)[1:]]


def test_the_report_the_digest_and_the_cli_show_the_same_figures(tmp_path):
    """The demo's database: the report's ABC table once said A 4 / B 4 / C 7 where the CLI and
    the digest said A 4 · B 11 · C 17, and its "waiting" counted threads beyond the horizon."""
    config = demo_copy(tmp_path)
    page = tmp_path / "report.html"
    figures = cli_json(config, "report", "--html", str(page), "--json", "--language", "en")
    html = page.read_text(encoding="utf-8")
    agenda = cli_json(config, "today", "--json")
    listed = {g: len(cli_json(config, "customers", "list", "--grade", g, "--json")) for g in "ABC"}
    customers = len(cli_json(config, "customers", "list", "--json", "--limit", "100000"))
    (manager,) = cli_json(config, "digest", "--manager", "--language", "en", "--json")

    grades = figures["grades"]
    assert {g: grades[g] for g in "ABC"} == listed, "report --json and customers list --grade"
    assert sum(grades.values()) == figures["customers"] == customers
    assert [row[:2] for row in table_rows(html, "chart-pareto")] == [
        ["A", str(grades["A"])],
        ["B", str(grades["B"])],
        ["C", str(grades["C"])],
        ["ungraded", str(grades["ungraded"])],
    ], "the report's ABC table counts every active customer, as the CLI does"
    team = next(s for s in manager["sections"] if s["key"] == "team")
    per_owner = [[int(n) for n in row[2].split(" / ")] for row in team["rows"]]
    assert [sum(column) for column in zip(*per_owner)] == [grades[g] for g in "ABC"], "the digest's A / B / C"

    kpi = kpis_of(html)
    waiting = agenda["counts"]["unanswered"]
    assert kpi["waiting for an answer"] == str(waiting) == str(figures["agenda"]["unanswered"])
    assert f"{waiting} waiting for an answer" in manager["summary"]
    assert agenda["horizon"]["old_unanswered"] > 0, "the demo has threads older than the horizon"
    db = open_db(config.parent / "mailcrm.db")
    our_turn = db.execute("SELECT count(*) FROM customers WHERE status = 'active' AND turn = 'us'").fetchone()[0]
    assert our_turn > waiting, "the old count (everyone who wrote last) would have said more"
    assert f"{grades['A']} A customers" in manager["summary"] and kpi["A customers"] == str(grades["A"])
    for key, label in (("complaints", "open complaints"), ("stalled", "stalled deals"), ("churn-risk", "churn risks")):
        assert kpi[label] == str(agenda["counts"][key]) == str(figures["agenda"][key]), key
    value = figures["order_value"]
    assert kpi["12-month order value"] == f"{value['currency']} {value['total']:,.0f}"
    assert round(sum(value["by_grade"].values()), 2) == value["total"]


# -- the report a manager reads (issue 35, item 9) ---------------------------------------------------


CSS_BACKGROUNDS = ("#ffffff", "#f5f7fa", "#f3f5f8")  # page, cards, table heads


def css_pairs(html: str) -> list[tuple[str, str, str]]:
    """(selector, colour, background) for every CSS rule with a text colour: its own background,
    else each of the page's light backgrounds (the text may sit on any of them)."""
    style = html.split("<style>", 1)[1].split("</style>", 1)[0]
    screen = style.split("@media print", 1)[0]
    pairs = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", screen):
        color = re.search(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", body)
        if not color:
            continue
        own = re.search(r"background:\s*(#[0-9a-f]{6})", body)
        inherited = {"header": ("#243b53",)}.get(selector.split()[0].strip(), CSS_BACKGROUNDS)
        for background in (own.group(1),) if own else inherited:
            pairs.append((selector.strip(), color.group(1), background))
    return pairs


def test_every_chart_has_a_legend_a_data_table_and_readable_text(demo_output):
    directory, _, _ = demo_output
    html = (directory / "report.html").read_text(encoding="utf-8")
    for chart in CHARTS:
        section = html.split(f'<section id="{chart}-section">', 1)[1].split("</section>", 1)[0]
        assert '<g class="legend">' in section, f"{chart}: a colour legend"
        assert "<details" in section and "<table>" in section, f"{chart}: its data in a table"
    texts = re.findall(r'<text [^>]*fill="(#[0-9a-f]{6})" data-bg="(#[0-9a-f]{6})"[^>]*>([^<]*)<', html)
    assert len(texts) > 100 and len(texts) == html.count("<text "), "every SVG text says what is behind it"
    low = {(fill, bg, contrast(fill, bg)) for fill, bg, _ in texts if contrast(fill, bg) < 4.5}
    assert not low, f"SVG text below 4.5:1: {low}"
    pairs = css_pairs(html)
    assert len(pairs) >= 8
    low = [(s, c, b, round(contrast(c, b), 2)) for s, c, b in pairs if contrast(c, b) < 4.5]
    assert not low, f"CSS text below 4.5:1: {low}"
    assert "@media print" in html and "break-inside: avoid" in html
    # monthly trends and where inquiries came from, with their numbers
    months = table_rows(html, "chart-trends")
    assert len(months) == 12 and sum(int(m[1]) for m in months) > 0 and sum(int(m[3]) for m in months) > 0
    channels = {row[0]: int(row[1]) for row in table_rows(html, "chart-sources")}
    assert sum(channels.values()) == len(
        open_db(directory / "mailcrm.db").execute("SELECT id FROM customers WHERE status = 'active'").fetchall()
    )


NAMES = {"zh": "上海华东阀门有限公司", "ja": "株式会社タナカ精工", "ar": "شركة الخليج للصمامات"}


def glyph_page(directory: Path, name: str, text: str) -> Path:
    page = directory / f"{name}.html"
    page.write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"></head><body style="margin:0;background:#fff">'
        f'<div style="font: 48px {FONT_STACK}; padding: 10px">{text}</div></body></html>',
        encoding="utf-8",
    )
    return page


def test_chinese_japanese_and_arabic_names_render_as_letters_not_boxes(tmp_path):
    config = demo_copy(tmp_path)
    db = open_db(config.parent / "mailcrm.db")
    keys = [  # the three largest: named in the Pareto chart, the RFM table and the country chart
        r[0]
        for r in db.execute(
            "SELECT c.key FROM customers c JOIN customer_grades g ON g.customer = c.id "
            "ORDER BY g.value_12m DESC LIMIT 3"
        )
    ]
    db.close()
    for key, name in zip(keys, NAMES.values()):
        made = CliRunner().invoke(cli, ["--config", str(config), "customers", "set", key, "--name", name])
        assert made.exit_code == 0, made.output
    page = tmp_path / "report.html"
    cli_json(config, "report", "--html", str(page), "--json")
    html = page.read_text(encoding="utf-8")
    assert f"font: 14px/1.45 {FONT_STACK}" in html and FONT_STACK.count("'") > 10
    dom = rendered_dom(tmp_path, page)
    for name in NAMES.values():
        assert name in dom, name
    # The report's font stack, in the same Chromium: each name's pixels differ from a row of
    # .notdef boxes (private-use characters no font has), which a missing font would draw.
    boxes = {
        n: pixels(screenshot(tmp_path, glyph_page(tmp_path, f"box-{n}", "\ue000" * len(t)), "900,300"))
        for n, t in NAMES.items()
    }
    for language, name in NAMES.items():
        drawn = pixels(screenshot(tmp_path, glyph_page(tmp_path, f"name-{language}", name), "900,300"))
        assert drawn != boxes[language], f"{name} rendered as empty boxes"
    # and the check would catch the boxes: without the CJK font, the Chinese name is boxes
    without = pixels(screenshot(tmp_path, glyph_page(tmp_path, "name-zh-nofont", NAMES["zh"]), "900,300", False))
    box_without = pixels(screenshot(tmp_path, glyph_page(tmp_path, "box-zh-nofont", "\ue000" * 10), "900,300", False))
    assert without == box_without
