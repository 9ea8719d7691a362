"""Editing a meeting: the form filled in the city's time, the action's rules, who may edit."""

from __future__ import annotations

from otklik.meetings.models import Meeting
from otklik.meetings.tests.helpers import MeetingsTestCase

XSS = "<script>alert(1)</script>"


class EditTests(MeetingsTestCase):
    def url(self, meeting: Meeting) -> str:
        return f"/meetings/{meeting.pk}/edit/"

    def test_the_form_shows_the_meeting_in_the_citys_time_and_saves_it(self) -> None:
        meeting = self.meeting(agenda="Отопление")
        self.login(self.moderator)
        form = self.client.get(self.url(meeting))
        self.assertContains(form, 'value="2026-11-30T10:00"')  # 03:00 UTC in Seversk
        self.assertContains(form, "ДК «Русь»")
        card = self.client.get(f"/meetings/{meeting.pk}/")
        self.assertContains(card, self.url(meeting))
        response = self.client.post(
            self.url(meeting),
            {
                "territory": self.territory_b.pk,
                "starts_at": "2026-12-10T18:30",
                "place": XSS,
                "participants": "Мэр",
                "agenda": "Дороги",
            },
        )
        self.assertRedirects(response, f"/meetings/{meeting.pk}/")
        meeting.refresh_from_db()
        self.assertEqual(meeting.territory, self.territory_b)
        self.assertEqual(meeting.starts_at.isoformat(), "2026-12-10T11:30:00+00:00")
        self.assertEqual((meeting.place, meeting.agenda), (XSS, "Дороги"))
        page = self.client.get(self.url(meeting))
        self.assertNotContains(page, XSS)
        self.assertContains(page, "&lt;script&gt;")

    def test_an_invalid_form_keeps_the_meeting(self) -> None:
        meeting = self.meeting()
        self.login(self.moderator)
        response = self.client.post(self.url(meeting), {"territory": "", "starts_at": "завтра"})
        self.assertEqual(response.status_code, 200)
        meeting.refresh_from_db()
        self.assertEqual(meeting.territory, self.territory)

    def test_published_results_cannot_be_edited(self) -> None:
        meeting = self.meeting()
        Meeting.objects.filter(pk=meeting.pk).update(state=Meeting.State.RESULTS_PUBLISHED)
        self.login(self.moderator)
        self.assertNotContains(self.client.get(f"/meetings/{meeting.pk}/"), self.url(meeting))
        data = {"territory": self.territory.pk, "starts_at": "2026-12-10T18:30"}
        response = self.client.post(self.url(meeting), data)
        self.assertContains(response, "Итоги встречи опубликованы")
        meeting.refresh_from_db()
        self.assertEqual(meeting.starts_at.isoformat(), "2026-11-30T03:00:00+00:00")

    def test_only_the_press_service_edits(self) -> None:
        meeting = self.meeting()
        for user in (self.analyst, self.executor_a, self.outsider):
            self.login(user)
            self.assertEqual(self.client.get(self.url(meeting)).status_code, 403, user.username)
            data = {"territory": self.territory_b.pk, "starts_at": "2026-12-10T18:30"}
            self.assertEqual(self.client.post(self.url(meeting), data).status_code, 403)
        self.login(self.analyst)
        self.assertNotContains(self.client.get(f"/meetings/{meeting.pk}/"), self.url(meeting))
        meeting.refresh_from_db()
        self.assertEqual(meeting.territory, self.territory)
