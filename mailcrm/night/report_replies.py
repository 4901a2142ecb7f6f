"""The report's reply-time chart: how fast we answer them, and they us, in buckets of hours."""

from __future__ import annotations

from statistics import median

from . import charts
from .charts import Chart
from .digest_text import Section, Words

REPLY_BUCKETS = ((2, "< 2 h"), (12, "2–12 h"), (24, "12–24 h"), (72, "1–3 d"), (168, "3–7 d"), (None, "> 7 d"))
US, THEM = "#3b6ea5", "#e08a2b"


def reply_chart(words: Words, data) -> Chart:
    """``data``: the report's ReportData (its customers' median reply hours)."""
    ours = [c["our_reply_hours"] for c in data.customers if c["our_reply_hours"] is not None]
    theirs = [c["their_reply_hours"] for c in data.customers if c["their_reply_hours"] is not None]
    series = [
        (words.get("report.replies_us"), US, bucket_counts(ours)),
        (words.get("report.replies_them"), THEM, bucket_counts(theirs)),
    ]
    note = words.get("report.replies_note", us=hours_text(ours), them=hours_text(theirs))
    table = Section(
        "replies",
        "",
        [words.get("report.bucket"), words.get("report.replies_us"), words.get("report.replies_them")],
        [[label, str(series[0][2][i]), str(series[1][2][i])] for i, (_, label) in enumerate(REPLY_BUCKETS)],
    )
    return Chart(
        "chart-replies",
        words.get("report.replies"),
        note,
        charts.grouped_bars(
            "chart-replies", words.get("report.replies"), [label for _, label in REPLY_BUCKETS], series
        ),
        table,
    )


def bucket_counts(hours: list[float]) -> list[int]:
    counts = [0] * len(REPLY_BUCKETS)
    for value in hours:
        index = next(i for i, (limit, _) in enumerate(REPLY_BUCKETS) if limit is None or value < limit)
        counts[index] += 1
    return counts


def hours_text(hours: list[float]) -> str:
    if not hours:
        return "–"
    middle = median(hours)
    return f"{middle:.1f} h" if middle < 48 else f"{middle / 24:.1f} d"
