"""The demo's year: incidents over twelve months, answered at realistic moments, counted by the
rollups, so the dashboard and the annual report show a city's year rather than zeros."""

from __future__ import annotations

import random
import statistics
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db.models import Max, Min
from django.utils import timezone

from otklik.analytics.actions.rollups import rebuild
from otklik.analytics.models import IncidentFact
from otklik.answers.models import Answer, AnswerRating, Publication
from otklik.demo import history, timeline
from otklik.demo.management.commands.demo import DEMO_STEPS
from otklik.demo.seed import corpus_rows, seed, shift_to_now
from otklik.demo.year_seed import seed_year
from otklik.incidents.deadlines import city_calendar
from otklik.incidents.models import Incident
from otklik.incidents.states import Status

NOW = datetime(2026, 11, 26, 5, 0, tzinfo=UTC)


def counts() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (Incident, Answer, Publication, AnswerRating))


@pytest.mark.django_db
def test_the_seeded_year_is_answered_mostly_on_time_with_first_replies() -> None:
    call_command("loadcity", verbosity=0)
    seed()
    made = seed_year()
    assert made > 500
    rebuild()

    span = Incident.objects.aggregate(first=Min("created_at"), last=Max("created_at"))
    assert span["last"] - span["first"] >= timedelta(days=300)
    facts = IncidentFact.objects.all()
    first_hours = [h for h in facts.values_list("first_reply_hours", flat=True) if h is not None]
    assert len(first_hours) >= 0.9 * facts.count()  # the first reply is there, not empty
    assert 0.2 < statistics.median(first_hours) < 8  # working hours, not days
    on_time = 1 - facts.filter(overdue=True).count() / facts.count()
    assert 0.75 <= on_time <= 0.95  # the dashboard's «в срок»
    closed = Incident.objects.filter(status=Status.CLOSED)
    assert closed.count() >= 0.85 * Incident.objects.count()
    assert (
        Incident.objects.exclude(status=Status.CLOSED)
        .filter(final_answer_due__lt=timezone.now())
        .exists()
    )  # and a few overdue
    finals = Publication.objects.filter(
        answer__kind=Answer.Kind.FINAL, status=Publication.Status.SENT
    ).values_list("sent_at", "answer__incident__final_answer_due")
    assert 0.75 <= sum(sent <= due for sent, due in finals) / len(finals) <= 0.97
    assert AnswerRating.objects.count() >= 0.1 * closed.count()
    assert not Answer.objects.filter(text__contains="{").exists()
    assert not Publication.objects.filter(sent_at__gt=timezone.now()).exists()

    before = counts()
    assert seed_year() == 0
    seed()
    assert counts() == before  # a second run adds nothing


def test_the_year_is_a_demo_step_before_the_rollups() -> None:
    step = "otklik.demo.year_seed.demo_step"
    assert DEMO_STEPS.index("otklik.demo.triage.demo_step") < DEMO_STEPS.index(step)
    assert DEMO_STEPS.index(step) < DEMO_STEPS.index("otklik.demo.rollups.demo_step")


def test_the_history_follows_the_seasons() -> None:
    problems = history.history_problems(shift_to_now(corpus_rows(), NOW), NOW)
    months: dict[str, list[int]] = {}
    for problem in problems:
        row = problem.rows[0]
        months.setdefault(row["category"], []).append(
            datetime.fromisoformat(row["created_at"]).month
        )
    winter = {12, 1, 2, 3}
    snow = months["roads-snow"]
    assert sum(m in winter for m in snow) / len(snow) > 0.8
    heating = months["zhkh-heating"]
    assert sum(m in {6, 7, 8} for m in heating) == 0
    pits = months["roads-potholes"]
    assert sum(m in {4, 5} for m in pits) / len(pits) > 0.4
    assert history.history_problems(shift_to_now(corpus_rows(), NOW), NOW) == problems  # seeded


@pytest.mark.parametrize("close", [True, False])
def test_a_timeline_keeps_to_the_clocks_mostly_and_never_runs_ahead(close: bool) -> None:
    calendar, rng = city_calendar(), random.Random(1)
    report = datetime(2026, 3, 3, 4, 30, tzinfo=UTC)  # Tuesday 11:30 in Seversk
    incident = Incident(
        first_reply_due=calendar.add_working_hours(report, 2),
        final_answer_due=calendar.add_working_days(report, 7),
    )
    now = report + timedelta(days=60)
    plans = [timeline.draw(incident, report, close, now, calendar, rng) for _ in range(400)]
    assert all(p.taken > report and p.first and p.taken < p.first < now for p in plans)
    first_in_time = sum(p.first <= incident.first_reply_due for p in plans) / len(plans)
    assert 0.85 <= first_in_time <= 0.99
    if not close:
        assert all(p.final is None and p.closed is None for p in plans)
        return
    assert all(p.first <= p.final < p.closed < now for p in plans)
    final_in_time = sum(p.final <= incident.final_answer_due for p in plans) / len(plans)
    assert 0.85 <= final_in_time <= 0.99
