"""Editing a meeting: the form of a new one, filled with what the meeting has."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from otklik.accounts.permissions import require
from otklik.meetings import actions
from otklik.meetings.forms import MeetingForm
from otklik.meetings.models import Meeting
from otklik.meetings.permissions import can_manage

FIELDS = ("territory", "starts_at", "place", "participants", "agenda")


@require(can_manage)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("territory"), pk=pk)
    initial = {name: getattr(meeting, name) for name in FIELDS}
    form = MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_meeting(request.user, meeting, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("meeting-detail", pk=meeting.pk)
    return render(request, "meetings/edit.html", {"form": form, "meeting": meeting})
