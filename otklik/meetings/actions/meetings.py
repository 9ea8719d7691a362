"""Meetings: create, edit, announce (a draft post in the content plan), hold; their questions."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.inbox.models import Message
from otklik.meetings.actions.checks import clean_text, require_manage
from otklik.meetings.actions.questions import new_question
from otklik.meetings.hashtags import base_hashtag, free_hashtag
from otklik.meetings.models import Meeting, Question
from otklik.plan.actions import PUBLISHABLE, create_post
from otklik.sources.models import Source

State = Meeting.State


def _clean(text: str, what: str, limit: int = 10_000) -> str:
    return clean_text(text, what, required=False, limit=limit)


def _check_time(starts_at: datetime) -> None:
    if timezone.is_naive(starts_at):
        raise ValidationError("Время встречи без часового пояса")


def _hashtag(territory: Territory, starts_at: datetime, meeting: Meeting | None = None) -> str:
    base = base_hashtag(territory.name, starts_at)
    others = Meeting.objects.filter(hashtag__istartswith=base)
    if meeting is not None:
        others = others.exclude(pk=meeting.pk)
    return free_hashtag(base, others.values_list("hashtag", flat=True))


@transaction.atomic
def create_meeting(
    actor: User,
    *,
    territory: Territory,
    starts_at: datetime,
    place: str = "",
    participants: str = "",
    agenda: str = "",
) -> Meeting:
    require_manage(actor)
    _check_time(starts_at)
    return Meeting.objects.create(
        territory=territory,
        starts_at=starts_at,
        place=_clean(place, "Место", 300),
        participants=_clean(participants, "Участники"),
        agenda=_clean(agenda, "Повестка"),
        hashtag=_hashtag(territory, starts_at),
        created_by=actor,
        created_at=timezone.now(),
    )


@transaction.atomic
def update_meeting(
    actor: User,
    meeting: Meeting,
    *,
    territory: Territory,
    starts_at: datetime,
    place: str = "",
    participants: str = "",
    agenda: str = "",
) -> Meeting:
    require_manage(actor)
    _check_time(starts_at)
    if meeting.state == State.RESULTS_PUBLISHED:
        raise ValidationError("Итоги встречи опубликованы: менять её нельзя")
    meeting.territory, meeting.starts_at = territory, starts_at
    meeting.place = _clean(place, "Место", 300)
    meeting.participants = _clean(participants, "Участники")
    meeting.agenda = _clean(agenda, "Повестка")
    fields = ["territory", "starts_at", "place", "participants", "agenda"]
    if meeting.state == State.PLANNED or not meeting.hashtag:  # not yet told to residents
        meeting.hashtag = _hashtag(territory, starts_at, meeting)
        fields.append("hashtag")
    meeting.save(update_fields=fields)
    return meeting


def ask_url(meeting: Meeting) -> str:
    """The public page where residents ask the Mayor in advance (no login)."""
    return settings.SITE_URL.rstrip("/") + reverse("meeting-ask", args=[meeting.pk])


def announcement_text(meeting: Meeting) -> str:
    when = timezone.localtime(meeting.starts_at).strftime("%d.%m.%Y в %H:%M")
    lines = [f"Встреча мэра с жителями: {meeting.territory.name}", f"Когда: {when}"]
    if meeting.place:
        lines.append(f"Где: {meeting.place}")
    if meeting.agenda:
        lines.append(f"Повестка: {meeting.agenda}")
    tag = f" с хештегом {meeting.hashtag}" if meeting.hashtag else ""
    lines.append(
        "Вопросы можно задать заранее: напишите в комментариях к этому посту, в сообщения "
        f"сообщества{tag} или через форму на сайте {ask_url(meeting)}. "
        "Вопросы принимаются и на самой встрече."
    )
    if meeting.hashtag:
        lines.append(meeting.hashtag)
    return "\n".join(lines)


@transaction.atomic
def announce(actor: User, meeting: Meeting) -> Meeting:
    """A draft post in the content plan (the press service edits, approves and publishes it
    there); the meeting keeps the post and reads «Анонсирована»."""
    require_manage(actor)
    if meeting.state != State.PLANNED:
        raise ValidationError("Анонсировать можно только запланированную встречу")
    sources = Source.objects.filter(is_active=True, kind__in=PUBLISHABLE).order_by("pk")
    post = create_post(
        actor,
        title=f"Анонс встречи мэра: {meeting.territory.name}"[:200],
        text=announcement_text(meeting),
        publish_at=timezone.now(),
        sources=list(sources),
    )
    meeting.announcement, meeting.state = post, State.ANNOUNCED
    meeting.save(update_fields=["announcement", "state"])
    return meeting


@transaction.atomic
def mark_held(actor: User, meeting: Meeting) -> Meeting:
    require_manage(actor)
    if meeting.state not in {State.PLANNED, State.ANNOUNCED}:
        raise ValidationError("Встреча уже отмечена проведённой")
    meeting.state, meeting.held_at = State.HELD, timezone.now()
    meeting.save(update_fields=["state", "held_at"])
    return meeting


@transaction.atomic
def add_question(
    actor: User,
    meeting: Meeting,
    *,
    text: str,
    asker_name: str = "",
    topic: str = "",
    message: Message | None = None,
    asked: str | None = None,
) -> Question:
    """A question asked in advance (before the meeting is held) or at the meeting."""
    require_manage(actor)
    if asked is None:
        asked = Question.Asked.AT_MEETING if meeting.state == State.HELD else Question.Asked.ADVANCE
    return new_question(
        meeting,
        text=text,
        asked=asked,
        message=message,
        asker_name=asker_name,
        topic=topic,
        actor=actor,
    )


@transaction.atomic
def answer_on_spot(actor: User, question: Question, answer: str) -> Question:
    require_manage(actor)
    answer = _clean(answer, "Ответ")
    if not answer:
        raise ValidationError("Напишите ответ, данный на встрече")
    if question.state == Question.State.INSTRUCTED:
        raise ValidationError("По этому вопросу уже дано поручение")
    question.answer, question.state = answer, Question.State.ANSWERED
    question.save(update_fields=["answer", "state"])
    return question
