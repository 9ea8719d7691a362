"""Templates: a preview with {name}, {address}, {deadline} filled in; an unfilled placeholder
blocks submission."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from otklik.answers import actions
from otklik.answers.models import Answer, AnswerTemplate
from otklik.answers.tests.helpers import AnswerTestCase
from otklik.inbox.models import Author
from otklik.incidents.states import Status
from otklik.sources.models import Source

BODY = "{name}, здравствуйте! По адресу {address} всё починят до {deadline}; мастер Петров И. И."


class TemplateTest(AnswerTestCase):
    def setUp(self) -> None:
        self.template = AnswerTemplate.objects.create(title="Отопление", body=BODY)

    def test_known_values_are_filled_and_unknown_ones_left_for_the_author(self) -> None:
        incident = self.incident()  # the import source: the author's name is not public
        text = actions.fill_template(self.template, incident)
        deadline = actions._local_date(incident.final_answer_due)
        self.assertIn(f"По адресу ул. Ленина, 5 всё починят до {deadline}", text)
        self.assertTrue(text.startswith("{name}, здравствуйте!"))
        self.assertEqual(actions.unfilled(text), ["{name}"])

    def test_a_public_name_is_filled(self) -> None:
        vk = Source.objects.create(name="vk-pub", kind=Source.Kind.VK)
        author = Author.objects.create(source=vk, external_id="1", display_name="Анна Петрова")
        incident = self.incident(self.message(source=vk, author=author))
        text = actions.fill_template(self.template, incident)
        self.assertTrue(text.startswith("Анна Петрова, здравствуйте!"))
        self.assertEqual(actions.unfilled(text), [])

    def test_an_unfilled_placeholder_blocks_submission_in_russian(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, template=self.template)
        with self.assertRaisesRegex(ValidationError, r"незаполненные поля шаблона: \{name\}"):
            actions.submit_for_approval(self.executor_a, answer)
        answer.refresh_from_db()
        self.assertEqual(answer.status, Answer.Status.DRAFT)
        actions.edit_answer(self.executor_a, answer, answer.text.replace("{name}", "Здравствуйте"))
        actions.submit_for_approval(self.executor_a, answer)
        incident.refresh_from_db()
        self.assertEqual(incident.status, Status.ON_APPROVAL)

    def test_approval_refuses_a_placeholder_too(self) -> None:
        incident = self.incident()
        answer = self.submitted(incident, text="Здравствуйте, {name}! Мастер Петров, 2.12.")
        with self.assertRaises(ValidationError):
            actions.approve(self.moderator, answer)

    def test_the_panel_warns_and_the_submit_view_refuses(self) -> None:
        incident = self.incident()
        answer = actions.draft_answer(self.executor_a, incident, template=self.template)
        self.login(self.executor_a)
        page = self.client.get(f"/incidents/{incident.pk}/").content.decode()
        self.assertIn("Не заполнены поля шаблона", page)
        response = self.client.post(f"/answers/{answer.pk}/submit/", follow=True)
        self.assertIn("незаполненные поля шаблона", response.content.decode())

    def test_preview_fills_marks_and_escapes(self) -> None:
        incident = self.incident()
        incident.address_text = "ул. Ленина, 5 <script>alert(1)</script>"
        incident.save()
        self.login(self.executor_a)
        page = self.client.post(
            f"/answers/incident/{incident.pk}/preview/",
            {"kind": "final", "template": self.template.pk, "text": ""},
        ).content.decode()
        deadline = actions._local_date(incident.final_answer_due)
        self.assertIn(f"всё починят до {deadline}", page)
        self.assertIn('<mark class="blank">{name}</mark>', page)
        self.assertIn("имя жителя", page)
        self.assertIn("&lt;script&gt;", page)
        self.assertNotIn("<script>alert", page)
        self.assertIn(f'action="/answers/incident/{incident.pk}/draft/"', page)

    def test_preview_is_for_who_may_draft(self) -> None:
        incident = self.incident()
        self.login(self.executor_b)
        response = self.client.post(
            f"/answers/incident/{incident.pk}/preview/", {"kind": "final", "text": "x"}
        )
        self.assertEqual(response.status_code, 404)
