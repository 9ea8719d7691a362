"""A meeting from announcement to the resident's answer, in real headless Chromium (Debian's),
driven by Playwright.

The press service creates a meeting, announces it, marks it held, records a question and gives
an instruction on it to a department, linked to an incident that came from a VK thread; the
department's executor takes it, reports progress and completes it; the press service approves
the drafted answer from the approval queue; the publication task sends it over HTTP into the
original VK thread on the demo's stand-in platform. Screenshots go to test-artifacts/. Skipped
with a clear message where Chromium or Playwright is absent, unless OTKLIK_REQUIRE_BROWSER=1.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message, Thread
from otklik.incidents.actions import create_incident
from otklik.incidents.models import Incident
from tests.chromium import ARTIFACTS, chromium_page

pytestmark = pytest.mark.browser
PRESS, EXECUTOR, PASSWORD = "press", "zhkh", "meeting-pass-2026"
WALL = "wall-12345678_77"


@pytest.fixture
def browser_page():
    yield from chromium_page("browser test", 1400, 1000)


@pytest.fixture
def scene(transactional_db, tmp_path) -> Any:
    """A department, its executor, the press service, and a resident's VK comment in an incident;
    the VK source points at the demo's stand-in platform, where the post exists."""
    from otklik.demo import platform
    from otklik.sources.actions import save_source_settings

    territory = Territory.objects.create(code="samus", name="Самусь")
    department = Department.objects.create(code="zhkh", name="Управление ЖКХ")
    group = Category.objects.create(code="zhkh-group", name="ЖКХ")
    category = Category.objects.create(
        code="porch", name="Подъезды", parent=group, default_department=department
    )
    press = User.objects.create_user(PRESS, password=PASSWORD, role=Role.MODERATOR)
    User.objects.create_user(EXECUTOR, password=PASSWORD, role=Role.EXECUTOR, department=department)
    with platform.StandIn(store=tmp_path / "platform.json") as server:
        server.add_threads("vk", [(WALL, "Пост администрации")])
        vk, _ = save_source_settings(
            "vk-city",
            "vk",
            {
                "group_id": platform.VK_GROUP_ID,
                "base_url": server.url + "method/",
                "web_url": server.url + "vk",
            },
            {"token": platform.VK_TOKEN},
            "ВКонтакте",
        )
        thread = Thread.objects.create(source=vk, external_id=WALL, title="Пост администрации")
        message = Message.objects.create(
            source=vk,
            thread=thread,
            external_id="comment-12345678_501",
            parent_external_id="",
            text="В Самуси у дома 5 по Ленина разваливается крыльцо, ступени провалились",
            created_at=datetime.now(UTC) - timedelta(days=3),
            territory=territory,
        )
        incident = create_incident(
            press, [message], category=category, department=department, territory=territory
        )
        yield {"server": server, "incident": incident, "territory": territory}


def sign_in(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_load_state()


def test_a_meeting_answers_the_resident_in_vk(live_server, scene, browser_page) -> None:
    from otklik.answers.actions import publish_pending
    from otklik.meetings.models import Instruction, Meeting

    page, base = browser_page, live_server.url
    incident: Incident = scene["incident"]
    ARTIFACTS.mkdir(exist_ok=True)

    # The press service: the meeting, its announcement, the question, the instruction.
    sign_in(page, base, PRESS)
    page.goto(f"{base}/meetings/new/")
    page.select_option("select[name=territory]", label="Самусь")
    when = datetime.now(ZoneInfo(settings.TIME_ZONE)) + timedelta(days=7)
    page.fill("input[name=starts_at]", when.strftime("%Y-%m-%dT18:00"))
    page.fill("input[name=place]", "Дом культуры")
    page.click("button:has-text('Создать')")
    page.wait_for_url("**/meetings/*/")
    meeting = Meeting.objects.get()
    assert meeting.hashtag.startswith("#ВстречаСамусь")
    page.click("button:has-text('Анонсировать')")
    page.wait_for_selector("text=Черновик анонса добавлен")
    page.click("button:has-text('Отметить проведённой')")
    page.wait_for_selector("text=Встреча отмечена проведённой")
    ask = "form[action$='/questions/']"
    page.fill(f"{ask} textarea[name=text]", "Когда отремонтируют крыльцо дома 5 на Ленина?")
    page.click(f"{ask} button:has-text('Записать')")
    page.wait_for_selector("text=Вопрос записан")
    item = page.locator("li[id^=q]").first
    item.locator("details:has(> summary:has-text('Дать поручение'))").evaluate("d => d.open = true")
    item.locator("textarea[name=text]").fill("Отремонтировать крыльцо дома 5 по ул. Ленина")
    item.locator("select[name=department]").select_option(label="Управление ЖКХ")
    item.locator("input[name=working_days]").fill("5")
    item.locator("button:has-text('Дать поручение')").click()
    page.wait_for_selector("text=выдано")
    instruction = Instruction.objects.get()
    page.screenshot(path=str(ARTIFACTS / "meeting.png"), full_page=True)
    page.goto(f"{base}/meetings/instructions/{instruction.pk}/")
    page.fill("input[name=incident]", str(incident.pk))
    page.click("button:has-text('Связать')")
    page.wait_for_selector(f"text=Инцидент #{incident.pk} связан с поручением")

    # The department's executor.
    sign_in(page, base, EXECUTOR)
    page.goto(f"{base}/meetings/instructions/{instruction.pk}/")
    page.click("button:has-text('Принять в работу')")
    page.wait_for_selector("text=Поручение принято в работу")
    page.fill("form[action$='/progress/'] textarea[name=text]", "Завезли материалы")
    page.click("button:has-text('Добавить отчёт')")
    page.wait_for_selector("text=Отчёт о ходе исполнения добавлен")
    page.locator("details:has(> summary:has-text('Выполнено'))").evaluate("d => d.open = true")
    page.fill("textarea[name=result]", "Крыльцо отремонтировано, ступени заменены")
    page.click("button:has-text('Отметить выполненным')")
    page.wait_for_selector("text=Поручение выполнено;")
    page.screenshot(path=str(ARTIFACTS / "instruction-done.png"), full_page=True)

    # The press service approves the drafted answer from the queue.
    sign_in(page, base, PRESS)
    page.goto(f"{base}/answers/queue/")
    page.click(f"a[href^='/incidents/{incident.pk}/']")
    page.wait_for_url(f"**/incidents/{incident.pk}/**")
    page.click("button:has-text('Согласовать и опубликовать')")
    page.wait_for_selector("text=Ответ согласован")

    assert publish_pending() >= 1
    server = scene["server"]
    replies = [r for r in server.published if r["thread"] == WALL]
    assert len(replies) == 1, server.published
    assert instruction.number in replies[0]["text"]
    assert "Крыльцо отремонтировано" in replies[0]["text"]
    assert replies[0]["reply_to"] == "501"
    page.reload()
    page.screenshot(path=str(ARTIFACTS / "meeting-answer-published.png"), full_page=True)
