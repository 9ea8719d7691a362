"""The Atom feed of our own published posts, for the city's website: public, no sign-in.

`/plan/feed/atom.xml` carries the 50 newest published posts of every campaign,
`/plan/feed/<slug>/atom.xml` one campaign's. Only posts that are out (published, or published in
some channels) appear, never drafts or approved posts still waiting. Each entry links to the
post's first published channel, its id is a tag: URI that never changes, and its time is when it
first went out. The text is escaped: a `<script>` in a post stays text on the website.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe

from otklik.plan.models import Campaign, Post, PostChannel

LIMIT = 50
OUT = (Post.State.PUBLISHED, Post.State.PARTLY_FAILED)
TITLE_LENGTH = 80


def published_posts(campaign: Campaign | None = None) -> QuerySet[Post]:
    """The newest posts that are out, each with its published channels (three queries)."""
    out = Q(channels__state=PostChannel.State.PUBLISHED)
    posts = (
        Post.objects.filter(state__in=OUT)
        .annotate(first_out=Min("channels__published_at", filter=out))
        .filter(first_out__isnull=False)
        .select_related("campaign")
        .prefetch_related(
            Prefetch(
                "channels",
                PostChannel.objects.filter(state=PostChannel.State.PUBLISHED).order_by(
                    "published_at", "id"
                ),
                to_attr="out",
            )
        )
        .order_by("-first_out", "-id")
    )
    if campaign is not None:
        posts = posts.filter(campaign=campaign)
    return posts


def last_change(campaign: Campaign | None = None) -> datetime | None:
    """The newest publication among the posts: the feed's Last-Modified."""
    channels = PostChannel.objects.filter(state=PostChannel.State.PUBLISHED, post__state__in=OUT)
    if campaign is not None:
        channels = channels.filter(post__campaign=campaign)
    return channels.order_by("-published_at").values_list("published_at", flat=True).first()


def entry_id(post: Post) -> str:
    """A tag: URI (RFC 4151) from the city and the post; it never changes."""
    return f"tag:{settings.CITY.slug}.otklik,{post.created_at:%Y-%m-%d}:plan/post/{post.pk}"


def feed_id(campaign: Campaign | None) -> str:
    return f"tag:{settings.CITY.slug}.otklik,2026:plan/feed/{campaign.slug if campaign else 'all'}"


def entry_title(post: Post) -> str:
    if post.title:
        return post.title
    first_line = post.text.strip().splitlines()[0] if post.text.strip() else "Публикация"
    return Truncator(first_line).chars(TITLE_LENGTH)


def entry_link(post: Post, fallback: str) -> str:
    return next((c.url for c in post.out if c.url), f"{fallback}#post-{post.pk}")


def build_feed(request: HttpRequest, campaign: Campaign | None) -> Atom1Feed:
    here = request.build_absolute_uri()
    title = f"{settings.CITY.name}: публикации администрации"
    if campaign is not None:
        title = f"{campaign.title} — публикации администрации {settings.CITY.name}"
    feed = Atom1Feed(
        title=title,
        link=request.build_absolute_uri("/"),
        description="Посты пресс-службы в официальных сообществах",
        language="ru",
        feed_url=here,
        feed_guid=feed_id(campaign),
    )
    for post in published_posts(campaign)[:LIMIT]:
        feed.add_item(
            title=entry_title(post),
            link=entry_link(post, here),
            description=linebreaks(post.text, autoescape=True),
            unique_id=entry_id(post),
            pubdate=post.first_out,
            updateddate=post.first_out,
            categories=[post.campaign.title] if post.campaign else None,
        )
    return feed


def _campaign(slug: str | None) -> Campaign | None:
    if slug is None:
        return None
    return get_object_or_404(Campaign, slug=slug)


def _modified(request: HttpRequest, slug: str | None = None) -> datetime | None:
    try:
        return last_change(_campaign(slug))
    except Http404:
        return None


@require_safe
@cache_control(public=True, max_age=300)
@condition(last_modified_func=_modified)
def atom(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    feed = build_feed(request, _campaign(slug))
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response
