"""The demo ships answer templates per category group, past answers with ratings, drafts and an
approval queue, so none of those pages is empty; a second seed adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from otklik.answers.models import Answer, AnswerRating, AnswerTemplate
from otklik.cities.models import Category
from otklik.demo.seed import seed
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import Status


@pytest.mark.django_db
def test_the_demo_has_templates_past_answers_ratings_and_a_queue() -> None:
    call_command("loadcity", verbosity=0)
    first = seed()
    groups = Category.objects.filter(parent__isnull=True)
    with_template = {t.category_id for t in AnswerTemplate.objects.all()}
    assert {g.pk for g in groups} <= with_template
    assert AnswerTemplate.objects.filter(category__isnull=True).exists()
    assert Answer.objects.filter(status=Answer.Status.PUBLISHED).count() >= 10
    assert AnswerRating.objects.count() >= 5
    assert Incident.objects.filter(status=Status.ON_APPROVAL).count() >= 1
    assert Incident.objects.filter(status=Status.ANSWER_DRAFTED).count() >= 1
    assert not [a.text for a in Answer.objects.all() if "{" in a.text]
    # The residents' verdicts are read, so they are not waiting in the inbox, and none is
    # dated in the future (they used to sit on top of the inbox, hours ahead).
    replies = Message.objects.filter(rating__isnull=False)
    assert replies.exists()
    assert not replies.filter(status=Message.Status.NEW).exists()
    assert not Message.objects.filter(created_at__gt=timezone.now()).exists()
    assert first["templates_new"] == AnswerTemplate.objects.count()
    again = seed()
    assert {k: v for k, v in again.items() if v} == {}
