"""The inbox pages: the list of incoming messages, a message card and bulk handling.

They show messages (inbox) with their triage suggestions (suggestions) and create or extend
incidents (incidents), so they live on the desk, above all three. Views stay thin."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import (
    can_see_inbox,
    can_triage,
    require,
    scope_messages,
)
from otklik.desk.forms import BulkIncidentForm, InboxFilterForm, NewIncidentForm
from otklik.inbox import actions
from otklik.inbox.models import Message
from otklik.inbox.queries import inbox_search, listed_messages, thread_context
from otklik.incidents import actions as incident_actions
from otklik.incidents.queries import incident_by_number
from otklik.keyset import paginate
from otklik.suggestions.actions import same_as_incident
from otklik.suggestions.queries import (
    bulk_initial,
    form_initial,
    named_alternatives,
    suggestion_for,
)

PAGE_SIZE = 50


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return redirect("inbox" if can_see_inbox(user) else "incident-list")


@require(can_see_inbox)
def inbox(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = Message.Status.NEW
    form = InboxFilterForm(data)
    filters = form.cleaned_data if form.is_valid() else {"status": Message.Status.NEW}
    qs = listed_messages(request.user, filters)
    page = paginate(qs, PAGE_SIZE, data, search=inbox_search(filters))
    query = data.copy()
    for name in ("page", "after", "before"):
        query.pop(name, None)
    return render(
        request,
        "inbox/inbox.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "incident_form": BulkIncidentForm(prefix="inc"),
        },
    )


@login_required
def message_detail(request: HttpRequest, pk: int) -> HttpResponse:
    qs = scope_messages(
        request.user,
        Message.objects.select_related("source", "author", "thread", "territory", "incident"),
    )
    message = get_object_or_404(qs, pk=pk)
    suggestion = suggestion_for(message)
    return render(
        request,
        "inbox/message.html",
        {
            "message": message,
            "thread": thread_context(message),
            "suggestion": suggestion,
            "alternatives": named_alternatives(suggestion) if suggestion else [],
            "same_incident": same_as_incident(suggestion) if suggestion else None,
            "incident_form": NewIncidentForm(
                prefix="inc", initial=form_initial(message, suggestion)
            ),
            "can_triage": can_triage(request.user),
        },
    )


def _selected(request: HttpRequest, ids: list[str]) -> list[Message]:
    qs = scope_messages(request.user, Message.objects.all())
    return list(qs.filter(pk__in=[i for i in ids if i.isdigit()]).select_related("territory"))


@require_POST
@require(can_triage)
def bulk(request: HttpRequest) -> HttpResponse:
    chosen = _selected(request, request.POST.getlist("messages"))
    action = request.POST.get("action", "")
    back = request.POST.get("next") or "/"
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    if not chosen:
        flash.error(request, "Не выбрано ни одного сообщения")
        return redirect(back)
    try:
        return _run_bulk(request, action, chosen, back)
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
        return redirect(back)


def _run_bulk(request: HttpRequest, action: str, chosen: list[Message], back: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if action == "create":
        bulk_form = request.POST.get("fill") == "suggestions"
        form_class = BulkIncidentForm if bulk_form else NewIncidentForm
        form = form_class(request.POST, prefix="inc")
        if not form.is_valid():
            flash.error(request, "Проверьте поля инцидента")
            return redirect(back)
        data = form.cleaned_data
        if isinstance(form, BulkIncidentForm):
            data = form.fill_from(bulk_initial(chosen))
        incident = incident_actions.create_incident(user, chosen, **data)
        flash.success(request, f"Создан инцидент #{incident.pk}")
        return redirect("incident-detail", pk=incident.pk)
    if action == "attach":
        number = request.POST.get("incident", "")
        target = incident_by_number(user, number)
        if target is None:
            flash.error(request, "Инцидент с таким номером не найден")
            return redirect(back)
        incident_actions.attach_messages(user, target, chosen)
        flash.success(request, f"Сообщений добавлено к инциденту #{target.pk}: {len(chosen)}")
        return redirect("incident-detail", pk=target.pk)
    if action == "dismiss":
        count = actions.dismiss_messages(user, chosen)
        flash.success(request, f"Отмечено как не требующее реакции: {count}")
    elif action == "restore":
        count = actions.restore_messages(user, chosen)
        flash.success(request, f"Возвращено во входящие: {count}")
    else:
        flash.error(request, "Неизвестное действие")
    return redirect(back)
