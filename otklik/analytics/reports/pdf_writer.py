"""The report as PDF, drawn with fpdf2.

Why fpdf2: a maintained, pure-Python library installed from PyPI with nothing from the
system (its only needs, fontTools, Pillow and defusedxml, ship as wheels). WeasyPrint would
lay out HTML more richly, but it needs the pango and cairo system libraries, which a fresh
machine may lack, so it is not used.

The font is DejaVu Sans from matplotlib's own package data (a Cyrillic TrueType font that
ships inside a pip package; nothing is downloaded). fpdf2 embeds the used glyphs with a
ToUnicode map, so the text can be searched and copied. Lines break only at ordinary spaces:
the non-breaking spaces typography.py puts into numbers and after short words hold.
"""

from __future__ import annotations

import io
import logging
from pathlib import Path

import matplotlib
from fpdf import FPDF
from fpdf.enums import Align, XPos, YPos
from fpdf.fonts import FontFace

from otklik.analytics.reports.blocks import Block, Chart, Heading, Paragraph, Table, TitlePage

FONT = "DejaVu"
FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}
BODY, SMALL = 10.5, 8.5
# fontTools logs every subsetting step at INFO, which the command line's INFO logging would print.
logging.getLogger("fontTools").setLevel(logging.WARNING)
LINE = 5.5  # mm
TEXT_WIDTH = 40  # characters: a longer text takes no more room than this, and wraps
PADDING = 4  # mm around a cell's text


class ReportPDF(FPDF):
    def footer(self) -> None:
        if self.page_no() == 1:
            return
        self.set_y(-12)
        self.set_font(FONT, "", SMALL)
        self.cell(0, 6, str(self.page_no()), align=Align.C)


def render_pdf(blocks: list[Block], title: str) -> bytes:
    pdf = ReportPDF(format="A4")
    for style, name in FONT_FILES.items():
        pdf.add_font(FONT, style, str(FONT_DIR / name))
    pdf.set_title(title)
    pdf.set_author("Пресс-служба администрации")
    pdf.set_lang("ru")
    pdf.set_margins(20, 18, 15)
    pdf.set_auto_page_break(True, margin=18)
    for block in blocks:
        DRAW[type(block)](pdf, block)
    return bytes(pdf.output())


def _title_page(pdf: FPDF, block: TitlePage) -> None:
    pdf.add_page()
    pdf.set_y(70)
    pdf.set_font(FONT, "B", 22)
    pdf.multi_cell(0, 11, block.city, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(12)
    pdf.set_font(FONT, "B", 16)
    pdf.multi_cell(0, 8, block.title, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font(FONT, "", 14)
    pdf.multi_cell(0, 8, block.period, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(-50)
    pdf.set_font(FONT, "", 12)
    pdf.multi_cell(0, 7, block.organisation, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.add_page()


def _heading(pdf: FPDF, block: Heading) -> None:
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(5 if block.level == 1 else 3)
    pdf.start_section(block.text, level=block.level - 1)
    pdf.set_font(FONT, "B", 15 if block.level == 1 else 12)
    pdf.multi_cell(0, 7, block.text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _paragraph(pdf: FPDF, block: Paragraph) -> None:
    pdf.set_font(FONT, "", BODY)
    pdf.multi_cell(0, LINE, block.text, align=Align.L, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(2)


def _table(pdf: FPDF, block: Table) -> None:
    if not block.rows:
        _paragraph(pdf, Paragraph("Нет данных за период."))
        return
    pdf.set_font(FONT, "", SMALL)
    widths = column_widths(pdf, block)
    align = tuple("LEFT" if i < block.numeric_from else "RIGHT" for i in range(len(widths)))
    with pdf.table(
        col_widths=widths,
        text_align=align,
        line_height=4.6,
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 236, 244)),
        first_row_as_headings=True,
    ) as table:
        for row in (block.header, *block.rows):
            cells = table.row()
            for text in row:
                cells.cell(text)
    pdf.ln(3)


def column_widths(pdf: FPDF, block: Table) -> tuple[float, ...]:
    """Widths in mm: a number column as wide as its longest value or header word (a number
    never wraps inside itself); the text columns share the rest by the length of their text."""
    pdf.set_font(FONT, "B", SMALL)
    words = [max(pdf.get_string_width(word) for word in title.split()) for title in block.header]
    pdf.set_font(FONT, "", SMALL)
    numbers = {
        index: max(words[index], *(pdf.get_string_width(row[index]) for row in block.rows))
        + PADDING
        for index in range(block.numeric_from, len(block.header))
    }
    rest = pdf.epw - sum(numbers.values())
    texts = {
        index: min(TEXT_WIDTH, max(len(row[index]) for row in (block.header, *block.rows)))
        for index in range(block.numeric_from)
    }
    total = sum(texts.values()) or 1
    widths = {**numbers, **{index: rest * n / total for index, n in texts.items()}}
    return tuple(widths[index] for index in range(len(block.header)))


def _chart(pdf: FPDF, block: Chart) -> None:
    width = pdf.epw
    pdf.image(io.BytesIO(block.png), w=width)
    pdf.set_font(FONT, "I", SMALL)
    pdf.multi_cell(0, 4.5, block.caption, align=Align.C, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(3)


DRAW = {
    TitlePage: _title_page,
    Heading: _heading,
    Paragraph: _paragraph,
    Table: _table,
    Chart: _chart,
}
