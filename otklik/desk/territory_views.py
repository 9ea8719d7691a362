"""The territory view for the staff: /territories/ and /territories/<code>/."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import require
from otklik.cities.models import Territory
from otklik.desk import territory_stats as stats
from otklik.plan.charts import line_chart


@require(stats.can_see_territories)
def territory_list(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    return render(request, "desk/territories.html", {"rows": stats.territory_counts(user)})


@require(stats.can_see_territories)
def territory_detail(request: HttpRequest, code: str) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    territory = get_object_or_404(Territory, code=code)
    weeks = stats.trend(user, territory)
    chart = line_chart(
        f"Жалобы по неделям: {territory.name}",
        [w["label"] for w in weeks],
        [
            ("Сообщения", [w["messages"] for w in weeks]),
            ("Инциденты", [w["incidents"] for w in weeks]),
        ],
    )
    incidents = stats.open_incidents(user, territory)
    context = {
        "territory": territory,
        "incidents": list(incidents[: stats.LIST_SIZE]),
        "counts": stats.incident_counts(user, territory),
        "meetings": stats.meetings(user, territory),
        "instructions": stats.instructions(user, territory),
        "posts": stats.posts(user, territory),
        "polls": stats.polls_and_initiatives(territory),
        "weeks": weeks,
        "chart": chart,
        "now": timezone.now(),
    }
    return render(request, "desk/territory.html", context)
