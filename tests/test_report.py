"""The HTML report, opened in headless Chromium (Debian's `chromium`), and the complete demo.

A missing Chromium is a failure, never a skip: scripts/ensure-test-deps installs it.
"""

from __future__ import annotations

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
from mailcrm.schema import open_db

CHARTS = (
    "chart-funnel",
    "chart-pareto",
    "chart-rfm",
    "chart-countries",
    "chart-replies",
    "chart-activity",
    "chart-churn",
)


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        pytest.fail("chromium is not installed: run scripts/ensure-test-deps (apt-get install chromium)", pytrace=False)
    return found


def headless(tmp_path: Path, page: Path, *args: str) -> subprocess.CompletedProcess:
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.iterdir()))}"
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
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def screenshot(tmp_path: Path, page: Path) -> bytes:
    png = tmp_path / f"{page.stem}.png"
    result = headless(tmp_path, page, f"--screenshot={png}", "--window-size=1280,2000")
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
