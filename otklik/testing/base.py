"""BaseTestCase with named personas: an administrator, a moderator, executors of two departments,
an analyst and an outsider (a signed-in user with no role's rights)."""

from __future__ import annotations

from datetime import UTC, datetime

from django.test import TestCase

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.sources.models import Source

PASSWORD = "otklik-test-password"


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.territory = Territory.objects.create(code="t-center", name="Центральный")
        cls.territory_b = Territory.objects.create(
            code="t-samus", name="Самусь", kind=Territory.Kind.SETTLEMENT
        )
        cls.dept_a = Department.objects.create(code="dept-a", name="Управление ЖКХ")
        cls.dept_b = Department.objects.create(code="dept-b", name="Управление дорог")
        cls.group = Category.objects.create(code="zhkh", name="ЖКХ")
        cls.category = Category.objects.create(
            code="heating", name="Отопление", parent=cls.group, default_department=cls.dept_a
        )
        cls.admin = cls.persona("admin", Role.ADMIN, superuser=True)
        cls.moderator = cls.persona("moderator", Role.MODERATOR)
        cls.executor_a = cls.persona("executor_a", Role.EXECUTOR, cls.dept_a)
        cls.executor_b = cls.persona("executor_b", Role.EXECUTOR, cls.dept_b)
        cls.analyst = cls.persona("analyst", Role.ANALYST)
        cls.outsider = cls.persona("outsider", Role.EXECUTOR)
        cls.source = Source.objects.create(name="vk-city", kind=Source.Kind.IMPORT, title="ВК")

    @classmethod
    def persona(
        cls,
        username: str,
        role: str,
        department: Department | None = None,
        superuser: bool = False,
    ) -> User:
        return User.objects.create_user(
            username=username,
            password=PASSWORD,
            role=role,
            department=department,
            is_staff=superuser,
            is_superuser=superuser,
        )

    def message(self, text: str = "Нет отопления в доме", **fields: object) -> Message:
        n = Message.objects.count() + 1
        defaults: dict[str, object] = {
            "source": self.source,
            "external_id": f"m{n}",
            "text": text,
            "created_at": datetime(2026, 11, 20, 5, 0, tzinfo=UTC),
        }
        defaults.update(fields)
        return Message.objects.create(**defaults)

    def login(self, user: User) -> None:
        self.client.force_login(user)
