"""The demo's set-up steps live in the demo app (the wiring floor) and resolve."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.utils.module_loading import import_string

from otklik.demo.management.commands.demo import DEMO_STEPS
from otklik.demo.triage import demo_step
from otklik.suggestions.models import ModelVersion


def test_every_demo_step_resolves_inside_the_demo_app() -> None:
    assert "otklik.demo.triage.demo_step" in DEMO_STEPS
    for path in DEMO_STEPS:
        assert path.startswith("otklik.demo.")
        assert callable(import_string(path))


@pytest.mark.django_db
def test_the_triage_step_keeps_an_existing_model() -> None:
    ModelVersion.objects.create(version="v-test", path="/nowhere", is_active=True)

    class Command:
        stdout: Any = StringIO()

    demo_step(Command())  # no new messages: nothing to train, nothing to triage
    assert Command.stdout.getvalue() == ""
    assert list(ModelVersion.objects.values_list("version", flat=True)) == ["v-test"]
