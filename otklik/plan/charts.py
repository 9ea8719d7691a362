"""Small server-side SVG charts: a line over the steps, bars by channel, an hour × weekday heat
map. No JavaScript, nothing fetched; every text goes through `escape`. Each chart carries
role="img" and an aria-label; the templates put a table with the same numbers beside it.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD = 420, 160, 32
COLOURS = ("#4a76a8", "#2a9d8f", "#e76f51", "#8d6cab", "#e9c46a")


def _svg(label: str, body: list[str], width: int = WIDTH, height: int = HEIGHT) -> SafeString:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(label)}">'
        f"<title>{escape(label)}</title>"
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _text(x: float, y: float, text: str, anchor: str = "middle", size: int = 10) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="#333">{escape(text)}</text>'
    )


def line_chart(
    label: str,
    xs: list[str],
    series: list[tuple[str, list[float | None]]],
    percent: bool = False,
) -> str:
    """Lines over the labels `xs`; a None value breaks nothing, it is skipped."""
    values = [v for _, ys in series for v in ys if v is not None]
    if not xs or not values:
        return ""
    top = max(values) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(xs) - 1, 1)
    body = [_text(PAD + i * step, HEIGHT - 8, x) for i, x in enumerate(xs)]
    body.append(_text(PAD - 4, PAD - 8, number(top, percent), anchor="start"))
    for index, (name, ys) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dots = [
            (PAD + i * step, HEIGHT - PAD - (y / top) * (HEIGHT - 2 * PAD))
            for i, y in enumerate(ys)
            if y is not None
        ]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in dots)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>' for x, y in dots]
        body.append(_text(WIDTH - PAD, 14 + 12 * index, name, anchor="end"))
    return _svg(label, body)


def bar_chart(label: str, bars: list[tuple[str, float]], percent: bool = False) -> str:
    """Horizontal bars, one per channel."""
    if not bars:
        return ""
    top = max(v for _, v in bars) or 1.0
    row, left = 22, 150
    height = row * len(bars) + 10
    body = []
    for i, (name, value) in enumerate(bars):
        y = 5 + i * row
        width = (WIDTH - left - 60) * value / top
        colour = COLOURS[i % len(COLOURS)]
        body.append(_text(left - 6, y + 13, name[:24], anchor="end"))
        body.append(
            f'<rect x="{left}" y="{y}" width="{width:.1f}" height="{row - 6}" fill="{colour}"/>'
        )
        body.append(_text(left + width + 4, y + 13, number(value, percent), anchor="start"))
    return _svg(label, body, height=height)


def heat_map(label: str, cells: dict[tuple[int, int], float], weekdays: tuple[str, ...]) -> str:
    """7 rows (weekdays) × 24 columns (hours); an empty cell is a hidden or absent one."""
    if not cells:
        return ""
    top = max(cells.values()) or 1.0
    size, left, head = 15, 26, 16
    width, height = left + 24 * size + 4, head + 7 * size + 4
    body = [_text(left + h * size + size / 2, 11, str(h), size=8) for h in range(0, 24, 3)]
    for day, name in enumerate(weekdays):
        body.append(_text(left - 4, head + day * size + 11, name, anchor="end", size=9))
        for hour in range(24):
            value = cells.get((day, hour))
            shade = f"rgba(74,118,168,{0.15 + 0.85 * value / top:.2f})" if value else "#f2f2f2"
            body.append(
                f'<rect x="{left + hour * size}" y="{head + day * size}" width="{size - 1}" '
                f'height="{size - 1}" fill="{shade}"/>'
            )
    return _svg(label, body, width=width, height=height)


def number(value: float | None, percent: bool = False) -> str:
    """12 345 or 3,4 %; a dash for none."""
    if value is None:
        return "—"
    if percent:
        return f"{value * 100:.1f} %".replace(".", ",")
    return f"{value:,.0f}".replace(",", "\u00a0")
