"""One staff POST that runs one action: validate the form, call, flash the outcome, go back.

A ground-floor helper for the apps' thin views (meetings, polls): it imports no app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


def errors_text(form: forms.Form) -> str:
    """«Поле: ошибка; …» for a flash message."""
    return (
        "; ".join(
            f"{form.fields[k].label if k in form.fields else 'Форма'}: {' '.join(v)}"
            for k, v in form.errors.items()
        )
        or "Проверьте поля формы"
    )


def run_form(
    request: HttpRequest,
    form: forms.Form | None,
    run: Callable[[dict[str, Any]], str],
    back: str,
) -> HttpResponse:
    """`run` gets the cleaned data (empty without a form) and returns the success text."""
    if form is not None and not form.is_valid():
        flash.error(request, errors_text(form))
        return redirect(back)
    try:
        flash.success(request, run(form.cleaned_data if form is not None else {}))
    except ValidationError as exc:
        flash.error(request, "; ".join(exc.messages))
    except PermissionDenied as exc:
        flash.error(request, str(exc) or "Недостаточно прав")
    return redirect(back)
