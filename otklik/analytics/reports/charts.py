"""The report's charts: static PNG images drawn with matplotlib's Agg backend (no display, no
system library), in the bundled DejaVu Sans so Cyrillic labels render on any machine. Each
chart shows the same figures as a table beside it and as the dashboard.
"""

from __future__ import annotations

import io

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from otklik.typography import number

COLOUR = "#4a76a8"
SECOND = "#2a9d8f"
DPI = 150
SIZE = (6.4, 3.0)  # inches: full text width of an A4 page
MONTHS_SHORT = ("янв", "фев", "мар", "апр", "май", "июн", "июл", "авг", "сен", "окт", "ноя", "дек")


def _figure(height: float = SIZE[1]) -> Figure:
    figure = Figure(figsize=(SIZE[0], height), dpi=DPI)
    figure.set_layout_engine("tight")
    FigureCanvasAgg(figure)  # the Agg canvas, without pyplot: no display, no global state
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _style(axes: object) -> None:
    axes.spines[["top", "right"]].set_visible(False)  # type: ignore[attr-defined]
    axes.tick_params(labelsize=8)  # type: ignore[attr-defined]


def bars(labels: list[str], values: list[int], title: str) -> bytes:
    """Horizontal bars, the largest on top, with the value at each bar's end."""
    figure = _figure(max(1.6, 0.32 * len(labels) + 0.8))
    axes = figure.add_subplot()
    positions = range(len(labels))[::-1]
    axes.barh(list(positions), values, color=COLOUR)
    axes.set_yticks(list(positions), [_short(label) for label in labels])
    for y, value in zip(positions, values, strict=True):
        axes.text(value, y, " " + number(value), va="center", fontsize=7)
    axes.set_title(title, fontsize=10, loc="left")
    axes.set_xticks([])
    _style(axes)
    return _png(figure)


def months(values: list[tuple[int, int]], title: str) -> bytes:
    """Columns by month of a year."""
    figure = _figure()
    axes = figure.add_subplot()
    axes.bar([MONTHS_SHORT[m - 1] for m, _ in values], [n for _, n in values], color=COLOUR)
    axes.set_title(title, fontsize=10, loc="left")
    _style(axes)
    return _png(figure)


def growth(labels: list[str], first: list[int], last: list[int], title: str) -> bytes:
    """Two columns per page: subscribers at the start and at the end of the period."""
    figure = _figure()
    axes = figure.add_subplot()
    xs = range(len(labels))
    axes.bar([x - 0.2 for x in xs], first, width=0.4, color=COLOUR, label="в начале периода")
    axes.bar([x + 0.2 for x in xs], last, width=0.4, color=SECOND, label="в конце периода")
    axes.set_xticks(list(xs), [_short(label, 18) for label in labels])
    axes.legend(fontsize=7, frameon=False)
    axes.set_title(title, fontsize=10, loc="left")
    _style(axes)
    return _png(figure)


def _short(text: str, limit: int = 34) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
