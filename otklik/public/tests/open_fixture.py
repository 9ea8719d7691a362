"""A small city for the /open/ tests: five incidents with known clocks, messages, a meeting, an
instruction with a progress report, and personal data planted in every text field."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from unittest import mock

from django.core.cache import cache

from otklik.answers.models import Answer
from otklik.cities.models import Category
from otklik.inbox.models import Author, Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.meetings.models import Instruction, InstructionEvent, Meeting, Question
from otklik.testing.base import BaseTestCase

# Monday 2026-11-30, 10:00 in Seversk (UTC+7): the window is December 2025 – November 2026.
NOW = datetime(2026, 11, 30, 3, 0, tzinfo=UTC)
H = timedelta(hours=1)
D = timedelta(days=1)

#: Every value a resident or an official wrote that must never reach /open/.
PLANTED = [
    "Анна Смирнова",
    "Смирнов",
    "Сидоров",
    "Семёнов",
    "Павлов",
    "Кузнецов",
    "Петров",
    "+7 913 111-22-33",
    "111-22-33",
    "8-913-222-33-44",
    "222-33-44",
    "+7 913 000-11-22",
    "000-11-22",
    "master@uk.ru",
    "ivan@mail.ru",
    "anna.s@ya.ru",
    "кв. 12",
    "кв. 7",
    "квартира 9",
    "vk.com/id555",
    "t.me/ivanp",
    "ok.ru/profile/5775",
]


def at(moment: datetime) -> mock._patch:
    return mock.patch("django.utils.timezone.now", return_value=moment)


class OpenTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.roads = Category.objects.create(code="roads", name="Дороги")
        author = Author.objects.create(
            source=cls.source,
            external_id="a1",
            display_name="Анна Смирнова",
            profile_url="https://vk.com/id555",
        )
        pd = "Анна Смирнова, ул. Ленина, 5, кв. 12, +7 913 111-22-33, anna.s@ya.ru, vk.com/id555"
        cls.i1 = cls.incident(
            cls.territory, cls.category, NOW - 20 * D, first=2 * H,
            closed=4 * D, resolution=Resolution.RESOLVED, is_public=True,
        )  # fmt: skip
        cls.i2 = cls.incident(
            cls.territory_b, cls.roads, NOW - 18 * D, first=6 * H, closed=1 * D,
            resolution=Resolution.RESOLVED,
        )  # fmt: skip
        cls.i3 = cls.incident(
            cls.territory, cls.category, datetime(2026, 10, 1, 3, tzinfo=UTC), first=4 * H,
            closed=19 * D, resolution=Resolution.EXPLAINED, is_public=True,
        )  # fmt: skip
        cls.i4 = cls.incident(
            cls.territory, cls.category, datetime(2026, 10, 2, 3, tzinfo=UTC),
            closed=1 * D, resolution=Resolution.SPAM, is_public=True,
        )  # fmt: skip
        cls.i5 = cls.incident(cls.territory, cls.category, NOW - 10 * D)
        messages = [
            (NOW - 20 * D, cls.territory, cls.i1),
            (NOW - 19 * D, None, cls.i1),
            (NOW - 18 * D, cls.territory_b, cls.i2),
            (datetime(2026, 10, 5, 3, tzinfo=UTC), cls.territory, None),
            (datetime(2025, 11, 15, 3, tzinfo=UTC), cls.territory, None),  # before the window
        ]
        for n, (created, territory, incident) in enumerate(messages):
            Message.objects.create(
                source=cls.source, external_id=f"pd{n}", text=pd, created_at=created,
                territory=territory, incident=incident, author=author,
                address_text="ул. Ленина, 5, кв. 12", contact="+7 913 000-11-22",
            )  # fmt: skip
        Answer.objects.create(
            incident=cls.i1,
            kind=Answer.Kind.FINAL,
            status=Answer.Status.PUBLISHED,
            text="Уважаемая Анна Смирнова, батарею в кв. 12 заменили. Мастер Сидоров И.П., "
            "тел. +7 913 111-22-33, почта master@uk.ru, профиль vk.com/id555",
            created_at=cls.i1.created_at,
            updated_at=cls.i1.created_at + 3 * D,
        )
        Answer.objects.create(
            incident=cls.i1, kind=Answer.Kind.INTERMEDIATE, status=Answer.Status.PUBLISHED,
            text="Анна Смирнова, взяли в работу", created_at=NOW, updated_at=NOW,
        )  # fmt: skip
        held = Meeting.objects.create(
            territory=cls.territory, starts_at=datetime(2026, 9, 10, 11, tzinfo=UTC),
            place="ДК «Русь», ул. Ленина, 5", state=Meeting.State.HELD,
        )  # fmt: skip
        Meeting.objects.create(
            territory=cls.territory_b, starts_at=NOW + 10 * D, place="Клуб «Самусь»",
            state=Meeting.State.ANNOUNCED,
        )  # fmt: skip
        question = Question.objects.create(
            meeting=held, text="Григорий Павлов, кв. 7: когда починят крыльцо? 8-913-222-33-44",
            asker_name="Григорий Павлов", asked=Question.Asked.AT_MEETING,
        )  # fmt: skip
        cls.instruction = Instruction.objects.create(
            meeting=held, question=question, number="П-2026-001", department=cls.dept_a,
            text="Отремонтировать крыльцо по обращению Ольги Кузнецовой (кв. 7, "
            "8-913-222-33-44, ok.ru/profile/5775)",
            deadline=datetime(2026, 10, 1, 11, tzinfo=UTC),
            warn_at=datetime(2026, 9, 30, 2, tzinfo=UTC), state=Instruction.State.DONE,
            created_at=datetime(2026, 9, 10, 12, tzinfo=UTC),
        )  # fmt: skip
        InstructionEvent.objects.create(
            instruction=cls.instruction, kind=InstructionEvent.Kind.PROGRESS,
            text="Крыльцо отремонтировано, связались с Иваном Петровым (t.me/ivanp, "
            "ivan@mail.ru, квартира 9)",
            created_at=datetime(2026, 9, 25, 5, tzinfo=UTC),
        )  # fmt: skip

    @classmethod
    def incident(
        cls,
        territory: object,
        category: object,
        created: datetime,
        *,
        first: timedelta | None = None,
        closed: timedelta | None = None,
        resolution: str = "",
        is_public: bool = False,
    ) -> Incident:
        """An incident whose first reply is due in 4 hours and final answer in 7 days."""
        return Incident.objects.create(
            title="Анна Смирнова из кв. 12 просит позвонить +7 913 111-22-33",
            description="vk.com/id555 anna.s@ya.ru",
            address_text="ул. Ленина, 5, кв. 12",
            territory=territory,
            category=category,
            department=cls.dept_a,
            created_at=created,
            first_reply_due=created + 4 * H,
            final_answer_due=created + 7 * D,
            first_replied_at=created + first if first else None,
            status=Status.CLOSED if closed else Status.IN_WORK,
            resolution=resolution,
            closed_at=created + closed if closed else None,
            is_public=is_public,
        )

    def setUp(self) -> None:
        cache.clear()
        patcher = at(NOW)
        patcher.start()
        self.addCleanup(patcher.stop)
