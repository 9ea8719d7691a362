"""The post's history (PostEvent): one line per change, written inside the caller's transaction."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from otklik.plan.models import Post, PostEvent


def record(
    post: Post | int, kind: str, actor: AbstractBaseUser | None = None, text: str = ""
) -> None:
    post_id = post if isinstance(post, int) else post.pk
    PostEvent.objects.create(post_id=post_id, kind=kind, actor=actor, text=text[:2000])


def moved_text(before: datetime, after: datetime) -> str:
    """«с 01.12.2026 10:00 на 02.12.2026 12:30», in the city's time zone."""

    def shown(moment: datetime) -> str:
        return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")

    return f"с {shown(before)} на {shown(after)}"
