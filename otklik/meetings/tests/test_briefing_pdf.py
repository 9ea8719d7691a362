"""The briefing pack as a PDF: the same figures as the page, the Cyrillic title in its metadata
and outline, the font embedded, the chart and the photos drawn, the same access as the page."""

from __future__ import annotations

import re
import tempfile
from unittest import mock

from fpdf import FPDF

from otklik.meetings import actions
from otklik.meetings.briefing import build
from otklik.meetings.briefing_pdf import render
from otklik.meetings.tests.helpers import NOW, at, png
from otklik.meetings.tests.test_briefing import BriefingCase
from otklik.typography import NBSP, number, typo


def pdf_titles(data: bytes) -> list[str]:
    """Every /Title string (the document's and the outline's), decoded from UTF-16BE hex."""
    found = re.findall(rb"/Title\s*<(?:FEFF|feff)([0-9A-Fa-f]*)>", data)
    return [bytes.fromhex(h.decode()).decode("utf-16-be") for h in found]


def uri_links(data: bytes) -> list[bytes]:
    return re.findall(rb"/URI\s*\(([^)]*)\)", data)


class TypographyTests(BriefingCase):
    def test_table_of_texts(self) -> None:
        cases = [
            ("Встреча в ДК", f"Встреча в{NBSP}ДК"),
            ('Клуб "Русь"', "Клуб «Русь»"),
            ("рост на 12 %", f"рост на{NBSP}12{NBSP}%"),
            ("Яма у подъезда и во дворе", f"Яма у{NBSP}подъезда и{NBSP}во{NBSP}дворе"),
        ]
        for text, expected in cases:
            self.assertEqual(typo(text), expected)
        self.assertEqual(number(12345), f"12{NBSP}345")


class BriefingPdfTests(BriefingCase):
    def pdf(self) -> bytes:
        self.login(self.moderator)
        with at(NOW):
            response = self.client.get(f"/meetings/{self.current.pk}/briefing.pdf")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        return response.content

    def test_pdf_with_the_title_the_outline_and_the_font(self) -> None:
        data = self.pdf()
        self.assertTrue(data.startswith(b"%PDF"))
        titles = pdf_titles(data)
        self.assertIn("Справка для мэра: Центральный", titles)
        sections = [
            "Обращения жителей территории",
            "Вопросы, присланные заранее",
            "Поручения прошлых встреч на территории",
            "Фильм и фото встречи",
        ]
        for section in sections:
            self.assertIn(section, titles)
        self.assertIn(b"/FontFile2", data)
        self.assertIn(b"DejaVuSans", data)
        self.assertIn(b"/ToUnicode", data)
        self.assertGreaterEqual(data.count(b"/Subtype /Image"), 1)  # the topics' chart

    def test_same_figures_as_the_page(self) -> None:
        with at(NOW):
            b = build(self.moderator, self.current)
        self.assertEqual((b.open_incidents, b.overdue_incidents), (3, 1))
        self.assertEqual([g.topic for g in b.question_groups][:1], ["Отопление"])
        self.login(self.moderator)
        with at(NOW):
            html = self.client.get(f"/meetings/{self.current.pk}/briefing/").content.decode()
        self.assertIn(f"/meetings/{self.current.pk}/briefing.pdf", html)
        self.assertIn("Скачать PDF", html)
        text = self.drawn(b)
        self.assertIn("Когда дадут тепло?", text)
        self.assertIn("Починить крыльцо", text)
        self.assertIn("Холодно в квартире", text)
        self.assertIn("Отопление (2)", text)
        self.assertIn("с просроченным ответом: 1", text)

    def drawn(self, b: object) -> str:
        """Every text the writer hands to fpdf2's multi_cell (paragraphs and table cells)."""
        texts: list[str] = []
        original = FPDF.multi_cell

        def spy(pdf: FPDF, *args: object, **kwargs: object) -> object:
            texts.append(str(kwargs.get("text", args[2] if len(args) > 2 else "")))
            return original(pdf, *args, **kwargs)

        with mock.patch.object(FPDF, "multi_cell", spy):
            render(b)  # type: ignore[arg-type]
        return "\n".join(texts).replace(NBSP, " ")

    def test_film_link_and_photos_embedded(self) -> None:
        with self.settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="otklik-meetings-")):
            actions.set_film(self.moderator, self.current, "https://rutube.ru/video/1/")
            actions.add_photo(self.moderator, self.current, png((800, 600)), "Зал")
            actions.add_photo(self.moderator, self.current, png((300, 400)))
            data = self.pdf()
        self.assertIn(b"https://rutube.ru/video/1/", uri_links(data))
        self.assertGreaterEqual(data.count(b"/Subtype /Image"), 3)  # the chart and two photos

    def test_same_access_as_the_page(self) -> None:
        for user, status in ((self.analyst, 200), (self.executor_a, 403)):
            self.login(user)
            response = self.client.get(f"/meetings/{self.current.pk}/briefing.pdf")
            self.assertEqual(response.status_code, status)
        self.client.logout()
        response = self.client.get(f"/meetings/{self.current.pk}/briefing.pdf")
        self.assertNotEqual(response.status_code, 200)
