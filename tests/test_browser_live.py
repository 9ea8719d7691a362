"""Live updates and the executor's phone, in real headless Chromium: at 375 px an executor opens
his incident, reports progress with a photo and sees it on the card with no horizontal scroll;
at 1440 px a message stored after the inbox loaded shows in the title without a reload.
Skipped where Chromium is absent, as tests/test_browser.py."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from otklik.accounts.models import Role, User
from otklik.cities.models import Department
from otklik.desk import live
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.sources.models import Source
from tests.chromium import ARTIFACTS, chromium_page

pytestmark = pytest.mark.browser
PASSWORD = "live-pass-2026"
NO_SCROLL = "document.documentElement.scrollWidth"


@pytest.fixture
def phone():
    yield from chromium_page("phone layout test", 375, 740)


@pytest.fixture
def desktop():
    yield from chromium_page("live counter test", 1440, 900)


def message(source: Source, n: int, text: str) -> Message:
    when = datetime(2026, 11, 20, 5, n, tzinfo=UTC)
    return Message.objects.create(
        source=source, external_id=f"live-{n}", text=text, created_at=when
    )


def photo_jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 140, 90)).save(out, "JPEG")
    return out.getvalue()


def sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")


def test_an_executor_reports_progress_with_a_photo_on_a_phone(
    live_server, transactional_db, phone, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    department = Department.objects.create(code="zhkh", name="Управление ЖКХ")
    press = User.objects.create_user("press", password=PASSWORD, role=Role.MODERATOR)
    executor = User.objects.create_user(
        "petrov", password=PASSWORD, role=Role.EXECUTOR, department=department,
        first_name="Игорь", last_name="Петров",
    )  # fmt: skip
    source = Source.objects.create(name="vk", kind=Source.Kind.IMPORT, title="ВК")
    incident = incident_actions.create_incident(
        press, [message(source, 1, "Нет отопления в доме 5")], title="Нет отопления",
        department=department,
    )  # fmt: skip
    incident_actions.assign(press, incident, department, executor)

    page = phone
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, live_server.url, "petrov")
    page.wait_for_url(f"{live_server.url}/incidents/")
    assert page.evaluate(NO_SCROLL) <= 375
    toggle = page.locator(".menu-toggle")
    assert toggle.bounding_box()["height"] >= 44
    assert not page.locator("header nav").is_visible()
    toggle.click()
    assert page.locator("header nav").is_visible()
    page.screenshot(path=str(ARTIFACTS / "phone-incidents.png"), full_page=True)

    page.click(f"a[href='/incidents/{incident.pk}/'] >> nth=0")
    page.wait_for_url(f"{live_server.url}/incidents/{incident.pk}/")
    assert page.evaluate(NO_SCROLL) <= 375
    form = page.locator("#progress form")
    form.locator("textarea[name=comment]").fill("Заменили задвижку в подвале")
    upload = {"name": "site.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg()}
    form.locator("input[name=photos]").set_input_files(upload)
    assert form.locator("input[name=photos]").get_attribute("capture") == "environment"
    send = form.locator("button")
    assert send.bounding_box()["height"] >= 44
    send.click()
    page.wait_for_url(f"{live_server.url}/incidents/{incident.pk}/")
    image = page.locator("#progress img[alt^='Фото 1']")
    image.wait_for(state="attached")
    image.scroll_into_view_if_needed()
    page.wait_for_function(
        "(img => img && img.complete && img.naturalWidth > 0)"
        "(document.querySelector(\"#progress img[alt^='Фото 1']\"))"
    )
    assert 0 < image.evaluate("img => img.naturalWidth") <= 480
    assert "Заменили задвижку" in page.locator("#progress").inner_text()
    assert page.evaluate(NO_SCROLL) <= 375
    page.screenshot(path=str(ARTIFACTS / "phone-incident-progress.png"), full_page=True)
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_a_new_message_shows_in_the_title_without_a_reload(
    live_server, transactional_db, desktop, monkeypatch
) -> None:
    monkeypatch.setattr(live, "POLL_SECONDS", 0.5)
    User.objects.create_user("press", password=PASSWORD, role=Role.MODERATOR)
    source = Source.objects.create(name="vk", kind=Source.Kind.IMPORT, title="ВК")
    message(source, 1, "Старое сообщение")

    page = desktop
    with page.expect_response(lambda r: "/live/" in r.url and "message=" not in r.url):
        sign_in(page, live_server.url, "press")
        page.wait_for_url(f"{live_server.url}/inbox/")
    assert not page.title().startswith("(")
    message(source, 2, "Во дворе яма, вот уже неделю")
    page.wait_for_function("() => document.title.startsWith('(1) Входящие')", timeout=15_000)
    assert page.locator("#live-bar").inner_text().startswith("Новых сообщений: 1")
    assert page.locator("header nav a[href='/inbox/'] .count").inner_text() == "1"
