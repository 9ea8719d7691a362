"""The Mayor's briefing pack for a meeting: a printable page for the press service."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from otklik.accounts.permissions import require
from otklik.meetings.briefing import build
from otklik.meetings.models import Meeting
from otklik.meetings.permissions import can_see_meetings


@require(can_see_meetings)
def meeting_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("territory"), pk=pk)
    briefing = build(request.user, meeting)  # type: ignore[arg-type]
    return render(request, "meetings/briefing.html", {"meeting": meeting, "b": briefing})
