"""Scheduled retraining: a worker task that retrains when enough new decisions have piled up."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.utils import timezone

from otklik.suggestions.engine import active_version
from otklik.suggestions.models import Correction, TriageSettings
from otklik.suggestions.training import retrain

log = logging.getLogger(__name__)


def retrain_if_due(batch: int = 0) -> int:
    settings_ = TriageSettings.current()
    current = active_version()
    if current is None:
        return 0
    if timezone.now() - current.created_at < timedelta(days=settings_.retrain_every_days):
        return 0
    fresh = Correction.objects.filter(created_at__gt=current.created_at).count()
    if fresh < settings_.retrain_min_new_examples:
        return 0
    try:
        retrain(note=f"по расписанию: {fresh} новых исправлений")
    except ValueError as exc:
        log.warning("scheduled retraining skipped: %s", exc)
        return 0
    return 1
