"""The report page's charts: the same five pictures the PDF and DOCX draw (reports/content.py),
as specs for dashboard.js (Chart.js served by the project), with the tables beside them holding
the same numbers for screen readers and without JS. Only charts that have something to show."""

from __future__ import annotations

from typing import Any

from otklik.analytics.report_figures import ReportFigures
from otklik.analytics.reports.charts import MONTHS_SHORT

TOP_CAMPAIGNS = 10  # as the PDF: the ten campaigns with the largest reach

Spec = dict[str, Any]


def _spec(key: str, kind: str, labels: list[str], *sets: tuple[str, list[int]]) -> Spec:
    datasets = [{"label": label, "data": data} for label, data in sets]
    return {"id": key, "type": kind, "labels": labels, "datasets": datasets}


def report_chart_specs(figures: ReportFigures) -> list[Spec]:
    """The charts of one period's report page, in page order."""
    specs: list[Spec] = []
    counted = [p for p in figures.pages if p.first is not None]
    if counted:
        specs.append(
            _spec(
                "report-pages",
                "bar",
                [p.name for p in counted],
                ("в начале периода", [p.first or 0 for p in counted]),
                ("в конце периода", [p.last or 0 for p in counted]),
            )
        )
    top = figures.campaigns[:TOP_CAMPAIGNS]
    if top:
        reach = [c.figures.reach for c in top]
        specs.append(_spec("report-campaigns", "bar", [c.title for c in top], ("Охват", reach)))
    h = figures.handling
    if h.by_channel:
        labels, values = [n for n, _ in h.by_channel], [c for _, c in h.by_channel]
        specs.append(_spec("report-channels", "bar", labels, ("Сообщения", values)))
    if any(n for _, n in h.by_month):
        labels, values = [MONTHS_SHORT[m - 1] for m, _ in h.by_month], [n for _, n in h.by_month]
        specs.append(_spec("report-months", "bar", labels, ("Сообщения", values)))
    if h.topics:
        labels, values = [n for n, _ in h.topics], [c for _, c in h.topics]
        specs.append(_spec("report-topics", "bar", labels, ("Инциденты", values)))
    return specs
