"""Saved views of the inbox and the incident list: save, share, rename, delete; built-ins."""

from __future__ import annotations

from otklik.desk.models import SavedView
from otklik.desk.tabs import same_query, tabs
from otklik.incidents import actions as incident_actions
from otklik.testing.base import BaseTestCase


class SavedViewTests(BaseTestCase):
    def save(self, **fields: str) -> object:
        data = {"list": "incidents", "name": "Срочные", "query": "state=open&priority=high"}
        return self.client.post("/views/save/", data | fields)

    def test_save_and_see_the_tab_above_the_list(self) -> None:
        self.login(self.moderator)
        response = self.save()
        self.assertRedirects(response, "/incidents/?state=open&priority=high")
        page = self.client.get("/incidents/?state=open&priority=high").content.decode()
        self.assertIn("Срочные", page)
        self.assertIn("Сохранить вид", page)
        active = [t.name for t in tabs(self.moderator, "incidents", "priority=high&state=open")]
        self.assertIn("Ждут согласования", active)

    def test_a_shared_view_reaches_the_department_only(self) -> None:
        self.login(self.executor_a)
        self.save(name="Дворы", shared="1")
        colleague = self.persona("executor_a2", "executor", self.dept_a)
        names = [t.name for t in tabs(colleague, "incidents", "")]
        self.assertIn("Дворы", names)
        self.assertNotIn("Дворы", [t.name for t in tabs(self.executor_b, "incidents", "")])
        self.assertIn("Мои", names)

    def test_rename_and_delete_own_views_only(self) -> None:
        self.login(self.executor_a)
        self.save(shared="1")
        view = SavedView.objects.get()
        self.login(self.persona("executor_a2", "executor", self.dept_a))
        self.assertEqual(self.client.post(f"/views/{view.pk}/", {"delete": "1"}).status_code, 404)
        self.login(self.executor_a)
        self.client.post(f"/views/{view.pk}/", {"name": "  Очень   срочные "})
        view.refresh_from_db()
        self.assertEqual(view.name, "Очень срочные")
        self.client.post(f"/views/{view.pk}/", {"delete": "1"})
        self.assertFalse(SavedView.objects.exists())

    def test_an_empty_name_is_refused(self) -> None:
        self.login(self.moderator)
        self.save(name="   ")
        self.assertFalse(SavedView.objects.exists())

    def test_the_executors_mine_lists_his_incidents_by_deadline(self) -> None:
        mine = incident_actions.create_incident(
            self.moderator, [self.message()], title="Моё", department=self.dept_a
        )
        incident_actions.assign(self.moderator, mine, self.dept_a, self.executor_a)
        incident_actions.create_incident(
            self.moderator, [self.message("Другое")], title="Чужое", department=self.dept_a
        )
        self.login(self.executor_a)
        page = self.client.get("/incidents/?state=open&mine=1")
        self.assertEqual([i.title for i in page.context["page"]], ["Моё"])

    def test_same_query_ignores_order_and_page(self) -> None:
        self.assertTrue(same_query("a=1&state=open", "state=open&page=2&a=1"))
        self.assertFalse(same_query("state=open", "state=overdue"))

    def test_the_inbox_shows_its_tabs(self) -> None:
        self.login(self.moderator)
        self.client.post("/views/save/", {"list": "inbox", "name": "ВК", "query": "status=new"})
        page = self.client.get("/inbox/").content.decode()
        self.assertIn('aria-current="page">Новые</a>', page)
        self.assertIn(">ВК</a>", page)
