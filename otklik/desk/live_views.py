"""The JSON that live.js polls: new-item counters (GET /live/) and the card heartbeat
(POST /live/presence/). Both answer only the signed-in user, scoped like his pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents, scope_messages
from otklik.desk import actions, live
from otklik.desk.models import Presence
from otklik.desk.presence import others_here
from otklik.inbox.models import Message
from otklik.incidents.models import Incident


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@never_cache
@require_GET
@login_required
def counters(request: HttpRequest) -> JsonResponse:
    user: User = request.user  # type: ignore[assignment]
    message, event = _number(request.GET.get("message")), _number(request.GET.get("event"))
    if message is None or event is None:
        cursors = live.Cursors.now()
        figures = dict.fromkeys(("inbox", "assigned"), 0) | {
            "approvals": live.counts(user, cursors)["approvals"]
        }
    else:
        cursors = live.Cursors(message=message, event=event)
        figures = live.counts(user, cursors)
    return JsonResponse(
        {
            "cursors": {"message": cursors.message, "event": cursors.event},
            "counts": figures,
            "interval": live.POLL_SECONDS,
        }
    )


def _visible(user: User, kind: str, object_id: int) -> bool:
    if kind == Presence.Kind.MESSAGE:
        return scope_messages(user, Message.objects.filter(pk=object_id)).exists()
    if kind == Presence.Kind.INCIDENT:
        return scope_incidents(user, Incident.objects.filter(pk=object_id)).exists()
    return False


@never_cache
@require_POST
@login_required
def heartbeat(request: HttpRequest) -> JsonResponse:
    """The card is still open (or, with leave=1, closed); answers who else has it open."""
    user: User = request.user  # type: ignore[assignment]
    kind, object_id = request.POST.get("kind", ""), _number(request.POST.get("id"))
    if object_id is None or not _visible(user, kind, object_id):
        return JsonResponse({"error": "Карточка не найдена"}, status=404)
    if request.POST.get("leave") == "1":
        actions.leave_presence(user, kind, object_id)
        return JsonResponse({"others": [], "text": ""})
    actions.touch_presence(user, kind, object_id)
    others = others_here(user, kind, object_id)
    text = f"Сейчас это открыто: {', '.join(others)}" if others else ""
    return JsonResponse({"others": others, "text": text})
