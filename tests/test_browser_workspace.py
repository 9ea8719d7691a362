"""Inline work, the keyboard and accessibility in real headless Chromium at 1440 px.

- axe-core (tests/vendor/axe) on the inbox and on an incident card: no violation of impact
  «serious» or «critical». That page's context bypasses the Content-Security-Policy only so that
  axe can be injected.
- Under the real CSP and with the keyboard only: dismiss a message and create an incident from
  another in the inbox, then take the incident («назначить на меня») on its card as the
  department's executor; the rows and the card change in place (the URL and a marker set in
  `window` survive), and the database says the actions ran.

Skipped where Chromium is absent, as tests/test_browser.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents import actions
from otklik.incidents.models import Incident
from otklik.sources.models import Source
from otklik.suggestions.models import Suggestion
from tests.chromium import ARTIFACTS, chromium

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parent / "vendor" / "axe" / "axe.min.js"
VIEWPORT = {"width": 1440, "height": 1000}
PASSWORDS = {"press": "press-pass-2026", "zhkh": "zhkh-pass-2026"}
SERIOUS = ("serious", "critical")


@pytest.fixture
def browser():
    yield from chromium("workspace browser test")


@pytest.fixture
def scene(transactional_db):
    territory = Territory.objects.create(code="centre", name="Центральный")
    department = Department.objects.create(code="zhkh", name="Управление ЖКХ")
    group = Category.objects.create(code="zhkh-group", name="ЖКХ")
    heating = Category.objects.create(
        code="heating", name="Отопление", parent=group, default_department=department
    )
    press = User.objects.create_user(
        "press", password=PASSWORDS["press"], role=Role.MODERATOR, first_name="Анна"
    )
    User.objects.create_user(
        "zhkh",
        password=PASSWORDS["zhkh"],
        role=Role.EXECUTOR,
        department=department,
        first_name="Пётр",
        last_name="Сидоров",
    )
    source = Source.objects.create(name="vk-city", kind=Source.Kind.VK, title="ВКонтакте")
    texts = [
        "Спасибо за расчищенный двор!",  # the newest: needs no reaction
        "Третий день нет отопления на Курчатова 11, в квартире +14, дети мёрзнут",
        "Не горит фонарь у остановки на Ленина",
    ]
    found = []
    for n, text in enumerate(texts):
        found.append(
            Message.objects.create(
                source=source,
                external_id=f"c{n}",
                text=text,
                created_at=datetime(2026, 11, 25, 5 - n, 0, tzinfo=UTC),
                territory=territory,
            )
        )
    Suggestion.objects.create(
        message=found[1], actionable=0.95, category=heating, department=department
    )
    card = actions.create_incident(press, [found[2]], category=heating)
    return {"thanks": found[0], "heating": found[1], "card": card}


def sign_in(context, base: str, username: str):
    page = context.new_page()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORDS[username])
    page.click("button[type=submit]")
    page.wait_for_load_state()
    return page


def serious_violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))"""
    )
    return [f"{v['id']} ({v['impact']}): {v['help']} — {v['nodes']}" for v in found
            if v["impact"] in SERIOUS]  # fmt: skip


def test_axe_finds_nothing_serious(live_server, scene, browser) -> None:
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU", bypass_csp=True)
    page = sign_in(context, live_server.url, "press")
    for path in ("/inbox/", f"/incidents/{scene['card'].pk}/"):
        page.goto(f"{live_server.url}{path}")
        found = serious_violations(page)
        assert found == [], "\n".join([path, *found])
    page = sign_in(browser.new_context(viewport=VIEWPORT, bypass_csp=True), live_server.url, "zhkh")
    page.goto(f"{live_server.url}/incidents/{scene['card'].pk}/")
    assert serious_violations(page) == []
    context.close()


def keep_marker(page) -> str:
    page.evaluate("() => { window.otklikMarker = 'тот же документ'; }")
    return page.url


def still_same_document(page, url: str) -> None:
    assert page.url == url
    assert page.evaluate("() => window.otklikMarker") == "тот же документ"


def test_dismiss_create_and_take_with_the_keyboard(live_server, scene, browser) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")
    page = sign_in(context, live_server.url, "press")
    page.goto(f"{live_server.url}/inbox/")
    url = keep_marker(page)
    thanks, heating = scene["thanks"], scene["heating"]

    page.keyboard.press("?")
    assert page.locator("#keys-help").is_visible()
    page.keyboard.press("Escape")
    assert not page.locator("#keys-help").is_visible()

    page.keyboard.press("/")
    assert page.evaluate("() => document.activeElement.name") == "q"
    page.keyboard.press("j")  # typed into the search, not a move
    assert page.input_value("input[name=q]") == "j"
    page.keyboard.press("Backspace")
    page.keyboard.press("Escape")
    page.evaluate("() => document.activeElement.blur()")

    page.keyboard.press("j")
    assert page.get_attribute(f"#msg-{thanks.pk}", "aria-current") == "true"
    page.keyboard.press("d")
    page.wait_for_selector(f"#msg-{thanks.pk} >> text=Вернуть")
    assert "Отмечено как не требующее реакции: 1" in page.inner_text("#inline-status")

    page.keyboard.press("j")
    assert page.get_attribute(f"#msg-{heating.pk}", "aria-current") == "true"
    page.keyboard.press("c")
    page.wait_for_selector(f"#msg-{heating.pk} a[href^='/incidents/']")
    still_same_document(page, url)
    page.screenshot(path=str(ARTIFACTS / "workspace-inbox.png"), full_page=True)

    thanks.refresh_from_db()
    assert thanks.status == Message.Status.DISMISSED
    heating.refresh_from_db()
    incident = Incident.objects.get(pk=heating.incident_id)
    assert incident.department is not None and incident.department.code == "zhkh"
    assert f"Создан инцидент #{incident.pk}" in page.inner_text("#inline-status")
    context.close()

    context = browser.new_context(viewport=VIEWPORT, locale="ru-RU")
    page = sign_in(context, live_server.url, "zhkh")
    page.goto(f"{live_server.url}/incidents/")
    link = f"tr[aria-current='true'] a[href='/incidents/{incident.pk}/']"
    for _ in range(3):  # j down to the incident just created (its place depends on the order)
        page.keyboard.press("j")
        if page.locator(link).count():
            break
    assert page.locator(link).count() >= 1
    with page.expect_navigation():
        page.keyboard.press("o")
    assert page.url == f"{live_server.url}/incidents/{incident.pk}/"
    url = keep_marker(page)
    page.keyboard.press("a")
    page.wait_for_selector("#inline-status >> text=Инцидент назначен на вас")
    assert "Сидоров" in page.inner_text("#incident-work")
    still_same_document(page, url)
    page.screenshot(path=str(ARTIFACTS / "workspace-card.png"), full_page=True)
    incident.refresh_from_db()
    assert incident.assignee is not None and incident.assignee.username == "zhkh"
    context.close()
