"""«Сохранить вид», rename and delete a saved view: POST only, through otklik.desk.actions."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.desk import actions
from otklik.desk.models import SavedView
from otklik.desk.tabs import LIST_URLS


def _back(list_name: str, query: str) -> HttpResponse:
    url = reverse(LIST_URLS.get(list_name, "incident-list"))  # type: ignore[call-overload]
    return redirect(f"{url}?{query}" if query else url)


@require_POST
@login_required
def save(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    list_name = request.POST.get("list", "")
    query = request.POST.get("query", "")
    try:
        view = actions.save_view(
            user, list_name, request.POST.get("name", ""), query, request.POST.get("shared") == "1"
        )
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
        return _back(list_name, query)
    flash.success(request, f"Вид «{view.name}» сохранён")
    return _back(view.list_name, view.query)


@require_POST
@login_required
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Rename (name=…) or, with delete=1, delete one's own saved view."""
    user: User = request.user  # type: ignore[assignment]
    view = get_object_or_404(SavedView, pk=pk, owner=user)
    try:
        if request.POST.get("delete") == "1":
            actions.delete_view(user, view)
            flash.success(request, f"Вид «{view.name}» удалён")
            return _back(view.list_name, "")
        actions.rename_view(user, view, request.POST.get("name", ""))
        flash.success(request, f"Вид переименован: «{view.name}»")
    except (ValidationError, PermissionDenied) as exc:
        flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return _back(view.list_name, view.query)
