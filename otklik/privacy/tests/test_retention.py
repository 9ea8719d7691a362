"""Retention: an old closed incident's personal data gone from every table, aggregates kept."""

from __future__ import annotations

import io
import json
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from otklik.answers.models import Answer
from otklik.inbox.models import Author, Message
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Status
from otklik.meetings.models import Meeting, Question
from otklik.polls.models import Initiative
from otklik.privacy.actions.retention import retention_due, retention_task, run_retention
from otklik.privacy.models import RetentionAct
from otklik.sources.models import InboundPayload
from otklik.testing.base import BaseTestCase

NOW = timezone.now()
OLD = NOW - timedelta(days=1200)
RECENT = NOW - timedelta(days=10)
PERSONAL = "Иван Петров, кв. 12, +7 913 123-45-67, ivan@example.ru: нет отопления"


@override_settings(PD_RETENTION_DAYS=1095)
class RetentionTest(BaseTestCase):
    def setUp(self) -> None:
        self.media = tempfile.TemporaryDirectory()
        self.addCleanup(self.media.cleanup)
        override = override_settings(MEDIA_ROOT=self.media.name)
        override.enable()
        self.addCleanup(override.disable)
        self.author = Author.objects.create(
            source=self.source,
            external_id="vk-777",
            display_name="Иван Петров",
            profile_url="https://vk.com/id777",
        )
        self.old = self._incident(OLD, "old")
        self.recent = self._incident(RECENT, "recent")
        self.unlinked = self._message("u-old", OLD, incident=None)
        self.unlinked_recent = self._message("u-new", RECENT, incident=None)
        self.orphan = InboundPayload.objects.create(
            source=self.source,
            external_id="bad",
            body={"from": {"first_name": "Иван"}},
            status=InboundPayload.Status.FAILED,
            received_at=OLD,
        )
        meeting = Meeting.objects.create(territory=self.territory, starts_at=OLD)
        self.question = Question.objects.create(
            meeting=meeting, text=PERSONAL, asker_name="Иван Петров", asked="advance",
            created_at=OLD,
        )  # fmt: skip
        self.initiative = Initiative.objects.create(
            territory=self.territory, title="Сквер", text=PERSONAL, author_name="Иван Петров",
            author_contact="+7 913 123-45-67", state=Initiative.State.DONE, decided_at=OLD,
        )  # fmt: skip

    def _message(self, key: str, at: datetime, incident: Incident | None) -> Message:
        payload = InboundPayload.objects.create(
            source=self.source,
            external_id=key,
            body={"text": PERSONAL, "from": {"first_name": "Иван", "id": 777}},
            raw=json.dumps({"text": PERSONAL}).encode(),
            headers={"client": "abc"},
            status=InboundPayload.Status.DONE,
            received_at=at,
        )
        photo = Path(self.media.name, "form", f"{key}.jpg")
        photo.parent.mkdir(parents=True, exist_ok=True)
        photo.write_bytes(b"jpeg")
        photo.with_suffix(".thumb.jpg").write_bytes(b"jpeg")
        return self.message(
            PERSONAL,
            external_id=key,
            author=self.author,
            payload=payload,
            created_at=at,
            contact="ivan@example.ru",
            address_text="ул. Ленина, 5, кв. 12",
            url=f"https://vk.com/wall-1_{key}",
            territory=self.territory,
            incident=incident,
            attachments=[
                {"type": "photo", "path": f"form/{key}.jpg", "thumb": f"form/{key}.thumb.jpg"}
            ],
        )

    def _incident(self, closed: datetime, key: str) -> Incident:
        incident = Incident.objects.create(
            title="Иван Петров: нет отопления",
            description=PERSONAL,
            status=Status.CLOSED,
            closed_at=closed,
            category=self.category,
            department=self.dept_a,
            territory=self.territory,
            created_at=closed - timedelta(days=5),
        )
        self._message(key, closed - timedelta(days=5), incident)
        Answer.objects.create(incident=incident, text="Уважаемый Иван Петров, батареи включены.")
        Event.objects.create(incident=incident, kind="commented", comment=PERSONAL)
        return incident

    def _aggregates(self) -> list[object]:
        return [
            Message.objects.count(),
            Incident.objects.count(),
            sorted(Message.objects.values_list("territory_id", "status", "created_at", "kind")),
            sorted(
                Incident.objects.values_list(
                    "category_id", "department_id", "territory_id", "status", "closed_at"
                )
            ),
            InboundPayload.objects.count(),
        ]

    def assert_clean(self, text: str) -> None:
        for personal in ("Иван", "Петров", "913", "ivan@", "vk.com/id777"):
            self.assertNotIn(personal, text)

    def test_old_closed_incident_loses_personal_data_everywhere(self) -> None:
        before = self._aggregates()
        act = run_retention(100)
        assert act is not None
        self.assertEqual(self._aggregates(), before)
        message = Message.objects.get(incident=self.old)
        self.assert_clean(message.text + message.address_text + message.contact + message.url)
        self.assertIn("нет отопления", message.text)
        self.assertEqual(message.search_text, message.text.lower().replace("ё", "е"))
        self.assertEqual(message.attachments, [{"type": "photo", "removed": True}])
        self.assertFalse(Path(self.media.name, "form", "old.jpg").exists())
        self.assertFalse(Path(self.media.name, "form", "old.thumb.jpg").exists())
        incident = Incident.objects.get(pk=self.old.pk)
        self.assert_clean(incident.title + incident.description)
        self.assert_clean(Answer.objects.get(incident=self.old).text)
        self.assert_clean(Event.objects.get(incident=self.old).comment)
        payload = message.payload
        assert payload is not None
        self.assertEqual(set(payload.body), {"erased", "sha256"})
        self.assertIsNone(payload.raw)
        self.assertEqual(payload.headers, {})
        self.assertEqual(payload.external_id, "old")  # the same event is never taken in again
        orphan = InboundPayload.objects.get(pk=self.orphan.pk)
        self.assertTrue(orphan.body["erased"])
        unlinked = Message.objects.get(pk=self.unlinked.pk)
        self.assert_clean(unlinked.text + unlinked.contact)
        question = Question.objects.get(pk=self.question.pk)
        self.assertEqual(question.asker_name, "Житель")
        self.assert_clean(question.text)
        initiative = Initiative.objects.get(pk=self.initiative.pk)
        self.assertEqual((initiative.author_name, initiative.author_contact), ("Житель", ""))
        self.assert_clean(initiative.text)
        self.assertEqual(act.counts["incidents"], 1)
        self.assertEqual(act.counts["messages"], 2)
        self.assertEqual(act.counts["photos"], 4)
        self.assertEqual(act.counts["payloads"], 3)
        self.assertEqual(act.counts["authors"], 0)  # the author still has recent messages
        self.assertTrue(act.complete)

    def test_recent_ones_are_untouched(self) -> None:
        run_retention(100)
        for message in Message.objects.filter(
            pk__in=[self.unlinked_recent.pk]
        ) | Message.objects.filter(incident=self.recent):
            self.assertEqual(message.text, PERSONAL)
            self.assertEqual(message.contact, "ivan@example.ru")
            self.assertIn("Иван", json.dumps(message.payload.body, ensure_ascii=False))
        self.assertTrue(Path(self.media.name, "form", "recent.jpg").exists())
        self.assertEqual(Incident.objects.get(pk=self.recent.pk).description, PERSONAL)
        self.assertEqual(Author.objects.get(pk=self.author.pk).display_name, "Иван Петров")

    def test_author_depersonalised_once_nothing_of_theirs_is_kept(self) -> None:
        Message.objects.filter(pk=self.unlinked_recent.pk).update(author=None)
        Incident.objects.filter(pk=self.recent.pk).update(closed_at=OLD)
        run_retention(100)
        author = Author.objects.get(pk=self.author.pk)
        self.assertEqual(author.display_name, "Житель")
        self.assertEqual(author.profile_url, "")
        self.assertNotIn("777", author.external_id)

    def test_dry_run_changes_nothing(self) -> None:
        out = io.StringIO()
        call_command("retention", "run", "--dry-run", stdout=out)
        self.assertIn("инциденты: 1", out.getvalue())
        self.assertIn("сообщения без инцидента: 1", out.getvalue())
        self.assertEqual(Message.objects.get(pk=self.unlinked.pk).text, PERSONAL)
        self.assertFalse(RetentionAct.objects.exists())

    def test_idempotent_and_in_batches(self) -> None:
        Incident.objects.filter(pk=self.recent.pk).update(closed_at=OLD)
        first = run_retention(1)
        assert first is not None
        self.assertFalse(first.complete)
        self.assertTrue(retention_due(NOW))
        while retention_task(1):
            pass
        texts = sorted(Message.objects.values_list("text", flat=True))
        last = run_retention(100)
        assert last is not None
        self.assertEqual(last.total, 0)
        self.assertTrue(last.complete)
        self.assertEqual(sorted(Message.objects.values_list("text", flat=True)), texts)
        self.assertFalse(retention_due(timezone.now()))
        self.assertEqual(retention_task(100), 0)

    @override_settings(PD_RETENTION_DAYS=0)
    def test_zero_disables(self) -> None:
        self.assertIsNone(run_retention(100))
        self.assertEqual(retention_task(100), 0)
        self.assertEqual(Message.objects.get(pk=self.unlinked.pk).text, PERSONAL)

    def test_act_recorded_and_exported(self) -> None:
        call_command("retention", "run", "--as", "ivanov-it", stdout=io.StringIO())
        act = RetentionAct.objects.get()
        self.assertIn("ivanov-it", act.performed_by)
        self.assertEqual(act.period_days, 1095)
        out = io.StringIO()
        call_command("retention", "acts", "--format", "jsonl", stdout=out)
        row = json.loads(out.getvalue().splitlines()[0])
        self.assertEqual(row["number"], act.pk)
        self.assertEqual(row["counts"]["incidents"], 1)
        self.assertNotIn("Иван", out.getvalue())
        out = io.StringIO()
        call_command("retention", "acts", stdout=out)
        self.assertIn("номер акта", out.getvalue().splitlines()[0])
        self.assertEqual(datetime.fromisoformat(row["started_at"]).tzinfo, UTC)
