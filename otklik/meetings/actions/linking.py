"""The worker task `link_questions`: residents' messages in our channels become questions to
the Mayor's meeting they are meant for.

A message is a question in advance to a meeting that is planned or announced when it is
- a comment under the meeting's announcement, in a channel it was published to (the post →
  thread mapping is the plan's, otklik.plan.links), or
- a message that mentions the meeting's hashtag («#ВстречаСамусь1512», any case), or
- the meeting's public page's question whose inbox message was made by the worker, not at once.

New inbox messages are read after a cursor (QuestionCursor); a batch is claimed by a conditional
UPDATE of the cursor, in the transaction that records its questions, so of any number of workers
one reads each message, and a failure leaves the batch to the next pass. A message becomes at
most one question (a unique constraint, and messages already asked are skipped).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.inbox.models import Message
from otklik.meetings.actions.asking import ASKING_STATES, EVENT_TYPE
from otklik.meetings.actions.checks import TEXT_LIMIT
from otklik.meetings.actions.questions import new_question
from otklik.meetings.hashtags import fold, hashtags_in
from otklik.meetings.models import Meeting, Question, QuestionCursor
from otklik.plan.links import COMMENT_KINDS, published_channels, thread_key
from otklik.plan.models import Post
from otklik.sources.models import InboundPayload

log = logging.getLogger(__name__)

CURSOR = "channels"
#: Kinds a resident's question may come as by hashtag (not a media article).
HASHTAG_KINDS = (
    Message.Kind.POST,
    Message.Kind.COMMENT,
    Message.Kind.REPLY,
    Message.Kind.DIRECT,
    Message.Kind.EMAIL,
    Message.Kind.FORM,
)


@dataclass
class Targets:
    """The open meetings, by what points at them."""

    by_hashtag: dict[str, Meeting] = field(default_factory=dict)
    by_thread: dict[tuple[int, str], Meeting] = field(default_factory=dict)
    by_pk: dict[int, Meeting] = field(default_factory=dict)


def open_meetings() -> Targets:
    targets = Targets()
    meetings = list(Meeting.objects.filter(state__in=ASKING_STATES).order_by("starts_at", "pk"))
    for meeting in meetings:
        targets.by_pk[meeting.pk] = meeting
        if meeting.hashtag:
            targets.by_hashtag.setdefault(fold(meeting.hashtag), meeting)
    posts = {m.announcement_id: m for m in meetings if m.announcement_id}
    for channel in published_channels(Post.objects.filter(pk__in=posts)):
        source_id, thread_id = thread_key(channel)
        if thread_id:
            targets.by_thread[(source_id, thread_id)] = posts[channel.post_id]
    return targets


def meeting_for(message: Message, targets: Targets, asked_on: dict[int, int]) -> Meeting | None:
    """The meeting a message asks, or None. `asked_on` maps a payload id to the meeting named in
    it by the public page."""
    if message.payload_id in asked_on:
        return targets.by_pk.get(asked_on[message.payload_id])
    if message.thread_id is not None:
        key = (message.source_id, message.thread.external_id)
        if key in targets.by_thread:
            return targets.by_thread[key] if message.kind in COMMENT_KINDS else None
    if message.kind in HASHTAG_KINDS:
        for tag in sorted(hashtags_in(message.text)):
            if tag in targets.by_hashtag:
                return targets.by_hashtag[tag]
    return None


def _claim(batch: int) -> list[Message] | None:
    """The next batch after the cursor, with the cursor moved past it; None if another worker
    moved it first."""
    cursor, _ = QuestionCursor.objects.get_or_create(name=CURSOR)
    messages = list(
        Message.objects.filter(pk__gt=cursor.last_message_id)
        .select_related("thread", "author")
        .order_by("pk")[:batch]
    )
    if not messages:
        return []
    won = QuestionCursor.objects.filter(
        pk=cursor.pk, last_message_id=cursor.last_message_id
    ).update(last_message_id=messages[-1].pk, updated_at=timezone.now())
    return messages if won else None


def _asked_on(messages: list[Message]) -> dict[int, int]:
    ids = [m.payload_id for m in messages if m.payload_id is not None]
    rows = InboundPayload.objects.filter(pk__in=ids, event_type=EVENT_TYPE).values_list(
        "pk", "body"
    )
    return {
        pk: body["meeting"] for pk, body in rows if isinstance(body, dict) and body.get("meeting")
    }


def _record(meeting: Meeting, message: Message) -> int:
    try:
        new_question(
            meeting,
            text=message.text[:TEXT_LIMIT],
            asked=Question.Asked.ADVANCE,
            message=message,
            asker_name=(message.author.display_name if message.author else "")[:200],
        )
    except ValidationError as exc:  # an empty text, say: the message stays in the inbox only
        log.info("message %s not a question to meeting %s: %s", message.pk, meeting.pk, exc)
        return 0
    return 1


def link_questions(batch: int = 200) -> int:
    """Worker task: claim the inbox's new messages and record the questions among them; returns
    how many messages were read (0 when there is nothing new)."""
    with transaction.atomic():
        messages = _claim(batch)
        if not messages:
            return 0
        targets = open_meetings()
        if not targets.by_pk:
            return len(messages)
        asked = set(
            Question.objects.filter(message__in=messages).values_list("message_id", flat=True)
        )
        asked_on = _asked_on(messages)
        found = 0
        for message in messages:
            if message.pk in asked or message.is_deleted:
                continue
            meeting = meeting_for(message, targets, asked_on)
            if meeting is None:
                continue
            found += _record(meeting, message)
    if found:
        log.info("questions linked to meetings: %s of %s messages", found, len(messages))
    return len(messages)
