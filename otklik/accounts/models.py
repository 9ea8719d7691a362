"""Staff users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Администратор"
    MODERATOR = "moderator", "Модератор пресс-службы"
    EXECUTOR = "executor", "Исполнитель подразделения"
    ANALYST = "analyst", "Аналитик (только чтение)"


class User(AbstractUser):
    role = models.CharField("роль", max_length=20, choices=Role.choices, default=Role.ANALYST)
    department = models.ForeignKey(
        "cities.Department",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name="подразделение",
    )
    position = models.CharField("должность", max_length=200, blank=True)
    approves_for_mayor = models.BooleanField(
        "может утверждать ответы от имени мэра",
        default=False,
        help_text="Ответы в ветках личных страниц мэра утверждает только такой сотрудник "
        "или администратор.",
    )

    class Meta:
        verbose_name = "сотрудник"
        verbose_name_plural = "сотрудники"

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """«Соколова Анна»: surname first, as staff lists and the audit trail write a person."""
        return " ".join(part for part in (self.last_name.strip(), self.first_name.strip()) if part)

    def get_short_name(self) -> str:
        """The admin's greeting. Not the first name alone: «Добро пожаловать, Системы» is what
        the demo's «Администратор Системы» got (the account's name is not a person's)."""
        return self.get_full_name()

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN or self.is_superuser

    @property
    def is_press_service(self) -> bool:
        return self.is_admin or self.role == Role.MODERATOR

    @property
    def is_executor(self) -> bool:
        return self.role == Role.EXECUTOR and not self.is_superuser

    @property
    def can_write(self) -> bool:
        return self.role != Role.ANALYST or self.is_superuser
