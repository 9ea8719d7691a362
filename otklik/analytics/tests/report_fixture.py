"""October 2026 in Seversk (Asia/Tomsk, UTC+7) for the report tests: messages, incidents with
their replies, ratings, subscribers, posts with statistics, a meeting and instructions, and a
little just outside the month on both sides."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from otklik.analytics.actions.rollups import rebuild
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Resolution, Status
from otklik.meetings.models import Instruction, Meeting, Question
from otklik.plan.models import Campaign, ChannelNorm, Post, PostChannel, PostMetric, SubscriberCount
from otklik.sources.models import Source
from otklik.testing.base import BaseTestCase

TZ = ZoneInfo("Asia/Tomsk")
PERIOD = "2026-10"


def local(day: int, hour: int, minute: int = 0, month: int = 10) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=TZ)


class ReportFixture(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.tg = Source.objects.create(name="tg-city", kind=Source.Kind.TELEGRAM, title="Телеграм")
        cls.seed_messages()
        cls.seed_incidents()
        cls.seed_pages()
        cls.seed_posts()
        cls.seed_meetings()
        rebuild()  # the incidents' facts, which the report's times and ratings read

    @classmethod
    def msg(cls, n: str, at: datetime, source: Source | None = None) -> Message:
        return Message.objects.create(
            source=source or cls.source, external_id=n, text=f"сообщение {n}", created_at=at
        )

    @classmethod
    def seed_messages(cls) -> None:
        for n, at in enumerate([local(5, 9), local(7, 16), local(31, 23, 30)]):
            cls.msg(f"vk{n}", at)
        cls.msg("tg0", local(10, 12), cls.tg)
        cls.msg("early", local(30, 23, 59, month=9))
        cls.msg("late", local(1, 0, 30, month=11))  # 2026-10-31 17:30 UTC: November in Seversk

    @classmethod
    def incident(cls, at: datetime, **fields: object) -> Incident:
        return Incident.objects.create(title="Инцидент", created_at=at, **fields)

    @classmethod
    def seed_incidents(cls) -> None:
        # 2 working hours to the first reply, on time; 8 to the final answer, on time; closed.
        cls.inc1 = cls.incident(
            local(5, 10),
            category=cls.category,
            first_replied_at=local(5, 12),
            first_reply_due=local(5, 15),
            final_answer_due=local(14, 18),
            status=Status.CLOSED,
            resolution=Resolution.RESOLVED,
            closed_at=local(6, 10),
        )
        cls.publish_final(cls.inc1, local(6, 10))
        # 3 working hours to the first reply, late; no final answer, its deadline passed.
        cls.inc2 = cls.incident(
            local(7, 17),
            category=cls.category,
            first_replied_at=local(8, 11),
            first_reply_due=local(7, 17, 30),
            final_answer_due=local(16, 18),
        )
        # No reply: the first clock ran out in October, the final one runs into November.
        cls.incident(
            local(30, 9), first_reply_due=local(30, 13), final_answer_due=local(10, 18, month=11)
        )
        cls.incident(local(30, 12, month=9), category=cls.category)  # September
        cls.incident(local(1, 0, 30, month=11), category=cls.category)  # November in Seversk
        for n, (solved, score) in enumerate([(True, 5), (False, 2)]):
            AnswerRating.objects.create(
                incident=cls.inc1,
                solved=solved,
                score=score,
                message=cls.msg(f"rate{n}", local(20, 10)),
                created_at=local(20, 10),
            )
        AnswerRating.objects.create(
            incident=cls.inc1,
            solved=True,
            score=1,
            message=cls.msg("rate-late", local(2, 10, month=11)),
            created_at=local(2, 10, month=11),
        )

    @classmethod
    def publish_final(cls, incident: Incident, at: datetime) -> None:
        answer = Answer.objects.create(
            incident=incident, kind=Answer.Kind.FINAL, text="Ответ", status="published"
        )
        Publication.objects.create(
            answer=answer,
            message=cls.msg(f"for{incident.pk}", local(5, 9, 30)),
            source=cls.source,
            status=Publication.Status.SENT,
            sent_at=at,
        )

    @classmethod
    def seed_pages(cls) -> None:
        counts = [(date(2026, 9, 30), 900), (date(2026, 10, 1), 1000)]
        counts += [(date(2026, 10, 15), 1100), (date(2026, 10, 31), 1250)]
        counts += [(date(2026, 11, 1), 1300)]
        for day, count in counts:
            SubscriberCount.objects.create(source=cls.source, day=day, count=count)
        SubscriberCount.objects.create(source=cls.tg, day=date(2026, 10, 10), count=500)
        SubscriberCount.objects.create(source=cls.tg, day=date(2026, 10, 20), count=480)
        ChannelNorm.objects.create(source=cls.source, weekly_posts=7)

    @classmethod
    def post(cls, campaign: Campaign | None, at: datetime, sources: list[Source]) -> list:
        post = Post.objects.create(text="Пост", campaign=campaign, publish_at=at, state="published")
        return [
            PostChannel.objects.create(post=post, source=s, state="published", published_at=at)
            for s in sources
        ]

    @classmethod
    def seed_posts(cls) -> None:
        cls.national = Campaign.objects.create(
            slug="housing", title="Жильё и городская среда", kind=Campaign.Kind.NATIONAL
        )
        vk, tg = cls.post(cls.national, local(5, 11), [cls.source, cls.tg])
        PostMetric.objects.create(channel=vk, step="1h", views=100, likes=1)
        PostMetric.objects.create(
            channel=vk, step="24h", views=500, reach=400, likes=10, reposts=2, comments=3
        )
        PostMetric.objects.create(channel=tg, step="1h", views=200, likes=4)
        cls.post(cls.national, local(20, 11), [cls.source])
        cls.post(None, local(29, 11, month=9), [cls.source])  # September

    @classmethod
    def seed_meetings(cls) -> None:
        held = Meeting.objects.create(
            territory=cls.territory, starts_at=local(15, 18), state=Meeting.State.HELD
        )
        Meeting.objects.create(territory=cls.territory, starts_at=local(29, 18))
        Meeting.objects.create(
            territory=cls.territory, starts_at=local(15, 18, month=9), state=Meeting.State.HELD
        )
        for state in ("answered", "instructed", "open"):
            Question.objects.create(meeting=held, text="Вопрос", asked="at_meeting", state=state)
        rows = [
            ("done", local(20, 18), local(19, 12)),
            ("done", local(20, 18), local(22, 12)),
            ("issued", local(20, 18), None),
            ("in_progress", local(30, 18, month=11), None),
            ("cancelled", local(20, 18), None),
        ]
        for n, (state, deadline, done_at) in enumerate(rows):
            Instruction.objects.create(
                meeting=held,
                number=f"П-{n}",
                text="Поручение",
                department=cls.dept_a,
                deadline=deadline,
                warn_at=deadline,
                state=state,
                done_at=done_at,
                created_at=local(15, 20),
            )
