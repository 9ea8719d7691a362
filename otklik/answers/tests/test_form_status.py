"""The web-form resident's private status page."""

from __future__ import annotations

from django.core.cache import cache

from otklik.answers import actions
from otklik.answers.models import FormTicket
from otklik.answers.tests.helpers import GOOD_TEXT, AnswerTestCase
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions


class FormStatusTests(AnswerTestCase):
    def setUp(self) -> None:
        cache.clear()

    def report(self) -> tuple[FormTicket, str]:
        response = self.client.post(
            "/report/", {"text": "Во дворе дома Ленина 5 не вывезли мусор", "name": "Оля"}
        )
        thanks = self.client.get(response["Location"])
        ticket = FormTicket.objects.get()
        url = f"/report/status/{ticket.token}/"
        self.assertContains(thanks, url)
        return ticket, url

    def test_link_shows_status_then_answer(self) -> None:
        ticket, url = self.report()
        self.assertGreaterEqual(len(ticket.token), 32)
        self.assertEqual(ticket.message, Message.objects.get())
        page = self.client.get(url)
        self.assertContains(page, "Принято, рассматривается")
        self.assertEqual(page["X-Robots-Tag"], "noindex, nofollow")

        other = self.message("Сосед Иванов, кв. 12, тел. 8-913-111-22-33")
        incident = incident_actions.create_incident(
            self.moderator, [ticket.message, other], category=self.category
        )
        self.assertContains(self.client.get(url), "Передано в ответственное подразделение")
        answer = actions.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        actions.submit_for_approval(self.executor_a, answer)
        actions.approve(self.moderator, answer)
        actions.publish_pending()
        page = self.client.get(url)
        self.assertContains(page, "Дан ответ")
        self.assertContains(page, "мастер участка Петров")
        self.assertNotContains(page, "Иванов")
        self.assertNotContains(page, "Оля")

    def test_unknown_token_is_404(self) -> None:
        self.report()
        self.assertEqual(self.client.get("/report/status/not-a-token/").status_code, 404)
