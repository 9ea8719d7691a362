"""otklik createuser USERNAME --role ROLE [--department CODE] [--password P]."""

from __future__ import annotations

import getpass
from typing import Any

from django.core.management.base import CommandError, CommandParser

from otklik.accounts.actions import create_user
from otklik.accounts.models import Role
from otklik.cities.models import Department
from otklik.command import OtklikCommand


class Command(OtklikCommand):
    help = (
        "Создать учётную запись сотрудника. Роли: admin (всё), moderator (пресс-служба: "
        "входящие, маршрутизация, согласование), executor (инциденты одного подразделения; "
        "нужен --department), analyst (только чтение). Без --password пароль спросят."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", metavar="ЛОГИН", help="логин")
        parser.add_argument("--role", choices=Role.values, required=True, help="роль")
        parser.add_argument("--department", help="код подразделения (для исполнителя обязателен)")
        parser.add_argument("--password", help="пароль (лучше ввести по запросу)")
        parser.add_argument("--name", default="", help="фамилия и имя, например «Иванова Мария»")
        parser.add_argument("--email", default="", help="адрес e-mail для уведомлений")

    def handle(self, *args: Any, **options: Any) -> None:
        department = None
        if options["department"]:
            department = Department.objects.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(f"Нет подразделения с кодом {options['department']!r}")
        password = options["password"] or getpass.getpass("Пароль: ")
        try:
            user = create_user(
                options["username"],
                password,
                role=options["role"],
                department=department,
                full_name=options["name"],
                email=options["email"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Создан пользователь {user.username} ({user.get_role_display()})")
