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
        "Create a staff account. Roles: admin (everything), moderator (press service: inbox, "
        "routing, approval), executor (one department's incidents; needs --department), "
        "analyst (read-only). Without --password you are asked for one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=Role.values, required=True)
        parser.add_argument("--department", help="department code (required for executors)")
        parser.add_argument("--password", help="password (prefer the prompt)")
        parser.add_argument("--name", default="", help="full name, e.g. «Иванова Мария»")
        parser.add_argument("--email", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        department = None
        if options["department"]:
            department = Department.objects.filter(code=options["department"]).first()
            if department is None:
                raise CommandError(f"No department with code {options['department']!r}")
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
