"""The report's files: a PDF with the Cyrillic title and an embedded font, a DOCX with real
headings and tables holding the figures; the narrative is kept in both."""

from __future__ import annotations

import io
import re

from docx import Document

from otklik.analytics.actions.reports import save_narrative
from otklik.analytics.report_period import parse_period
from otklik.analytics.reports.build import build_report
from otklik.analytics.tests.report_fixture import PERIOD, ReportFixture
from otklik.typography import NBSP, number, percent, typo

TITLE = "Отчёт о работе пресс-службы за октябрь 2026 года"


def pdf_titles(data: bytes) -> list[str]:
    """Every /Title string in the PDF, decoded: the document's title and the outline's
    headings (fpdf2 writes them as UTF-16BE hex strings)."""
    found = re.findall(rb"/Title\s*<(?:FEFF|feff)([0-9A-Fa-f]*)>", data)
    return [bytes.fromhex(h.decode()).decode("utf-16-be") for h in found]


class FilesTests(ReportFixture):
    def setUp(self) -> None:
        self.period = parse_period(PERIOD)

    def test_pdf_has_the_cyrillic_title_and_embeds_the_font(self) -> None:
        data = build_report(self.period, "pdf")
        self.assertTrue(data.startswith(b"%PDF"))
        titles = pdf_titles(data)
        self.assertIn(TITLE, titles)  # the document's title
        self.assertIn("1. Итоги месяца", titles)  # the outline: headings as bookmarks
        self.assertIn(b"/FontFile2", data)  # the TrueType font itself, embedded
        self.assertIn(b"DejaVuSans", data)
        self.assertIn(b"/ToUnicode", data)  # so the Cyrillic text can be searched and copied

    def test_pdf_draws_the_charts(self) -> None:
        data = build_report(self.period, "pdf")
        self.assertGreaterEqual(data.count(b"/Subtype /Image"), 3)

    def test_docx_has_headings_and_tables_with_the_figures(self) -> None:
        document = Document(io.BytesIO(build_report(self.period, "docx")))
        headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
        self.assertIn("1. Итоги месяца", headings)
        self.assertIn("2. Работа с обращениями жителей", headings)
        self.assertIn("Сроки ответов", headings)
        levels = {p.style.name for p in document.paragraphs if p.text == "Сроки ответов"}
        self.assertEqual(levels, {"Heading 2"})
        self.assertIn("ЗАТО Северск", [p.text for p in document.paragraphs])
        self.assertEqual(document.core_properties.title, TITLE)
        cells = {
            tuple(c.text for c in row.cells) for table in document.tables for row in table.rows
        }
        self.assertIn(("ВК", "6"), cells)  # messages by channel
        self.assertIn(("Отопление", "2"), cells)  # topics
        self.assertIn(
            ("Первый ответ", "2", f"2,5{NBSP}ч", f"2,5{NBSP}ч", f"33,3{NBSP}%"),
            cells,
        )
        self.assertIn(("Встреч проведено", "1"), cells)
        self.assertEqual(len(document.inline_shapes), 4)  # the charts

    def test_narrative_is_kept_in_both_files(self) -> None:
        save_narrative(
            self.moderator, self.period, {"results": 'Итоги: "рост" в 2 раза', "tasks": ""}
        )
        document = Document(io.BytesIO(build_report(self.period, "docx")))
        texts = [p.text for p in document.paragraphs]
        self.assertIn(f"Итоги: «рост» в{NBSP}2{NBSP}раза", texts)
        pdf = build_report(self.period, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_week_report_is_shorter(self) -> None:
        week = Document(io.BytesIO(build_report(parse_period("2026-W41"), "docx")))
        month = Document(io.BytesIO(build_report(self.period, "docx")))
        year = Document(io.BytesIO(build_report(parse_period("2026"), "docx")))
        sections = [
            len([p for p in d.paragraphs if p.style.name == "Heading 1"])
            for d in (week, month, year)
        ]
        self.assertEqual(sections, [4, 6, 8])
        self.assertEqual(len(week.inline_shapes), 0)


def test_typography() -> None:
    assert number(1234567) == f"1{NBSP}234{NBSP}567"
    assert number(2.5, 1) == "2,5"
    assert percent(0.873) == f"87,3{NBSP}%"
    assert typo('в городе и "всё"') == f"в{NBSP}городе и{NBSP}«всё»"
    assert typo("«ёлочки» — как были") == f"«ёлочки»{NBSP}— как были"
