"""An incident's states and the transitions allowed between them."""

from __future__ import annotations

from django.db import models


class Status(models.TextChoices):
    NEW = "new", "Новый"
    TRIAGED = "triaged", "Разобран"
    ASSIGNED = "assigned", "Назначен"
    IN_WORK = "in_work", "В работе"
    ANSWER_DRAFTED = "answer_drafted", "Ответ подготовлен"
    ON_APPROVAL = "on_approval", "На согласовании"
    ANSWER_APPROVED = "answer_approved", "Ответ согласован"
    PUBLISH_FAILED = "publish_failed", "Ошибка публикации"
    PUBLISHED = "published", "Ответ опубликован"
    CLOSED = "closed", "Закрыт"
    REOPENED = "reopened", "Открыт повторно"


class Resolution(models.TextChoices):
    RESOLVED = "resolved", "Решено"
    EXPLAINED = "explained", "Дано разъяснение"
    NOT_OURS = "not_ours", "Не в компетенции"
    DUPLICATE = "duplicate", "Дубликат"
    SPAM = "spam", "Спам / не обращение"


class NoAnswer(models.TextChoices):
    """Why an incident is closed without a public answer (the rules ЦУРs use)."""

    INSULT = "insult", "Без ответа: оскорбления"
    CLOSED_PROFILE = "closed_profile", "Без ответа: закрытый профиль"


class Priority(models.TextChoices):
    LOW = "low", "Низкий"
    NORMAL = "normal", "Обычный"
    HIGH = "high", "Высокий"
    CRITICAL = "critical", "Угроза жизни и здоровью"


OPEN_STATUSES = frozenset(set(Status) - {Status.CLOSED})

#: Closed so, an incident had no answer on the merits: not «resolved», no final-answer time.
NOT_ANSWERED = frozenset({Resolution.DUPLICATE, Resolution.SPAM})

#: The incident follows its final answer (otklik.answers moves it through incidents.actions):
#: drafted → on approval → approved → published, or publication failed (then retried, or
#: published by hand). A returned answer goes back to drafted.
ANSWER_FLOW = (
    Status.ANSWER_DRAFTED,
    Status.ON_APPROVAL,
    Status.ANSWER_APPROVED,
    Status.PUBLISH_FAILED,
    Status.PUBLISHED,
)

TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.TRIAGED, Status.ASSIGNED, Status.CLOSED}),
    Status.TRIAGED: frozenset({Status.ASSIGNED, Status.CLOSED}),
    Status.ASSIGNED: frozenset({Status.IN_WORK, Status.TRIAGED, Status.CLOSED}),
    Status.IN_WORK: frozenset({Status.ANSWER_DRAFTED, Status.ASSIGNED, Status.CLOSED}),
    Status.ANSWER_DRAFTED: frozenset(
        {Status.ON_APPROVAL, Status.ANSWER_APPROVED, Status.IN_WORK, Status.CLOSED}
    ),
    Status.ON_APPROVAL: frozenset(
        {Status.ANSWER_APPROVED, Status.ANSWER_DRAFTED, Status.IN_WORK, Status.CLOSED}
    ),
    Status.ANSWER_APPROVED: frozenset(
        {Status.PUBLISHED, Status.PUBLISH_FAILED, Status.IN_WORK, Status.CLOSED}
    ),
    Status.PUBLISH_FAILED: frozenset(
        {Status.ANSWER_APPROVED, Status.PUBLISHED, Status.IN_WORK, Status.CLOSED}
    ),
    Status.PUBLISHED: frozenset({Status.CLOSED, Status.REOPENED}),
    Status.CLOSED: frozenset({Status.REOPENED}),
    Status.REOPENED: frozenset({Status.ASSIGNED, Status.IN_WORK, Status.CLOSED}),
}


def allowed_targets(status: str) -> frozenset[str]:
    return TRANSITIONS.get(status, frozenset())


def can_transition(current: str, target: str) -> bool:
    return target in allowed_targets(current)
