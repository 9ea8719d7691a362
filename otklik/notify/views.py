"""«Мои уведомления»: each staff member picks channels and kinds; notify.actions saves them."""

from __future__ import annotations

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from otklik.accounts.models import User
from otklik.notify.actions import save_preferences
from otklik.notify.forms import PreferencesForm


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if request.method == "POST":
        form = PreferencesForm(request.POST, user=user)
        if form.is_valid():
            save_preferences(user, form.choices())
            flash.success(request, "Настройки уведомлений сохранены")
            return redirect("notify-preferences")
    else:
        form = PreferencesForm(user=user)
    return render(request, "notify/preferences.html", {"form": form})
