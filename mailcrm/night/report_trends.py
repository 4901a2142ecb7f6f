"""The report's monthly trends (inquiries, quotations, orders) and where inquiries came from."""

from __future__ import annotations

from collections import Counter

from . import charts
from .charts import Bar, Chart
from .digest_text import Section, Words
from ..customers.sources import CHANNELS, inquiry_sources
from ..engine import figures

TREND_COLORS = {"inquiries": "#3b6ea5", "quotations": "#e08a2b", "orders": "#1b7f5f"}
CHANNEL_COLORS = {
    "platform": "#e08a2b",
    "website": "#3b6ea5",
    "direct": "#1b7f5f",
    "referral": "#8e5ea2",
    "outreach": "#52606d",
    "imported": "#9aa5b1",
}


def trends_chart(words: Words, data) -> Chart:
    months = figures.monthly_trends(data.db, data.today)
    names = ("inquiries", "quotations", "orders")
    series = [(words.get(f"report.{n}"), TREND_COLORS[n], [months[m][n] for m in months]) for n in names]
    table = Section(
        "trends",
        "",
        [words.get("report.month"), *(words.get(f"report.{n}") for n in names)],
        [[month, *(str(counts[n]) for n in names)] for month, counts in months.items()],
    )
    return Chart(
        "chart-trends",
        words.get("report.trends"),
        words.get("report.trends_note"),
        charts.grouped_bars(
            "chart-trends",
            words.get("report.trends"),
            [m[2:].replace("-", "/") for m in months],  # 25/12: short enough for 12 columns
            series,
            nothing=words.get("report.trends_empty"),
        ),
        table,
    )


def sources_chart(words: Words, data) -> Chart:
    found = inquiry_sources(data.db)
    by_channel = Counter(channel for channel, _ in found.values())
    platforms = Counter(detail for channel, detail in found.values() if channel == "platform")
    rows = [
        (
            words.get(f"report.channel_{channel}"),
            [
                Bar(
                    by_channel[channel],
                    CHANNEL_COLORS[channel],
                    f"{words.get(f'report.channel_{channel}')}: {by_channel[channel]}",
                )
            ],
        )
        for channel in CHANNELS
        if by_channel[channel]
    ]
    legend = [(words.get(f"report.channel_{c}"), CHANNEL_COLORS[c]) for c in CHANNELS if by_channel[c]]
    table = Section(
        "sources",
        "",
        [words.get("report.channel"), words.get("column.customers"), words.get("report.details")],
        [
            [
                words.get(f"report.channel_{channel}"),
                str(by_channel[channel]),
                ", ".join(f"{name} {n}" for name, n in platforms.most_common()) if channel == "platform" else "",
            ]
            for channel in CHANNELS
            if by_channel[channel]
        ],
    )
    return Chart(
        "chart-sources",
        words.get("report.sources"),
        words.get("report.sources_note"),
        charts.stacked_bars("chart-sources", words.get("report.sources"), rows, legend=legend),
        table,
    )
