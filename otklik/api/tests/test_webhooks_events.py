"""What queues a webhook: the incidents', answers' and meetings' signals, once per event."""

from __future__ import annotations

from django.db import transaction

from otklik.answers import actions as answers
from otklik.answers.tests.helpers import GOOD_TEXT
from otklik.api.tests.webhook_helpers import WebhookTestCase
from otklik.api.webhooks import actions, receivers
from otklik.api.webhooks.models import WebhookDelivery
from otklik.incidents.actions import change_status
from otklik.incidents.models import Event
from otklik.incidents.states import Status
from otklik.meetings import actions as meetings
from otklik.meetings.models import Instruction
from otklik.sources.localserver import LocalServer

HOOK = "http://127.0.0.1:9/hook"


class EnqueueTests(WebhookTestCase):
    def test_a_status_change_queues_one_delivery_per_subscribed_subscription(self) -> None:
        status_a, _ = self.subscribe(HOOK, "incident.status_changed")
        status_b, _ = self.subscribe(HOOK + "2", "incident.status_changed", "incident.created")
        self.subscribe(HOOK + "3", "answer.published")
        self.subscribe(HOOK + "4", "incident.status_changed", active=False)
        incident = self.new_incident()
        self.assertEqual(
            list(WebhookDelivery.objects.values_list("subscription", "event")),
            [(status_b.pk, "incident.created")],
        )
        change_status(self.moderator, incident, Status.IN_WORK)
        changed = WebhookDelivery.objects.filter(event="incident.status_changed")
        self.assertEqual(
            sorted(changed.values_list("subscription", flat=True)), [status_a.pk, status_b.pk]
        )
        event = incident.events.get(kind=Event.Kind.STATUS_CHANGED)
        delivery = changed.get(subscription=status_a)
        self.assertEqual(delivery.event_id, f"incident.status_changed:{event.pk}")
        self.assertEqual(delivery.state, WebhookDelivery.State.PENDING)
        data = delivery.payload
        self.assertEqual((data["before"], data["after"]), ("assigned", "in_work"))
        self.assertEqual(data["incident"]["id"], incident.pk)
        self.assertEqual(data["incident"]["department"]["code"], "dept-a")
        self.assertEqual(data["incident"]["category"]["name"], "Отопление")
        self.assertTrue(data["incident"]["url"].endswith(f"/incidents/{incident.pk}/"))
        # No personal data: not the resident's text, nor the title cut from it.
        self.assertNotIn("отопления в доме", str(data).lower())

    def test_the_action_makes_no_http_call_the_worker_does(self) -> None:
        with LocalServer() as server:
            server.reply("hook", status=200, body={"ok": True})
            self.subscribe(server.url + "hook")
            incident = self.new_incident()
            change_status(self.moderator, incident, Status.IN_WORK)
            self.assertEqual(server.requests, [])
            from otklik.api.webhooks.delivery import deliver_webhooks

            self.assertEqual(deliver_webhooks(10), 1)
            self.assertEqual(len(server.calls("hook")), 1)

    def test_no_subscription_no_rows_and_no_payload_built(self) -> None:
        self.subscribe(HOOK, "answer.published")
        with self.assertNumQueries(1):
            queued = actions.enqueue("incident.status_changed", "x:1", lambda: 1 / 0)  # type: ignore[arg-type,return-value]
        self.assertEqual(queued, 0)

    def test_a_replayed_event_id_is_one_delivery(self) -> None:
        self.subscribe(HOOK)
        incident = self.new_incident()
        change_status(self.moderator, incident, Status.IN_WORK)
        event = incident.events.get(kind=Event.Kind.STATUS_CHANGED)
        receivers.status_changed(type(incident), incident=incident, event=event)
        receivers.status_changed(type(incident), incident=incident, event=event)
        self.assertEqual(WebhookDelivery.objects.count(), 1)
        again = actions.enqueue(
            "incident.status_changed", f"incident.status_changed:{event.pk}", dict
        )
        self.assertEqual(again, 0)
        self.assertEqual(WebhookDelivery.objects.count(), 1)

    def test_an_action_rolled_back_queues_nothing(self) -> None:
        self.subscribe(HOOK)
        incident = self.new_incident()
        with self.assertRaises(RuntimeError), transaction.atomic():
            change_status(self.moderator, incident, Status.IN_WORK)
            self.assertEqual(WebhookDelivery.objects.count(), 1)
            raise RuntimeError("the action fails after the status changed")
        self.assertEqual(WebhookDelivery.objects.count(), 0)


class OtherEventsTests(WebhookTestCase):
    def test_answer_published_when_out_in_every_thread(self) -> None:
        self.subscribe(HOOK, "answer.published")
        incident = self.new_incident()
        answer = answers.draft_answer(self.executor_a, incident, text=GOOD_TEXT)
        answers.submit_for_approval(self.executor_a, answer)
        answers.approve(self.moderator, answer)
        self.assertFalse(WebhookDelivery.objects.exists())
        answers.publish_pending()
        delivery = WebhookDelivery.objects.get()
        self.assertEqual(delivery.event_id, f"answer.published:{answer.pk}")
        self.assertEqual(delivery.payload["answer"]["id"], answer.pk)
        self.assertEqual(delivery.payload["incident"]["status"], Status.PUBLISHED)
        self.assertNotIn(GOOD_TEXT[:20], str(delivery.payload))

    def test_instruction_done(self) -> None:
        self.subscribe(HOOK, "instruction.done")
        instruction = meetings.issue_instruction(
            self.moderator, text="Отремонтировать крыльцо", department=self.dept_a, working_days=5
        )
        meetings.complete(self.executor_a, instruction, "Крыльцо отремонтировано")
        delivery = WebhookDelivery.objects.get()
        data = delivery.payload["instruction"]
        self.assertEqual(data["number"], instruction.number)
        self.assertEqual(data["state"], Instruction.State.DONE)
        self.assertEqual(data["department"]["code"], "dept-a")
        self.assertNotIn("Крыльцо", str(delivery.payload))
