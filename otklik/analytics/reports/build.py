"""A report's file for a period: its figures, its blocks, then PDF or DOCX bytes."""

from __future__ import annotations

from otklik.analytics.report_figures import report_figures
from otklik.analytics.report_period import Period
from otklik.analytics.reports.content import report_blocks, title_of
from otklik.analytics.reports.docx_writer import render_docx
from otklik.analytics.reports.pdf_writer import render_pdf

FORMATS = {
    "pdf": (render_pdf, "application/pdf"),
    "docx": (
        render_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ),
}


def build_report(period: Period, fmt: str) -> bytes:
    """The report's file in `fmt` ("pdf" or "docx")."""
    figures = report_figures(period)
    render, _ = FORMATS[fmt]
    return render(report_blocks(figures), title_of(figures))


def file_name(period: Period, fmt: str) -> str:
    return f"otchet-{period.key}.{fmt}"
