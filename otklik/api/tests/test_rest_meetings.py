"""/api/v1/meetings/ and /api/v1/instructions/: read, and work on an instruction through
meetings.actions; executors see only their department's instructions."""

from __future__ import annotations

from datetime import UTC, datetime

from otklik.api.tests.rest_case import RestCase
from otklik.meetings import actions
from otklik.meetings.models import Instruction, Meeting


class MeetingTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.meeting = actions.create_meeting(
            self.moderator,
            territory=self.territory,
            starts_at=datetime(2026, 11, 30, 3, 0, tzinfo=UTC),
            place="ДК «Русь»",
        )
        actions.add_question(self.moderator, self.meeting, text="Когда починят крыльцо?",
                             asker_name="Мария Ивановна")  # fmt: skip
        self.ours = self.instruction(self.dept_a, "Отремонтировать крыльцо")
        self.theirs = self.instruction(self.dept_b, "Засыпать яму")

    def instruction(self, department: object, text: str) -> Instruction:
        return actions.issue_instruction(
            self.moderator, text=text, department=department, working_days=5, meeting=self.meeting
        )

    def test_meetings_for_the_press_service_and_analysts(self) -> None:
        items = self.get("/api/v1/meetings/", self.analyst).json()["items"]
        self.assertEqual([(m["id"], m["question_count"], m["instruction_count"]) for m in items],
                         [(self.meeting.pk, 1, 2)])  # fmt: skip
        body = self.get(f"/api/v1/meetings/{self.meeting.pk}/", self.moderator).json()
        self.assertEqual(body["questions"][0]["text"], "Когда починят крыльцо?")
        self.assertNotIn("Мария", str(body))  # the asker's name stays inside the pages
        self.assertProblem(self.get("/api/v1/meetings/", self.executor_a), 403)

    def test_an_executor_sees_and_works_on_their_departments_instructions(self) -> None:
        items = self.get("/api/v1/instructions/", self.executor_a).json()["items"]
        self.assertEqual([i["id"] for i in items], [self.ours.pk])
        self.assertProblem(
            self.get(f"/api/v1/instructions/{self.theirs.pk}/", self.executor_a), 404
        )
        path = f"/api/v1/instructions/{self.ours.pk}/"
        response = self.post(path + "progress/", self.executor_a, {"text": "Закуплены материалы"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["state"], "in_progress")
        self.assertEqual(response.json()["events"][-1]["text"], "Закуплены материалы")
        response = self.post(path + "complete/", self.executor_a, {"result": "Крыльцо готово"})
        self.assertEqual(response.json()["state"], "done")
        body = self.assertProblem(
            self.post(path + "progress/", self.executor_a, {"text": "ещё"}), 422
        )
        self.assertIn("выполнено", body["detail"])

    def test_refusals(self) -> None:
        path = f"/api/v1/instructions/{self.ours.pk}/"
        self.assertProblem(self.post(path + "complete/", self.analyst, {"result": "готово"}), 403)
        body = self.assertProblem(self.post(path + "complete/", self.moderator, {}), 422)
        self.assertEqual(body["errors"][0]["field"], "result")
        self.assertProblem(self.post(path + "take/", self.executor_b), 404)

    def test_lists_by_state_without_n_plus_one(self) -> None:
        actions.take_into_work(self.executor_b, self.theirs)
        self.get("/api/v1/instructions/", self.moderator)
        with self.assertNumQueries(2):
            items = self.get("/api/v1/instructions/", self.moderator, state="in_progress").json()
        self.assertEqual([i["id"] for i in items["items"]], [self.theirs.pk])
        with self.assertNumQueries(2):
            self.get("/api/v1/meetings/", self.moderator)
        self.assertEqual(Meeting.objects.count(), 1)
