"""Read-only: the residents' comments under our published posts, found in the inbox.

A post's comments arrive through intake like any message; the platform's normaliser files them
under a Thread whose external id follows from the post's id on the platform (what
`publish_post` returned and PostChannel.external_id keeps):

  VK        wall{owner}_{post}        the same id (vk/parser.py: comment_record)
  Telegram  tg{chat}_{message}     →  post{chat}_{message} (telegram/parser.py)
  OK        topic{id}                 the same id (ok/parser.py)
  MAX       {mid}                  →  chat{channel_id}:{mid} (max/parser.py: a channel post)

Sentiment: the suggestions app stores the triage model's label, but it stands on plan's floor
(siblings do not read each other), so the split here comes from the triage library's rule step
(`otklik.triage.sentiment`), the same rules the model falls back on.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Q, QuerySet

from otklik.inbox.models import Message, Thread
from otklik.incidents.states import Status
from otklik.plan.models import Campaign, Post, PostChannel
from otklik.triage.clean import clean
from otklik.triage.sentiment import SentimentStep

COMMENT_KINDS = (Message.Kind.COMMENT, Message.Kind.REPLY)
SENTIMENTS = {"positive": "позитивные", "neutral": "нейтральные", "negative": "негативные"}
_rules = SentimentStep()


def comment_thread_id(kind: str, external_id: str, settings: dict[str, Any]) -> str:
    """The inbox Thread id of the comments under a post published as `external_id`."""
    if not external_id:
        return ""
    if kind == "telegram" and external_id.startswith("tg"):
        return "post" + external_id[2:]
    if kind == "max":
        channel = settings.get("channel_id")
        return f"chat{channel}:{external_id}" if channel else ""
    return external_id


def thread_key(channel: PostChannel) -> tuple[int, str]:
    settings = channel.source.settings or {}
    return channel.source_id, comment_thread_id(channel.source.kind, channel.external_id, settings)


def threads_for(channel: PostChannel) -> QuerySet[Thread]:
    """The Thread(s) holding the comments under one published channel."""
    source_id, thread_id = thread_key(channel)
    return Thread.objects.filter(source_id=source_id, external_id=thread_id)


def _where(keys: Iterable[tuple[int, str]]) -> Q | None:
    parts = [Q(source_id=s, thread__external_id=t) for s, t in keys if t]
    return reduce(or_, parts) if parts else None


def sentiment(text: str) -> str:
    """positive / neutral / negative by the triage rules; thanks count as positive."""
    label = _rules.rules(clean(text))
    return "positive" if label == "thanks" else label


@dataclass
class IncidentLink:
    id: int
    title: str
    status: str

    @property
    def url(self) -> str:
        return f"/incidents/{self.id}/"


@dataclass
class Comments:
    """What residents wrote under some published channels."""

    count: int = 0
    by_channel: dict[int, int] = field(default_factory=dict)
    sentiment: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SENTIMENTS, 0))
    incidents: list[IncidentLink] = field(default_factory=list)

    @property
    def sentiment_rows(self) -> list[tuple[str, int]]:
        return [(SENTIMENTS[key], self.sentiment[key]) for key in SENTIMENTS]


def comments(channels: Iterable[PostChannel]) -> Comments:
    """One query: the comments under `channels` (sources selected), with their incidents."""
    owners = {thread_key(c): c.pk for c in channels}
    where = _where(owners)
    found = Comments(by_channel=dict.fromkeys(owners.values(), 0))
    if where is None:
        return found
    rows = (
        Message.objects.filter(where, kind__in=COMMENT_KINDS, is_deleted=False)
        .values_list(
            "source_id",
            "thread__external_id",
            "text",
            "incident_id",
            "incident__title",
            "incident__status",
        )  # fmt: skip
        .order_by("created_at", "id")
    )
    labels: Counter[str] = Counter()
    incidents: dict[int, IncidentLink] = {}
    for source_id, thread_id, text, incident_id, title, status in rows:
        found.count += 1
        owner = owners[(source_id, thread_id)]
        found.by_channel[owner] += 1
        labels[sentiment(text)] += 1
        if incident_id is not None and incident_id not in incidents:
            label = dict(Status.choices).get(status, status)
            incidents[incident_id] = IncidentLink(incident_id, title, label)
    found.sentiment.update({k: labels.get(k, 0) for k in SENTIMENTS})
    found.incidents = sorted(incidents.values(), key=lambda i: i.id)
    return found


def published_channels(posts: QuerySet[Post]) -> list[PostChannel]:
    return list(
        PostChannel.objects.filter(post__in=posts, state=PostChannel.State.PUBLISHED)
        .select_related("source")
        .order_by("post_id", "source__name")
    )


def post_comments(post: Post) -> Comments:
    return comments(published_channels(Post.objects.filter(pk=post.pk)))


def campaign_comments(campaign: Campaign) -> Comments:
    return comments(published_channels(campaign.posts.all()))
