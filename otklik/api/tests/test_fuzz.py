"""Schemathesis against our own schema, in-process: every operation, with an administrator's
token and an executor's, bounded for CI (15 examples an operation, no deadline, a time cap) and
derandomized (the same cases every run). Asserts no 5xx and that every answer conforms to the
schema: its status is documented, its content type and body are the documented ones."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation.modes import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from otklik.accounts.models import User
from otklik.answers.actions import draft_answer
from otklik.api.rest.api import api
from otklik.api.tests.rest_case import RestCase
from otklik.meetings import actions as meetings
from otklik.plan.actions import create_post
from otklik.sources.models import Source

EXAMPLES = 15
#: The whole run's cap (both tokens, every operation); it takes about a minute on CI's machine.
TIME_CAP = 420.0
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


class InProcessApp:
    """Django's WSGI handler without closing the connection after each request: the requests
    run inside the test's transaction, as Django's test client does it."""

    def __init__(self) -> None:
        self.handler = WSGIHandler()

    def __call__(self, environ: dict[str, Any], start_response: Callable) -> Iterable[bytes]:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            response = self.handler(environ, start_response)
            try:
                body = b"".join(response)
            finally:
                response.close()  # type: ignore[attr-defined]
            return [body]
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)


class FuzzTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.world()
        spec = api.get_openapi_schema(path_prefix="/api/")
        self.schema = schemathesis.openapi.from_dict(spec)
        self.app = InProcessApp()
        quiet = logging.getLogger("django.request")  # each 4xx would be a warning line
        self.addCleanup(quiet.setLevel, quiet.level)
        quiet.setLevel(logging.ERROR)

    def world(self) -> None:
        """A little of everything, so that small ids find rows now and then."""
        heating = self.incident_of(self.dept_a)
        self.incident_of(self.dept_b, "Яма на дороге")
        self.message("Новое сообщение")
        draft_answer(self.moderator, heating, text="Здравствуйте! Отопление дали.")
        vk = Source.objects.create(name="vk-admin", kind=Source.Kind.VK, title="ВК")
        moment = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
        create_post(self.moderator, text="Анонс", publish_at=moment, sources=[vk])
        meeting = meetings.create_meeting(
            self.moderator, territory=self.territory, starts_at=moment
        )
        meetings.issue_instruction(
            self.moderator, text="Починить", department=self.dept_a, working_days=3,
            meeting=meeting,
        )  # fmt: skip

    def fuzz(self, user: User, deadline: float) -> tuple[int, int]:
        """Run every operation, valid and invalid input; returns (operations, cases)."""
        operations, cases = 0, 0
        for result in self.schema.get_all_operations():
            operation = result.ok()
            operations += 1
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                cases += self.cases(operation, mode, self.headers(user), deadline)
        return operations, cases

    def cases(self, operation: Any, mode: GenerationMode, headers: dict, deadline: float) -> int:
        """Valid input must get a documented answer that matches its schema; invalid input a
        documented refusal (4xx), never a crash."""
        checks = CHECKS if mode == GenerationMode.POSITIVE else CHECKS[:3]
        ran: list[int] = []

        @given(case=operation.as_strategy(generation_mode=mode))
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        def run(case: Any) -> None:
            if time.monotonic() > deadline:
                return
            response = case.call(app=self.app, headers=headers)
            case.validate_response(response, checks=checks)
            ran.append(response.status_code)

        run()
        return len(ran)

    def test_no_server_errors_and_the_answers_conform(self) -> None:
        started = time.monotonic()
        deadline = started + TIME_CAP
        figures = [self.fuzz(user, deadline) for user in (self.admin, self.executor_a)]
        spent = time.monotonic() - started
        self.assertLess(spent, TIME_CAP, "the fuzzing hit its time cap: some cases were skipped")
        operations = figures[0][0]
        self.assertGreaterEqual(operations, 25)
        cases = sum(n for _, n in figures)
        print(f"\nfuzz: {operations} operations × 2 tokens, {cases} cases, {spent:.0f} s")
