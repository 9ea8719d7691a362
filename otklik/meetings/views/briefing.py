"""The Mayor's briefing pack for a meeting: a printable page for the press service, and its PDF."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from otklik.accounts.permissions import require
from otklik.meetings import briefing_pdf
from otklik.meetings.briefing import build
from otklik.meetings.models import Meeting
from otklik.meetings.permissions import can_see_meetings


@require(can_see_meetings)
def meeting_briefing(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("territory"), pk=pk)
    briefing = build(request.user, meeting)  # type: ignore[arg-type]
    return render(request, "meetings/briefing.html", {"meeting": meeting, "b": briefing})


@require(can_see_meetings)
def meeting_briefing_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The same briefing as a PDF, for the Mayor's folder."""
    meeting = get_object_or_404(Meeting.objects.select_related("territory"), pk=pk)
    briefing = build(request.user, meeting)  # type: ignore[arg-type]
    response = HttpResponse(briefing_pdf.render(briefing), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{briefing_pdf.filename(briefing)}"'
    response["Cache-Control"] = "private, no-store"
    return response
