"""Browser smoke test in real headless Chromium (Debian's), driven by Playwright.

Sign in, open the inbox, create an incident from a message, assign it; and the whole loop in
the demo's data: a resident's report on the web form, its triage suggestion, the incident, an
answer from a template, approval, and «Опубликовано» with a link, published over real HTTP into
the demo's stand-in VK (the worker's registered tasks run in-process between the steps).
Screenshots go to test-artifacts/. Skipped with a clear message where Chromium is absent, unless
OTKLIK_REQUIRE_BROWSER=1 (CI), where its absence fails the run.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.sources.models import Source
from tests.chromium import ARTIFACTS, chromium_page

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_page():
    yield from chromium_page("browser smoke test", 1400, 1000)


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


@pytest.fixture
def demo(transactional_db, tmp_path):
    """The demo's data (city, corpus, incidents, templates, the trained model) and its stand-in
    VK / Telegram / OK, a real HTTP server the demo's channels publish to."""
    from django.core.management import call_command

    from otklik.demo.platform import StandIn
    from otklik.demo.seed import connect_sources, demo_threads, seed
    from otklik.demo.triage import demo_step

    call_command("loadcity", verbosity=0)
    seed()

    class Quiet:
        stdout = type("Out", (), {"write": staticmethod(print), "flush": staticmethod(print)})()

    demo_step(Quiet())
    with StandIn(store=tmp_path / "platform.json") as server:
        for kind in ("vk", "telegram", "ok"):
            server.add_threads(kind, demo_threads(kind))
        connect_sources(server.url)
        yield server


def worker_pass() -> None:
    """What `otklik worker` does in one pass (the demo runs it beside the server)."""
    from otklik.ops.management.commands.worker import run_tasks

    while run_tasks(200):
        pass


def test_the_loop_closes_in_the_demo(live_server, demo, browser_page) -> None:
    """A resident's report on the web form → triage suggestion → incident (the same problem
    reported on VK joins it) → answer from a template → approval → «Опубликовано» with a link,
    published over HTTP into the stand-in VK."""
    from otklik.answers.models import Publication
    from otklik.incidents.states import Status
    from otklik.suggestions.models import Suggestion

    page = browser_page
    base = live_server.url
    ARTIFACTS.mkdir(exist_ok=True)

    # The resident.
    page.goto(f"{base}/report/")
    report = "Третий день нет отопления в квартире, батареи ледяные, дети мёрзнут. Помогите!"
    page.fill("textarea[name=text]", report)
    page.fill("input[name=address]", "ул. Курчатова, 11")
    page.click("button:has-text('Отправить')")
    page.wait_for_url("**/report/thanks/**")
    message = Message.objects.get(source__kind=Source.Kind.FORM, text=report)

    worker_pass()  # triage, as the demo's worker does within seconds
    assert Suggestion.objects.filter(message=message).exists()

    # The press officer.
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "press")
    page.fill("input[name=password]", "otklik-press")
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/inbox/")
    page.goto(f"{base}/messages/{message.pk}/")
    assert "Подсказка автоматического разбора" in page.content()
    page.click("button[value=create]:has-text('Создать инцидент')")
    page.wait_for_url("**/incidents/*/")
    incident = Incident.objects.get(messages=message)

    same_on_vk = (
        Message.objects.filter(
            source__name="vk-seversk",
            incident__isnull=True,
            thread__external_id__startswith="wall",
            text__icontains="отоплен",
        )
        .order_by("-created_at")
        .first()
    )
    assert same_on_vk is not None
    page.goto(f"{base}/messages/{same_on_vk.pk}/")
    page.fill("form:has(input[type=number]) input[name=incident]", str(incident.pk))
    page.click("form:has(input[type=number]) button[value=attach]")
    page.goto(f"{base}/incidents/{incident.pk}/")

    page.locator("details:has(> summary:has-text('Новый ответ'))").evaluate("d => d.open = true")
    page.select_option("select[name=kind]", "final")
    incident.refresh_from_db()
    assert incident.category is not None and incident.category.parent.code == "zhkh"
    page.select_option("select[name=template]", label="ЖКХ: отопление и горячая вода")
    page.click("button:has-text('Предпросмотр')")
    page.wait_for_url("**/preview/")
    preview = page.content()
    assert "Курчатова" in preview  # {address} filled in from the incident
    if "{name}" in preview:  # the first reporter's name is not public: left for the author
        assert '<mark class="blank">{name}</mark>' in preview
    text = page.input_value("textarea[name=text]").replace("{name}, здравствуйте!", "Здравствуйте!")
    assert "{" not in text
    page.fill("textarea[name=text]", text)
    page.click("button:has-text('Сохранить черновик')")
    page.wait_for_url(f"**/incidents/{incident.pk}/")
    assert "Ответ подготовлен" in page.content()
    page.click("button:has-text('На согласование')")
    page.wait_for_selector("text=Ответ отправлен на согласование")
    assert "На согласовании" in page.inner_text("nav")
    page.click("button:has-text('Согласовать и опубликовать')")
    page.wait_for_selector("text=Ответ согласован")

    worker_pass()  # publication, as the demo's worker does within a second or two
    page.reload()
    page.screenshot(path=str(ARTIFACTS / "published.png"), full_page=True)
    incident.refresh_from_db()
    assert incident.status == Status.PUBLISHED
    assert "Опубликовано" in page.inner_text("#answer")
    link = page.get_attribute("#answer a.published-link", "href")
    assert link and link.startswith(demo.url)
    assert demo.calls("wall.createComment")  # really over HTTP, in VK's wire format
    vk = Publication.objects.get(
        answer__incident=incident, source__name="vk-seversk", kind=Publication.Kind.ANSWER
    )
    assert (vk.status, vk.url) == (Publication.Status.SENT, link)
    page.goto(link)
    assert (
        "Отопление" in page.content() or "батаре" in page.content() or text[:40] in page.content()
    )
