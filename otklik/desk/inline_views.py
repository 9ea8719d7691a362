"""The inbox's actions without a page reload (htmx): dismiss, restore, attach, create an incident,
for one message (its row's buttons) or the ticked ones (the bulk panel).

The same fields as the full-page `views.bulk`, which stays the fallback: a request without
`HX-Request` is handed to it. The answer is a status line and the changed rows, swapped in place
by their ids; every change goes through the inbox's and incidents' actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_triage, scope_messages
from otklik.desk import views
from otklik.desk.forms import BulkIncidentForm, NewIncidentForm
from otklik.inbox import actions
from otklik.inbox.models import Message
from otklik.inbox.queries import inbox_queryset
from otklik.incidents import actions as incident_actions
from otklik.incidents.queries import incident_by_number
from otklik.inline import is_inline, refused, rejected, run_inline
from otklik.suggestions.queries import bulk_initial

ROWS_TEMPLATE = "inbox/inline_rows.html"


@require_POST
@login_required
def inbox_inline(request: HttpRequest) -> HttpResponse:
    if not is_inline(request):
        return views.bulk(request)
    user: User = request.user  # type: ignore[assignment]
    if not can_triage(user):
        return refused(request, "Разбирать входящие может только пресс-служба")
    ids = [i for i in request.POST.getlist("messages") if i.isdigit()]
    chosen = list(scope_messages(user, Message.objects.filter(pk__in=ids)))
    if not chosen:
        return rejected(request, ["Не выбрано ни одного сообщения"])
    run = RUNS.get(request.POST.get("action", ""))
    if run is None:
        return rejected(request, ["Неизвестное действие"])
    return run(request, user, chosen)


def _rows(user: User, chosen: list[Message]) -> list[Message]:
    """The changed messages as the list shows them (one query, no N+1)."""
    return list(inbox_queryset(user, {}).filter(pk__in=[m.pk for m in chosen]))


def _dismiss(request: HttpRequest, user: User, chosen: list[Message]) -> HttpResponse:
    def run(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        count = actions.dismiss_messages(user, chosen)
        return f"Отмечено как не требующее реакции: {count}", {"rows": _rows(user, chosen)}

    return run_inline(request, None, run, ROWS_TEMPLATE)


def _restore(request: HttpRequest, user: User, chosen: list[Message]) -> HttpResponse:
    def run(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        count = actions.restore_messages(user, chosen)
        return f"Возвращено во входящие: {count}", {"rows": _rows(user, chosen)}

    return run_inline(request, None, run, ROWS_TEMPLATE)


def _attach(request: HttpRequest, user: User, chosen: list[Message]) -> HttpResponse:
    number = request.POST.get("incident", "")
    target = incident_by_number(user, number)
    if target is None:
        return rejected(request, ["Инцидент с таким номером не найден"])

    def run(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        incident_actions.attach_messages(user, target, chosen)
        return f"Сообщений добавлено к инциденту #{target.pk}: {len(chosen)}", {
            "rows": _rows(user, chosen),
            "note_link": reverse("incident-detail", args=[target.pk]),
            "note_link_text": f"Открыть #{target.pk}",
        }

    return run_inline(request, None, run, ROWS_TEMPLATE)


def _create(request: HttpRequest, user: User, chosen: list[Message]) -> HttpResponse:
    from_suggestions = request.POST.get("fill") == "suggestions"
    form_class = BulkIncidentForm if from_suggestions else NewIncidentForm
    form = form_class(request.POST, prefix="inc")

    def run(data: dict[str, Any]) -> tuple[str, dict[str, Any]]:
        if isinstance(form, BulkIncidentForm):
            data = form.fill_from(bulk_initial(chosen))
        incident = incident_actions.create_incident(user, chosen, **data)
        return f"Создан инцидент #{incident.pk}", {
            "rows": _rows(user, chosen),
            "note_link": reverse("incident-detail", args=[incident.pk]),
            "note_link_text": f"Открыть #{incident.pk}",
        }

    return run_inline(request, form, run, ROWS_TEMPLATE)


RUNS = {"dismiss": _dismiss, "restore": _restore, "attach": _attach, "create": _create}
