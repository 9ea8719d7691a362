"""The report as DOCX, written with python-docx: real headings (the «Heading 1/2» styles, so
Word and LibreOffice build a table of contents and a navigation pane from them), real tables
(«Table Grid») and the charts as pictures, so the press officer can edit the report further."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from otklik.analytics.reports.blocks import Block, Chart, Heading, Paragraph, Table, TitlePage


def render_docx(blocks: list[Block], title: str) -> bytes:
    document = Document()
    document.core_properties.title = title
    document.core_properties.author = "Пресс-служба администрации"
    document.core_properties.language = "ru-RU"
    document.styles["Normal"].font.size = Pt(11)
    for block in blocks:
        WRITE[type(block)](document, block)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _centred(document: DocumentType, text: str, size: int, bold: bool = False) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.font.size = Pt(size)
    run.bold = bold


def _title_page(document: DocumentType, block: TitlePage) -> None:
    for _ in range(8):
        document.add_paragraph()
    _centred(document, block.city, 24, bold=True)
    document.add_paragraph()
    title = document.add_paragraph(block.title, style="Title")
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _centred(document, block.period, 16)
    for _ in range(10):
        document.add_paragraph()
    _centred(document, block.organisation, 13)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _heading(document: DocumentType, block: Heading) -> None:
    document.add_heading(block.text, level=block.level)


def _paragraph(document: DocumentType, block: Paragraph) -> None:
    document.add_paragraph(block.text)


def _table(document: DocumentType, block: Table) -> None:
    if not block.rows:
        document.add_paragraph("Нет данных за период.")
        return
    table = document.add_table(rows=1, cols=len(block.header), style="Table Grid")
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            cell.text = text
            if index >= block.numeric_from:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()


def _chart(document: DocumentType, block: Chart) -> None:
    document.add_picture(io.BytesIO(block.png), width=Cm(16))
    document.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption = document.add_paragraph(block.caption, style="Caption")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER


WRITE = {
    TitlePage: _title_page,
    Heading: _heading,
    Paragraph: _paragraph,
    Table: _table,
    Chart: _chart,
}
