"""The only writer of ReportNarrative: the press officer's texts of a report."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.analytics.models.reports import ReportNarrative
from otklik.analytics.report_period import Period

MAX_CHARS = 20000


def can_edit_narrative(user: User) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_press_service)


def save_narrative(actor: User, period: Period, texts: dict[str, str]) -> list[ReportNarrative]:
    """Keep the given sections' texts for the period (an empty text is kept empty); the
    sections not given are left as they are."""
    if not can_edit_narrative(actor):
        raise PermissionDenied("Тексты отчёта пишет пресс-служба")
    unknown = set(texts) - set(ReportNarrative.Section.values)
    if unknown:
        raise ValidationError(f"Неизвестный раздел отчёта: {', '.join(sorted(unknown))}")
    if any(len(text) > MAX_CHARS for text in texts.values()):
        raise ValidationError(f"Текст раздела длиннее {MAX_CHARS} знаков")
    saved = []
    with transaction.atomic():
        for section, text in texts.items():
            saved.append(_keep(actor, period, section, text))
    return saved


def _keep(actor: User, period: Period, section: str, text: str) -> ReportNarrative:
    row, _ = ReportNarrative.objects.update_or_create(
        period=period.key,
        section=section,
        defaults={"text": text.strip(), "updated_by": actor, "updated_at": timezone.now()},
    )
    return row
