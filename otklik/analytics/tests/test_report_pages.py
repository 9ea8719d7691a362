"""The report pages: who sees them, the figures as HTML, the narrative kept and shown, the
files to download."""

from __future__ import annotations

from otklik.analytics.models.reports import ReportNarrative
from otklik.analytics.tests.report_fixture import PERIOD, ReportFixture
from tests.visible import english_words, visible_text

INDEX = "/analytics/reports/"
PAGE = f"/analytics/reports/{PERIOD}/"
PERSONAS = {"admin", "moderator", "analyst"}  # the signed-in user's login in the top bar


class ReportPagesTests(ReportFixture):
    def test_executor_and_outsider_get_403(self) -> None:
        for user in (self.executor_a, self.outsider):
            self.login(user)
            for url in (INDEX, PAGE, PAGE + "?format=pdf"):
                self.assertEqual(self.client.get(url).status_code, 403, url)
            response = self.client.post(PAGE, {"results": "x"})
            self.assertEqual(response.status_code, 403)
        self.assertFalse(ReportNarrative.objects.exists())

    def test_anonymous_goes_to_the_login(self) -> None:
        self.assertEqual(self.client.get(PAGE).status_code, 302)

    def test_press_analyst_admin_see_the_figures_in_russian(self) -> None:
        for user in (self.moderator, self.analyst, self.admin):
            self.login(user)
            for url in (INDEX, PAGE):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200, url)
                words = english_words(visible_text(response.content.decode()), PERSONAS)
                self.assertEqual(words, [], url)
        html = self.client.get(PAGE).content.decode()
        self.assertIn("Жильё и городская среда", html)
        self.assertIn("Скачать PDF", html)
        self.assertIn("Скачать DOCX", html)

    def test_index_form_opens_the_period(self) -> None:
        self.login(self.analyst)
        response = self.client.get(INDEX, {"period": "2026-W47", "format": "pdf"})
        self.assertRedirects(
            response, "/analytics/reports/2026-W47/?format=pdf", fetch_redirect_response=False
        )
        response = self.client.get(INDEX, {"period": "2026-13", "format": "pdf"})
        self.assertContains(response, "Неверный месяц")

    def test_bad_period_is_404(self) -> None:
        self.login(self.analyst)
        self.assertEqual(self.client.get("/analytics/reports/1/").status_code, 404)

    def test_downloads(self) -> None:
        self.login(self.analyst)
        pdf = self.client.get(PAGE, {"format": "pdf"})
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertIn(f"otchet-{PERIOD}.pdf", pdf["Content-Disposition"])
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        docx = self.client.get(PAGE, {"format": "docx"})
        self.assertTrue(docx.content.startswith(b"PK"))

    def test_press_service_writes_the_narrative_and_the_page_keeps_it(self) -> None:
        self.login(self.moderator)
        texts = {"results": "Рост охвата", "factors": "Отопительный сезон", "tasks": "Больше видео"}
        response = self.client.post(PAGE, texts)
        self.assertRedirects(response, PAGE)
        row = ReportNarrative.objects.get(period=PERIOD, section="results")
        self.assertEqual((row.text, row.updated_by), ("Рост охвата", self.moderator))
        html = self.client.get(PAGE).content.decode()
        for text in texts.values():
            self.assertIn(text, html)
        self.client.post(PAGE, {**texts, "results": "Итоги уточнены"})
        self.assertEqual(ReportNarrative.objects.filter(period=PERIOD).count(), 3)
        self.assertContains(self.client.get(PAGE), "Итоги уточнены")

    def test_analyst_reads_but_does_not_write(self) -> None:
        self.login(self.analyst)
        self.assertNotContains(self.client.get(PAGE), "Сохранить тексты")
        self.assertEqual(self.client.post(PAGE, {"results": "x"}).status_code, 403)


class ReportChartsTests(ReportFixture):
    def test_the_page_draws_the_reports_charts_from_its_figures(self) -> None:
        self.login(self.analyst)
        response = self.client.get(PAGE)
        figures = response.context["figures"]
        specs = {spec["id"]: spec for spec in response.context["charts"]}
        html = response.content.decode()
        for key in specs:
            self.assertIn(f'data-chart="{key}"', html)
        self.assertIn('id="dashboard-data"', html)
        self.assertIn("vendor/chartjs/chart.umd.min.js", html)
        channels = specs["report-channels"]
        self.assertEqual(
            list(zip(channels["labels"], channels["datasets"][0]["data"], strict=True)),
            [tuple(row) for row in figures.handling.by_channel],
        )
        topics = specs["report-topics"]
        total = sum(n for _, n in figures.handling.topics)
        self.assertEqual(sum(topics["datasets"][0]["data"]), total)
        self.assertIn("report-pages", specs)

    def test_a_period_with_nothing_draws_no_chart(self) -> None:
        self.login(self.analyst)
        response = self.client.get("/analytics/reports/2020/")
        self.assertEqual(response.context["charts"], [])
        self.assertNotIn("data-chart=", response.content.decode())
