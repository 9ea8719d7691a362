"""The worker runs what the apps registered, in stage order, and survives a failing task."""

from __future__ import annotations

from unittest import mock

from django.test import SimpleTestCase

from otklik import periodic
from otklik.ops.management.commands.worker import run_tasks

EXPECTED = [
    "otklik.sources.polling.poll_sources",
    "otklik.sources.actions.process_pending",
    "otklik.suggestions.actions.triage_pending",
    "otklik.suggestions.schedule.retrain_if_due",
    "otklik.meetings.actions.linking.link_questions",
    "otklik.analytics.actions.spikes.detect_spikes_due",
    "otklik.answers.actions.publish_pending",
    "otklik.answers.actions.resident.scan_replies",
    "otklik.plan.actions.publish_due",
    "otklik.plan.actions.metrics.collect_due",
    "otklik.plan.actions.metrics.collect_subscribers",
    "otklik.polls.actions.counts.collect_counts",
    "otklik.notify.sla.check_deadlines",
    "otklik.meetings.actions.reminders.remind_due",
    "otklik.polls.actions.polls.close_due",
    "otklik.notify.actions.send_pending",
    "otklik.api.webhooks.delivery.deliver_webhooks",
    "otklik.analytics.actions.rollups.update_rollups",
    "otklik.privacy.actions.retention.retention_task",
    "otklik.desk.actions.expire_presence",
]


class RegistryTests(SimpleTestCase):
    def test_every_app_registers_its_tasks_in_stage_order(self) -> None:
        self.assertEqual(periodic.names(), EXPECTED)

    def test_registering_again_keeps_one_entry(self) -> None:
        first = periodic.tasks()[0]
        periodic.register(first.func, stage=first.stage)
        self.assertEqual(periodic.names(), EXPECTED)

    def test_stage_orders_before_registration(self) -> None:
        with mock.patch.object(periodic, "_tasks", {}):

            def late(batch: int) -> int:
                return 1

            def early(batch: int) -> int:
                return 2

            periodic.register(late, stage=periodic.NOTIFY)
            periodic.register(early, stage=periodic.POLL)
            self.assertEqual([t.func for t in periodic.tasks()], [early, late])


class RunTasksTests(SimpleTestCase):
    def test_a_failing_task_does_not_stop_the_rest(self) -> None:
        def broken(batch: int) -> int:
            raise RuntimeError("boom")

        def fine(batch: int) -> int:
            return batch

        with mock.patch.object(periodic, "_tasks", {}):
            periodic.register(broken, stage=periodic.POLL)
            periodic.register(fine, stage=periodic.INTAKE)
            with self.assertLogs("otklik.ops.management.commands.worker", "ERROR"):
                self.assertEqual(run_tasks(7), 7)
