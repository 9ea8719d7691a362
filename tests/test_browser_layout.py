"""The layout in real headless Chromium with the demo data: no horizontal scroll at 1280 and
1440 px on the working pages, for the press service and an executor; screenshots of each go to
test-artifacts/layout-*.png. Skipped where Chromium is absent, as tests/test_browser.py."""

from __future__ import annotations

import pytest

from otklik.accounts.models import User
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from tests.chromium import ARTIFACTS
from tests.chromium import chromium as launch
from tests.demo_pages import PASSWORDS, load_demo

pytestmark = pytest.mark.browser
WIDTHS = (1280, 1440)
LONG_WORD = "Ааааааааааааааааааааааааааааааааааааа" * 12  # one 432-letter word


@pytest.fixture
def chromium():
    yield from launch("browser layout test")


@pytest.fixture
def demo(transactional_db):
    load_demo()
    # The worst case the inbox met: one very long word in a new message.
    newest = Message.objects.filter(status=Message.Status.NEW).order_by("-created_at").first()
    Message.objects.filter(pk=newest.pk).update(text=f"Жалоба {LONG_WORD} конец")
    return newest


def pages(user: User, long_message: Message) -> dict[str, str]:
    found = {"incidents": "/incidents/", "overdue": "/incidents/?state=overdue"}
    if not user.is_executor:
        found["inbox"] = "/inbox/"
        found["message"] = f"/messages/{long_message.pk}/"
        found["models"] = "/triage/models/"
        found["ratings"] = "/incidents/ratings/"
    scope = Incident.objects.all()
    if user.is_executor:
        scope = scope.filter(department=user.department)
    incident = scope.exclude(status=Status.CLOSED).order_by("pk").first()
    if incident is not None:
        found["incident"] = f"/incidents/{incident.pk}/"
    return found


def sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()


@pytest.mark.parametrize("username", ["press", "zhkh"])
def test_no_horizontal_scroll(live_server, demo, chromium, username: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    user = User.objects.get(username=username)
    too_wide = {}
    for width in WIDTHS:
        page = chromium.new_page(viewport={"width": width, "height": 900}, locale="ru-RU")
        sign_in(page, live_server.url, username)
        for name, url in pages(user, demo).items():
            page.goto(f"{live_server.url}{url}")
            scroll, inner = page.evaluate(
                "[document.scrollingElement.scrollWidth, window.innerWidth]"
            )
            if scroll > inner:
                too_wide[f"{username} {width} {url}"] = scroll
            if width == 1280:
                shot = ARTIFACTS / f"layout-{username}-{name}-{width}.png"
                page.screenshot(path=str(shot), full_page=True)
        page.close()
    assert too_wide == {}


def test_login_fields_line_up(live_server, demo, chromium) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    page.goto(f"{live_server.url}/login/")
    boxes = [page.locator(f"input[name={n}]").bounding_box() for n in ("username", "password")]
    page.screenshot(path=str(ARTIFACTS / "layout-login-1280.png"))
    assert boxes[0] and boxes[1]
    assert abs(boxes[0]["x"] - boxes[1]["x"]) < 1 and abs(boxes[0]["width"] - boxes[1]["width"]) < 1


def test_checkboxes_sit_by_their_labels(live_server, demo, chromium) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    sign_in(page, live_server.url, "admin")
    page.goto(f"{live_server.url}/triage/models/")
    box = page.locator("input[name=auto_route]").bounding_box()
    text = page.locator("label:has(input[name=auto_route])").bounding_box()
    assert box and text
    assert box["width"] < 40  # a checkbox, not a stretched field
    assert abs((box["y"] + box["height"] / 2) - (text["y"] + text["height"] / 2)) < 6


def test_the_59fz_checkbox_stands_before_its_text(live_server, demo, chromium) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    sign_in(page, live_server.url, "press")
    incident = Incident.objects.exclude(status=Status.CLOSED).order_by("pk").first()
    page.goto(f"{live_server.url}/incidents/{incident.pk}/")
    page.click("summary:has-text('Изменить сведения')")
    box = page.locator("input[name=is_formal_appeal]").bounding_box()
    label = page.locator("label:has(> input[name=is_formal_appeal])").bounding_box()
    page.screenshot(path=str(ARTIFACTS / "layout-press-details-1280.png"), full_page=True)
    assert box and label
    assert box["width"] < 40
    assert box["x"] - label["x"] < 4  # the box first, then its text on the same line
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 6


def test_ticked_messages_prefill_the_new_incident(live_server, demo, chromium) -> None:
    page = chromium.new_page(viewport={"width": 1280, "height": 900}, locale="ru-RU")
    sign_in(page, live_server.url, "press")
    page.goto(f"{live_server.url}/inbox/")
    page.click("summary:has-text('Действия с отмеченными')")
    boxes = page.locator("input[name=messages][data-category]:not([data-category=''])")
    first = boxes.nth(0)
    category, department = (
        first.get_attribute("data-category"),
        first.get_attribute("data-department"),
    )
    first.check()
    assert page.locator("select[name=inc-category]").input_value() == category
    assert page.locator("select[name=inc-department]").input_value() == department
    page.select_option("select[name=inc-department]", index=0)  # chosen by hand: kept
    boxes.nth(1).check()
    assert page.locator("select[name=inc-department]").input_value() == ""
