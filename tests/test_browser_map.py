"""The map of incidents in real headless Chromium (Debian's), driven by Playwright.

The press officer opens /analytics/map/: Leaflet draws the Seversk territories from the city
file, the points of the incidents, and the heat layer switches on; no console error (a blocked
inline style or script would show as one). A screenshot goes to test-artifacts/map.png. Skipped
with a clear message where Chromium or Playwright is absent, unless OTKLIK_REQUIRE_BROWSER=1 (CI),
where its absence fails the run.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from otklik.accounts.models import Role, User
from otklik.analytics.actions.rollups import rebuild
from otklik.cities.config import load_city_config
from otklik.cities.loader import load_city
from otklik.cities.models import Territory
from otklik.incidents.models import Incident
from tests.chromium import ARTIFACTS, chromium_page

pytestmark = pytest.mark.browser
PASSWORD = "press-pass-2026"
ADDRESSES = [
    ("center", "ул. Мира, 36"),
    ("center", "ул. Мира, 9"),
    ("center", "пр. Коммунистический, 51"),
    ("north", "ул. Курчатова, 42"),
    ("north", "ул. Славского, 13"),
    ("chekist", "ул. Чекистов, 68"),
    ("samus", "п. Самусь, ул. Кооперативная, 34"),
    ("orlovka", ""),
    ("kizhirovo", "п. Кижирово, ул. Луговая, 7"),
]


@pytest.fixture
def browser_page():
    yield from chromium_page("browser map test", 1400, 1100)


@pytest.fixture
def city(transactional_db):
    load_city(load_city_config("seversk"))
    User.objects.create_user("press", password=PASSWORD, role=Role.MODERATOR, first_name="Анна")
    territories = {t.code: t for t in Territory.objects.all()}
    now = timezone.now()
    for n, (code, address) in enumerate(ADDRESSES * 2):
        Incident.objects.create(
            title=f"Обращение {n}",
            territory=territories[code],
            address_text=address,
            created_at=now - timedelta(hours=n),
        )
    rebuild()  # the map counts its territories from the rollups


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "press")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_the_map_draws_territories_points_and_heat(live_server, city, browser_page) -> None:
    page, base = browser_page, live_server.url
    errors: list[str] = []
    page.on(
        "console",
        lambda m: errors.append(f"{m.text} {m.location.get('url')}") if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: errors.append(str(e)))
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, base)
    page.goto(f"{base}/analytics/map/")
    page.wait_for_selector("[data-map][data-ready]")
    assert page.get_attribute("[data-map]", "data-ready") == "8"  # Мира's two houses: one point
    assert page.locator(".map-schematic.replaced").count() == 1
    assert page.locator(".leaflet-overlay-pane path").count() > 12
    assert "Центр (старая часть города) · 6" in page.text_content(".leaflet-tooltip-pane")
    page.check("text=Тепловая карта")
    page.wait_for_selector("canvas.leaflet-heatmap-layer")
    page.screenshot(path=str(ARTIFACTS / "map.png"), full_page=True)
    assert page.locator("[data-map].far").count() == 1  # the whole ZATO: names hidden
    for _ in range(3):
        page.click(".leaflet-control-zoom-in")
        page.wait_for_timeout(300)
    page.wait_for_selector("[data-map]:not(.far)")
    page.wait_for_timeout(400)  # the zoom animation
    page.screenshot(path=str(ARTIFACTS / "map-zoomed.png"))
    page.click(".leaflet-interactive >> nth=-1", force=True)
    assert [e for e in errors if "favicon.ico" not in e] == []  # a CSP refusal would be here


def test_without_javascript_the_table_and_schematic_stay(live_server, city, browser_page) -> None:
    page, base = browser_page, live_server.url
    context = page.context.browser.new_context(java_script_enabled=False, locale="ru-RU")
    quiet = context.new_page()
    sign_in(quiet, base)
    quiet.goto(f"{base}/analytics/map/")
    assert quiet.locator("[data-map]").is_hidden()
    assert quiet.locator("figure.map-schematic svg").is_visible()
    assert "Центр (старая часть города)" in quiet.inner_text("table.map-table")
    quiet.screenshot(path=str(ARTIFACTS / "map-no-js.png"), full_page=True)
    context.close()
