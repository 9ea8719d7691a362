"""Moving a post in the calendar, and a channel's norm."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from otklik.plan.actions.schedule import DEFAULT_WEEKLY_POSTS, reschedule, set_norm
from otklik.plan.models import ChannelNorm, Post, PostChannel, PostEvent
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source
from otklik.sources.models import Source


class RescheduleTest(PlanTestCase):
    def test_keeps_the_approval_and_records_the_move(self) -> None:
        post = self.approved([vk_source()], publish_at=datetime(2030, 12, 1, 3, tzinfo=UTC))
        reschedule(self.moderator, post, datetime(2030, 12, 2, 5, 30, tzinfo=UTC))
        self.assertEqual(post.state, Post.State.APPROVED)
        self.assertEqual(post.approved_by, self.moderator)
        self.assertEqual(post.publish_at, datetime(2030, 12, 2, 5, 30, tzinfo=UTC))
        event = post.events.get(kind=PostEvent.Kind.RESCHEDULED)
        self.assertEqual(event.text, "с 01.12.2030 10:00 на 02.12.2030 12:30")  # Tomsk time
        self.assertEqual(event.actor, self.moderator)

    def test_the_same_time_records_nothing(self) -> None:
        post = self.post([vk_source()])
        reschedule(self.moderator, post, post.publish_at)
        self.assertFalse(post.events.filter(kind=PostEvent.Kind.RESCHEDULED).exists())

    def test_refuses_published_and_in_flight_posts(self) -> None:
        vk = vk_source()
        for state in (PostChannel.State.IN_FLIGHT, PostChannel.State.PUBLISHED):
            with self.subTest(state):
                post = self.approved([vk], publish_at=self.future())
                post.channels.update(state=state)
                with self.assertRaisesMessage(ValidationError, "перенести его нельзя"):
                    reschedule(self.admin, post, self.future() + timedelta(days=1))
        failed = self.post([vk])
        Post.objects.filter(pk=failed.pk).update(state=Post.State.FAILED)
        with self.assertRaises(ValidationError):
            reschedule(self.admin, failed, self.future())

    def test_refuses_executors(self) -> None:
        post = self.post([vk_source()])
        for user in (self.executor_a, self.analyst):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                reschedule(user, post, self.future())
        post.refresh_from_db()
        self.assertEqual(post.publish_at, datetime(2026, 11, 20, 3, tzinfo=UTC))

    def test_an_approved_post_never_goes_into_the_past(self) -> None:
        post = self.approved([vk_source()], publish_at=self.future())
        past = timezone.now() - timedelta(hours=1)
        with self.assertRaisesMessage(ValidationError, "нельзя перенести в прошлое"):
            reschedule(self.moderator, post, past)
        draft = self.post([vk_source("vk-2")], publish_at=self.future())
        reschedule(self.moderator, draft, past)  # a draft publishes nothing
        self.assertEqual(draft.publish_at, past)

    def test_refuses_a_naive_time(self) -> None:
        post = self.post([vk_source()])
        with self.assertRaises(ValidationError):
            reschedule(self.moderator, post, datetime(2030, 1, 1, 10))  # noqa: DTZ001


class NormTest(PlanTestCase):
    def test_set_and_change(self) -> None:
        vk = vk_source()
        norm = set_norm(self.moderator, vk, ChannelNorm.Category.FLAGSHIP)
        self.assertEqual(norm.weekly_posts, DEFAULT_WEEKLY_POSTS[ChannelNorm.Category.FLAGSHIP])
        set_norm(self.admin, vk, ChannelNorm.Category.CARD, 2)
        norm = ChannelNorm.objects.get(source=vk)
        self.assertEqual((norm.category, norm.weekly_posts), ("card", 2))

    def test_defaults_go_from_flagship_down_to_card(self) -> None:
        flagship, active, card = (DEFAULT_WEEKLY_POSTS[c] for c in ("flagship", "active", "card"))
        self.assertGreater(flagship, active)
        self.assertGreater(active, card)

    def test_refusals(self) -> None:
        tg = tg_source()
        with self.assertRaises(PermissionDenied):
            set_norm(self.executor_a, tg, ChannelNorm.Category.ACTIVE, 5)
        with self.assertRaises(ValidationError):
            set_norm(self.moderator, tg, "famous", 5)
        with self.assertRaises(ValidationError):
            set_norm(self.moderator, tg, ChannelNorm.Category.ACTIVE, 1000)
        form = Source.objects.create(name="form", kind=Source.Kind.FORM)
        with self.assertRaisesMessage(ValidationError, "норма не нужна"):
            set_norm(self.moderator, form, ChannelNorm.Category.ACTIVE, 5)
        self.assertFalse(ChannelNorm.objects.exists())
