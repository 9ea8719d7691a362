"""The map's filters (GET parameters, Russian labels) and the scoped incidents they select."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from otklik.accounts.models import User
from otklik.accounts.permissions import scope_incidents
from otklik.analytics.form_choices import ListedModelChoiceField
from otklik.cities.models import Category, Department, Territory
from otklik.incidents.models import Incident
from otklik.incidents.states import OPEN_STATUSES, Status

# As the dashboard's (otklik.analytics.dashboard_filters): the same GET names and defaults.
DEFAULT_DAYS = 28
MAX_DAYS = 3 * 366
OPEN = "open"


class CategoryChoice(ListedModelChoiceField):
    def label_from_instance(self, obj: Category) -> str:
        return f"{obj.parent.name} → {obj.name}" if obj.parent else obj.name


class MapFilterForm(forms.Form):
    date_from = forms.DateField(
        label="С", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="По", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    territory = ListedModelChoiceField(
        Territory.objects.all(), label="Территория", required=False, empty_label="все"
    )
    category = CategoryChoice(
        Category.objects.select_related("parent"),
        label="Категория",
        required=False,
        empty_label="все",
    )
    department = ListedModelChoiceField(
        Department.objects.filter(is_active=True),
        label="Подразделение",
        required=False,
        empty_label="все",
    )
    status = forms.ChoiceField(
        label="Статус",
        choices=[("", "все"), (OPEN, "все открытые"), *Status.choices],
        required=False,
    )

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if user is not None and user.is_executor:
            field = self.fields["department"]
            field.queryset = Department.objects.filter(pk=user.department_id)  # type: ignore[attr-defined]

    def filters(self, user: User) -> dict[str, Any]:
        """The valid values, the period's days filled in; an executor's own department."""
        self.is_valid()  # a wrong value drops only its own filter
        data = dict(getattr(self, "cleaned_data", {}))
        end = data.get("date_to") or timezone.localdate()
        start = data.get("date_from") or end - timedelta(days=DEFAULT_DAYS - 1)
        data["date_from"] = max(min(start, end), end - timedelta(days=MAX_DAYS))
        data["date_to"] = end
        if user.is_executor:
            data["department"] = user.department
        return data


def period_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    """From midnight of the first day to midnight after the last, in the city; aware, UTC."""
    city = ZoneInfo(settings.TIME_ZONE)
    start = datetime.combine(first, time.min, tzinfo=city)
    end = datetime.combine(last + timedelta(days=1), time.min, tzinfo=city)
    return start.astimezone(UTC), end.astimezone(UTC)


def filtered_incidents(
    user: User, filters: dict[str, Any], territory_ids: set[int] | None
) -> QuerySet[Incident]:
    """Scoped to the user; `territory_ids` is the chosen territory with all it contains."""
    qs = scope_incidents(user, Incident.objects.all())
    start, end = period_bounds(filters["date_from"], filters["date_to"])
    qs = qs.filter(created_at__gte=start, created_at__lt=end)
    if territory_ids is not None:
        qs = qs.filter(territory_id__in=territory_ids)
    if filters.get("category"):
        category = filters["category"]
        qs = qs.filter(Q(category=category) | Q(category__parent=category))
    if filters.get("department"):
        department = filters["department"]
        qs = qs.filter(Q(department=department) | Q(department__parent=department))
    status = filters.get("status")
    if status == OPEN:
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    return qs


def cache_key_part(filters: dict[str, Any]) -> str:
    """The filters as a short stable string for the cache key."""
    parts = []
    for name in ("date_from", "date_to", "territory", "category", "department", "status"):
        value = filters.get(name)
        parts.append(str(getattr(value, "pk", value) or ""))
    return "|".join(parts)
