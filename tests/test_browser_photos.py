"""The message card shows a web-form photo as a thumbnail, in real headless Chromium: loaded
through the staff view under the Content-Security-Policy, with no violation reported."""

from __future__ import annotations

import pytest
from django.test import Client

from otklik.accounts.models import Role, User
from otklik.inbox.models import Message
from otklik.public.tests.test_photos import jpeg_with_exif, upload
from tests.chromium import ARTIFACTS
from tests.test_browser import browser_page  # noqa: F401  (a fixture)

pytestmark = pytest.mark.browser
PASSWORD = "press-pass-2026"


def test_the_card_shows_the_photo(live_server, transactional_db, browser_page) -> None:  # noqa: F811
    User.objects.create_user("press", password=PASSWORD, role=Role.MODERATOR)
    text = "Во дворе дома Ленина 5 огромная яма, вот фото"
    photo = upload(jpeg_with_exif((640, 480)))
    assert Client().post("/report/", {"text": text, "photo": photo}).status_code == 302
    message = Message.objects.get()

    page = browser_page
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    ARTIFACTS.mkdir(exist_ok=True)
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "press")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/inbox/")
    page.goto(f"{live_server.url}/messages/{message.pk}/")
    image = page.locator("img[alt^='Фото 1']")
    image.wait_for()
    page.wait_for_function("document.querySelector(\"img[alt^='Фото 1']\").complete")
    width = image.evaluate("img => img.naturalWidth")
    page.screenshot(path=str(ARTIFACTS / "message-photo.png"), full_page=True)
    assert 0 < width <= 320
    assert not [p for p in problems if "Content Security Policy" in p], problems
