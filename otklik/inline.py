"""Inline work with htmx: one staff POST answered with a partial instead of a redirect.

A ground-floor helper for the inline views of the desk, incidents and answers: it imports no
app. The page's forms keep their ordinary `action` (the full-page POST, the fallback without
JavaScript) and add `hx-post` to an inline view, which validates, calls one action and answers:

- 200 with the partial: a line for the page's `#inline-status` and the changed parts, swapped
  out of band by their ids (the rows of a list, the facts of a card);
- 422 with the form's errors in Russian, retargeted into `#inline-status`;
- 403 in Russian, retargeted the same way, where the user may not do this.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

STATUS_TARGET = "#inline-status"
REFUSED = "Недостаточно прав для этого действия"
ERRORS_TEMPLATE = "inline/errors.html"


def is_inline(request: HttpRequest) -> bool:
    """The request came from htmx (it sends `HX-Request: true`)."""
    return request.headers.get("HX-Request") == "true"


def form_errors(form: forms.Form) -> list[str]:
    """«Поле: ошибка» for every error of the form, in the fields' Russian labels."""
    found = [
        f"{form.fields[name].label if name in form.fields else 'Форма'}: {' '.join(texts)}"
        for name, texts in form.errors.items()
    ]
    return found or ["Проверьте поля формы"]


def exception_errors(exc: ValidationError | PermissionDenied) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or REFUSED]


def _retargeted(response: HttpResponse) -> HttpResponse:
    response["HX-Retarget"] = STATUS_TARGET
    response["HX-Reswap"] = "innerHTML"
    return response


def rejected(request: HttpRequest, errors: Sequence[str], status: int = 422) -> HttpResponse:
    """The errors partial: 422 for bad input, 403 for what the user may not do."""
    response = render(request, ERRORS_TEMPLATE, {"errors": list(errors)}, status=status)
    return _retargeted(response)


def refused(request: HttpRequest, text: str = REFUSED) -> HttpResponse:
    return rejected(request, [text], status=403)


def run_inline(
    request: HttpRequest,
    form: forms.Form | None,
    run: Callable[[dict[str, Any]], tuple[str, dict[str, Any]]],
    template: str,
) -> HttpResponse:
    """Validate `form`, call `run` (one action) and render `template` with what it returns:
    `run` gives the status line and the partial's context."""
    if form is not None and not form.is_valid():
        return rejected(request, form_errors(form))
    try:
        note, context = run(form.cleaned_data if form is not None else {})
    except ValidationError as exc:
        return rejected(request, exception_errors(exc))
    except PermissionDenied as exc:
        return rejected(request, exception_errors(exc), status=403)
    return render(request, template, {**context, "note": note})
