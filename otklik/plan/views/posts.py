"""«План публикаций»: the list of posts, a post's card and its form."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from otklik.accounts.models import User
from otklik.accounts.permissions import can_approve_for_mayor, require
from otklik.plan import actions
from otklik.plan.forms import PostFilterForm, PostForm
from otklik.plan.models import Post, PostChannel

PAGE_SIZE = 30
#: The post's states that wait for approval: the card lists what still keeps them from it.
WAITING = {Post.State.DRAFT, Post.State.ON_APPROVAL}


def with_channels(qs: QuerySet[Post]) -> QuerySet[Post]:
    return qs.select_related("campaign").prefetch_related(
        Prefetch("channels", queryset=PostChannel.objects.select_related("source"))
    )


def filtered_posts(form: PostFilterForm) -> QuerySet[Post]:
    """The posts the filters ask for, newest publication time first, channels prefetched."""
    qs = Post.objects.all()
    data = form.cleaned_data if form.is_valid() else {}
    if data.get("state"):
        qs = qs.filter(state=data["state"])
    if data.get("campaign"):
        qs = qs.filter(campaign=data["campaign"])
    if data.get("channel"):
        qs = qs.filter(channels__source=data["channel"])
    start, end = form.period() if data else (None, None)
    if start:
        qs = qs.filter(publish_at__gte=start)
    if end:
        qs = qs.filter(publish_at__lt=end)
    if data.get("q", "").strip():
        # iregex, not icontains: SQLite's LIKE folds only Latin case, and posts are Russian.
        found = re.escape(data["q"].strip())
        qs = qs.filter(Q(title__iregex=found) | Q(text__iregex=found))
    return with_channels(qs).order_by("-publish_at", "-id")


@require(actions.can_plan)
def post_list(request: HttpRequest) -> HttpResponse:
    form = PostFilterForm(request.GET)
    page = Paginator(filtered_posts(form), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "plan/list.html", context)


def editable(post: Post, channels: list[PostChannel]) -> bool:
    """What actions.update_post accepts: not yet published anywhere."""
    return post.state in actions.EDITABLE and all(
        c.state == PostChannel.State.PENDING for c in channels
    )


@require(actions.can_plan)
def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(
        Post.objects.select_related("campaign", "created_by", "approved_by"), pk=pk
    )
    channels = list(post.channels.select_related("source"))
    user: User = request.user  # type: ignore[assignment]
    mayor = [c.source for c in channels if c.source.is_mayor_page]
    context: dict[str, Any] = {
        "post": post,
        "channels": channels,
        "events": post.events.select_related("actor"),
        "can_edit": editable(post, channels),
        "can_submit": post.state == Post.State.DRAFT,
        "can_approve": post.state in WAITING and (not mayor or can_approve_for_mayor(user)),
        "mayor_rule": actions.MAYOR_RULE.format(pages=", ".join(f"«{p}»" for p in mayor))
        if mayor
        else "",
        "problems": actions.post_errors(post) if post.state in WAITING else [],
    }
    return render(request, "plan/post.html", context)


@require(actions.can_plan)
def post_new(request: HttpRequest) -> HttpResponse:
    form = PostForm(request.POST or None, request.FILES or None)
    if not form.is_bound and request.GET.get("campaign", "").isdigit():
        form.initial["campaign"] = int(request.GET["campaign"])  # «Новый пост» of a campaign
    if request.method == "POST" and form.is_valid():
        try:
            post = actions.create_post(request.user, **form.post_fields())  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _after_save(request, post)
    return render(request, "plan/form.html", {"form": form, "post": None})


@require(actions.can_plan)
def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if not editable(post, list(post.channels.all())):
        flash.error(request, "Пост уже публикуется или опубликован: менять его нельзя")
        return redirect("plan-post", pk=post.pk)
    form = PostForm(request.POST or None, request.FILES or None, post=post)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_post(request.user, post, **form.post_fields())  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return _after_save(request, post)
    return render(request, "plan/form.html", {"form": form, "post": post})


def _after_save(request: HttpRequest, post: Post) -> HttpResponse:
    """«Сохранить черновик» stops here; «Отправить на согласование» also submits a draft."""
    if request.POST.get("then") != "submit":
        flash.success(request, "Пост сохранён")
    elif post.state != Post.State.DRAFT:
        flash.info(request, f"Пост сохранён; он уже в состоянии «{post.get_state_display()}»")
    else:
        try:
            actions.submit(request.user, post)  # type: ignore[arg-type]
        except ValidationError as exc:
            flash.error(
                request,
                "Пост сохранён, но не отправлен на согласование: " + "; ".join(exc.messages),
            )
        else:
            flash.success(request, "Пост сохранён и отправлен на согласование")
    return redirect("plan-post", pk=post.pk)
