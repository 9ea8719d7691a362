"""otklik token create USERNAME [--name LABEL] | list [USERNAME] | revoke ID."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError, CommandParser
from django.utils import timezone

from otklik.accounts.models import User
from otklik.api.models import ApiToken
from otklik.api.tokens import create_token, revoke_token
from otklik.command import OtklikCommand


class Command(OtklikCommand):
    help = (
        "Личные токены API: create печатает новый токен (он показывается один раз и хранится "
        "только отпечатком), list перечисляет токены, revoke отзывает токен по номеру. Токен "
        "действует с ролью и подразделением своего сотрудника."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True, title="действия")
        create = sub.add_parser("create", help="выпустить токен сотруднику")
        create.add_argument("username", help="логин сотрудника")
        create.add_argument("--name", default="", help="подпись токена (для чего он)")
        listing = sub.add_parser("list", help="перечислить токены")
        listing.add_argument("username", nargs="?", help="только этого сотрудника")
        revoke = sub.add_parser("revoke", help="отозвать токен")
        revoke.add_argument("id", type=int, help="номер токена (из list)")

    def handle(self, *args: Any, **options: Any) -> None:
        getattr(self, f"_{options['action']}")(options)

    def _create(self, options: dict[str, Any]) -> None:
        user = _user(options["username"])
        try:
            token, raw = create_token(user, options["name"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stderr.write(
            f"Токен №{token.pk} для {user.username}: сохраните его, больше он не покажется"
        )
        self.stdout.write(raw)

    def _list(self, options: dict[str, Any]) -> None:
        tokens = ApiToken.objects.select_related("user")
        if options["username"]:
            tokens = tokens.filter(user=_user(options["username"]))
        for token in tokens:
            state = "отозван" if token.revoked_at else "действует"
            used = (
                timezone.localtime(token.last_used_at).strftime("%d.%m.%Y %H:%M")
                if token.last_used_at
                else "не использовался"
            )
            self.stdout.write(
                f"{token.pk}\t{token.user.username}\t{token.prefix}…\t{token.name}\t{state}\t{used}"
            )

    def _revoke(self, options: dict[str, Any]) -> None:
        token = ApiToken.objects.filter(pk=options["id"]).select_related("user").first()
        if token is None:
            raise CommandError(f"Токена №{options['id']} нет")
        admin = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
        revoke_token(admin or token.user, token)
        self.stdout.write(f"Токен №{token.pk} отозван")


def _user(username: str) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"Сотрудника с логином «{username}» нет")
    return user
