"""Shared set-up: an incident with reports, ready for an answer."""

from __future__ import annotations

from otklik.answers.models import Answer
from otklik.inbox.models import Message
from otklik.incidents.actions import advance_status, create_incident
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.testing.base import BaseTestCase

GOOD_TEXT = "Отопление дадут 28.11 до 18:00; ответственный — мастер участка Петров И. И."


class AnswerTestCase(BaseTestCase):
    def incident(self, *messages: Message) -> Incident:
        reports = list(messages) or [self.message()]
        return create_incident(
            self.moderator, reports, category=self.category, address_text="ул. Ленина, 5"
        )

    def answer(self, incident: Incident, **fields: object) -> Answer:
        defaults: dict[str, object] = {"incident": incident, "text": GOOD_TEXT}
        defaults.update(fields)
        return Answer.objects.create(**defaults)

    def submitted(self, incident: Incident, **fields: object) -> Answer:
        """A final answer on approval, with the incident waiting for it as submitting leaves it
        (approval moves the incident on, and incidents.actions allows that from there only)."""
        answer = self.answer(incident, status=Answer.Status.SUBMITTED, **fields)
        for status in (Status.IN_WORK, Status.ANSWER_DRAFTED, Status.ON_APPROVAL):
            advance_status(self.executor_a, incident, status)
        return answer
