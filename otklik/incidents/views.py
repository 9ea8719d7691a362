"""Incident list and card; every change goes through otklik.incidents.actions."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_edit_incident, can_triage, require, scope_incidents
from otklik.incidents import actions
from otklik.incidents.card import card_context, scoped_incident
from otklik.incidents.forms import (
    AssignForm,
    BulkForm,
    CommentForm,
    DetailsForm,
    IncidentFilterForm,
    MergeForm,
    SplitForm,
    StatusForm,
)
from otklik.incidents.models import Incident
from otklik.incidents.queries import incident_search, listed_incidents
from otklik.incidents.states import Resolution, Status
from otklik.keyset import paginate

PAGE_SIZE = 50


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "state" not in data:
        data["state"] = "open"
    user: User = request.user  # type: ignore[assignment]
    form = IncidentFilterForm(data, user=user)
    filters = form.cleaned_data if form.is_valid() else {"state": "open"}
    qs = listed_incidents(user, filters)
    if data.get("mine") == "1":
        qs = assigned_to(qs, user)
    page = paginate(qs, PAGE_SIZE, data, search=incident_search(filters))
    query = data.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "bulk_form": BulkForm(user=user) if user.can_write else None,
    }
    return render(request, "incidents/list.html", context)


def assigned_to(qs: QuerySet[Incident], user: User) -> QuerySet[Incident]:
    """The executor's «Мои» (?mine=1): assigned to him, the nearest final deadline first."""
    due = F("final_answer_due").asc(nulls_last=True)
    return qs.filter(assignee=user).order_by(due, "id")


def _incident(request: HttpRequest, pk: int) -> Incident:
    return scoped_incident(request.user, pk)  # type: ignore[arg-type]


@login_required
def incident_detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = _incident(request, pk)
    user: User = request.user  # type: ignore[assignment]
    return render(request, "incidents/detail.html", card_context(user, incident))


def _act(
    request: HttpRequest,
    pk: int,
    form_class: type,
    run: Callable[[User, Incident, dict], str],
    **form_kwargs: object,
) -> HttpResponse:
    incident = _incident(request, pk)
    user: User = request.user  # type: ignore[assignment]
    if not can_edit_incident(user, incident):
        raise PermissionDenied
    if form_kwargs.pop("with_incident", False):
        form_kwargs["incident"] = incident
    form = form_class(request.POST, **form_kwargs)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[k].label if k in form.fields else k}: {' '.join(v)}"
            for k, v in form.errors.items()
        )
        flash.error(request, errors or "Проверьте поля формы")
        return redirect("incident-detail", pk=pk)
    try:
        flash.success(request, run(user, incident, form.cleaned_data))
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("incident-detail", pk=pk)


@require_POST
@login_required
def assign(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        department = data["department"] if can_triage(user) else incident.department
        actions.assign(user, incident, department, data["assignee"], data["comment"])
        return "Назначение сохранено"

    return _act(request, pk, AssignForm, run)


@require_POST
@login_required
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        actions.change_status(
            user, incident, data["status"], data["comment"], data["resolution"], data["no_answer"]
        )
        return f"Статус: {incident.get_status_display()}"

    return _act(request, pk, StatusForm, run)


@require_POST
@login_required
def update_details(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        comment = data.pop("comment")
        actions.update_details(user, incident, comment, **data)
        return "Изменения сохранены"

    formal_appeal = can_triage(request.user)  # type: ignore[arg-type]
    return _act(request, pk, DetailsForm, run, formal_appeal=formal_appeal)


@require_POST
@require(can_triage)
def mark_public(request: HttpRequest, pk: int) -> HttpResponse:
    """The press service's toggle: an example of a solved problem on /open/, or not."""
    incident = _incident(request, pk)
    public = request.POST.get("public") == "1"
    try:
        actions.mark_public(request.user, incident, public)  # type: ignore[arg-type]
    except PermissionDenied as exc:
        flash.error(request, str(exc))
    else:
        flash.success(
            request, "Показан на открытой странице" if public else "Снят с открытой страницы"
        )
    return redirect("incident-detail", pk=pk)


@require_POST
@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        actions.add_comment(user, incident, data["comment"])
        return "Комментарий добавлен"

    return _act(request, pk, CommentForm, run)


@require_POST
@require(can_triage)
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        others = list(scope_incidents(user, Incident.objects.filter(pk__in=data["others"])))
        missing = set(data["others"]) - {o.pk for o in others}
        if missing:
            raise ValidationError(f"Не найдены: {', '.join(f'#{n}' for n in sorted(missing))}")
        actions.merge_incidents(user, incident, others, data["comment"])
        return f"Присоединено инцидентов: {len([o for o in others if o.pk != incident.pk])}"

    return _act(request, pk, MergeForm, run)


@require_POST
@require(can_triage)
def split(request: HttpRequest, pk: int) -> HttpResponse:
    def run(user: User, incident: Incident, data: dict) -> str:
        new = actions.split_incident(
            user,
            incident,
            list(data["messages"]),
            title=data["title"],
            department=data["department"],
            comment=data["comment"],
        )
        return f"Сообщения выделены в инцидент #{new.pk}"

    return _act(request, pk, SplitForm, run, with_incident=True)


@require_POST
@require(can_triage)
def detach(request: HttpRequest, pk: int) -> HttpResponse:
    """Ticked reports that are not this problem go back to the inbox."""

    def run(user: User, incident: Incident, data: dict) -> str:
        chosen = list(data["messages"])
        for message in chosen:
            actions.detach_message(user, incident, message, data["comment"])
        return f"Возвращено во входящие: {len(chosen)}"

    return _act(request, pk, SplitForm, run, with_incident=True)


@require_POST
@login_required
def bulk(request: HttpRequest) -> HttpResponse:
    """Assign, close as spam or merge the ticked incidents; each one's rights are checked."""
    user: User = request.user  # type: ignore[assignment]
    back = request.POST.get("next") or ""
    back = back if back.startswith("/") and not back.startswith("//") else "/incidents/"
    ids = [int(i) for i in request.POST.getlist("incidents") if i.isdigit()]
    chosen = list(scope_incidents(user, Incident.objects.filter(pk__in=ids)).order_by("pk"))
    form = BulkForm(request.POST, user=user)
    if not chosen or not form.is_valid():
        flash.error(request, "Выберите инциденты и действие" if form.is_valid() else _errors(form))
        return redirect(back)
    try:
        done, skipped = _run_bulk(user, form.cleaned_data, chosen)
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(back)
    flash.success(request, f"Выполнено: {done}")
    if skipped:
        flash.warning(request, "Пропущены: " + "; ".join(skipped))
    return redirect(back)


def _run_bulk(user: User, data: dict, chosen: list[Incident]) -> tuple[int, list[str]]:
    if data["action"] == "merge":
        target_pk = data["target"] or min(i.pk for i in chosen)
        target = scope_incidents(user, Incident.objects.filter(pk=target_pk)).first()
        if target is None:
            raise ValidationError(f"Инцидент #{target_pk} не найден")
        actions.merge_incidents(user, target, chosen)
        return len([i for i in chosen if i.pk != target.pk]), []
    done, skipped = 0, []
    for incident in chosen:
        try:
            if not can_edit_incident(user, incident):
                raise PermissionDenied("нет прав на этот инцидент")
            if data["action"] == "assign":
                actions.assign(user, incident, data["department"])
            else:
                actions.change_status(user, incident, Status.CLOSED, resolution=Resolution.SPAM)
            done += 1
        except (ValidationError, PermissionDenied) as exc:
            skipped.append(f"#{incident.pk}: {'; '.join(getattr(exc, 'messages', [str(exc)]))}")
    return done, skipped


def _errors(form: forms.Form) -> str:
    return "; ".join(" ".join(v) for v in form.errors.values()) or "Проверьте поля формы"
