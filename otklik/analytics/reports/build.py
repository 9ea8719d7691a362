"""A report's file for a period: its figures, its blocks, then PDF or DOCX bytes."""

from __future__ import annotations

from collections.abc import Callable

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


#: The stages `build_report` reports to its `advance`: figures, blocks with charts, the file.
STAGES = 3


def build_report(
    period: Period, fmt: str, advance: Callable[[int], None] = lambda n: None
) -> bytes:
    """The report's file in `fmt` ("pdf" or "docx"); `advance(1)` after each of the STAGES."""
    figures = report_figures(period)
    advance(1)
    render, _ = FORMATS[fmt]
    blocks = report_blocks(figures)
    advance(1)
    data = render(blocks, title_of(figures))
    advance(1)
    return data


def file_name(period: Period, fmt: str) -> str:
    return f"otchet-{period.key}.{fmt}"
