"""The only writer of plan's tables: campaigns, posts, and each post's publication per channel.

Publishing: `publish_due` (the worker's task) claims due channels of approved posts with a
conditional UPDATE under a short lease, so of any number of workers one sends each (post,
channel). VK takes an idempotency key (`guid`, derived from the PostChannel's id), so a send left
in flight by a dead worker is simply sent again; the other platforms have none, so such a send
is never repeated automatically: it becomes «требует проверки» and a person decides.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.text import slugify

from otklik.accounts.models import User
from otklik.accounts.permissions import can_approve_for_mayor
from otklik.plan import links_out, signals
from otklik.plan.actions import events, images
from otklik.plan.actions.events import moved_text
from otklik.plan.models import Campaign, Post, PostChannel, PostEvent
from otklik.sources.actions import lease_length, worker_id
from otklik.sources.channels import CHANNELS, adapter_for
from otklik.sources.http import ChannelError, RateLimited, Uncertain
from otklik.sources.models import Source
from otklik.sources.platform_errors import explain

log = logging.getLogger(__name__)

#: Length limits of a post's text, in characters, per platform (Source.kind). VK: wall.post's
#: message; Telegram: sendMessage's text, and 1024 for a caption under an image (sendPhoto);
#: OK: a group topic's text; MAX: a message's text.
LIMITS: dict[str, int] = {"vk": 16384, "telegram": 4096, "ok": 4096, "max": 4000}
TELEGRAM_CAPTION = 1024
#: Platforms where a repeated send with the same key does not post twice.
IDEMPOTENT = {"vk"}
PUBLISHABLE = set(LIMITS)
MAX_ATTEMPTS = 5
FIRST_METRICS = timedelta(hours=1)  # the first statistics step after publication
BACKOFF = (60, 300, 900, 3600)  # seconds after the 1st, 2nd, 3rd and later failures

MAYOR_RULE = (
    "Пост выйдет на личной странице мэра ({pages}): его утверждает сотрудник с правом "
    "«может утверждать ответы от имени мэра» или администратор"
)
CHECK_PAGE = (
    "Требует проверки: отправка прервалась посреди публикации, и пост мог уже выйти. "
    "Площадка не даёт ключа, защищающего от повтора, поэтому Otklik не отправляет его снова сам. "
    "Проверьте страницу: если поста там нет — нажмите «Повторить»."
)


# Who may do what.


def can_plan(user: User) -> bool:
    """Write and approve posts: the press service (moderators, administrators)."""
    return bool(
        user.is_authenticated and user.is_active and user.is_press_service and user.can_write
    )


def _require_plan(actor: User) -> None:
    if not can_plan(actor):
        raise PermissionDenied("План публикаций ведёт пресс-служба")


def mayor_pages(post: Post) -> list[Source]:
    return [c.source for c in post.channels.select_related("source") if c.source.is_mayor_page]


def _require_approver(actor: User, post: Post) -> None:
    _require_plan(actor)
    pages = mayor_pages(post)
    if pages and not can_approve_for_mayor(actor):
        raise PermissionDenied(MAYOR_RULE.format(pages=", ".join(f"«{p}»" for p in pages)))


# Checks before approval.


def length_errors(text: str, kind: str, has_image: bool = False) -> list[str]:
    """The platform's length rules broken by `text`, in Russian."""
    title = dict(Source.Kind.choices).get(kind, kind)
    errors = []
    if not text.strip():
        errors.append(f"{title}: текст пуст")
    limit = LIMITS.get(kind)
    if kind == "telegram" and has_image:
        limit = TELEGRAM_CAPTION
        what = "подпись к изображению"
    else:
        what = "текст"
    if limit is not None and len(text) > limit:
        errors.append(f"{title}: {what} длиннее {limit} знаков ({len(text)}); сократите вариант")
    return errors


def post_errors(post: Post) -> list[str]:
    """Everything that keeps `post` from approval."""
    errors = []
    channels = list(post.channels.select_related("source"))
    if not channels:
        errors.append("Не выбран ни один канал")
    for channel in channels:
        if channel.source.kind not in PUBLISHABLE:
            errors.append(f"«{channel.source}»: в этот канал посты не публикуются")
            continue
        for error in length_errors(channel.body, channel.source.kind, bool(post.image)):
            errors.append(f"«{channel.source}»: {error}")
    return errors


# Campaigns.


def find_campaign(name: str) -> Campaign | None:
    name = name.strip()
    found = Campaign.objects.filter(slug=name).first()
    if found is None:  # few rows; casefold in Python, as SQLite's iexact ignores Cyrillic case
        wanted = name.casefold()
        found = next((c for c in Campaign.objects.all() if c.title.casefold() == wanted), None)
    return found


@transaction.atomic
def get_or_create_campaign(actor: User | None, name: str) -> Campaign:
    """By slug or title; a missing one is created as a theme."""
    name = name.strip()[:200]
    if not name:
        raise ValidationError("Пустое название кампании")
    found = find_campaign(name)
    if found is not None:
        return found
    if actor is not None:
        _require_plan(actor)
    base = slugify(name, allow_unicode=False)[:50] or "campaign"
    slug, n = base, 1
    while Campaign.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return Campaign.objects.create(slug=slug, title=name, kind=Campaign.Kind.THEME)


# Posts.


def _check_time(publish_at: datetime) -> None:
    if timezone.is_naive(publish_at):
        raise ValidationError("Время публикации без часового пояса")


@transaction.atomic
def create_post(
    actor: User,
    *,
    text: str,
    publish_at: datetime,
    sources: Iterable[Source],
    campaign: Campaign | None = None,
    title: str = "",
    variants: dict[int, str] | None = None,
    image: str = "",
    external_id: str | None = None,
) -> Post:
    """A draft; `variants` maps a source's id to its own text (blank: the post's text)."""
    _require_plan(actor)
    _check_time(publish_at)
    if not text.strip():
        raise ValidationError("Текст поста пуст")
    post = Post.objects.create(
        title=title.strip()[:200],
        text=text,
        campaign=campaign,
        publish_at=publish_at,
        created_by=actor,
        image=image.strip()[:500],
        external_id=external_id or None,
    )
    _set_channels(post, sources, variants or {})
    events.record(post, PostEvent.Kind.CREATED, actor)
    return post


def _set_channels(post: Post, sources: Iterable[Source], variants: dict[int, str]) -> None:
    wanted = {s.pk: s for s in sources}
    post.channels.exclude(source_id__in=wanted).delete()
    for pk in wanted:
        PostChannel.objects.update_or_create(
            post=post, source_id=pk, defaults={"text": variants.get(pk, "").strip()}
        )


EDITABLE = {Post.State.DRAFT, Post.State.ON_APPROVAL, Post.State.APPROVED}


@transaction.atomic
def update_post(
    actor: User,
    post: Post,
    *,
    text: str,
    publish_at: datetime,
    sources: Iterable[Source],
    campaign: Campaign | None = None,
    title: str = "",
    variants: dict[int, str] | None = None,
    image: str = "",
) -> Post:
    """An edit of the text or channels sends an approved post back to draft; a change of time
    alone keeps the approval."""
    _require_plan(actor)
    _check_time(publish_at)
    given, post = post, Post.objects.select_for_update().get(pk=post.pk)
    if (
        post.state not in EDITABLE
        or post.channels.exclude(state=PostChannel.State.PENDING).exists()
    ):
        raise ValidationError("Пост уже публикуется или опубликован: менять его нельзя")
    variants = variants or {}
    before = (post.text, post.title, post.image, post.campaign_id, _channel_texts(post))
    moved_from = post.publish_at
    post.text, post.title, post.image = text, title.strip()[:200], image.strip()[:500]
    post.campaign, post.publish_at, post.updated_at = campaign, publish_at, timezone.now()
    post.save()
    _set_channels(post, sources, variants)
    after = (post.text, post.title, post.image, post.campaign_id, _channel_texts(post))
    if before != after and post.state != Post.State.DRAFT:
        Post.objects.filter(pk=post.pk).update(
            state=Post.State.DRAFT, approved_by=None, approved_at=None
        )
    if before != after:
        events.record(post, PostEvent.Kind.EDITED, actor, "текст, канал или кампания изменены")
    if moved_from != publish_at:
        events.record(post, PostEvent.Kind.RESCHEDULED, actor, moved_text(moved_from, publish_at))
    given.refresh_from_db()
    return given


def _channel_texts(post: Post) -> dict[int, str]:
    return dict(post.channels.values_list("source_id", "text"))


@transaction.atomic
def submit(actor: User, post: Post) -> None:
    _require_plan(actor)
    if post.state != Post.State.DRAFT:
        raise ValidationError("На согласование отправляется черновик")
    errors = post_errors(post)
    if errors:
        raise ValidationError(errors)
    Post.objects.filter(pk=post.pk, state=Post.State.DRAFT).update(
        state=Post.State.ON_APPROVAL, updated_at=timezone.now()
    )
    events.record(post, PostEvent.Kind.SUBMITTED, actor)
    post.refresh_from_db()


@transaction.atomic
def approve(actor: User, post: Post) -> None:
    """Checks the lengths again and the Mayor's right for the Mayor's pages."""
    _require_approver(actor, post)
    if post.state not in {Post.State.DRAFT, Post.State.ON_APPROVAL}:
        raise ValidationError("Утвердить можно черновик или пост на согласовании")
    errors = post_errors(post)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    Post.objects.filter(pk=post.pk, state=post.state).update(
        state=Post.State.APPROVED, approved_by=actor, approved_at=now, updated_at=now
    )
    events.record(post, PostEvent.Kind.APPROVED, actor)
    post.refresh_from_db()


@transaction.atomic
def retry_channel(actor: User, channel: PostChannel) -> None:
    """The press service sends a failed channel again (after checking the page)."""
    _require_approver(actor, channel.post)
    won = PostChannel.objects.filter(pk=channel.pk, state=PostChannel.State.FAILED).update(
        state=PostChannel.State.PENDING,
        attempts=0,
        next_attempt_at=None,
        error="",
        reason="",
        claimed_by="",
        lease_until=None,
    )
    if not won:
        raise ValidationError("Повторить можно только неудавшуюся публикацию")
    Post.objects.filter(pk=channel.post_id).update(
        state=Post.State.APPROVED, updated_at=timezone.now()
    )
    events.record(channel.post_id, PostEvent.Kind.RETRIED, actor, str(channel.source))
    channel.refresh_from_db()


# Publishing (the worker's side).


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1])


def _due(now: datetime) -> Q:
    return Q(post__state=Post.State.APPROVED, post__publish_at__lte=now)


def _hold_stale(now: datetime) -> int:
    """Sends left in flight by a dead worker on a platform without an idempotency key: never
    resent; they become «требует проверки» (a conditional UPDATE, so once)."""
    stale = PostChannel.objects.filter(
        state=PostChannel.State.IN_FLIGHT, lease_until__lt=now
    ).exclude(source__kind__in=IDEMPOTENT)
    held = 0
    for pk, post_id, lease_until, claimed_by in stale.values_list(
        "pk", "post_id", "lease_until", "claimed_by"
    ):
        with transaction.atomic():
            won = PostChannel.objects.filter(
                pk=pk,
                state=PostChannel.State.IN_FLIGHT,
                lease_until=lease_until,
                claimed_by=claimed_by,
            ).update(
                state=PostChannel.State.FAILED,
                error=f"lease of {claimed_by or '?'} ran out mid-send",
                reason=CHECK_PAGE,
                claimed_by="",
                lease_until=None,
            )
            if won:
                log.warning(
                    "post channel %s: left in flight by %s, held for a check", pk, claimed_by
                )
                _settle(post_id)
                events.record(post_id, PostEvent.Kind.FAILED, None, CHECK_PAGE)
                held += 1
    return held


def claim_due(limit: int = 50, worker: str | None = None) -> list[PostChannel]:
    """Claim due channels of approved posts for one lease: one winner per row. A VK send left in
    flight by a dead worker is taken over (its guid keeps VK from posting twice)."""
    worker = worker or worker_id()
    now = timezone.now()
    ready = Q(state=PostChannel.State.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    taken_over = Q(
        state=PostChannel.State.IN_FLIGHT, lease_until__lt=now, source__kind__in=IDEMPOTENT
    )
    candidates = list(
        PostChannel.objects.filter(_due(now) & (ready | taken_over))
        .order_by("post__publish_at", "id")
        .values_list("id", "state", "lease_until", "claimed_by")[:limit]
    )
    claimed: list[int] = []
    for pk, state, lease_until, previous in candidates:
        won = PostChannel.objects.filter(
            pk=pk, state=state, lease_until=lease_until, claimed_by=previous
        ).update(
            state=PostChannel.State.IN_FLIGHT,
            claimed_by=worker,
            lease_until=now + lease_length(),
            attempts=F("attempts") + 1,
        )
        if won:
            claimed.append(pk)
    return list(
        PostChannel.objects.filter(pk__in=claimed, claimed_by=worker)
        .select_related("post", "source")
        .order_by("post__publish_at", "id")
    )


def guid_for(channel: PostChannel) -> str:
    """Stable per (post, channel): a resend after a crash carries the same key."""
    return f"otklik-post-{channel.pk}"


def post_link(source: Source, external_id: str) -> str:
    """The address of a published post (otklik.plan.links_out), or ""."""
    return links_out.post_link(source.kind, source.settings or {}, external_id)


def _send(channel: PostChannel) -> str:
    """The channel's text, and the post's image (actions.images) when it has one."""
    if channel.source.kind not in CHANNELS:
        raise ValidationError(f"Для канала «{channel.source}» нет адаптера площадки")
    image = images.load(channel.post.image)
    adapter = adapter_for(channel.source)
    return adapter.publish_post(channel.body, guid=guid_for(channel), image=image)


def _finish(channel: PostChannel, worker: str, **fields: Any) -> bool:
    """Record the outcome only while this worker still holds the claim."""
    with transaction.atomic():
        won = PostChannel.objects.filter(
            pk=channel.pk, state=PostChannel.State.IN_FLIGHT, claimed_by=worker
        ).update(claimed_by="", lease_until=None, **fields)
        if won:
            _settle(channel.post_id)
            _record_outcome(channel, fields)
    return bool(won)


def _record_outcome(channel: PostChannel, fields: dict[str, Any]) -> None:
    state = fields.get("state")
    if state == PostChannel.State.PUBLISHED:
        where = fields.get("url") or fields.get("external_id")
        events.record(channel.post_id, PostEvent.Kind.PUBLISHED, None, f"{channel.source}: {where}")
    elif state == PostChannel.State.FAILED:
        why = fields.get("reason", "")
        events.record(channel.post_id, PostEvent.Kind.FAILED, None, f"{channel.source}: {why}")


def _settle(post_id: int) -> None:
    """A post whose every channel is done is published, partly failed, or failed."""
    post = Post.objects.select_for_update().get(pk=post_id)
    states = list(post.channels.values_list("state", flat=True))
    if not states or any(
        s in {PostChannel.State.PENDING, PostChannel.State.IN_FLIGHT} for s in states
    ):
        return
    published = states.count(PostChannel.State.PUBLISHED)
    if published == len(states):
        state = Post.State.PUBLISHED
    elif published:
        state = Post.State.PARTLY_FAILED
    else:
        state = Post.State.FAILED
    Post.objects.filter(pk=post_id).update(state=state, updated_at=timezone.now())
    if state == Post.State.PUBLISHED:
        signals.post_published.send(sender=Post, post_id=post_id)


def publish_channel(channel: PostChannel, worker: str) -> None:
    """Send one claimed channel and record what came of it."""
    kind = channel.source.kind
    try:
        external_id = _send(channel)
    except RateLimited as exc:
        wait = max(exc.retry_after or 0, _backoff(channel.attempts).total_seconds())
        why = explain(exc, kind)
        _finish(
            channel,
            worker,
            state=PostChannel.State.PENDING,
            error=why.original[:2000],
            reason=why.text[:2000],
            next_attempt_at=timezone.now() + timedelta(seconds=wait),
        )
    except Exception as exc:  # any platform's refusal: recorded and shown, never raised
        log.warning("post channel %s failed: %s", channel.pk, exc)
        why = explain(exc, kind)
        if isinstance(exc, ValidationError):
            why_text, retry = "; ".join(exc.messages), False
        elif isinstance(exc, Uncertain) or (
            kind not in IDEMPOTENT and not isinstance(exc, ChannelError)
        ):
            # Sent, and no answer back (a timeout, a dropped connection, a 5xx), or our own code
            # broke after the call: the post may be out already, and without an idempotency key
            # a resend could double it: a person checks.
            why_text, retry = CHECK_PAGE, False
        else:
            why_text, retry = why.text, why.retry
        give_up = not retry or channel.attempts >= MAX_ATTEMPTS
        _finish(
            channel,
            worker,
            state=PostChannel.State.FAILED if give_up else PostChannel.State.PENDING,
            error=why.original[:2000],
            reason=why_text[:2000],
            next_attempt_at=timezone.now() + _backoff(channel.attempts),
        )
    else:
        _finish(
            channel,
            worker,
            state=PostChannel.State.PUBLISHED,
            external_id=external_id[:255],
            url=post_link(channel.source, external_id)[:1000],
            error="",
            reason="",
            published_at=timezone.now(),
            next_metrics_at=timezone.now() + FIRST_METRICS,
        )


def publish_due(batch: int = 50) -> int:
    """The worker task: publish the due channels of approved posts; returns how many it handled."""
    handled = _hold_stale(timezone.now())
    worker = worker_id()
    for channel in claim_due(batch, worker):
        publish_channel(channel, worker)
        handled += 1
    return handled
