"""The resident's side: after a final answer, ask whether the problem is solved and read the reply.

`ask_confirmation` queues one «confirmation» Publication per thread whose channel can reply (the
answers' own publication machinery sends it, OTKLIK_CONFIRM_DELAY_MINUTES after the answer).
`scan_replies` is a worker task: a new message from the same author in the same thread within
REPLY_DAYS is read as a verdict — «нет / не решено / не сделали» reopens the incident
(otklik.incidents.actions.reopen_from_resident), «да / спасибо / решено» or a mark 4–5 closes it
as solved (through otklik.incidents.actions.change_status, as the resident bot; the event says why
when it cannot), and every verdict is stored as an AnswerRating. One resident's replies to one
answer make one review: the first verdict counts, later replies stay plain messages. A message
is judged once: its rating row (one per message) is the claim.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, Min, Q
from django.utils import timezone

from otklik.accounts.actions import system_user
from otklik.accounts.models import User
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.inbox.actions import dismiss_messages
from otklik.inbox.models import Message, search_form
from otklik.incidents.actions import change_status, record_event, reopen_from_resident
from otklik.incidents.models import Event, Incident
from otklik.incidents.states import Resolution, Status
from otklik.sources.channels import CHANNELS
from otklik.sources.models import Source

log = logging.getLogger(__name__)

CONFIRMATION_TEXT = (
    "Подскажите, пожалуйста, решена ли ваша проблема? Ответьте в этой ветке «да» или «нет» — "
    "если нет, мы вернём обращение в работу."
)
#: Channels where a question can be asked in the same thread (a form or a feed cannot).
CONFIRM_KINDS = frozenset(
    {Source.Kind.VK, Source.Kind.TELEGRAM, Source.Kind.MAX, Source.Kind.OK, Source.Kind.EMAIL}
)
#: How long after the answer a reply in the thread still counts as the resident's verdict.
REPLY_DAYS = 14
#: Who closes an incident the resident confirmed solved (a service account; never signs in).
RESIDENT_BOT = "otklik-resident"

NEGATIVE = re.compile(
    r"(?<!\w)(нет|не\s+решен\w*|не\s+сделал\w*|не\s+сделан\w*|не\s+исправ\w*|не\s+устран\w*"
    r"|ничего\s+не\s+\w+)(?!\w)"
)
POSITIVE = re.compile(
    r"(?<!\w)(да|спасибо|благодар\w*|решен\w*|сделал\w*|сделан\w*|исправ\w*)(?!\w)"
)
SCORE = re.compile(r"^\s*(?:оценка\s*)?([1-5])\s*(?:/\s*5|из\s+5)?\s*[.!]?\s*$")


@dataclass(frozen=True)
class Verdict:
    solved: bool | None
    score: int | None = None


def judge(text: str) -> Verdict | None:
    """The resident's verdict in a reply, or None when it says neither."""
    flat = search_form(text)
    score = SCORE.match(flat)
    if score:
        mark = int(score.group(1))
        return Verdict(solved=mark >= 4 if mark != 3 else None, score=mark)
    if NEGATIVE.search(flat):
        return Verdict(solved=False)
    if POSITIVE.search(flat):
        return Verdict(solved=True)
    return None


def can_ask(source: Source) -> bool:
    return source.kind in CONFIRM_KINDS and source.kind in CHANNELS


def confirm_delay() -> timedelta:
    """The question goes out a while after the answer, not in the same breath (a setting)."""
    return timedelta(minutes=max(int(settings.CONFIRM_DELAY_MINUTES), 0))


def resident_bot() -> User:
    return system_user(RESIDENT_BOT, "Подтверждение жителя")


@transaction.atomic
def ask_confirmation(answer: Answer) -> list[Publication]:
    """Queue the question in every thread the final answer went to, where the channel allows."""
    sent = answer.publications.filter(
        kind=Publication.Kind.ANSWER, status=Publication.Status.SENT
    ).select_related("source", "message")
    now = timezone.now()
    due = now + confirm_delay()
    queued = []
    for publication in sent:
        if not can_ask(publication.source):
            continue
        confirmation, created = Publication.objects.get_or_create(
            answer=answer,
            message=publication.message,
            kind=Publication.Kind.CONFIRMATION,
            defaults={"source": publication.source, "next_attempt_at": due, "created_at": now},
        )
        if created:
            queued.append(confirmation)
    return queued


def _candidates(publication: Publication) -> list[Message]:
    message = publication.message
    asked_at = publication.sent_at
    if message.author_id is None or asked_at is None:
        return []
    qs = Message.objects.filter(
        source_id=message.source_id,
        author_id=message.author_id,
        created_at__gt=asked_at,
        created_at__lte=asked_at + timedelta(days=REPLY_DAYS),
        rating__isnull=True,
    ).filter(Q(incident__isnull=True) | Q(incident_id=publication.answer.incident_id))
    if message.thread_id:
        qs = qs.filter(thread_id=message.thread_id)
    return list(qs.exclude(pk=message.pk).order_by("created_at", "id"))


def record_reply(publication: Publication, message: Message, verdict: Verdict) -> AnswerRating:
    """Store the verdict (the claim: one rating per message); reopen when not solved, close
    when solved (or say in the event why the incident stays as it is)."""
    incident = publication.answer.incident
    with transaction.atomic():
        rating = AnswerRating.objects.create(
            incident=incident,
            department_id=incident.department_id,
            solved=verdict.solved,
            score=verdict.score,
            message=message,
        )
        if verdict.solved is False:
            reopen_from_resident(
                incident, message, f"Житель ответил, что проблема не решена: «{message.text[:300]}»"
            )
            return rating
        # The verdict is read: it needs no reaction of its own, so it leaves the inbox (and
        # teaches triage that «да, спасибо» is not an appeal).
        dismiss_messages(resident_bot(), [message])
        label = {True: "проблема решена", None: "без вывода"}[verdict.solved]
        mark = f", оценка {verdict.score}" if verdict.score else ""
        outcome = _close_solved(incident, message) if verdict.solved else ""
        record_event(
            incident,
            None,
            Event.Kind.RESIDENT_REPLY,
            message.text[:1000],
            solved=verdict.solved,
            score=verdict.score,
            message=message.pk,
            summary=label + mark + (f"; {outcome}" if outcome else ""),
        )
    return rating


def _close_solved(incident: Incident, message: Message) -> str:
    """Close the incident the resident confirmed solved, through incidents' own action (which
    keeps its state machine); returns what happened, in words, for the event."""
    incident.refresh_from_db()
    if incident.status == Status.CLOSED:
        return "инцидент уже закрыт"
    if incident.status != Status.PUBLISHED:
        return (
            f"инцидент не закрыт: он в статусе «{incident.get_status_display()}», "
            "закрыть его может пресс-служба"
        )
    try:
        change_status(
            resident_bot(),
            incident,
            Status.CLOSED,
            f"Житель подтвердил, что проблема решена: «{message.text[:300]}»",
            resolution=Resolution.RESOLVED,
        )
    except (PermissionDenied, ValidationError) as exc:
        reason = "; ".join(getattr(exc, "messages", None) or [str(exc)])
        return f"инцидент не закрыт: {reason}"
    return "инцидент закрыт как решённый"


def _answer_sent_at(answer: Answer) -> Any:
    """When the answer first went out (its earliest sent publication)."""
    return answer.publications.filter(
        kind=Publication.Kind.ANSWER, status=Publication.Status.SENT
    ).aggregate(first=Min("sent_at"))["first"]


def _reviewed(publication: Publication, message: Message) -> bool:
    """This resident already gave a verdict on this answer (a later reply is a message only)."""
    sent = _answer_sent_at(publication.answer) or publication.sent_at
    return (
        AnswerRating.objects.filter(
            incident_id=publication.answer.incident_id,
            message__author_id=message.author_id,
            message__created_at__gt=sent,
        )
        .exclude(message=message)
        .exists()
    )


def _judge_once(publication: Publication, message: Message, verdict: Verdict) -> bool:
    """Record the verdict unless this resident has already reviewed this answer; the incident
    row is locked so that two workers never count two replies of one resident."""
    with transaction.atomic():
        Incident.objects.select_for_update().filter(pk=publication.answer.incident_id).first()
        if _reviewed(publication, message):
            return False
        record_reply(publication, message, verdict)
    return True


def scan_replies(batch: int = 100) -> int:
    """Worker task: read residents' replies to the answers published in the last REPLY_DAYS."""
    since = timezone.now() - timedelta(days=REPLY_DAYS)
    asked = (
        Publication.objects.filter(
            status=Publication.Status.SENT,
            sent_at__gte=since,
            answer__kind=Answer.Kind.FINAL,
            answer__incident__status__in=[Status.PUBLISHED, Status.CLOSED, Status.REOPENED],
        )
        .select_related("message", "answer__incident", "source")
        .order_by("-sent_at", "-id")
    )
    # Each reply belongs to the latest question or answer before it; replies are judged in the
    # order they were written, so a resident's first verdict on an answer is the one that counts.
    replies: dict[int, tuple[Message, Publication]] = {}
    for publication in asked:
        for message in _candidates(publication):
            replies.setdefault(message.pk, (message, publication))
    done = 0
    for message, publication in sorted(replies.values(), key=lambda r: (r[0].created_at, r[0].pk)):
        if done >= batch:
            break
        verdict = judge(message.text)
        if verdict is None:
            continue
        try:
            judged = _judge_once(publication, message, verdict)
        except IntegrityError:
            continue  # another worker judged it first
        done += int(judged)
    return done


def rating_table() -> list[dict[str, Any]]:
    """Per department: ratings, solved yes / no, share solved, average mark."""
    rows = (
        AnswerRating.objects.values("department__name")
        .annotate(
            total=Count("id"),
            yes=Count("id", filter=Q(solved=True)),
            no=Count("id", filter=Q(solved=False)),
            avg=Avg("score"),
        )
        .order_by("department__name")
    )
    table = []
    for row in rows:
        judged = row["yes"] + row["no"]
        table.append(
            {
                "department": row["department__name"] or "Без подразделения",
                "total": row["total"],
                "yes": row["yes"],
                "no": row["no"],
                "share": round(100 * row["yes"] / judged) if judged else None,
                "avg": round(row["avg"], 1) if row["avg"] is not None else None,
            }
        )
    return table
