"""GET /live/: the counters the title and the menu show, scoped by role and department."""

from __future__ import annotations

from otklik.answers.models import Answer
from otklik.inbox.models import Message
from otklik.incidents import actions as incident_actions
from otklik.testing.base import BaseTestCase


class LiveCountersTests(BaseTestCase):
    def cursors(self) -> dict[str, int]:
        response = self.client.get("/live/")
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["counts"]["inbox"], 0)
        self.assertGreater(data["interval"], 0)
        return data["cursors"]

    def poll(self, cursors: dict[str, int]) -> dict[str, int | None]:
        response = self.client.get("/live/", cursors)
        self.assertEqual(response["Cache-Control"].split(",")[0], "max-age=0")
        return response.json()["counts"]

    def test_counts_only_messages_new_since_the_page_loaded(self) -> None:
        self.message("Старое сообщение")
        self.login(self.moderator)
        cursors = self.cursors()
        self.message("Яма во дворе")
        self.message("Не горит фонарь")
        self.message("Разобрано", status=Message.Status.DISMISSED)
        counts = self.poll(cursors)
        self.assertEqual(counts["inbox"], 2)
        self.assertEqual(counts["assigned"], 0)
        self.assertEqual(counts["approvals"], 0)

    def test_an_executor_counts_his_new_assignments_not_the_inbox(self) -> None:
        first = self.message("Нет отопления")
        incident = incident_actions.create_incident(
            self.moderator, [first], title="Нет отопления", department=self.dept_a
        )
        self.login(self.executor_a)
        cursors = self.cursors()
        self.message("Новое во входящих")
        incident_actions.assign(self.moderator, incident, self.dept_a, self.executor_a)
        counts = self.poll(cursors)
        self.assertEqual(counts, {"inbox": 0, "assigned": 1, "approvals": None})
        self.login(self.executor_b)
        self.assertEqual(self.poll(cursors)["assigned"], 0)

    def test_the_press_service_sees_answers_waiting_for_approval(self) -> None:
        incident = incident_actions.create_incident(
            self.moderator, [self.message()], title="Нет отопления", department=self.dept_a
        )
        Answer.objects.create(incident=incident, text="Ответ", status=Answer.Status.SUBMITTED)
        self.login(self.moderator)
        self.assertEqual(self.poll(self.cursors())["approvals"], 1)

    def test_a_stranger_is_sent_to_sign_in(self) -> None:
        self.assertEqual(self.client.get("/live/").status_code, 302)

    def test_the_poll_does_not_scan_the_whole_table(self) -> None:
        self.login(self.moderator)
        cursors = self.cursors()
        with self.assertNumQueries(4):  # session, user, new messages, the approval queue
            self.poll(cursors)
