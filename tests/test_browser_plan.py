"""The content plan's calendar in real headless Chromium (Debian's), driven by Playwright.

The press officer drags a post's chip onto another day of the month: the page says «Перенесено …»
without a reload, and after one the post is on the new day, at the same time, still approved,
with a RESCHEDULED event in its history; a move the server refuses puts the chip back and shows
the server's words; and a draft is approved with «Утвердить» on its card. Screenshots go to
test-artifacts/. Skipped with a clear message where Chromium is absent, unless
OTKLIK_REQUIRE_BROWSER=1 (CI), where its absence fails the run.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from otklik.accounts.models import Role, User
from otklik.plan import actions
from otklik.plan.models import Campaign, Post, PostChannel, PostEvent
from otklik.plan.tests.helpers import vk_source
from tests.chromium import ARTIFACTS, chromium_page

pytestmark = pytest.mark.browser
PASSWORD = "press-pass-2026"


@pytest.fixture
def browser_page():
    yield from chromium_page("browser smoke test", 1400, 1000)


def next_month() -> date:
    """The first day of the month after this one: every day of it is ahead."""
    today = datetime.now(ZoneInfo(settings.TIME_ZONE)).date()
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def city_moment(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


@pytest.fixture
def plan(transactional_db):
    press = User.objects.create_user(
        "press", password=PASSWORD, role=Role.MODERATOR, first_name="Анна"
    )
    vk = vk_source()
    roads = Campaign.objects.create(slug="roads", title="Дороги", colour="#c0392b")
    month = next_month()
    approved = actions.create_post(
        press,
        title="Ремонт дорог: итоги недели",
        text="Подрядчик закончил ямочный ремонт на Курчатова.",
        publish_at=city_moment(month.replace(day=10), 10),
        sources=[vk],
        campaign=roads,
    )
    actions.approve(press, approved)
    draft = actions.create_post(
        press,
        title="Зимняя уборка дворов",
        text="Как убирают снег во дворах этой зимой.",
        publish_at=city_moment(month.replace(day=12), 9),
        sources=[vk],
    )
    return {"month": month, "approved": approved, "draft": draft}


def sign_in(page, base: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "press")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def test_drag_a_post_to_another_day(live_server, plan, browser_page) -> None:
    page, base, post = browser_page, live_server.url, plan["approved"]
    month: date = plan["month"]
    target = month.replace(day=15)
    ARTIFACTS.mkdir(exist_ok=True)
    sign_in(page, base)
    page.goto(f"{base}/plan/calendar/?month={month:%Y-%m}")
    chip = page.locator(f'.chip[data-post="{post.pk}"]')
    assert chip.get_attribute("data-date") == f"{month.replace(day=10)}"

    chip.drag_to(page.locator(f'td.cal-day[data-day="{target}"]'))
    notice = page.locator(".plan-notice")
    notice.wait_for(state="visible")
    assert notice.inner_text().startswith("Перенесено на 15 ")
    assert page.locator(f'td.cal-day[data-day="{target}"] .chip[data-post="{post.pk}"]').count()
    page.screenshot(path=str(ARTIFACTS / "plan-calendar.png"), full_page=True)

    page.reload()
    moved = page.locator(f'td.cal-day[data-day="{target}"] .chip[data-post="{post.pk}"]')
    assert moved.count() == 1
    assert moved.get_attribute("data-time") == "10:00"
    post.refresh_from_db()
    assert post.publish_at == city_moment(target, 10)
    assert post.state == Post.State.APPROVED
    assert post.events.filter(kind=PostEvent.Kind.RESCHEDULED).count() == 1


def test_drag_a_post_to_another_hour_in_the_week(live_server, plan, browser_page) -> None:
    page, base, post = browser_page, live_server.url, plan["approved"]
    home = plan["month"].replace(day=10)
    monday = home - timedelta(days=home.weekday())
    target = monday + timedelta(days=(home.weekday() + 1) % 7)  # another day of the same week
    sign_in(page, base)
    page.goto(f"{base}/plan/calendar/week/?start={monday}")
    chip = page.locator(f'.chip[data-post="{post.pk}"]')
    chip.drag_to(page.locator(f'td[data-drop-date="{target}"][data-drop-hour="14"]'))
    page.locator(".plan-notice").wait_for(state="visible")
    assert chip.get_attribute("data-time") == "14:00"
    assert chip.locator(".chip-time").inner_text() == "14:00"
    page.screenshot(path=str(ARTIFACTS / "plan-week.png"), full_page=True)
    post.refresh_from_db()
    assert post.publish_at == city_moment(target, 14)


def test_a_refused_move_puts_the_chip_back(live_server, plan, browser_page) -> None:
    page, base, post = browser_page, live_server.url, plan["approved"]
    month: date = plan["month"]
    home = month.replace(day=10)
    sign_in(page, base)
    page.goto(f"{base}/plan/calendar/?month={month:%Y-%m}")
    PostChannel.objects.filter(post=post).update(state=PostChannel.State.IN_FLIGHT)  # meanwhile

    chip = page.locator(f'.chip[data-post="{post.pk}"]')
    chip.drag_to(page.locator(f'td.cal-day[data-day="{month.replace(day=20)}"]'))
    notice = page.locator(".plan-notice.error")
    notice.wait_for(state="visible")
    assert "публикуется или опубликован" in notice.inner_text()
    page.wait_for_selector(f'td.cal-day[data-day="{home}"] .chip[data-post="{post.pk}"]')
    post.refresh_from_db()
    assert post.publish_at == city_moment(home, 10)


def test_approve_a_draft_on_its_card(live_server, plan, browser_page) -> None:
    page, base, draft = browser_page, live_server.url, plan["draft"]
    sign_in(page, base)
    page.goto(f"{base}/plan/calendar/?month={plan['month']:%Y-%m}")
    page.click(f'.chip[data-post="{draft.pk}"]')  # a chip is a link to the post's card
    page.wait_for_url(f"**/plan/{draft.pk}/")
    page.click("button:has-text('Утвердить')")
    page.wait_for_selector("text=Пост утверждён")
    page.screenshot(path=str(ARTIFACTS / "plan-card-approved.png"), full_page=True)
    draft.refresh_from_db()
    assert draft.state == Post.State.APPROVED
    assert draft.approved_by is not None and draft.approved_by.username == "press"
