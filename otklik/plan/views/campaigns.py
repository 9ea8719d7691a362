"""Campaigns: the list, a campaign's page with its posts, the form."""

from __future__ import annotations

from django.contrib import messages as flash
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from otklik.accounts.permissions import require
from otklik.plan import actions
from otklik.plan.actions.campaigns import create_campaign, update_campaign
from otklik.plan.forms import CampaignForm
from otklik.plan.models import Campaign, Post
from otklik.plan.views.posts import with_channels

#: The posts that have come out (in every channel or some).
OUT = [Post.State.PUBLISHED, Post.State.PARTLY_FAILED]
SHOWN = 50


@require(actions.can_plan)
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = Campaign.objects.annotate(
        planned=Count("posts", filter=~Q(posts__state__in=OUT)),
        published=Count("posts", filter=Q(posts__state__in=OUT)),
    ).order_by("title")
    return render(request, "plan/campaigns.html", {"campaigns": campaigns})


@require(actions.can_plan)
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    posts = with_channels(campaign.posts.all())
    context = {
        "campaign": campaign,
        "territories": campaign.territories.order_by("name"),
        "responsible": campaign.responsible.all(),
        "upcoming": posts.exclude(state__in=OUT).order_by("publish_at", "id")[:SHOWN],
        "published": posts.filter(state__in=OUT).order_by("-publish_at", "-id")[:SHOWN],
    }
    return render(request, "plan/campaign.html", context)


@require(actions.can_plan)
def campaign_new(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            campaign = create_campaign(request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, "Кампания создана")
            return redirect("plan-campaign", slug=campaign.slug)
    return render(request, "plan/campaign_form.html", {"form": form, "campaign": None})


@require(actions.can_plan)
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_object_or_404(Campaign, slug=slug)
    form = CampaignForm.for_campaign(campaign, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            update_campaign(request.user, campaign, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            flash.success(request, "Кампания сохранена")
            return redirect("plan-campaign", slug=campaign.slug)
    return render(request, "plan/campaign_form.html", {"form": form, "campaign": campaign})
