"""The demo's triage step: train the first model from the shipped corpus, then triage the inbox.

It lives in the demo app (the wiring floor): suggestions knows nothing of the demo."""

from __future__ import annotations

from typing import Any

from otklik.demo.seed import CORPUS
from otklik.suggestions.actions import triage_pending
from otklik.suggestions.models import ModelVersion
from otklik.suggestions.training import corpus_rows, retrain


def demo_step(command: Any) -> None:
    if not ModelVersion.objects.exists():
        command.stdout.write("Обучаю модели разбора на демо-корпусе…")
        command.stdout.flush()
        result = retrain(corpus_rows(CORPUS), note="демо-корпус")
        command.stdout.write(f"Модель {result['version']} готова")
    total = 0
    while done := triage_pending(500):
        total += done
    if total:
        command.stdout.write(f"Разобрано сообщений: {total}")
