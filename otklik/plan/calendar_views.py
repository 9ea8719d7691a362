"""The content plan's calendar: the month, the week, moving a post, the channels' norms.

Press service only (can_plan); every change goes through otklik.plan.actions.schedule.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from otklik.accounts.permissions import require
from otklik.incidents.deadlines import city_calendar
from otklik.plan import calendar
from otklik.plan.actions import can_plan
from otklik.plan.actions.schedule import (
    DEFAULT_WEEKLY_POSTS,
    MAX_WEEKLY_POSTS,
    reschedule,
    set_norm,
)
from otklik.plan.models import ChannelNorm, Post
from otklik.sources.models import Source

NOT_PRESS = "План публикаций ведёт пресс-служба"


class MoveForm(forms.Form):
    post = forms.IntegerField(label="пост", min_value=1)
    date = forms.DateField(label="дата", input_formats=["%Y-%m-%d"])
    time = forms.TimeField(label="время", required=False, input_formats=["%H:%M"])


class NormForm(forms.Form):
    category = forms.ChoiceField(label="категория", choices=ChannelNorm.Category.choices)
    weekly_posts = forms.IntegerField(
        label="постов в неделю", required=False, min_value=0, max_value=MAX_WEEKLY_POSTS
    )


def _today() -> date:
    return timezone.now().astimezone(calendar.city_tz()).date()


def _month_param(value: str) -> tuple[int, int]:
    try:
        year, month = (int(part) for part in value.split("-"))
        date(year, month, 1)
    except ValueError:
        today = _today()
        return today.year, today.month
    return year, month


def _date_param(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return _today()


def _common() -> dict[str, Any]:
    return {"move_form": MoveForm(), "today": _today()}


@require(can_plan)
def month(request: HttpRequest) -> HttpResponse:
    year, number = _month_param(request.GET.get("month", ""))
    first, last = calendar.month_span(year, number)
    tz = calendar.city_tz()
    chips = calendar.chips_between(first, last, tz)
    grid = calendar.month_grid(year, number, chips, city_calendar().is_working_day, _today())
    return render(
        request,
        "plan/calendar_month.html",
        {
            "month": grid,
            "weekdays": calendar.WEEKDAYS,
            "norms": calendar.load_norms(grid.mondays, tz),
            "movable": [c for c in chips if c.movable],
            "overload": calendar.OVERLOAD,
            **_common(),
        },
    )


@require(can_plan)
def week(request: HttpRequest) -> HttpResponse:
    start = calendar.monday(_date_param(request.GET.get("start", "")))
    tz = calendar.city_tz()
    chips = calendar.chips_between(start, start + timedelta(days=6), tz)
    grid = calendar.week_grid(start, chips, city_calendar().is_working_day, _today())
    return render(
        request,
        "plan/calendar_week.html",
        {
            "week": grid,
            "month_key": f"{start.year:04d}-{start.month:02d}",
            "norms": calendar.load_norms([start], tz),
            "movable": [c for c in chips if c.movable],
            "overload": calendar.OVERLOAD,
            **_common(),
        },
    )


# Moving a post.


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _refuse(request: HttpRequest, text: str, status: int) -> HttpResponse:
    if _wants_json(request):
        return JsonResponse({"ok": False, "error": text}, status=status)
    if status == 403:
        raise PermissionDenied(text)
    flash.error(request, text)
    return redirect(_back(request, None))


def _back(request: HttpRequest, day: date | None) -> str:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(wanted, {request.get_host()}):
        return wanted
    query = f"?month={day:%Y-%m}" if day else ""
    return reverse("plan-calendar") + query


def _errors(form: forms.Form) -> str:
    return "; ".join(" ".join(v) for v in form.errors.values()) or "Проверьте поля формы"


@require_POST
@login_required
def move(request: HttpRequest) -> HttpResponse:
    """A post to another day (its time of day kept) or another day and time: JSON for the
    calendar's script, a redirect with a notice for the plain form."""
    if not can_plan(request.user):  # type: ignore[arg-type]
        return _refuse(request, NOT_PRESS, 403)
    form = MoveForm(request.POST)
    if not form.is_valid():
        return _refuse(request, _errors(form), 400)
    post = Post.objects.filter(pk=form.cleaned_data["post"]).first()
    if post is None:
        return _refuse(request, "Пост не найден", 404)
    tz = calendar.city_tz()
    at: time | None = form.cleaned_data["time"]
    publish_at = calendar.moved(post.publish_at, form.cleaned_data["date"], at, tz)
    try:
        reschedule(request.user, post, publish_at)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _refuse(request, "; ".join(exc.messages), 400)
    except PermissionDenied as exc:
        return _refuse(request, str(exc) or NOT_PRESS, 403)
    return _moved(request, post, tz)


def _moved(request: HttpRequest, post: Post, tz: Any) -> HttpResponse:
    local: datetime = post.publish_at.astimezone(tz)
    notice = f"Перенесено на {calendar.spoken(post.publish_at, tz)}"
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "id": post.pk,
                "date": local.date().isoformat(),
                "time": f"{local:%H:%M}",
                "message": notice,
            }
        )
    flash.success(request, notice)
    return redirect(_back(request, local.date()))


# Norms.


@require(can_plan)
def norms(request: HttpRequest) -> HttpResponse:
    start = calendar.monday(_date_param(request.GET.get("start", "")))
    if request.method == "POST":
        return _save_norm(request, start)
    return render(
        request,
        "plan/calendar_norms.html",
        {
            "rows": calendar.load_norms([start], calendar.city_tz()),
            "start": start,
            "end": start + timedelta(days=6),
            "previous": start - timedelta(days=7),
            "next": start + timedelta(days=7),
            "categories": ChannelNorm.Category.choices,
            "defaults": [
                (label, DEFAULT_WEEKLY_POSTS[value])
                for value, label in ChannelNorm.Category.choices
            ],
            "max_weekly": MAX_WEEKLY_POSTS,
        },
    )


def _save_norm(request: HttpRequest, start: date) -> HttpResponse:
    source = get_object_or_404(Source, pk=request.POST.get("source") or 0)
    form = NormForm(request.POST)
    if not form.is_valid():
        flash.error(request, f"«{source}»: {_errors(form)}")
    else:
        try:
            norm = set_norm(
                request.user,  # type: ignore[arg-type]
                source,
                form.cleaned_data["category"],
                form.cleaned_data["weekly_posts"],
            )
        except ValidationError as exc:
            flash.error(request, "; ".join(exc.messages))
        else:
            flash.success(
                request,
                f"«{source}»: {norm.get_category_display().lower()}, {norm.weekly_posts} в неделю",
            )
    return redirect(f"{reverse('plan-calendar-norms')}?start={start.isoformat()}")
