"""The admin in Russian: app sections, model and field names, number agreement, the greeting."""

from __future__ import annotations

from django.contrib import admin
from django.test import SimpleTestCase
from django.urls import reverse

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.testing.base import BaseTestCase
from otklik.words import NOUNS, noun, plural
from tests.visible import visible_text

OUR_APPS = {
    "accounts",
    "cities",
    "sources",
    "inbox",
    "incidents",
    "notify",
    "answers",
    "suggestions",
    "plan",
    "meetings",
}


def cyrillic(text: str) -> bool:
    return text == "e-mail" or any("а" <= c <= "я" or c == "ё" for c in text.lower())


def english_fields(apps: set[str]) -> list[str]:
    found = []
    for model in admin.site._registry:
        opts = model._meta
        if opts.app_label not in apps:
            continue
        for field in opts.get_fields():
            if not field.concrete or field.name == "id" or field.auto_created:
                continue
            if not cyrillic(str(field.verbose_name)):
                found.append(f"{opts.label_lower}.{field.name}")
    return found


class PluralTests(SimpleTestCase):
    def test_russian_number_agreement(self) -> None:
        forms = ("сотрудник", "сотрудника", "сотрудников")
        cases = {0: 2, 1: 0, 2: 1, 4: 1, 5: 2, 11: 2, 12: 2, 14: 2, 21: 0, 22: 1, 25: 2, 111: 2}
        for n, index in cases.items():
            self.assertEqual(plural(n, *forms), forms[index], n)

    def test_every_model_has_russian_names_and_forms(self) -> None:
        for model in admin.site._registry:
            opts = model._meta
            if opts.app_label not in OUR_APPS:
                continue
            label = opts.label_lower
            self.assertTrue(cyrillic(str(opts.app_config.verbose_name)), opts.app_label)
            self.assertIn(label, NOUNS, f"{label}: add its forms to otklik.words.NOUNS")
            forms = NOUNS[label]
            self.assertEqual(forms.one, opts.verbose_name, label)
            self.assertEqual(forms.plural, opts.verbose_name_plural, label)

    def test_every_field_has_a_russian_name(self) -> None:
        self.assertEqual(english_fields(OUR_APPS), [])

    def test_unknown_model_falls_back_to_its_verbose_names(self) -> None:
        forms = noun("x.y", "штука", "штуки")
        self.assertEqual(forms.count(5), "5 штуки")
        self.assertEqual(forms.accusative, "штука")


class AdminPagesTests(BaseTestCase):
    def setUp(self) -> None:
        self.admin.last_name, self.admin.first_name = "Администратор", "Системы"
        self.admin.save()
        self.login(self.admin)

    def page(self, url: str) -> str:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return visible_text(response.content.decode())

    def test_index_has_russian_sections_and_the_right_greeting(self) -> None:
        html = self.client.get(reverse("admin:index")).content.decode()
        self.assertIn('lang="ru"', html)
        text = visible_text(html)
        for section in (
            "Сотрудники",
            "Справочники города",
            "Каналы",
            "Входящие сообщения",
            "Инциденты",
            "Уведомления сотрудникам",
            "Ответы",
            "Автоматический разбор",
        ):
            self.assertIn(section, text)
        for english in ("Accounts", "Cities", "Inbox", "Incidents", "Suggestions", "Sources"):
            self.assertNotIn(english, text)
        self.assertIn("Добро пожаловать, Администратор Системы", text)
        self.assertNotIn("Добро пожаловать, Системы", text)
        self.assertNotIn("Группы", text)  # roles give the rights, not Django's groups

    def test_user_changelist_agrees_in_number_and_case(self) -> None:
        text = self.page(reverse("admin:accounts_user_changelist"))
        self.assertIn("Выберите сотрудника для изменения", text)
        self.assertIn("Добавить сотрудника", text)
        self.assertIn("6 сотрудников", text)  # the six personas
        self.assertIn("Удалить отмеченные", text)
        for wrong in ("Выберите сотрудник ", "Добавить сотрудник ", "сотрудники Фильтр"):
            self.assertNotIn(wrong, text)
        for column in ("Роль", "Подразделение"):
            self.assertIn(column, text)
        self.assertNotIn("ROLE", text.upper().replace("РОЛЬ", ""))

    def test_counts_of_two_to_four(self) -> None:
        text = self.page(reverse("admin:cities_territory_changelist"))
        self.assertIn("2 территории", text)
        self.assertIn("Выберите территорию для изменения", text)
        Territory.objects.create(code="t-3", name="Третья")
        Territory.objects.create(code="t-4", name="Четвёртая")
        Territory.objects.create(code="t-5", name="Пятая")
        self.assertIn("5 территорий", self.page(reverse("admin:cities_territory_changelist")))
        self.assertIn("0 сообщений", self.page(reverse("admin:inbox_message_changelist")))

    def test_change_and_add_forms_name_the_model_in_the_accusative(self) -> None:
        text = self.page(reverse("admin:accounts_user_change", args=[self.moderator.pk]))
        self.assertIn("Изменить сотрудника", text)
        self.assertNotIn("Can add", text)  # Django's permission names are English
        text = self.page(reverse("admin:cities_territory_add"))
        self.assertIn("Добавить территорию", text)
        self.assertIn("Название", text)
        self.assertIn("Входит в", text)

    def test_bulk_delete_reports_a_russian_count(self) -> None:
        ids = [str(Territory.objects.create(code=f"x-{i}", name=f"Т{i}").pk) for i in range(3)]
        response = self.client.post(
            reverse("admin:cities_territory_changelist"),
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
            follow=True,
        )
        self.assertIn("Удалено: 3 территории", visible_text(response.content.decode()))
        self.assertFalse(Territory.objects.filter(pk__in=ids).exists())

    def test_short_name_is_the_full_name_surname_first(self) -> None:
        user = User(first_name="Анна", last_name="Соколова")
        self.assertEqual(user.get_full_name(), "Соколова Анна")
        self.assertEqual(user.get_short_name(), "Соколова Анна")
        self.assertEqual(User(first_name="Робот").get_full_name(), "Робот")

    def test_every_changelist_and_add_page_renders_in_the_accusative(self) -> None:
        for model, model_admin in admin.site._registry.items():
            opts = model._meta
            forms = NOUNS.get(opts.label_lower)
            text = self.page(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
            if forms is None:
                continue
            self.assertIn(forms.accusative, text, opts.label_lower)
            if forms.accusative != forms.one:
                self.assertNotIn(f"Выберите {forms.one} ", text, opts.label_lower)
            if model_admin.has_add_permission(type("R", (), {"user": self.admin})()):
                text = self.page(reverse(f"admin:{opts.app_label}_{opts.model_name}_add"))
                self.assertIn(f"Добавить {forms.accusative}", text, opts.label_lower)

    def test_delete_pages_name_the_object_in_the_accusative(self) -> None:
        text = self.page(reverse("admin:accounts_user_delete", args=[self.moderator.pk]))
        self.assertIn("Удалить сотрудника «moderator»?", text)
        self.assertNotIn("удалить сотрудник ", text)
        response = self.client.post(
            reverse("admin:accounts_user_changelist"),
            {
                "action": "delete_selected",
                "_selected_action": [self.analyst.pk, self.outsider.pk, self.executor_b.pk],
            },
        )
        text = visible_text(response.content.decode())
        self.assertIn("Удалить отмеченное: 3 сотрудника?", text)
        self.assertNotIn("выбранные сотрудники", text)
