"""Personal API tokens: each acts with exactly its user's role and department scope.

Only a digest is stored (SHA-256 of the token: the token is 32 random bytes, so a plain hash is
enough, and lookups stay one indexed equality); the token itself is shown once, when created.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.CASCADE,
        related_name="api_tokens",
        verbose_name="сотрудник",
    )
    name = models.CharField("название", max_length=100, blank=True)
    prefix = models.CharField("начало токена", max_length=12)
    digest = models.CharField("отпечаток", max_length=64, unique=True)
    created_at = models.DateTimeField("создан", default=timezone.now)
    last_used_at = models.DateTimeField("последнее использование", null=True, blank=True)
    revoked_at = models.DateTimeField("отозван", null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "токен API"
        verbose_name_plural = "токены API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


from otklik.api.webhooks.models import *  # noqa: E402, F403
