"""Polls: create, edit, open, close, and a resident's vote on our own page."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.polls.actions.stop import stop_channels
from otklik.polls.models import Poll, PollOption, Vote
from otklik.polls.voters import voter_key

#: The strictest platform's limits (Telegram's sendPoll: a question of 1–300 characters, 2–10
#: options of 1–100 characters; VK's polls.create takes up to 10 answers), so one poll fits
#: every channel as written.
QUESTION_MAX = 300
OPTION_MAX = 100
OPTIONS_MIN, OPTIONS_MAX = 2, 10


def can_manage(user: User) -> bool:
    """Polls and initiatives are kept by the press service (moderators, administrators)."""
    return bool(
        user.is_authenticated and user.is_active and user.is_press_service and user.can_write
    )


def require_manage(actor: User) -> None:
    if not can_manage(actor):
        raise PermissionDenied("Опросы и инициативы ведёт пресс-служба")


def clean_options(options: Sequence[str]) -> list[str]:
    """Blank lines dropped; 2–10 options of ≤ 100 characters, none repeated."""
    kept = [o.strip() for o in options if o.strip()]
    errors = []
    if not OPTIONS_MIN <= len(kept) <= OPTIONS_MAX:
        errors.append(f"Вариантов ответа должно быть от {OPTIONS_MIN} до {OPTIONS_MAX}")
    errors += [
        f"Вариант «{o[:30]}…» длиннее {OPTION_MAX} знаков" for o in kept if len(o) > OPTION_MAX
    ]
    if len({o.casefold() for o in kept}) != len(kept):
        errors.append("Варианты ответа повторяются")
    if errors:
        raise ValidationError(errors)
    return kept


def _check(question: str, starts_at: datetime, ends_at: datetime) -> str:
    question = question.strip()
    if not question:
        raise ValidationError("Вопрос пуст")
    if len(question) > QUESTION_MAX:
        raise ValidationError(f"Вопрос длиннее {QUESTION_MAX} знаков ({len(question)})")
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValidationError("Время без часового пояса")
    if ends_at <= starts_at:
        raise ValidationError("Окончание должно быть позже начала")
    return question


@transaction.atomic
def create_poll(
    actor: User,
    *,
    question: str,
    options: Sequence[str],
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    territory: Territory | None = None,
) -> Poll:
    require_manage(actor)
    question = _check(question, starts_at, ends_at)
    kept = clean_options(options)
    poll = Poll.objects.create(
        question=question,
        description=description.strip()[:2000],
        starts_at=starts_at,
        ends_at=ends_at,
        territory=territory,
        created_by=actor,
    )
    PollOption.objects.bulk_create(
        PollOption(poll=poll, position=n, text=text) for n, text in enumerate(kept)
    )
    return poll


@transaction.atomic
def update_poll(
    actor: User,
    poll: Poll,
    *,
    question: str,
    options: Sequence[str],
    starts_at: datetime,
    ends_at: datetime,
    description: str = "",
    territory: Territory | None = None,
) -> Poll:
    """A draft is edited whole; once open, only the description and the end may change (the
    question and options are out on the platforms and votes are counted against them)."""
    require_manage(actor)
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    question = _check(question, starts_at, ends_at)
    kept = clean_options(options)
    if poll.state == Poll.State.CLOSED:
        raise ValidationError("Завершённый опрос не меняется")
    current = list(poll.options.values_list("text", flat=True))
    if poll.state == Poll.State.OPEN and (
        question != poll.question or kept != current or starts_at != poll.starts_at
    ):
        raise ValidationError(
            "Опрос уже идёт: вопрос, варианты и начало не меняются, только пояснение и окончание"
        )
    poll.question, poll.description = question, description.strip()[:2000]
    poll.starts_at, poll.ends_at, poll.territory = starts_at, ends_at, territory
    poll.save()
    if kept != current:
        poll.options.all().delete()
        PollOption.objects.bulk_create(
            PollOption(poll=poll, position=n, text=text) for n, text in enumerate(kept)
        )
    return poll


def open_poll(actor: User, poll: Poll) -> None:
    require_manage(actor)
    won = Poll.objects.filter(pk=poll.pk, state=Poll.State.DRAFT).update(state=Poll.State.OPEN)
    if not won:
        raise ValidationError("Открыть можно только черновик")
    poll.refresh_from_db()


def close_poll(actor: User | None, poll: Poll) -> bool:
    """`actor` None: the worker closes a poll whose period ended. A conditional UPDATE, so once;
    the winner then stops the poll in its Telegram channels (a failure there is recorded on the
    channel and does not undo the close)."""
    if actor is not None:
        require_manage(actor)
    won = Poll.objects.filter(pk=poll.pk, state=Poll.State.OPEN).update(
        state=Poll.State.CLOSED, closed_at=timezone.now()
    )
    if not won and actor is not None:
        raise ValidationError("Закрыть можно только идущий опрос")
    poll.refresh_from_db()
    if won:
        stop_channels(poll)
    return bool(won)


def close_due(batch: int = 50) -> int:
    """The worker task: close the open polls whose end has come."""
    now = timezone.now()
    due = Poll.objects.filter(state=Poll.State.OPEN, ends_at__lte=now).order_by("ends_at")
    return sum(close_poll(None, poll) for poll in due[:batch])


def is_running(poll: Poll, now: datetime | None = None) -> bool:
    now = now or timezone.now()
    return poll.state == Poll.State.OPEN and poll.starts_at <= now < poll.ends_at


def has_voted(poll: Poll, token: str) -> bool:
    return bool(token) and Vote.objects.filter(poll=poll, voter_key=voter_key(token)).exists()


def cast_vote(
    poll: Poll, option: PollOption, token: str, territory: Territory | None = None
) -> Vote:
    """A resident's vote on our page; the same browser (token) votes once per poll."""
    if not is_running(poll):
        raise ValidationError("Голосование сейчас не идёт")
    if option.poll_id != poll.pk:
        raise ValidationError("Такого варианта в опросе нет")
    if not token:
        raise ValidationError("Не удалось узнать браузер: включите cookie")
    try:
        with transaction.atomic():
            return Vote.objects.create(
                poll=poll, option=option, territory=territory, voter_key=voter_key(token)
            )
    except IntegrityError:
        raise ValidationError("Из этого браузера уже голосовали в этом опросе") from None
