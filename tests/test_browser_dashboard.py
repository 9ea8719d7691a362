"""The analytics dashboard and the reports in real headless Chromium, driven by Playwright.

The press officer opens /analytics/ for a period: Chart.js draws the charts; a click on a bar of
«Инциденты: открыто и решено» opens the incidents list of that day, period kept, with as many
incidents as the bar shows. Then the map draws, and the month's report downloads as PDF and as
DOCX (the files' magic bytes checked). No console error. Screenshot: test-artifacts/dashboard.png.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from otklik.accounts.models import Role, User
from otklik.analytics.actions.rollups import rebuild
from otklik.cities.config import load_city_config
from otklik.cities.loader import load_city
from otklik.cities.models import Category, Department
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from tests.chromium import ARTIFACTS, chromium_page

pytestmark = pytest.mark.browser
PASSWORD = "press-pass-2026"


@pytest.fixture
def browser_page():
    yield from chromium_page("browser dashboard test", 1400, 1100)


@pytest.fixture
def data(transactional_db):
    load_city(load_city_config("seversk"))
    User.objects.create_user("press", password=PASSWORD, role=Role.MODERATOR, first_name="Анна")
    department = Department.objects.create(code="bench-roads", name="Отдел ям")
    category = Category.objects.create(code="bench-pits", name="Ямы", default_department=department)
    today = timezone.localdate()
    noon = datetime.combine(today, time(12), tzinfo=timezone.get_current_timezone())
    for n in range(12):
        created = noon - timedelta(days=n % 4, hours=n)
        closed = n % 3 == 0
        Incident.objects.create(
            title=f"Яма {n}",
            category=category,
            department=department,
            created_at=created,
            status=Status.CLOSED if closed else Status.IN_WORK,
            resolution=Resolution.RESOLVED if closed else "",
            closed_at=created + timedelta(hours=2) if closed else None,
        )
    rebuild()
    return today


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "press")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


BAR = """(canvas) => {
  const chart = Chart.getChart(canvas);
  const data = chart.data.datasets[0].data;
  const index = data.findIndex((v) => v > 0);
  const bar = chart.getDatasetMeta(0).data[index];
  return {index: index, value: data[index], x: bar.x, y: (bar.y + bar.base) / 2};
}"""


def test_dashboard_drill_down_map_and_reports(live_server, data, browser_page) -> None:
    page, base, today = browser_page, live_server.url, data
    errors: list[str] = []
    page.on(
        "console",
        lambda m: (
            errors.append(f"{m.text} {m.location.get('url')}")
            if m.type == "error" and "favicon" not in m.location.get("url", "")
            else None
        ),
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, base)
    start = today - timedelta(days=6)
    page.goto(f"{base}/analytics/?date_from={start}&date_to={today}")
    canvas = page.locator('canvas[data-chart="incidents-daily"]')
    canvas.scroll_into_view_if_needed()
    page.wait_for_function(
        "() => window.Chart && Chart.getChart(document.querySelector("
        "'canvas[data-chart=\"incidents-daily\"]'))"
    )
    page.screenshot(path=str(ARTIFACTS / "dashboard.png"), full_page=True)
    bar = canvas.evaluate(BAR)
    assert bar["value"] > 0
    canvas.click(position={"x": bar["x"], "y": bar["y"]})
    page.wait_for_url("**/incidents/**")
    day = start + timedelta(days=bar["index"])
    assert f"opened_from={day}" in page.url and f"opened_to={day}" in page.url
    assert page.locator("table.incidents tbody tr").count() == bar["value"]

    page.goto(f"{base}/analytics/map/")
    page.wait_for_selector("[data-map][data-ready]")

    page.goto(f"{base}/analytics/reports/{today:%Y-%m}/")
    # The report page draws the same charts as its files: each canvas holds a Chart.js chart
    # whose bars hold the incidents by category.
    topics = page.locator('canvas[data-chart="report-topics"]')
    drawn = topics.evaluate("(c) => Chart.getChart(c).data.datasets[0].data")
    assert sum(drawn) > 0
    page.screenshot(path=str(ARTIFACTS / "report.png"), full_page=True)
    for label, magic in (("Скачать PDF", b"%PDF"), ("Скачать DOCX", b"PK")):
        with page.expect_download() as info:
            page.click(f"text={label}")
        path = info.value.path()
        with open(path, "rb") as file:
            assert file.read(4).startswith(magic), label
    assert errors == []
