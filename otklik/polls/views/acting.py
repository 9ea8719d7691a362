"""One staff POST that runs one action: validate, call, flash the outcome, go back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from otklik.polls.forms import errors_text


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
