"""The «Ответ» panel of the incident card; every change goes through otklik.answers.actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from otklik.accounts.models import User
from otklik.accounts.permissions import can_edit_incident, can_triage, require, scope_incidents
from otklik.answers import actions
from otklik.answers.actions.resident import rating_table
from otklik.answers.checker import check
from otklik.answers.forms import DraftForm, ManualForm, ReturnForm, ReviewForm, TextForm
from otklik.answers.models import Answer, Publication
from otklik.answers.queries import approval_queue
from otklik.incidents.models import Incident

SPANNED = {"empty_phrase", "personal_data", "personal_name", "impersonal"}
CHECKED = {Answer.Status.DRAFT, Answer.Status.SUBMITTED, Answer.Status.RETURNED}


def answer_panel_context(user: User, incident: Incident) -> dict[str, Any]:
    """What `answers/_panel.html` shows on the incident card (registered with
    otklik.incidents.panels in AnswersConfig.ready())."""
    department = incident.department
    contacts = [department.phone, department.email] if department else []
    names = [actions.public_name(incident)]
    answers = incident.answers.select_related("author", "reviewed_by").prefetch_related(
        Prefetch(
            "publications",
            queryset=Publication.objects.select_related("source", "message__thread"),
        )
    )
    can_draft = can_edit_incident(user, incident) and incident.is_open
    can_review = can_triage(user) and user.can_write
    return {
        "rows": [
            {
                "answer": answer,
                "warnings": _warnings(answer, contacts, names) if answer.status in CHECKED else [],
            }
            for answer in answers
        ],
        "can_draft": can_draft,
        "can_review": can_review,
        "draft_form": _draft_form(incident) if can_draft else None,
        "mayor": _mayor(user, incident, can_review),
    }


def _mayor(user: User, incident: Incident, can_review: bool) -> dict[str, Any] | None:
    """«Ответ от имени мэра — утверждает …» when a reply goes onto the Mayor's page."""
    pages = actions.mayor_pages(actions.reply_targets(incident))
    if not pages:
        return None
    names = [str(u) for u in actions.mayor_approvers()]
    return {
        "pages": ", ".join(f"«{p}»" for p in pages),
        "approvers": ", ".join([*names, "администратор"]) if names else "администратор",
        "can_approve": can_review and actions.can_approve_for_mayor(user),
    }


def _warnings(answer: Answer, contacts: list[str], names: list[str]) -> list[dict[str, str]]:
    left = actions.unfilled(answer.text)
    blocked = (
        [
            {
                "message": "Не заполнены поля шаблона — на согласование не отправить",
                "fragment": ", ".join(left),
            }
        ]
        if left
        else []
    )
    return blocked + [
        {
            "message": w.message,
            "fragment": w.fragment(answer.text) if w.code in SPANNED else "",
        }
        for w in check(answer.text, known_contacts=contacts, known_names=names)
    ]


def _draft_form(incident: Incident, data: Any = None) -> DraftForm:
    return DraftForm(
        data,
        templates=actions.templates_for(incident),
        library=actions.library_for(incident),
    )


def _scoped(request: HttpRequest) -> Any:
    return scope_incidents(request.user, Incident.objects.all())  # type: ignore[arg-type]


def _answer(request: HttpRequest, pk: int) -> Answer:
    return get_object_or_404(
        Answer.objects.select_related("incident").filter(incident__in=_scoped(request)), pk=pk
    )


def _run(
    request: HttpRequest, incident: Incident, form: forms.Form, run: Callable[[User, dict], str]
) -> HttpResponse:
    if not form.is_valid():
        errors = "; ".join(" ".join(v) for v in form.errors.values())
        flash.error(request, errors or "Проверьте поля формы")
    else:
        try:
            flash.success(request, run(request.user, form.cleaned_data))  # type: ignore[arg-type]
        except (ValidationError, PermissionDenied) as exc:
            flash.error(request, "; ".join(getattr(exc, "messages", [str(exc)])))
    return redirect("incident-detail", pk=incident.pk)


@require_POST
@login_required
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    incident = get_object_or_404(_scoped(request), pk=pk)

    def run(user: User, data: dict) -> str:
        actions.draft_answer(
            user,
            incident,
            kind=data["kind"],
            text=data["text"],
            template=data["template"],
            based_on=data["based_on"],
        )
        return "Черновик ответа сохранён"

    return _run(request, incident, _draft_form(incident, request.POST), run)


@require_POST
@login_required
def preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft as it would be saved: the template filled in from the incident, what is still
    unknown marked; saving it is the ordinary «Сохранить черновик»."""
    incident = get_object_or_404(_scoped(request), pk=pk)
    if not can_edit_incident(request.user, incident):  # type: ignore[arg-type]
        raise PermissionDenied("Готовить ответ может исполнитель подразделения или пресс-служба")
    form = _draft_form(incident, request.POST)
    if not form.is_valid():
        flash.error(request, "; ".join(" ".join(v) for v in form.errors.values()))
        return redirect("incident-detail", pk=incident.pk)
    data = form.cleaned_data
    text = data["text"].strip()
    if not text and data["template"] is not None:
        text = actions.fill_template(data["template"], incident)
    elif not text and data["based_on"] is not None:
        text = data["based_on"].text
    elif text:
        text = actions.fill_template(text, incident)
    context = {
        "incident": incident,
        "kind": data["kind"],
        "kind_label": dict(Answer.Kind.choices)[data["kind"]],
        "text": text,
        "parts": _marked(text),
        "left": [
            (p, actions.PLACEHOLDERS.get(p[1:-1], "неизвестное поле"))
            for p in actions.unfilled(text)
        ],
        "warnings": [w.message for w in check(text)] if text else [],
    }
    return render(request, "answers/preview.html", context)


def _marked(text: str) -> list[tuple[str, bool]]:
    """The text in pieces, each (piece, is an unfilled placeholder), for the preview."""
    parts, last = [], 0
    for match in actions.PLACEHOLDER.finditer(text):
        parts += [(text[last : match.start()], False), (match[0], True)]
        last = match.end()
    return [*parts, (text[last:], False)]


@require_POST
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer(request, pk)

    def run(user: User, data: dict) -> str:
        actions.edit_answer(user, answer, data["text"])
        return "Текст ответа сохранён"

    return _run(request, answer.incident, TextForm(request.POST), run)


@require_POST
@login_required
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer(request, pk)

    def run(user: User, data: dict) -> str:
        actions.submit_for_approval(user, answer)
        return "Ответ отправлен на согласование"

    return _run(request, answer.incident, ReviewForm(request.POST), run)


@require_POST
@login_required
def approve(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer(request, pk)

    def run(user: User, data: dict) -> str:
        publications = actions.approve(user, answer, data["comment"])
        return f"Ответ согласован; публикаций в очереди: {len(publications)}"

    return _run(request, answer.incident, ReviewForm(request.POST), run)


@require_POST
@login_required
def return_answer(request: HttpRequest, pk: int) -> HttpResponse:
    answer = _answer(request, pk)

    def run(user: User, data: dict) -> str:
        actions.return_answer(user, answer, data["comment"])
        return "Ответ возвращён на доработку"

    return _run(request, answer.incident, ReturnForm(request.POST), run)


def _publication(request: HttpRequest, pk: int) -> Publication:
    """A publication of an incident the user may see (404 otherwise)."""
    qs = Publication.objects.select_related("answer__incident", "source")
    return get_object_or_404(qs.filter(answer__incident__in=_scoped(request)), pk=pk)


@require_POST
@login_required
def retry(request: HttpRequest, pk: int) -> HttpResponse:
    publication = _publication(request, pk)

    def run(user: User, data: dict) -> str:
        actions.retry_publication(user, publication)
        return "Публикация поставлена в очередь повторно"

    return _run(request, publication.answer.incident, ReviewForm(request.POST), run)


@require_POST
@login_required
def manual(request: HttpRequest, pk: int) -> HttpResponse:
    """«Опубликовано вручную»: the platform refused, the press service posted it by hand."""
    publication = _publication(request, pk)

    def run(user: User, data: dict) -> str:
        actions.mark_published(user, publication, data["url"])
        return "Публикация отмечена: опубликовано вручную"

    return _run(request, publication.answer.incident, ManualForm(request.POST), run)


@require(can_triage)
def queue(request: HttpRequest) -> HttpResponse:
    """«На согласовании»: final and intermediate answers waiting for the press service."""
    rows = [
        {"answer": a, "mayor": bool(actions.mayor_pages(actions.reply_targets(a.incident)))}
        for a in approval_queue(request.user)  # type: ignore[arg-type]
    ]
    return render(request, "answers/queue.html", {"rows": rows})


@require(lambda user: user.is_authenticated and not user.is_executor)
def ratings(request: HttpRequest) -> HttpResponse:
    """Residents' ratings of the answers, per department (press service and analysts); served at
    /incidents/ratings/ (otklik.urls)."""
    return render(request, "answers/ratings.html", {"rows": rating_table()})
