"""The briefing's topic chart as a PNG, for the PDF: matplotlib's Agg canvas without pyplot (no
display, no global state), in its bundled DejaVu Sans so Cyrillic renders on any machine. Two
bars per topic, the last 90 days and the 90 before: the same figures as the page's chart.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from otklik.meetings.briefing import Topic

RECENT, BEFORE = "#1f5fbf", "#b8c2d1"
DPI = 150
WIDTH = 6.4  # inches: the text width of an A4 page
LABEL = 34


def topics_png(topics: list[Topic]) -> bytes:
    figure = Figure(figsize=(WIDTH, max(1.8, 0.5 * len(topics) + 0.9)), dpi=DPI)
    figure.set_layout_engine("tight")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    rows = list(range(len(topics)))[::-1]
    axes.barh([y + 0.2 for y in rows], [t.recent for t in topics], 0.4, color=RECENT,
              label="последние 90 дней")  # fmt: skip
    axes.barh([y - 0.2 for y in rows], [t.before for t in topics], 0.4, color=BEFORE,
              label="предыдущие 90 дней")  # fmt: skip
    for y, topic in zip(rows, topics, strict=True):
        axes.text(topic.recent, y + 0.2, f" {topic.recent}", va="center", fontsize=7)
        axes.text(topic.before, y - 0.2, f" {topic.before}", va="center", fontsize=7)
    axes.set_yticks(rows, [_short(t.name) for t in topics], fontsize=8)
    axes.set_xticks([])
    axes.spines[["top", "right", "bottom"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, loc="lower right")
    axes.set_title("Обращения по темам", fontsize=10, loc="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _short(text: str) -> str:
    return text if len(text) <= LABEL else text[: LABEL - 1] + "…"
