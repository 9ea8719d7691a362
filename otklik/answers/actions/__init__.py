"""The only writers of answers and publications. Every action records an incidents Event.

Events use the existing kinds: COMMENTED (with data {"answer": id, "action": ...}) for what
happens to an answer, STATUS_CHANGED when the incident moves.
"""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import can_approve_for_mayor, can_edit_incident, can_triage
from otklik.answers import signals
from otklik.answers.links import reply_link, safe_url
from otklik.answers.models import Answer, AnswerTemplate, Publication
from otklik.inbox.models import Message
from otklik.incidents.actions import advance_status, record_event, record_first_reply
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Status
from otklik.notify.actions import on_returned
from otklik.sources.channels import CHANNELS, adapter_for
from otklik.sources.models import Source
from otklik.sources.platform_errors import explain

log = logging.getLogger(__name__)

#: Kinds whose authors' display names are public (a web form's or an e-mail's are not).
PUBLIC_KINDS = frozenset({Source.Kind.VK, Source.Kind.TELEGRAM, Source.Kind.MAX, Source.Kind.OK})
MAX_ATTEMPTS = 5
#: Seconds to wait before attempt n + 1 (the last value repeats).
BACKOFF = (60, 300, 900, 3600)
#: A claim older than this belongs to a worker that died mid-send.
STALE_CLAIM = timedelta(minutes=10)
LIBRARY_SIZE = 20


def _note(incident: Incident, actor: User | None, answer: Answer, action: str, text: str) -> Event:
    return record_event(
        incident, actor, Event.Kind.COMMENTED, text, answer=answer.pk, action=action
    )


def _require_edit(actor: User, incident: Incident) -> None:
    if not can_edit_incident(actor, incident):
        raise PermissionDenied("Готовить ответ может исполнитель подразделения или пресс-служба")


def _require_review(actor: User) -> None:
    if not (can_triage(actor) and actor.can_write):
        raise PermissionDenied("Согласует ответы только пресс-служба")


MAYOR_RULE = (
    "Ответ будет опубликован на личной странице мэра ({pages}): его утверждает сотрудник "
    "с правом «может утверждать ответы от имени мэра» или администратор"
)


def mayor_pages(messages: list[Message]) -> list[Source]:
    """The Mayor's personal pages among the threads an answer will be published into."""
    pages = {m.source_id: m.source for m in messages if m.source.is_mayor_page}
    return list(pages.values())


def mayor_approvers() -> list[User]:
    """Who may approve answers as the Mayor's, for the answer panel."""
    return list(
        User.objects.filter(is_active=True, approves_for_mayor=True).order_by(
            "last_name", "username"
        )
    )


def _require_mayor_approval(actor: User, targets: list[Message]) -> None:
    pages = mayor_pages(targets)
    if pages and not can_approve_for_mayor(actor):
        raise PermissionDenied(MAYOR_RULE.format(pages=", ".join(f"«{p}»" for p in pages)))


def _move(incident: Incident, actor: User | None, target: str, comment: str = "") -> None:
    """Move the incident through its owner, which refuses a transition states.py does not allow
    (workers act without a user)."""
    advance_status(actor, incident, target, comment)


# Drafting.


def public_name(incident: Incident) -> str:
    """The first reporter's name where the platform shows it publicly anyway."""
    first = (
        incident.messages.select_related("author", "source")
        .filter(author__isnull=False)
        .order_by("created_at", "id")
        .first()
    )
    if first is None or first.source.kind not in PUBLIC_KINDS:
        return ""
    author = first.author
    if author is None or author.is_closed_profile:
        return ""
    return author.display_name.strip()


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _local_date(moment: Any) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y") if moment else ""


#: A template's placeholders, and what each stands for (the panel's legend, the errors).
PLACEHOLDERS = {
    "name": "имя жителя (если оно публично)",
    "address": "адрес",
    "date": "сегодняшняя дата",
    "department": "подразделение",
    "deadline": "срок окончательного ответа",
}
PLACEHOLDER = re.compile(r"\{([A-Za-z_]{1,40})\}")


def fill_template(template: AnswerTemplate | str, incident: Incident) -> str:
    """The template with what is known of the incident; what is not known stays as {name}
    and so on, for the author to fill in (submission refuses a text that still has one)."""
    body = template if isinstance(template, str) else template.body
    known = {
        "name": public_name(incident),
        "address": incident.address_text or (incident.territory.name if incident.territory else ""),
        "date": _local_date(timezone.now()),
        "department": incident.department.name if incident.department else "",
        "deadline": _local_date(incident.final_answer_due),
    }
    values = _Blank({k: v for k, v in known.items() if v})
    return PLACEHOLDER.sub(lambda m: values[m[1]], body)


def unfilled(text: str) -> list[str]:
    """The placeholders left in a text, in order, once each."""
    return list(dict.fromkeys(m[0] for m in PLACEHOLDER.finditer(text)))


def _require_filled(answer: Answer) -> None:
    left = unfilled(answer.text)
    if left:
        what = ", ".join(
            f"{p} — {PLACEHOLDERS[p[1:-1]]}" if p[1:-1] in PLACEHOLDERS else p for p in left
        )
        raise ValidationError(
            f"В тексте остались незаполненные поля шаблона: {what}. Замените их перед "
            "отправкой на согласование."
        )


def templates_for(incident: Incident) -> list[AnswerTemplate]:
    """Templates of the incident's category and its group, then general ones."""
    category = incident.category
    ids = [c for c in (category and category.pk, category and category.parent_id) if c]
    qs = AnswerTemplate.objects.filter(is_active=True).filter(
        Q(category__isnull=True) | Q(category_id__in=ids)
    )
    return sorted(qs, key=lambda t: (t.category_id is None, t.title))


def library_for(incident: Incident) -> list[Answer]:
    """Approved past answers of the same category, newest first."""
    if incident.category_id is None:
        return []
    return list(
        Answer.objects.filter(
            incident__category_id=incident.category_id,
            status__in=[Answer.Status.APPROVED, Answer.Status.PUBLISHED],
        )
        .exclude(incident=incident)
        .order_by("-updated_at")[:LIBRARY_SIZE]
    )


@transaction.atomic
def draft_answer(
    actor: User,
    incident: Incident,
    *,
    kind: str = Answer.Kind.FINAL,
    text: str = "",
    template: AnswerTemplate | None = None,
    based_on: Answer | None = None,
) -> Answer:
    """A draft from free text, a filled template, or an approved past answer of the category."""
    _require_edit(actor, incident)
    if not incident.is_open:
        raise ValidationError("Инцидент закрыт")
    if kind not in Answer.Kind.values:
        raise ValidationError("Неизвестный вид ответа")
    if text.strip():
        text = fill_template(text, incident)
    elif template is not None:
        text = fill_template(template, incident)
    if not text.strip() and based_on is not None:
        if based_on.pk not in {a.pk for a in library_for(incident)}:
            raise ValidationError("Этот ответ нельзя взять за основу")
        text = based_on.text
    if not text.strip():
        raise ValidationError("Напишите текст ответа или выберите шаблон")
    answer = Answer.objects.create(incident=incident, kind=kind, text=text.strip(), author=actor)
    _note(incident, actor, answer, "drafted", f"Подготовлен черновик ответа #{answer.pk}")
    if kind == Answer.Kind.FINAL:
        _follow_draft(incident, actor)
    return answer


def _follow_draft(incident: Incident, actor: User) -> None:
    """A final answer's draft: the incident (taken into work if it was only assigned) reads
    «Ответ подготовлен»; an incident further along the answer's path stays where it is."""
    if incident.status in {Status.ASSIGNED, Status.REOPENED}:
        _move(incident, actor, Status.IN_WORK)
    if incident.status == Status.IN_WORK:
        _move(incident, actor, Status.ANSWER_DRAFTED)


@transaction.atomic
def edit_answer(actor: User, answer: Answer, text: str) -> None:
    _require_edit(actor, answer.incident)
    if not answer.is_editable:
        raise ValidationError("Изменить можно только черновик или возвращённый ответ")
    if not text.strip():
        raise ValidationError("Текст ответа пуст")
    answer.text, answer.updated_at = text.strip(), timezone.now()
    answer.save(update_fields=["text", "updated_at"])
    _note(answer.incident, actor, answer, "edited", f"Изменён текст ответа #{answer.pk}")


# Review.


@transaction.atomic
def submit_for_approval(actor: User, answer: Answer) -> None:
    incident = answer.incident
    _require_edit(actor, incident)
    if not answer.is_editable:
        raise ValidationError("Этот ответ уже на согласовании или согласован")
    _require_filled(answer)
    answer.status, answer.updated_at = Answer.Status.SUBMITTED, timezone.now()
    answer.save(update_fields=["status", "updated_at"])
    _note(incident, actor, answer, "submitted", f"Ответ #{answer.pk} отправлен на согласование")
    if answer.kind == Answer.Kind.FINAL:
        _follow_draft(incident, actor)
        if incident.status not in {Status.ANSWER_DRAFTED, Status.ON_APPROVAL}:
            raise ValidationError(
                f"Из статуса «{incident.get_status_display()}» ответ не отправить"
            )
        _move(incident, actor, Status.ON_APPROVAL)


def reply_targets(incident: Incident) -> list[Message]:
    """One message per distinct thread, and every unthreaded report: the earliest in the thread,
    or after a reopen the resident's latest «не решено» there (the next answer replies to it)."""
    reopening = set(incident.ratings.filter(solved=False).values_list("message_id", flat=True))
    targets: dict[tuple[int, int | str], Message] = {}
    for message in incident.messages.select_related("source").order_by("created_at", "id"):
        key = (message.source_id, message.thread_id or f"m{message.pk}")
        if message.pk in reopening:
            targets[key] = message
        else:
            targets.setdefault(key, message)
    return list(targets.values())


@transaction.atomic
def approve(actor: User, answer: Answer, comment: str = "") -> list[Publication]:
    """Approve and queue one publication per thread; `publish_pending` sends them."""
    _require_review(actor)
    incident = answer.incident
    if answer.status != Answer.Status.SUBMITTED:
        raise ValidationError("Согласовать можно только ответ на согласовании")
    _require_filled(answer)
    targets = reply_targets(incident)
    if not targets:
        raise ValidationError("У инцидента нет сообщений, куда ответить")
    _require_mayor_approval(actor, targets)
    now = timezone.now()
    answer.status, answer.reviewed_by, answer.reviewed_at = Answer.Status.APPROVED, actor, now
    answer.review_comment, answer.updated_at = comment.strip(), now
    answer.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    publications = [
        Publication.objects.get_or_create(
            answer=answer, message=m, defaults={"source_id": m.source_id}
        )[0]
        for m in targets
    ]
    _note(
        incident,
        actor,
        answer,
        "approved",
        comment.strip() or _approval_note(answer, targets),
    )
    if answer.kind == Answer.Kind.FINAL:
        if incident.status == Status.ANSWER_DRAFTED:  # submitted before the queue existed
            _move(incident, actor, Status.ON_APPROVAL)
        _move(incident, actor, Status.ANSWER_APPROVED)
    return publications


def _approval_note(answer: Answer, targets: list[Message]) -> str:
    note = f"Ответ #{answer.pk} согласован, веток для публикации: {len(targets)}"
    if mayor_pages(targets):
        note += "; утверждён как ответ от имени мэра"
    return note


@transaction.atomic
def return_answer(actor: User, answer: Answer, comment: str) -> None:
    _require_review(actor)
    if not comment.strip():
        raise ValidationError("Укажите, что исправить")
    if answer.status != Answer.Status.SUBMITTED:
        raise ValidationError("Вернуть можно только ответ на согласовании")
    now = timezone.now()
    answer.status, answer.reviewed_by, answer.reviewed_at = Answer.Status.RETURNED, actor, now
    answer.review_comment, answer.updated_at = comment.strip(), now
    answer.save(
        update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"]
    )
    incident = answer.incident
    event = _note(incident, actor, answer, "returned", comment.strip())
    on_returned(incident, comment.strip(), key=f"returned:{event.pk}")
    if answer.kind == Answer.Kind.FINAL and incident.status == Status.ON_APPROVAL:
        _move(incident, actor, Status.ANSWER_DRAFTED, "Ответ возвращён на доработку")


# Publication (the worker's side).


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(attempts, len(BACKOFF)) - 1])


def _claim(publication_id: int) -> bool:
    """A conditional UPDATE: of any number of workers, one wins."""
    now = timezone.now()
    return bool(
        Publication.objects.filter(
            pk=publication_id,
            status=Publication.Status.PENDING,
            claimed_at__isnull=True,
            next_attempt_at__lte=now,
        ).update(claimed_at=now, attempts=F("attempts") + 1)
    )


def _abandon_stale() -> None:
    """A worker died between claim and record: the reply may be out, so never resend it."""
    stale = Publication.objects.filter(
        status=Publication.Status.PENDING, claimed_at__lt=timezone.now() - STALE_CLAIM
    )
    for publication in stale.select_related("answer__incident"):
        text = (
            "Отправка прервана: обработчик остановился посреди неё, и ответ мог уже выйти. "
            "Проверьте ветку на площадке: если ответа там нет — нажмите «Повторить», если есть — "
            "«Опубликовано вручную» со ссылкой."
        )
        _record_failure(publication, "worker stopped mid-send", final=True, reason=text)


def publication_text(publication: Publication) -> str:
    if publication.kind == Publication.Kind.CONFIRMATION:
        from otklik.answers.actions.resident import CONFIRMATION_TEXT

        return CONFIRMATION_TEXT
    return publication.answer.text


def _send(publication: Publication) -> tuple[str, str, str]:
    """(external id, note, link) of the reply; raises on failure."""
    message = publication.message
    source = publication.source
    if source.kind not in CHANNELS:
        return "", f"Площадка «{source}» без адаптера: ответ отмечен отправленным локально", ""
    adapter = adapter_for(source)
    thread = message.thread.external_id if message.thread_id and message.thread else ""
    external_id = adapter.publish_reply(
        thread,
        publication_text(publication),
        reply_to=message.external_id,
        guid=f"otklik-{publication.pk}",
    )
    fallback = (message.thread.url if message.thread_id and message.thread else "") or message.url
    link = reply_link(source.kind, source.settings, external_id, thread, fallback)
    return external_id, "", link


@transaction.atomic
def _record_sent(
    publication: Publication,
    external_id: str,
    note: str,
    url: str = "",
    actor: User | None = None,
) -> None:
    now = timezone.now()
    Publication.objects.filter(pk=publication.pk).update(
        status=Publication.Status.SENT,
        external_id=external_id[:255],
        url=url[:1000],
        note=note[:300],
        error="",
        reason="",
        sent_at=now,
        claimed_at=None,
    )
    answer = publication.answer
    incident = answer.incident
    source = publication.source
    if publication.kind == Publication.Kind.CONFIRMATION:
        _note(incident, actor, answer, "asked", f"Житель спрошен, решена ли проблема: {source}")
        return
    if actor is not None:
        _note(incident, actor, answer, "sent", f"Ответ #{answer.pk} опубликован вручную: {url}")
    else:
        _note(incident, None, answer, "sent", f"Ответ #{answer.pk} опубликован: {source}")
    if incident.first_replied_at is None:
        record_first_reply(incident, now)
    left = answer.publications.exclude(status=Publication.Status.SENT).exists()
    if left:
        return
    Answer.objects.filter(pk=answer.pk).update(status=Answer.Status.PUBLISHED, updated_at=now)
    incident.refresh_from_db()
    if answer.kind == Answer.Kind.FINAL and incident.status in {
        Status.ANSWER_APPROVED,
        Status.PUBLISH_FAILED,
    }:
        _move(incident, actor, Status.PUBLISHED, "Ответ опубликован во всех ветках")
    signals.answer_published.send(sender=Answer, answer=answer)
    if answer.kind == Answer.Kind.FINAL:
        from otklik.answers.actions.resident import ask_confirmation

        ask_confirmation(answer)


@transaction.atomic
def _record_failure(
    publication: Publication, error: str, final: bool = False, reason: str = ""
) -> None:
    """`error`: the platform's own text (administrators see it); `reason`: the Russian
    explanation everyone sees (otklik.sources.platform_errors)."""
    publication.refresh_from_db(fields=["attempts"])
    give_up = final or publication.attempts >= MAX_ATTEMPTS
    reason = reason or explain(error, publication.source.kind).text
    Publication.objects.filter(pk=publication.pk).update(
        status=Publication.Status.FAILED if give_up else Publication.Status.PENDING,
        error=error[:2000],
        reason=reason[:2000],
        claimed_at=None,
        next_attempt_at=timezone.now() + _backoff(max(publication.attempts, 1)),
    )
    if give_up:
        answer = publication.answer
        incident = answer.incident
        _note(
            incident,
            None,
            answer,
            "failed",
            f"Ответ #{answer.pk} не опубликован в «{publication.source}»: {reason[:500]}",
        )
        incident.refresh_from_db()
        final = publication.kind == Publication.Kind.ANSWER and answer.kind == Answer.Kind.FINAL
        if final and incident.status == Status.ANSWER_APPROVED:
            _move(incident, None, Status.PUBLISH_FAILED, "Площадка отказала в публикации")


def publish_pending(batch: int = 50) -> int:
    """The worker task: send what is due; returns how many publications it handled."""
    _abandon_stale()
    due = list(
        Publication.objects.filter(
            status=Publication.Status.PENDING,
            claimed_at__isnull=True,
            next_attempt_at__lte=timezone.now(),
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:batch]
    )
    done = 0
    for pk in due:
        if not _claim(pk):
            continue
        publication = Publication.objects.select_related(
            "source", "message__thread", "answer__incident"
        ).get(pk=pk)
        try:
            external_id, note, link = _send(publication)
        except Exception as exc:
            log.warning("publication %s failed: %s", pk, exc)
            why = explain(exc, publication.source.kind)
            _record_failure(publication, why.original, final=not why.retry, reason=why.text)
        else:
            _record_sent(publication, external_id, note, link)
        done += 1
    return done


@transaction.atomic
def retry_publication(actor: User, publication: Publication) -> None:
    """The press service sends a failed publication again (after checking the platform)."""
    _require_review(actor)
    if publication.status != Publication.Status.FAILED:
        raise ValidationError("Повторить можно только неудавшуюся публикацию")
    Publication.objects.filter(pk=publication.pk).update(
        status=Publication.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    answer = publication.answer
    incident = answer.incident
    _note(
        incident,
        actor,
        answer,
        "retried",
        f"Публикация ответа #{answer.pk} в «{publication.source}» поставлена повторно",
    )
    failed = answer.publications.filter(status=Publication.Status.FAILED).exists()
    if incident.status == Status.PUBLISH_FAILED and not failed:
        _move(incident, actor, Status.ANSWER_APPROVED, "Публикация повторяется")


@transaction.atomic
def mark_published(actor: User, publication: Publication, url: str) -> None:
    """The press service published the answer on the platform by hand (the platform refused
    it, or it could not wait): the publication counts as sent, with the link they pasted."""
    _require_review(actor)
    url = url.strip()
    if not safe_url(url):
        raise ValidationError("Вставьте ссылку на опубликованный ответ: https://…")
    open_ = Q(status=Publication.Status.FAILED) | Q(
        status=Publication.Status.PENDING, claimed_at__isnull=True
    )
    claimed = (
        Publication.objects.filter(open_, pk=publication.pk)
        .exclude(kind=Publication.Kind.CONFIRMATION, status=Publication.Status.PENDING)
        .update(status=Publication.Status.PENDING, claimed_at=timezone.now())
    )
    if not claimed:
        raise ValidationError("Эта публикация уже отмечена опубликованной")
    publication.refresh_from_db()
    _record_sent(publication, "", f"Опубликовано вручную: {actor}", url, actor=actor)
