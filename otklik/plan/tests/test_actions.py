"""Posts: drafting, the platforms' length rules, approval and the Mayor's right."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError

from otklik.plan import actions
from otklik.plan.models import Post
from otklik.plan.tests.helpers import PlanTestCase, tg_source, vk_source


class LengthTest(PlanTestCase):
    def test_limits_per_platform(self) -> None:
        self.assertEqual(actions.length_errors("я" * 16384, "vk"), [])
        self.assertIn("16384", actions.length_errors("я" * 16385, "vk")[0])
        self.assertEqual(actions.length_errors("я" * 4096, "telegram"), [])
        self.assertIn("4096", actions.length_errors("я" * 4097, "telegram")[0])
        caption = actions.length_errors("я" * 1025, "telegram", has_image=True)[0]
        self.assertIn("подпись", caption)
        self.assertIn("4096", actions.length_errors("я" * 4097, "ok")[0])
        self.assertEqual(actions.length_errors("я" * 4000, "max"), [])
        self.assertIn("4000", actions.length_errors("я" * 4001, "max")[0])

    def test_a_long_variant_blocks_approval_and_a_short_one_passes(self) -> None:
        vk, tg = vk_source(), tg_source()
        post = self.post([vk, tg], text="я" * 5000)
        with self.assertRaises(ValidationError) as caught:
            actions.approve(self.moderator, post)
        self.assertIn("Telegram", " ".join(caught.exception.messages))
        post.refresh_from_db()
        self.assertEqual(post.state, Post.State.DRAFT)
        actions.update_post(
            self.moderator,
            post,
            text=post.text,
            publish_at=post.publish_at,
            sources=[vk, tg],
            variants={tg.pk: "Коротко: ремонт дорог"},
        )
        actions.approve(self.moderator, post)
        self.assertEqual(post.state, Post.State.APPROVED)

    def test_no_channel_no_approval(self) -> None:
        post = self.post([])
        with self.assertRaises(ValidationError):
            actions.submit(self.moderator, post)


class ApprovalTest(PlanTestCase):
    def test_draft_to_approval_to_approved(self) -> None:
        post = self.post([vk_source()])
        actions.submit(self.moderator, post)
        self.assertEqual(post.state, Post.State.ON_APPROVAL)
        actions.approve(self.admin, post)
        self.assertEqual((post.state, post.approved_by), (Post.State.APPROVED, self.admin))
        self.assertIsNotNone(post.approved_at)

    def test_only_press_service_plans(self) -> None:
        for user in (self.executor_a, self.analyst, self.outsider):
            with self.assertRaises(PermissionDenied):
                actions.create_post(user, text="Текст", publish_at=self.future(), sources=[])
        post = self.post([vk_source()])
        with self.assertRaises(PermissionDenied):
            actions.approve(self.executor_a, post)

    def test_mayor_page_needs_the_mayor_right(self) -> None:
        post = self.post([vk_source(is_mayor_page=True, title="Страница мэра")])
        with self.assertRaises(PermissionDenied) as caught:
            actions.approve(self.moderator, post)
        self.assertIn("мэра", str(caught.exception))
        self.moderator.approves_for_mayor = True
        self.moderator.save()
        actions.approve(self.moderator, post)
        self.assertEqual(post.approved_by, self.moderator)

    def test_text_edit_sends_approved_post_back_but_time_change_keeps_it(self) -> None:
        vk = vk_source()
        post = self.approved([vk])
        later = self.future()
        actions.update_post(self.moderator, post, text=post.text, publish_at=later, sources=[vk])
        self.assertEqual(post.state, Post.State.APPROVED)
        actions.update_post(
            self.moderator, post, text="Другой текст", publish_at=later, sources=[vk]
        )
        self.assertEqual(post.state, Post.State.DRAFT)
        self.assertIsNone(post.approved_by)

    def test_naive_time_refused(self) -> None:
        with self.assertRaises(ValidationError):
            self.post([vk_source()], publish_at=datetime(2026, 12, 1, 10, 0))  # noqa: DTZ001


class CampaignTest(PlanTestCase):
    def test_found_by_slug_or_title_and_created_when_missing(self) -> None:
        made = actions.get_or_create_campaign(self.moderator, "Летний отдых детей")
        self.assertTrue(made.slug)
        self.assertEqual(actions.get_or_create_campaign(None, "летний отдых детей"), made)
        self.assertEqual(actions.get_or_create_campaign(None, made.slug), made)
