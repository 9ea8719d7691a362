"""The spike's chart: hourly messages over the baseline's band, the spike window shaded. Inline
SVG, no JavaScript; role="img" with a label, and the page shows the same numbers as a table."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

WIDTH, HEIGHT, PAD = 640, 200, 30


def spike_chart(chart: list, window_start: datetime, window_end: datetime) -> SafeString:
    """`chart` rows: [hour ISO, observed, expected, upper] (Spike.chart)."""
    if not chart:
        return mark_safe("")
    hours = [datetime.fromisoformat(row[0]) for row in chart]
    top = max(max(row[1], row[3]) for row in chart) or 1.0
    step = (WIDTH - 2 * PAD) / max(len(chart) - 1, 1)

    def x(i: float) -> float:
        return PAD + i * step

    def y(v: float) -> float:
        return HEIGHT - PAD - v / top * (HEIGHT - 2 * PAD)

    body = [_window(hours, window_start, window_end, x)]
    band = [f"{x(i):.1f},{y(r[3]):.1f}" for i, r in enumerate(chart)]
    band += [f"{x(i):.1f},{y(r[2]):.1f}" for i, r in reversed(list(enumerate(chart)))]
    body.append(f'<polygon points="{" ".join(band)}" fill="#4a76a8" fill-opacity="0.2"/>')
    body.append(_line([(x(i), y(r[2])) for i, r in enumerate(chart)], "#4a76a8", dash=True))
    body.append(_line([(x(i), y(r[1])) for i, r in enumerate(chart)], "#e76f51"))
    body += _labels(hours, top, x)
    label = "Сообщения по часам, ожидаемое и допустимый разброс; окно всплеска выделено"
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-label="{escape(label)}"><title>{escape(label)}</title>'
    )
    return mark_safe(head + "".join(body) + "</svg>")


def _window(hours: list[datetime], start: datetime, end: datetime, x: object) -> str:
    inside = [i for i, h in enumerate(hours) if start <= h < end]
    if not inside:
        return ""
    left, right = x(inside[0] - 0.5), x(inside[-1] + 0.5)  # type: ignore[operator]
    return (
        f'<rect x="{left:.1f}" y="{PAD}" width="{right - left:.1f}" '
        f'height="{HEIGHT - 2 * PAD}" fill="#e9c46a" fill-opacity="0.35"/>'
    )


def _line(points: list[tuple[float, float]], colour: str, dash: bool = False) -> str:
    path = " ".join(f"{a:.1f},{b:.1f}" for a, b in points)
    extra = ' stroke-dasharray="4 3"' if dash else ""
    return f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{extra}/>'


def _labels(hours: list[datetime], top: float, x: object) -> list[str]:
    out = [_text(PAD - 4, PAD - 8, f"{top:.0f}", "start")]
    for i, hour in enumerate(hours):
        local = timezone.localtime(hour)
        if local.hour % 6 == 0:
            text = local.strftime("%d.%m %H:%M") if local.hour == 0 else local.strftime("%H:%M")
            out.append(_text(x(i), HEIGHT - 8, text))  # type: ignore[operator]
    return out


def _text(x: float, y: float, text: str, anchor: str = "middle") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" text-anchor="{anchor}" fill="#333">'
        f"{escape(text)}</text>"
    )


def chart_rows(chart: list) -> list[tuple[datetime, int, float, float]]:
    """The chart's numbers for the table beside it, hours as datetimes (shown in city time)."""
    return [(datetime.fromisoformat(r[0]), r[1], r[2], r[3]) for r in chart]
