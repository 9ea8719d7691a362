"""The demo's polls and residents' initiatives.

A running poll (votes on our page from several territories, the Telegram channel's counts as its
`poll` updates would bring them), a closed poll with its results, and six initiatives: proposed,
under review, accepted (linked to an instruction's number), declined with the reason, done, and
one more proposed with a phone number in its text (masked on the public pages). Every text is
invented; no real person's name.

Through otklik.polls.actions as the press officer («press») would do it; the Telegram channel's
publication row is seeded directly (the demo sends nothing to Telegram), and the closed poll's
period is back-dated. Idempotent: a poll or an initiative whose text is already there is left
alone, so a second run creates nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.polls import actions
from otklik.polls.actions.counts import save_counts
from otklik.polls.models import Initiative, Poll, PollChannel
from otklik.sources.models import Source

PRESS = "press"
CHANNEL = "tg-seversk"

RUNNING = (
    "Какое место благоустроить в 2027 году в первую очередь?",
    "Администрация выбирает общественное пространство для программы «Формирование комфортной "
    "городской среды». Голосуйте до конца недели.",
    ["Сквер у ДК «Современник»", "Набережная у Томи", "Парк Победы", "Аллея на Курчатова"],
)
CLOSED = (
    "Нужна ли в Северске ещё одна лыжная трасса с освещением?",
    "Спортивное управление спрашивает жителей перед составлением планов на зиму.",
    ["Да, в северной части", "Да, у Самуси", "Нет, хватает имеющихся"],
)
#: (territory code, option index, votes) on our page.
RUNNING_VOTES = [("center", 0, 14), ("center", 2, 5), ("north", 3, 11), ("north", 0, 4),
                 ("south", 1, 9), ("samus", 2, 3), ("", 0, 6)]  # fmt: skip
CLOSED_VOTES = [("north", 0, 21), ("samus", 1, 8), ("center", 0, 6), ("orlovka", 2, 4),
                ("", 2, 5)]  # fmt: skip
TELEGRAM_COUNTS = [48, 17, 35, 22]

INITIATIVES: list[dict[str, str]] = [
    {
        "territory": "north", "state": "proposed",
        "title": "Пешеходный переход у новой школы на Славского",
        "text": "Дети идут в школу через дорогу без зебры и светофора. Просим сделать "
                "регулируемый переход и поставить ограждение вдоль тротуара.",
        "name": "Жительница дома 56", "contact": "по телефону",
    },
    {
        "territory": "center", "state": "under_review",
        "title": "Скамейки и урны вдоль аллеи у ДК",
        "text": "На аллее от ДК до площади нет ни одной скамейки, пожилым людям негде отдохнуть. "
                "Предлагаем поставить скамейки через каждые сто метров и урны рядом.",
        "name": "Совет ветеранов", "contact": "через приёмную",
    },
    {
        "territory": "samus", "state": "accepted",
        "title": "Навес на остановке «Самусь, центр»",
        "text": "Остановка без навеса: зимой и в дождь людям негде укрыться. Просим поставить "
                "павильон с освещением.", "name": "", "contact": "",
        "answer": "Павильон включён в план работ на весну: установка — до 1 мая.",
        "instruction": "17",
    },
    {
        "territory": "south", "state": "declined",
        "title": "Платная парковка у набережной",
        "text": "Предлагаем сделать у набережной платную парковку, чтобы машины не стояли "
                "на газонах.",
        "name": "", "contact": "",
        "reason": "Земля у набережной не муниципальная: парковку здесь устраивает собственник. "
                  "Газоны защитим ограждением, заявка передана в управление ЖКХ.",
    },
    {
        "territory": "chekist", "state": "done",
        "title": "Освещение тропинки к остановке на Чекисте",
        "text": "Вечером тропинка от домов к остановке совсем тёмная, зимой скользко.",
        "name": "", "contact": "",
        "answer": "Установлены шесть фонарей, тропинку посыпают песком в дни гололёда.",
    },
    {
        "territory": "orlovka", "state": "proposed",
        "title": "Спортивная площадка у клуба в Орловке",
        "text": "В посёлке нет ни турников, ни площадки для футбола. Готовы помочь с уборкой "
                "территории, звоните старосте: 8 (3823) 77-12-34.",
        "name": "Староста улицы", "contact": "8 913 000-00-00",
    },
]  # fmt: skip


def _territories() -> dict[str, Territory]:
    return {t.code: t for t in Territory.objects.all()}


def _votes(poll: Poll, plan: list[tuple[str, int, int]], places: dict[str, Territory]) -> None:
    options = list(poll.options.order_by("position"))
    for code, index, n in plan:
        for k in range(n):
            token = f"demo-voter-{poll.pk}-{code or 'none'}-{index}-{k:03d}"
            actions.cast_vote(poll, options[index], token, places.get(code))


@transaction.atomic
def _running(press: User, places: dict[str, Territory], channel: Source | None) -> None:
    question, description, options = RUNNING
    if Poll.objects.filter(question=question).exists():
        return
    now = timezone.now()
    poll = actions.create_poll(
        press, question=question, description=description, options=options,
        starts_at=now - timedelta(days=3), ends_at=now + timedelta(days=4),
    )  # fmt: skip
    actions.open_poll(press, poll)
    _votes(poll, RUNNING_VOTES, places)
    if channel is not None:
        published = PollChannel.objects.create(
            poll=poll, source=channel, state=PollChannel.State.PUBLISHED,
            external_id="tg-1001234567890_901", platform_poll_id="demo-5301234567890",
            published_at=now - timedelta(days=3),
        )  # fmt: skip
        save_counts(published, TELEGRAM_COUNTS, sum(TELEGRAM_COUNTS))


@transaction.atomic
def _closed(press: User, places: dict[str, Territory]) -> None:
    question, description, options = CLOSED
    if Poll.objects.filter(question=question).exists():
        return
    now = timezone.now()
    poll = actions.create_poll(
        press, question=question, description=description, options=options,
        starts_at=now - timedelta(days=40), ends_at=now + timedelta(days=1),
    )  # fmt: skip
    actions.open_poll(press, poll)
    _votes(poll, CLOSED_VOTES, places)
    Poll.objects.filter(pk=poll.pk).update(ends_at=now - timedelta(days=26))  # back-dated
    actions.close_poll(press, poll)


def _initiative(press: User, item: dict[str, str], places: dict[str, Territory]) -> None:
    if Initiative.objects.filter(title=item["title"]).exists():
        return
    initiative = actions.propose(
        territory=places[item["territory"]], title=item["title"], text=item["text"],
        author_name=item["name"], author_contact=item["contact"],
    )  # fmt: skip
    for k in range(3 + len(item["text"]) % 9):  # residents' support, before the decision
        actions.support(initiative, f"demo-supporter-{initiative.pk}-{k:03d}")
    state = item["state"]
    if state in {"under_review", "accepted", "done"}:
        actions.review(press, initiative)
    if state in {"accepted", "done"}:
        actions.accept(
            press, initiative, answer=item.get("answer", "Принято к исполнению."),
            instruction_number=item.get("instruction", ""),
        )  # fmt: skip
    if state == "done":
        actions.mark_done(press, initiative, answer=item["answer"])
    if state == "declined":
        actions.decline(press, initiative, reason=item["reason"])


def seed_polls() -> None:
    press = User.objects.filter(username=PRESS).first()
    places = _territories()
    if press is None or not places:
        return  # the accounts and the city come first (otklik.demo.seed)
    channel = Source.objects.filter(name=CHANNEL, kind=Source.Kind.TELEGRAM).first()
    _running(press, places, channel)
    _closed(press, places)
    for item in INITIATIVES:
        with transaction.atomic():
            _initiative(press, item, places)
