"""The calendar's writes: moving a post to another time, and a channel's weekly norm.

A move changes only the time, so it keeps the approval (update_post does the same for a change
of time alone); it is refused once any channel of the post has left «Ожидает», and for an
approved post it is refused into the past, where the worker would publish it at once.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otklik.accounts.models import User
from otklik.plan.actions import EDITABLE, PUBLISHABLE, _check_time, _require_plan, events
from otklik.plan.models import ChannelNorm, Post, PostChannel, PostEvent
from otklik.sources.models import Source

#: The city's default weekly norms by a page's category, a starting point that the press
#: service edits per channel on /plan/calendar/norms/ (they are not a federal figure).
#: A flagship page (the city's main account) posts most, twice a day; an active page (a
#: department's, a settlement's) once a day; a «визитка» (a page kept for contacts and the
#: occasional announcement) a few times a week.
DEFAULT_WEEKLY_POSTS: dict[str, int] = {
    ChannelNorm.Category.FLAGSHIP: 14,
    ChannelNorm.Category.ACTIVE: 7,
    ChannelNorm.Category.CARD: 3,
}
MAX_WEEKLY_POSTS = 100  # a norm above this is a typo, not a plan

IN_PROGRESS = "Пост уже публикуется или опубликован: перенести его нельзя"
INTO_THE_PAST = (
    "Утверждённый пост нельзя перенести в прошлое: он сразу ушёл бы в публикацию. "
    "Выберите время позже текущего"
)


def movable(post: Post, channel_states: list[str]) -> bool:
    """Whether the calendar may move `post`, given its channels' states."""
    return post.state in EDITABLE and all(s == PostChannel.State.PENDING for s in channel_states)


@transaction.atomic
def reschedule(actor: User, post: Post, publish_at: datetime) -> Post:
    """Move `post` to `publish_at`, keeping its approval; records RESCHEDULED «с … на …»."""
    _require_plan(actor)
    _check_time(publish_at)
    locked = Post.objects.select_for_update().get(pk=post.pk)
    states = list(locked.channels.values_list("state", flat=True))
    if not movable(locked, states):
        raise ValidationError(IN_PROGRESS)
    if locked.state == Post.State.APPROVED and publish_at <= timezone.now():
        raise ValidationError(INTO_THE_PAST)
    before = locked.publish_at
    if before != publish_at:
        Post.objects.filter(pk=post.pk).update(publish_at=publish_at, updated_at=timezone.now())
        events.record(
            post, PostEvent.Kind.RESCHEDULED, actor, events.moved_text(before, publish_at)
        )
    post.refresh_from_db()
    return post


@transaction.atomic
def set_norm(
    actor: User, source: Source, category: str, weekly_posts: int | None = None
) -> ChannelNorm:
    """A channel's category and weekly norm; no norm given: the category's default."""
    _require_plan(actor)
    if category not in ChannelNorm.Category.values:
        raise ValidationError(f"Неизвестная категория страницы: {category}")
    if source.kind not in PUBLISHABLE:
        raise ValidationError(f"«{source}»: в этот канал посты не публикуются, норма не нужна")
    if weekly_posts is None:
        weekly_posts = DEFAULT_WEEKLY_POSTS[category]
    if not 0 <= weekly_posts <= MAX_WEEKLY_POSTS:
        raise ValidationError(f"Норма — от 0 до {MAX_WEEKLY_POSTS} постов в неделю")
    norm, _ = ChannelNorm.objects.update_or_create(
        source=source, defaults={"category": category, "weekly_posts": weekly_posts}
    )
    return norm
