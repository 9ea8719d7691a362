"""/api/tokens/: a person's own API tokens (administrators see everyone's): issue one, shown
once, and revoke. Writes go through otklik.api.tokens only."""

from __future__ import annotations

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.api.models import ApiToken
from otklik.api.tokens import create_token, revoke_token


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Название",
        required=False,
        max_length=100,
        help_text="Для чего токен: «выгрузка в BI», «бот дежурного»",
    )


def visible_tokens(user: User) -> QuerySet[ApiToken]:
    qs = ApiToken.objects.select_related("user", "user__department")
    return qs if user.is_admin else qs.filter(user=user)


@never_cache
@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    form = TokenForm(request.POST or None)
    new_token = ""
    if request.method == "POST" and form.is_valid():
        try:
            _, new_token = create_token(user, form.cleaned_data["name"])
        except ValidationError as exc:
            flash.error(request, "; ".join(exc.messages))
        else:
            form = TokenForm()
    context = {
        "tokens": visible_tokens(user),
        "form": form,
        "new_token": new_token,
        "show_owner": user.is_admin,
    }
    return render(request, "api/tokens.html", context)


@require_POST
@login_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    token = get_object_or_404(visible_tokens(user), pk=pk)
    try:
        revoke_token(user, token)
    except PermissionDenied as exc:
        flash.error(request, str(exc))
    else:
        flash.success(request, f"Токен {token.prefix}… отозван: запросы с ним больше не примут")
    return redirect("api-tokens")
