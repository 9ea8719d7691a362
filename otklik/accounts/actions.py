"""The only writers of staff accounts."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

from otklik.accounts.models import Role, User
from otklik.cities.models import Department


def create_user(
    username: str,
    password: str,
    *,
    role: str,
    department: Department | None = None,
    full_name: str = "",
    email: str = "",
    validate: bool = True,
) -> User:
    if role not in Role.values:
        raise ValueError(f"Неизвестная роль {role!r}")
    if role == Role.EXECUTOR and department is None:
        raise ValueError("Исполнителю нужно подразделение (--department КОД)")
    if User.objects.filter(username=username).exists():
        raise ValueError(f"Пользователь {username!r} уже есть")
    if validate:
        try:
            validate_password(password)
        except ValidationError as exc:
            raise ValueError(" ".join(exc.messages)) from exc
    first, _, last = full_name.partition(" ")
    is_admin = role == Role.ADMIN
    return User.objects.create_user(
        username=username,
        password=password,
        email=email,
        role=role,
        department=department,
        first_name=last,
        last_name=first,
        is_staff=is_admin,
        is_superuser=is_admin,
    )


def system_user(username: str, display_name: str, role: str = Role.MODERATOR) -> User:
    """A service account that acts on its own (automatic routing): it can never sign in."""
    user, created = User.objects.get_or_create(
        username=username, defaults={"role": role, "first_name": display_name}
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user
