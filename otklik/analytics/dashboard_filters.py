"""The dashboard's filters (GET, Russian labels) and the period they choose."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from otklik.accounts.models import User
from otklik.analytics.form_choices import ListedModelChoiceField
from otklik.cities.models import Category, Department, Territory
from otklik.sources.models import Source

DEFAULT_DAYS = 28
MAX_DAYS = 3 * 366


class DashboardFilterForm(forms.Form):
    date_from = forms.DateField(
        label="С", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="По", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    territory = ListedModelChoiceField(
        label="Территория", queryset=Territory.objects.all(), required=False, empty_label="Все"
    )
    category = ListedModelChoiceField(
        label="Категория",
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label="Все",
    )
    department = ListedModelChoiceField(
        label="Подразделение", queryset=Department.objects.all(), required=False, empty_label="Все"
    )
    channel = forms.ChoiceField(
        label="Канал", required=False, choices=[("", "Все"), *Source.Kind.choices]
    )
    group = forms.ChoiceField(
        label="По", required=False, choices=[("day", "дням"), ("week", "неделям")]
    )

    def __init__(self, *args: object, user: User | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if user is not None and user.is_executor:
            field = self.fields["department"]
            field.queryset = Department.objects.filter(pk=user.department_id)  # type: ignore[attr-defined]


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    territory: Territory | None = None
    category: Category | None = None
    department: Department | None = None
    channel: str = ""
    by_week: bool = False

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The same number of days just before."""
        span = timedelta(days=self.days)
        return Filters(self.start - span, self.start - timedelta(days=1), *self._rest())

    def _rest(self) -> tuple:
        return (self.territory, self.category, self.department, self.channel, self.by_week)

    def rollup_q(self, *, department: bool = True) -> Q:
        """The filters on a rollup's dimensions (a period's days apart)."""
        q = Q()
        if self.territory:
            q &= Q(territory=self.territory)
        if self.category:
            q &= Q(category=self.category) | Q(category__parent=self.category)
        if department and self.department:
            q &= Q(department=self.department)
        return q


def read_filters(form: DashboardFilterForm, user: User) -> Filters:
    form.is_valid()  # an invalid field is left out; the valid ones still count
    data = getattr(form, "cleaned_data", {})
    end = data.get("date_to") or timezone.localdate()
    start = data.get("date_from") or end - timedelta(days=DEFAULT_DAYS - 1)
    start = max(min(start, end), end - timedelta(days=MAX_DAYS))
    department = data.get("department")
    if user.is_executor:
        department = user.department
    return Filters(
        start=start,
        end=end,
        territory=data.get("territory"),
        category=data.get("category"),
        department=department,
        channel=data.get("channel") or "",
        by_week=data.get("group") == "week",
    )
