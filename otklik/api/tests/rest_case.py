"""Shared set-up for the REST API's tests: the personas' tokens and a small world to read."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from django.test.client import Client
from django.utils import timezone

from otklik.accounts.models import User
from otklik.api.tokens import create_token
from otklik.inbox.models import Author
from otklik.incidents.actions import create_incident
from otklik.incidents.models import Incident
from otklik.testing.base import BaseTestCase

PROBLEM = "application/problem+json"


class RestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.raw: dict[str, str] = {}
        for user in (cls.admin, cls.moderator, cls.executor_a, cls.executor_b, cls.analyst):
            cls.raw[user.username] = create_token(user, "тест")[1]
        cls.author = Author.objects.create(
            source=cls.source,
            external_id="42",
            display_name="Иван Петров",
            profile_url="https://vk.com/id42",
        )

    def setUp(self) -> None:
        super().setUp()
        self.api = Client()

    # The world: one incident of each department, and a new message.
    def incident_of(self, department: Any, text: str = "Нет отопления") -> Incident:
        message = self.message(text, author=self.author, contact="+7 900 000-00-00")
        return create_incident(
            self.moderator, [message], category=self.category, department=department
        )

    def headers(self, user: User | None) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.raw[user.username]}"} if user else {}

    def get(self, path: str, user: User | None = None, **params: Any) -> Any:
        return self.api.get(path, params, headers=self.headers(user))

    def post(self, path: str, user: User | None = None, body: Any = None) -> Any:
        return self.api.post(
            path,
            json.dumps(body if body is not None else {}),
            content_type="application/json",
            headers=self.headers(user),
        )

    def assertProblem(self, response: Any, status: int) -> dict[str, Any]:
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], PROBLEM)
        body = response.json()
        self.assertEqual(set(body) - {"errors"}, {"type", "title", "status", "detail"})
        self.assertEqual(body["status"], status)
        self.assertRegex(body["title"] + body["detail"], "[а-яё]")
        return body


def days_ago(n: int) -> datetime:
    return timezone.now() - timedelta(days=n)


NOV_20 = datetime(2026, 11, 20, 5, 0, tzinfo=UTC)
