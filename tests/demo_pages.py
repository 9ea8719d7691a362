"""The demo data set and the list of the product's pages, shared by the Russian-text test and
the browser layout test: every page a person opens, for every role, with real demo data."""

from __future__ import annotations

import io
import re

from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents, scope_messages
from otklik.analytics.models import Spike
from otklik.answers.actions.tickets import issue_ticket
from otklik.cities.models import Category, Department, Territory
from otklik.demo.seed import ACCOUNTS, CORPUS, seed
from otklik.inbox.models import Author, Message, Thread
from otklik.incidents.models import Incident
from otklik.incidents.states import Status
from otklik.meetings.models import Instruction, Meeting, Question
from otklik.plan.models import Campaign, Post
from otklik.polls.models import Initiative, Poll
from otklik.sources.models import Source
from otklik.suggestions.actions import triage_pending
from otklik.suggestions.models import ModelVersion
from otklik.suggestions.training import corpus_rows, train_version

ROLES = [a.username for a in ACCOUNTS]  # admin, press, zhkh, analyst
PASSWORDS = {a.username: a.password for a in ACCOUNTS}

# Named routes that are not pages a person reads: posts, redirects, machine endpoints.
NOT_PAGES = {
    "healthz",
    "logout",
    "home",  # redirects to the inbox or the incidents
    "inbox-bulk",
    "incident-bulk",
    "incident-assign",
    "incident-status",
    "incident-details",
    "incident-comment",
    "incident-merge",
    "incident-split",
    "incident-detach",
    "answer-draft",
    "answer-edit",
    "answer-submit",
    "answer-approve",
    "answer-return",
    "publication-retry",
    "model-activate",
    "auto-route",
    "sources-health-test",
    "message-photo",  # an image, not a page
    "plan-submit",
    "plan-approve",
    "plan-retry",
    "plan-calendar-move",
    "plan_feed:all",  # Atom, not a page (tests/test_feed: its own checks)
    "plan_feed:campaign",
    "meeting-announce",
    "meeting-held",
    "meeting-question-add",
    "meeting-question-answer",
    "meeting-instruct",
    "instruction-take",
    "instruction-progress",
    "instruction-extend",
    "instruction-cancel",
    "instruction-complete",
    "instruction-link",
    "instruction-photo",  # an image, not a page
    "instruction-unlink",
    "meeting-results",
    "incident-public",
    "open-data-json",  # open data: JSON and CSV with field names as the standard has them
    "open-data-csv",
    "analytics-dashboard-data",
    "analytics-map-data",
    "spike-decide",
    "poll-open",
    "poll-close",
    "poll-publish",
    "poll-results-post",
    "poll-csv",
    "initiative-support",
    "initiative-review",
    "initiative-accept",
    "initiative-decline",
    "initiative-done",
    "initiative-answer",
}


# Machine endpoints by prefix: the REST API (JSON; its own schema tests and fuzzing) and Open311
# (JSON and XML in the standard's field names; its own tests).
NOT_PAGE_PREFIXES = ("rest-api:", "open311-")
# File answers, and pages that need data the demo has none of (each with tests of its own).
NOT_PAGES |= {
    "meeting-briefing-pdf",
    "meeting-film",
    "meeting-photo-add",
    "meeting-photo",
    "meeting-photo-thumb",
    "meeting-photo-remove",
    "plan-image",
    "privacy-acts-csv",
    "metrics",
    "webhook-created",  # right after a subscription is made: its secret, once
    "webhook-deliveries",  # the demo subscribes no address
    "webhook-deactivate",
    "webhook-test",
    "webhook-retry",
}

PROBE = "probe:"


def load_demo() -> dict[str, object]:
    """The city, the demo accounts and corpus, a model trained on it and the inbox triaged."""
    call_command("loadcity", stdout=io.StringIO())
    seed()
    version = train_version(corpus_rows(CORPUS), note="демо-корпус")
    ModelVersion.objects.filter(pk=version.pk).update(is_active=True)
    while triage_pending(500):
        pass
    form_message = (
        Message.objects.filter(source__kind=Source.Kind.FORM, incident__isnull=False)
        .order_by("pk")
        .first()
    )
    assert form_message is not None
    ticket = issue_ticket(form_message.source, form_message.external_id)
    return {"ticket": ticket}


def page_urls(user: User, ticket_token: str) -> dict[str, list[str]]:
    """Every page's URLs as `user` opens them: routes without arguments as they are; the cards
    of a spread of the incidents `user` may see (one of each status) and of messages (new with
    a suggestion, in an incident, the longest)."""
    incidents = []
    seen = scope_incidents(user, Incident.objects.all())
    for status in Status:
        found = seen.filter(status=status).order_by("pk").first()
        if found is not None:
            incidents.append(found)
    messages = scope_messages(user, Message.objects.all())
    picked = [
        messages.filter(status=Message.Status.NEW, suggestion__isnull=False)
        .order_by("-created_at")
        .first(),
        messages.filter(status=Message.Status.LINKED).order_by("pk").first(),
        max(messages[:500], key=lambda m: len(m.text), default=None),
    ]
    with_args = {
        **plan_and_meeting_urls(),
        "incident-detail": [f"/incidents/{i.pk}/" for i in incidents],
        "message-detail": [f"/messages/{m.pk}/" for m in picked if m is not None],
        "report-status": [f"/report/status/{ticket_token}/"],
        "report-thanks": ["/report/thanks/0123456789ab/"],
    }
    urls: dict[str, list[str]] = {"admin:index": ["/admin/"]}
    for name, route, has_args in _routes(get_resolver()):
        if name in NOT_PAGES or name in urls or name.startswith(("admin:", *NOT_PAGE_PREFIXES)):
            continue
        if has_args and name not in with_args:
            # A route this list does not know: probed with 1 for its arguments; the test skips
            # it if it only takes POST (405) and asks for a real URL here otherwise.
            urls[name] = [PROBE + "/" + re.sub(r"<[^>]+>", "1", route)]
        else:
            urls[name] = with_args.get(name, []) if has_args else ["/" + route]
    return urls


def plan_and_meeting_urls() -> dict[str, list[str]]:
    """The cards of the content plan (a post in each state, the first campaign) and of the
    meetings (one in each state, an instruction in each state)."""
    posts = [
        p for state in Post.State if (p := Post.objects.filter(state=state).order_by("pk").first())
    ]
    drafts = Post.objects.filter(state=Post.State.DRAFT).order_by("pk")[:1]
    campaign = Campaign.objects.order_by("pk").first()
    slugs = [campaign.slug] if campaign else []
    meetings = [
        m
        for state in Meeting.State
        if (m := Meeting.objects.filter(state=state).order_by("pk").first())
    ]
    instructions = [
        i
        for state in Instruction.State
        if (i := Instruction.objects.filter(state=state).order_by("pk").first())
    ]
    return {
        "plan-post": [f"/plan/{p.pk}/" for p in posts],
        "plan-edit": [f"/plan/{p.pk}/edit/" for p in drafts],
        "plan-campaign": [f"/plan/campaigns/{slug}/" for slug in slugs],
        "plan-campaign-edit": [f"/plan/campaigns/{slug}/edit/" for slug in slugs],
        "meeting-detail": [f"/meetings/{m.pk}/" for m in meetings],
        "meeting-edit": [f"/meetings/{m.pk}/edit/" for m in meetings[:1]],
        "meeting-briefing": [f"/meetings/{m.pk}/briefing/" for m in meetings],
        "instruction-detail": [f"/meetings/instructions/{i.pk}/" for i in instructions],
        "meeting-ask": [f"/vstrechi/{m.pk}/" for m in meetings if m.state != Meeting.State.PLANNED],
        "meeting-ask-done": [f"/vstrechi/{m.pk}/spasibo/" for m in meetings[1:2]],
        **polls_and_places_urls(),
    }


def polls_and_places_urls() -> dict[str, list[str]]:
    """Polls (one in each state), initiatives (one in each state), territories, spikes."""
    polls = [
        p for state in Poll.State if (p := Poll.objects.filter(state=state).order_by("pk").first())
    ]
    initiatives = [
        i
        for state in Initiative.State
        if (i := Initiative.objects.filter(state=state).order_by("pk").first())
    ]
    codes = list(Territory.objects.order_by("pk").values_list("code", flat=True)[:2])
    spikes = list(Spike.objects.order_by("pk")[:1])
    return {
        "poll-public": [f"/polls/{p.pk}/" for p in polls if p.state != Poll.State.DRAFT],
        "poll-manage": [f"/polls/manage/{p.pk}/" for p in polls],
        "poll-edit": [f"/polls/manage/{p.pk}/edit/" for p in polls[:1]],
        "initiative-public": [f"/initiatives/{i.pk}/" for i in initiatives],
        "initiative-manage": [f"/initiatives/manage/{i.pk}/" for i in initiatives],
        "territory-detail": [f"/territories/{code}/" for code in codes],
        "open-territory": [f"/open/{code}/" for code in codes],
        "spike-detail": [f"/analytics/spikes/{s.pk}/" for s in spikes],
    }


def data_words() -> set[str]:
    """Latin words that come from the data, not from the interface: residents' names and texts,
    channel titles, the city's names. The interface must not add any others."""
    texts: list[str] = []
    texts += Author.objects.values_list("display_name", flat=True)
    texts += Message.objects.values_list("text", flat=True)
    texts += Message.objects.values_list("address_text", flat=True)
    texts += Thread.objects.values_list("title", flat=True)
    texts += Post.objects.values_list("text", flat=True)
    texts += Post.objects.values_list("title", flat=True)
    texts += Campaign.objects.values_list("hashtags", flat=True)
    texts += Question.objects.values_list("text", flat=True)
    texts += Instruction.objects.values_list("text", flat=True)
    texts += Poll.objects.values_list("question", flat=True)
    texts += Initiative.objects.values_list("text", flat=True)
    texts += Initiative.objects.values_list("title", flat=True)
    for model in (Source, Territory, Department, Category, Campaign, Meeting):
        texts += [str(row) for row in model.objects.all()]
    return {w for t in texts for w in re.findall(r"[A-Za-z][A-Za-z'-]*", t or "")}


def _routes(resolver: URLResolver, prefix: str = "", namespace: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if route.startswith("admin/") or route.startswith("hooks/"):
                continue  # the admin (its index is listed) and the channels' webhooks
            yield from _routes(entry, route, entry.namespace or namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, route, "<" in route


# The desk's live pieces (issue 16): live.js's JSON counters and a progress report's photo.
NOT_PAGES |= {"live", "incident-progress-photo"}
