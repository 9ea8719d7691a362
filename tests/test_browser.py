"""Browser smoke test in real headless Chromium (Debian's), driven by Playwright.

Sign in, open the inbox, create an incident from a message, assign it. Screenshots go to
test-artifacts/. Skipped with a clear message where Chromium is absent, unless
OTKLIK_REQUIRE_BROWSER=1 (CI), where its absence fails the run.
"""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.sources.models import Source

pytestmark = pytest.mark.browser
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def browser_page():
    path = chromium_path()
    if path is None:
        if os.environ.get("OTKLIK_REQUIRE_BROWSER"):
            pytest.fail("Chromium is required (OTKLIK_REQUIRE_BROWSER=1) but not installed")
        pytest.skip("Chromium is not installed: browser smoke test skipped (apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=path, headless=True, args=CHROMIUM_FLAGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
        yield page
        browser.close()


@pytest.fixture
def scene(transactional_db):
    territory = Territory.objects.create(code="centre", name="Центральный")
    department = Department.objects.create(code="zhkh", name="Управление ЖКХ")
    group = Category.objects.create(code="zhkh-group", name="ЖКХ")
    Category.objects.create(
        code="heating", name="Отопление", parent=group, default_department=department
    )
    User.objects.create_user(
        "press", password="press-pass-2026", role=Role.MODERATOR, first_name="Анна"
    )
    User.objects.create_user(
        "zhkh", password="zhkh-pass-2026", role=Role.EXECUTOR, department=department
    )
    source = Source.objects.create(name="vk-city", kind=Source.Kind.VK, title="ВКонтакте")
    return Message.objects.create(
        source=source,
        external_id="c1",
        text="Третий день нет отопления на Курчатова 11, в квартире +14, дети мёрзнут",
        created_at=datetime(2026, 11, 25, 3, 0, tzinfo=UTC),
        territory=territory,
    )


def test_sign_in_create_and_assign_incident(live_server, scene, browser_page) -> None:
    page = browser_page
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "press")
    page.fill("input[name=password]", "press-pass-2026")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/inbox/")
    assert "Курчатова 11" in page.content()
    page.screenshot(path=str(ARTIFACTS / "inbox.png"), full_page=True)

    page.click("text=Третий день нет отопления")
    page.select_option("select[name=inc-category]", label="ЖКХ → Отопление")
    page.click("button:has-text('Создать инцидент')")
    page.wait_for_url("**/incidents/*/")
    incident = Incident.objects.get()
    assert f"#{incident.pk}" in page.content()

    page.select_option("select[name=assignee]", label="zhkh")
    page.click("button:has-text('Назначить')")
    page.wait_for_selector("text=Назначение сохранено")
    page.screenshot(path=str(ARTIFACTS / "incident.png"), full_page=True)
    incident.refresh_from_db()
    assert incident.assignee is not None and incident.assignee.username == "zhkh"
    assert incident.department is not None and incident.department.code == "zhkh"
