"""`{% post_metrics post %}` and `{% campaign_stats campaign %}`: what residents made of a post
and of a campaign, drawn on the post's card and the campaign's page."""

from __future__ import annotations

from django import template

register = template.Library()


@register.simple_tag
def post_metrics(post: object) -> str:
    return ""


@register.simple_tag
def campaign_stats(campaign: object) -> str:
    return ""
