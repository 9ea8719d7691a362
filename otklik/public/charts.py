"""Charts drawn on the server as inline SVG: no JavaScript, no CDN, every label escaped.

`bars` draws horizontal bars (a label and a value a row: categories), `columns` vertical ones
(months), `line` a polyline (complaints a week). Each returns safe markup with a <title> and an
aria-label, so a screen reader reads what the table beside it says.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Point = tuple[str, float]

BAR_HEIGHT = 22
LABEL_WIDTH = 220
WIDTH = 640


def number(value: float) -> str:
    """«12», «4,5»: a Russian decimal comma, at most one digit after it."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.1f}".replace(".", ",")


def _svg(title: str, width: int, height: int, body: list[str]) -> SafeString:
    label = escape(title)
    head = (
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{label}"><title>{label}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")  # every text in it is escaped


def _scale(points: Sequence[Point]) -> float:
    return max((value for _, value in points), default=0) or 1


def bars(title: str, points: Sequence[Point], unit: str = "") -> SafeString:
    """One horizontal bar a row, the label on the left and the value after the bar."""
    top = _scale(points)
    room = WIDTH - LABEL_WIDTH - 60
    body = []
    for i, (label, value) in enumerate(points):
        y = i * BAR_HEIGHT
        width = round(room * value / top, 1)
        body.append(
            f'<text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">'
            f"{escape(label[:34])}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}" />'
            f'<text x="{LABEL_WIDTH + width + 4}" y="{y + 15}">'
            f"{escape(number(value) + unit)}</text>"
        )
    if not points:
        body.append('<text x="4" y="15">Нет данных</text>')
    return _svg(title, WIDTH, max(len(points), 1) * BAR_HEIGHT + 4, body)


def columns(title: str, points: Sequence[Point], unit: str = "") -> SafeString:
    """One column a period (months), the label under it and the value above."""
    height, base = 180, 150
    step = WIDTH / max(len(points), 1)
    top = _scale(points)
    body = [f'<line x1="0" y1="{base}" x2="{WIDTH}" y2="{base}" />']
    for i, (label, value) in enumerate(points):
        x = round(i * step + step * 0.15, 1)
        h = round((base - 20) * value / top, 1)
        middle = round(x + step * 0.35, 1)
        body.append(
            f'<rect x="{x}" y="{base - h}" width="{round(step * 0.7, 1)}" height="{h}" />'
            f'<text x="{middle}" y="{base - h - 4}" text-anchor="middle">'
            f"{escape(number(value) + unit) if value else ''}</text>"
            f'<text x="{middle}" y="{base + 16}" text-anchor="middle">{escape(label)}</text>'
        )
    return _svg(title, WIDTH, height, body)


def line(title: str, series: Sequence[tuple[str, Sequence[Point]]]) -> SafeString:
    """One polyline a series over the same periods (weeks); a label every fourth period."""
    height, base, left = 200, 170, 30
    periods = max((len(points) for _, points in series), default=0)
    step = (WIDTH - left - 10) / max(periods - 1, 1)
    top = max((_scale(points) for _, points in series), default=1)
    body = [
        f'<line x1="{left}" y1="{base}" x2="{WIDTH}" y2="{base}" />',
        f'<text x="{left - 4}" y="24" text-anchor="end">{escape(number(top))}</text>',
        f'<text x="{left - 4}" y="{base}" text-anchor="end">0</text>',
    ]
    for n, (name, points) in enumerate(series):
        coords = " ".join(
            f"{round(left + i * step, 1)},{round(base - (base - 20) * v / top, 1)}"
            for i, (_, v) in enumerate(points)
        )
        body.append(f'<polyline class="series-{n}" points="{coords}" fill="none" />')
        body.append(
            f'<text class="series-{n}" x="{left + 8 + n * 200}" y="12">{escape(name)}</text>'
        )
    labels = series[0][1] if series else []
    for i, (label, _) in enumerate(labels):
        if i % 4 == 0:
            x = round(left + i * step, 1)
            body.append(
                f'<text x="{x}" y="{base + 18}" text-anchor="middle">{escape(label)}</text>'
            )
    return _svg(title, WIDTH, height, body)
