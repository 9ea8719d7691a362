"""detect_spikes: one spike per window, one notice to the press service, a draft post."""

from __future__ import annotations

from datetime import timedelta

from otklik.analytics.actions.spikes import detect_spikes, detect_spikes_due
from otklik.analytics.models import Spike, SpikeRun
from otklik.analytics.tests.spike_helpers import HOUR, NOW, SpikeTestCase
from otklik.notify.models import Notification
from otklik.plan.models import Post


class DetectTest(SpikeTestCase):
    def test_a_burst_becomes_one_spike_with_its_messages(self) -> None:
        self.steady_then_burst()
        self.assertEqual(detect_spikes(NOW), 1)
        spike = Spike.objects.get()
        self.assertEqual((spike.category, spike.territory), (self.category, self.territory))
        self.assertEqual(spike.state, Spike.State.NEW)
        self.assertGreaterEqual(spike.observed, 25)
        self.assertLess(spike.expected, 5)
        self.assertEqual(spike.window_end, NOW.replace(minute=0))
        self.assertGreaterEqual(spike.messages.count(), 25)
        self.assertEqual(len(spike.chart), 48)

    def test_the_same_window_twice_is_one_spike_and_one_notice(self) -> None:
        self.steady_then_burst()
        detect_spikes(NOW)
        detect_spikes(NOW + timedelta(minutes=20))
        self.assertEqual(Spike.objects.count(), 1)
        self.assertEqual(Notification.objects.filter(kind=Notification.Kind.SPIKE).count(), 1)
        self.assertEqual(Post.objects.count(), 1)

    def test_a_continuing_spike_updates_its_row(self) -> None:
        self.steady_then_burst()
        detect_spikes(NOW)
        end = NOW.replace(minute=0)
        self.messages([end + timedelta(minutes=5 + i) for i in range(15)])
        detect_spikes(NOW + HOUR)
        spike = Spike.objects.get()
        self.assertEqual(spike.window_end, end + HOUR)
        self.assertGreaterEqual(spike.observed, 40)
        self.assertEqual(Notification.objects.filter(kind=Notification.Kind.SPIKE).count(), 1)

    def test_the_notice_goes_to_the_press_service_with_links(self) -> None:
        self.steady_then_burst()
        detect_spikes(NOW)
        notice = Notification.objects.get()
        self.assertEqual(notice.user, self.moderator)
        self.assertIn("Всплеск обращений: Отопление — Центральный", notice.subject)
        self.assertIn("/analytics/spikes/", notice.text)
        self.assertIn("/messages/", notice.text)
        self.assertIn("/plan/", notice.text)

    def test_the_post_is_drafted_not_approved(self) -> None:
        self.steady_then_burst()
        detect_spikes(NOW)
        post = Spike.objects.get().post
        self.assertEqual(post.state, Post.State.DRAFT)
        self.assertIsNone(post.approved_by)
        self.assertIsNone(post.campaign)
        self.assertTrue(post.text.startswith("В связи с обращениями жителей по теме «Отопление»"))
        self.assertEqual(post.publish_at, NOW.replace(minute=0) + 3 * HOUR)

    def test_steady_traffic_is_no_spike(self) -> None:
        self.steady_then_burst(burst=1)
        self.assertEqual(detect_spikes(NOW), 0)
        self.assertFalse(Spike.objects.exists())

    def test_the_worker_task_runs_once_an_hour(self) -> None:
        self.steady_then_burst()
        self.assertEqual(detect_spikes_due(0, NOW), 1)
        self.assertEqual(detect_spikes_due(0, NOW + timedelta(minutes=10)), 0)
        self.assertEqual(SpikeRun.objects.get().flagged, 1)

    def test_a_new_topic_without_category_is_a_spike(self) -> None:
        self.steady_then_burst(burst=1)
        end = NOW.replace(minute=0)
        texts = [
            "Пропала горячая вода на улице Курчатова",
            "Нет горячей воды с утра на Курчатова",
            "Горячей воды нет уже пять часов, Курчатова 12",
            "Когда дадут горячую воду? Курчатова",
            "Курчатова 14 — горячая вода пропала",
            "И у нас нет горячей воды, Курчатова",
            "Горячая вода пропала, Курчатова 10",
        ]
        for i, text in enumerate(texts):
            self.message(text, created_at=end - timedelta(minutes=10 * i + 5))
        self.assertEqual(detect_spikes(NOW), 1)
        spike = Spike.objects.get()
        self.assertIsNone(spike.category)
        self.assertIn("курчатова", spike.topic)
        self.assertEqual(spike.messages.count(), len(texts))
