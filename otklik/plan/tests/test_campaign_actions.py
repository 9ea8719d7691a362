"""Campaigns from the web: the actions' rules and the pages."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from otklik.plan.actions.campaigns import create_campaign, slug_for, update_campaign
from otklik.plan.models import Campaign, Post, PostChannel
from otklik.plan.tests.helpers import PlanTestCase, vk_source


class CampaignActionsTest(PlanTestCase):
    def test_slug_from_a_cyrillic_title_and_never_twice(self) -> None:
        first = create_campaign(self.moderator, title="Чистый город")
        second = create_campaign(self.moderator, title="Чистый  город!")
        self.assertEqual((first.slug, second.slug), ("chistyy-gorod", "chistyy-gorod-2"))
        self.assertEqual(slug_for("Новый"), "novyy")
        self.assertEqual(slug_for("Новости", taken=["novosti"]), "novosti-2")
        self.assertEqual(slug_for("???"), "campaign")
        self.assertNotEqual(slug_for("New"), "new")  # /plan/campaigns/new/ is the form

    def test_fields_are_kept_and_hashtags_tidied(self) -> None:
        campaign = create_campaign(
            self.admin,
            title=" Дороги ",
            kind=Campaign.Kind.NATIONAL,
            goal="Рассказать о ремонте",
            starts_on=date(2026, 5, 1),
            ends_on=date(2026, 10, 1),
            territories=[self.territory],
            hashtags="БКД, #Северск",
            responsible=[self.moderator],
            colour="#AA3300",
        )
        self.assertEqual(campaign.title, "Дороги")
        self.assertEqual(campaign.hashtags, "#БКД #Северск")
        self.assertEqual(campaign.colour, "#aa3300")
        self.assertEqual(list(campaign.territories.all()), [self.territory])
        self.assertEqual(list(campaign.responsible.all()), [self.moderator])

    def test_rules_in_russian_by_field(self) -> None:
        bad = [
            ({"title": ""}, "title", "Укажите название"),
            ({"title": "x", "colour": "red"}, "colour", "#1a2b3c"),
            ({"title": "x", "slug": "Дороги"}, "slug", "латиница"),
            ({"title": "x", "slug": "new"}, "slug", "латиница"),
            (
                {"title": "x", "starts_on": date(2026, 5, 1), "ends_on": date(2026, 1, 1)},
                "ends_on",
                "раньше начала",
            ),
        ]
        for fields, field, text in bad:
            with self.assertRaises(ValidationError) as caught:
                create_campaign(self.moderator, **fields)
            self.assertIn(text, caught.exception.message_dict[field][0], fields)
        self.assertFalse(Campaign.objects.exists())

    def test_slug_taken_by_another(self) -> None:
        create_campaign(self.moderator, title="А", slug="roads")
        other = create_campaign(self.moderator, title="Б")
        with self.assertRaises(ValidationError) as caught:
            update_campaign(self.moderator, other, title="Б", slug="roads")
        self.assertIn("уже занят", caught.exception.message_dict["slug"][0])

    def test_update_keeps_the_slug_when_blank(self) -> None:
        campaign = create_campaign(self.moderator, title="Дороги", slug="roads")
        update_campaign(self.moderator, campaign, title="Дороги-2026", colour="#112233")
        self.assertEqual((campaign.slug, campaign.title), ("roads", "Дороги-2026"))

    def test_only_the_press_service(self) -> None:
        for user in (self.executor_a, self.analyst, self.outsider):
            with self.assertRaises(PermissionDenied):
                create_campaign(user, title="Дороги")
        campaign = create_campaign(self.moderator, title="Дороги")
        with self.assertRaises(PermissionDenied):
            update_campaign(self.executor_a, campaign, title="Чужое")


class CampaignPagesTest(PlanTestCase):
    def setUp(self) -> None:
        self.login(self.moderator)

    def test_create_through_the_form(self) -> None:
        response = self.client.post(
            "/plan/campaigns/new/",
            {
                "title": "Городская среда",
                "slug": "",
                "kind": "national",
                "goal": "Благоустройство дворов",
                "starts_on": "2026-05-01",
                "ends_on": "2026-09-30",
                "territories": [self.territory.pk],
                "hashtags": "#ГородскаяСреда",
                "responsible": [self.moderator.pk],
                "colour": "#228833",
            },
        )
        campaign = Campaign.objects.get()
        self.assertRedirects(response, "/plan/campaigns/gorodskaya-sreda/")
        self.assertEqual(campaign.kind, Campaign.Kind.NATIONAL)
        self.assertEqual(campaign.ends_on, date(2026, 9, 30))
        self.assertEqual(list(campaign.responsible.all()), [self.moderator])

    def test_form_errors_beside_their_fields(self) -> None:
        response = self.client.post(
            "/plan/campaigns/new/",
            {
                "title": "Дороги",
                "kind": "theme",
                "starts_on": "2026-05-01",
                "ends_on": "2026-01-01",
                "colour": "#228833",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].errors["ends_on"], ["Окончание раньше начала"])
        self.assertContains(response, 'type="color"')

    def test_edit(self) -> None:
        campaign = create_campaign(self.moderator, title="Дороги", slug="roads")
        page = self.client.get("/plan/campaigns/roads/edit/")
        self.assertContains(page, 'value="roads"')
        response = self.client.post(
            "/plan/campaigns/roads/edit/",
            {"title": "Безопасные дороги", "slug": "bkd", "kind": "national", "colour": "#123456"},
        )
        self.assertRedirects(response, "/plan/campaigns/bkd/")
        campaign.refresh_from_db()
        self.assertEqual((campaign.title, campaign.colour), ("Безопасные дороги", "#123456"))

    def test_list_counts_planned_and_published(self) -> None:
        campaign = create_campaign(self.moderator, title="Дороги", ends_on=date(2026, 12, 31))
        vk = vk_source()
        for n in range(3):
            self.post([vk], text=f"Пост {n}", campaign=campaign)
        Post.objects.filter(pk=Post.objects.first().pk).update(state=Post.State.PUBLISHED)
        response = self.client.get("/plan/campaigns/")
        (row,) = response.context["campaigns"]
        self.assertEqual((row.planned, row.published), (2, 1))
        self.assertContains(response, "по 31.12.2026")
        self.assertContains(response, "Тема")

    def test_page_with_goal_and_posts(self) -> None:
        campaign = create_campaign(self.moderator, title="Дороги", goal="<b>Рассказать</b>")
        vk = vk_source()
        soon = self.post([vk], text="Скоро ремонт", campaign=campaign, publish_at=self.future())
        done = self.post(
            [vk],
            text="Ремонт закончен",
            campaign=campaign,
            publish_at=timezone.now() - timedelta(days=2),
        )
        Post.objects.filter(pk=done.pk).update(state=Post.State.PUBLISHED)
        PostChannel.objects.filter(post=done).update(state=PostChannel.State.PUBLISHED)
        response = self.client.get(f"/plan/campaigns/{campaign.slug}/")
        self.assertEqual([p.pk for p in response.context["upcoming"]], [soon.pk])
        self.assertEqual([p.pk for p in response.context["published"]], [done.pk])
        self.assertContains(response, "&lt;b&gt;Рассказать&lt;/b&gt;")
        self.assertContains(response, "Что сделали жители")
        form = self.client.get(f"/plan/new/?campaign={campaign.pk}")
        self.assertContains(form, f'<option value="{campaign.pk}" selected>')

    def test_executor_gets_403(self) -> None:
        create_campaign(self.moderator, title="Дороги", slug="roads")
        self.login(self.executor_a)
        for url in ("/plan/campaigns/roads/", "/plan/campaigns/roads/edit/"):
            self.assertEqual(self.client.get(url).status_code, 403)
        response = self.client.post("/plan/campaigns/new/", {"title": "x", "kind": "theme"})
        self.assertEqual(response.status_code, 403)
        self.assertEqual(Campaign.objects.count(), 1)
