"""ЦУР rules: closing without an answer records why; repeated reports are counted."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from otklik.inbox.models import Author
from otklik.incidents import actions
from otklik.incidents.models import Event
from otklik.incidents.states import NoAnswer, Resolution, Status
from otklik.testing.base import BaseTestCase


class NoAnswerTests(BaseTestCase):
    def test_insult_needs_comment_and_is_recorded(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message("Вы все ...")])
        with self.assertRaises(ValidationError):
            actions.change_status(self.moderator, incident, Status.CLOSED, no_answer="insult")
        actions.change_status(
            self.moderator, incident, Status.CLOSED, "мат в адрес главы", no_answer="insult"
        )
        incident.refresh_from_db()
        self.assertEqual(incident.no_answer_reason, NoAnswer.INSULT)
        self.assertEqual(incident.resolution, Resolution.SPAM)
        event = incident.events.filter(kind=Event.Kind.STATUS_CHANGED).last()
        self.assertEqual(event.data["no_answer"], "insult")
        self.assertIn("оскорбления", event.summary)

    def test_closed_profile_checked_against_authors(self) -> None:
        open_author = Author.objects.create(source=self.source, external_id="1")
        incident = actions.create_incident(self.moderator, [self.message(author=open_author)])
        with self.assertRaises(ValidationError):
            actions.change_status(
                self.moderator, incident, Status.CLOSED, no_answer=NoAnswer.CLOSED_PROFILE
            )
        hidden = Author.objects.create(source=self.source, external_id="2", is_closed_profile=True)
        actions.attach_messages(self.moderator, incident, [self.message("ещё", author=hidden)])
        actions.change_status(
            self.moderator,
            incident,
            Status.CLOSED,
            resolution=Resolution.EXPLAINED,
            no_answer=NoAnswer.CLOSED_PROFILE,
        )
        incident.refresh_from_db()
        self.assertEqual(incident.no_answer_reason, NoAnswer.CLOSED_PROFILE)
        self.assertEqual(incident.resolution, Resolution.EXPLAINED)

    def test_close_form_offers_reason(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        self.login(self.moderator)
        self.assertContains(
            self.client.get(f"/incidents/{incident.pk}/"), "Без ответа: закрытый профиль"
        )
        self.client.post(
            f"/incidents/{incident.pk}/status/",
            {"status": "closed", "no_answer": "insult", "comment": "оскорбления"},
        )
        incident.refresh_from_db()
        self.assertEqual(incident.no_answer_reason, NoAnswer.INSULT)

    def test_repeated_reports_bump_resonance_and_show(self) -> None:
        incident = actions.create_incident(self.moderator, [self.message()])
        actions.attach_messages(self.moderator, incident, [self.message("снова"), self.message()])
        incident.refresh_from_db()
        self.assertEqual(incident.resonance, 3)
        self.login(self.moderator)
        self.assertContains(self.client.get(f"/incidents/{incident.pk}/"), "повторных обращений: 2")
