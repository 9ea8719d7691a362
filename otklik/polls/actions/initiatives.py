"""Residents' initiatives: proposed on the public page, supported one per browser, answered by
the press service: proposed → under review → accepted / declined (with a reason) → done."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from otklik.accounts.models import User
from otklik.cities.models import Territory
from otklik.notify.actions import notify_user, press_service
from otklik.notify.models import Notification
from otklik.plan.models import Campaign
from otklik.polls.actions.polls import require_manage
from otklik.polls.models import Initiative, Support
from otklik.polls.voters import voter_key

log = logging.getLogger(__name__)

State = Initiative.State
NOTIFY_KIND = Notification.Kind.INITIATIVE
#: Which state may follow which.
MOVES: dict[str, set[str]] = {
    State.PROPOSED: {State.UNDER_REVIEW, State.ACCEPTED, State.DECLINED},
    State.UNDER_REVIEW: {State.ACCEPTED, State.DECLINED},
    State.ACCEPTED: {State.DONE, State.DECLINED},
    State.DECLINED: set(),
    State.DONE: set(),
}
#: States in which residents may still support it.
SUPPORTABLE = {State.PROPOSED, State.UNDER_REVIEW, State.ACCEPTED}


@transaction.atomic
def propose(
    *,
    territory: Territory,
    title: str,
    text: str,
    author_name: str = "",
    author_contact: str = "",
) -> Initiative:
    """A resident's proposal; the press service is told (otklik.notify)."""
    title, text = title.strip(), text.strip()
    if not title or not text:
        raise ValidationError("Укажите название и описание инициативы")
    initiative = Initiative.objects.create(
        territory=territory,
        title=title[:200],
        text=text[:5000],
        author_name=author_name.strip()[:100],
        author_contact=author_contact.strip()[:150],
    )
    _tell_press_service(initiative)
    return initiative


def _tell_press_service(initiative: Initiative) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("initiative-manage", args=[initiative.pk])
    subject = f"Новая инициатива жителей: «{initiative.title[:120]}»"
    text = f"{subject}\nТерритория: {initiative.territory}.\nРассмотрите и ответьте: {link}"
    for user in press_service():
        notify_user(user, NOTIFY_KIND, f"initiative:{initiative.pk}", subject=subject, text=text)


def support(initiative: Initiative, token: str) -> Support:
    """One support per browser (token) and initiative."""
    if initiative.state not in SUPPORTABLE:
        raise ValidationError("Эту инициативу поддержать уже нельзя")
    if not token:
        raise ValidationError("Не удалось узнать браузер: включите cookie")
    try:
        with transaction.atomic():
            return Support.objects.create(initiative=initiative, voter_key=voter_key(token))
    except IntegrityError:
        raise ValidationError("Из этого браузера инициативу уже поддержали") from None


def has_supported(initiative: Initiative, token: str) -> bool:
    return bool(token) and initiative.supports.filter(voter_key=voter_key(token)).exists()


def _move(actor: User, initiative: Initiative, to: str, **fields: object) -> None:
    require_manage(actor)
    allowed = [s for s, nexts in MOVES.items() if to in nexts]
    won = Initiative.objects.filter(pk=initiative.pk, state__in=allowed).update(state=to, **fields)
    if not won:
        current = Initiative.objects.get(pk=initiative.pk).get_state_display()
        raise ValidationError(f"Из состояния «{current}» так перевести нельзя")
    initiative.refresh_from_db()


def review(actor: User, initiative: Initiative) -> None:
    _move(actor, initiative, State.UNDER_REVIEW)


def accept(
    actor: User,
    initiative: Initiative,
    *,
    answer: str,
    campaign: Campaign | None = None,
    instruction_number: str = "",
) -> None:
    if not answer.strip():
        raise ValidationError("Напишите ответ администрации")
    _move(
        actor, initiative, State.ACCEPTED, answer=answer.strip(), campaign=campaign,
        instruction_number=instruction_number.strip()[:40], decided_at=timezone.now(),
        decided_by=actor,
    )  # fmt: skip


def decline(actor: User, initiative: Initiative, *, reason: str, answer: str = "") -> None:
    if not reason.strip():
        raise ValidationError("Укажите причину отказа")
    _move(
        actor, initiative, State.DECLINED, decline_reason=reason.strip(),
        answer=answer.strip() or reason.strip(), decided_at=timezone.now(), decided_by=actor,
    )  # fmt: skip


def mark_done(actor: User, initiative: Initiative, *, answer: str = "") -> None:
    fields: dict[str, object] = {"answer": answer.strip()} if answer.strip() else {}
    _move(actor, initiative, State.DONE, **fields)


def save_answer(actor: User, initiative: Initiative, *, answer: str) -> None:
    """The administration's answer edited without a change of state."""
    require_manage(actor)
    Initiative.objects.filter(pk=initiative.pk).update(answer=answer.strip())
    initiative.refresh_from_db()


#: The author's name once their data is depersonalised (otklik.privacy).
ANONYMOUS = "Житель"


def depersonalise_initiatives(initiative_ids: Sequence[int], mask: Callable[[str], str]) -> int:
    """Retention (otklik.privacy): «Житель» for the author, no contact, the description masked
    by `mask`; the title, territory, state, support and dates stay. Idempotent."""
    rows = list(Initiative.objects.filter(id__in=initiative_ids).only("id", "text"))
    for initiative in rows:
        initiative.author_name = ANONYMOUS
        initiative.author_contact = ""
        initiative.text = mask(initiative.text)
    Initiative.objects.bulk_update(rows, ["author_name", "author_contact", "text"], batch_size=500)
    return len(rows)
