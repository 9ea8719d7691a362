"""The buttons on a post's card: «Отправить на согласование», «Утвердить», «Повторить».

A refusal by the actions (a length rule, the Mayor's right) comes back as a message on the card;
someone outside the press service gets the 403 page before any of them runs.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.plan import actions
from otklik.plan.models import Post, PostChannel


def _act(request: HttpRequest, post_id: int, run: Callable[[], str]) -> HttpResponse:
    try:
        flash.success(request, run())
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
    except PermissionDenied as exc:
        flash.error(request, str(exc) or "Нет прав на это действие")
    return redirect("plan-post", pk=post_id)


@require_POST
@require(actions.can_plan)
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)

    def run() -> str:
        actions.submit(request.user, post)  # type: ignore[arg-type]
        return "Пост отправлен на согласование"

    return _act(request, post.pk, run)


@require_POST
@require(actions.can_plan)
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)

    def run() -> str:
        actions.approve(request.user, post)  # type: ignore[arg-type]
        return "Пост утверждён и выйдет в назначенное время"

    return _act(request, post.pk, run)


@require_POST
@require(actions.can_plan)
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    channel = get_object_or_404(PostChannel.objects.select_related("post", "source"), pk=pk)

    def run() -> str:
        actions.retry_channel(request.user, channel)  # type: ignore[arg-type]
        return f"Публикация в «{channel.source}» поставлена в очередь повторно"

    return _act(request, channel.post_id, run)
