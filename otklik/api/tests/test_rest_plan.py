"""/api/v1/posts/: the content plan through plan.actions: the press service only."""

from __future__ import annotations

from otklik.api.tests.rest_case import RestCase
from otklik.plan.models import Post
from otklik.sources.models import Source


class PostTests(RestCase):
    def setUp(self) -> None:
        super().setUp()
        self.vk = Source.objects.create(name="vk-admin", kind=Source.Kind.VK, title="ВК")
        self.tg = Source.objects.create(name="tg-admin", kind=Source.Kind.TELEGRAM, title="ТГ")

    def create(self, **fields: object) -> object:
        body = {
            "text": "Завтра отключат воду на Ленина",
            "publish_at": "2026-12-01T10:00:00+07:00",
            "sources": [self.vk.pk, self.tg.pk],
        }
        body.update(fields)
        return self.post("/api/v1/posts/", self.moderator, body)

    def test_create_submit_approve(self) -> None:
        response = self.create(title="Вода")
        self.assertEqual(response.status_code, 201, response.content)
        post = response.json()
        self.assertEqual(post["state"], "draft")
        self.assertEqual(post["publish_at"], "2026-12-01T03:00:00Z")
        self.assertEqual([c["source"]["name"] for c in post["channels"]], ["tg-admin", "vk-admin"])
        submitted = self.post(f"/api/v1/posts/{post['id']}/submit/", self.moderator).json()
        self.assertEqual(submitted["state"], "on_approval")
        approved = self.post(f"/api/v1/posts/{post['id']}/approve/", self.admin).json()
        self.assertEqual(approved["state"], "approved")
        self.assertEqual(approved["approved_by"]["id"], self.admin.pk)

    def test_refusals(self) -> None:
        for user in (self.executor_a, self.analyst):
            self.assertProblem(self.get("/api/v1/posts/", user), 403)
        body = self.assertProblem(self.create(publish_at="2026-12-01T10:00:00"), 422)
        self.assertEqual(body["errors"][0]["field"], "publish_at")
        form = Source.objects.create(name="form", kind=Source.Kind.FORM)
        body = self.assertProblem(self.create(sources=[form.pk]), 422)
        self.assertEqual(body["errors"][0]["field"], "sources")
        post = self.create(text="x" * 5000).json()  # too long for Telegram
        body = self.assertProblem(
            self.post(f"/api/v1/posts/{post['id']}/approve/", self.admin), 422
        )
        self.assertIn("длиннее 4096", body["detail"])

    def test_list_by_time_without_n_plus_one(self) -> None:
        for day in (3, 1, 2):
            self.create(publish_at=f"2026-12-0{day}T10:00:00+07:00")
        self.get("/api/v1/posts/", self.moderator)
        with self.assertNumQueries(3):  # the token, the page, the channels with their sources
            items = self.get("/api/v1/posts/", self.moderator, limit=2).json()
        days = [p["publish_at"][:10] for p in items["items"]]
        self.assertEqual(days, ["2026-12-01", "2026-12-02"])
        rest = self.get("/api/v1/posts/", self.moderator, cursor=items["next"]).json()
        self.assertEqual([p["publish_at"][:10] for p in rest["items"]], ["2026-12-03"])
        self.assertIsNone(rest["next"])
        self.assertEqual(Post.objects.count(), 3)
