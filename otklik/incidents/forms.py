from __future__ import annotations

from django import forms

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.incidents.states import Priority, Resolution, Status

MAX_QUERY = 200


class IncidentFilterForm(forms.Form):
    STATE_CHOICES = [
        ("open", "Открытые"),
        ("overdue", "Просроченные"),
        ("", "Все"),
        *Status.choices,
    ]
    q = forms.CharField(label="Поиск", required=False, max_length=MAX_QUERY)
    state = forms.ChoiceField(label="Статус", required=False, choices=STATE_CHOICES, initial="open")
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.all(), required=False, empty_label="Все"
    )
    territory = forms.ModelChoiceField(
        label="Территория", queryset=Territory.objects.all(), required=False, empty_label="Все"
    )
    category = forms.ModelChoiceField(
        label="Категория",
        queryset=Category.objects.select_related("parent"),
        required=False,
        empty_label="Все",
    )
    priority = forms.ChoiceField(
        label="Приоритет", required=False, choices=[("", "Все"), *Priority.choices]
    )


class AssignForm(forms.Form):
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.filter(is_active=True), required=False
    )
    assignee = forms.ModelChoiceField(
        label="Исполнитель",
        queryset=User.objects.filter(role=Role.EXECUTOR, is_active=True).select_related(
            "department"
        ),
        required=False,
    )
    comment = forms.CharField(label="Комментарий", required=False, max_length=5000)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Новый статус", choices=Status.choices)
    resolution = forms.ChoiceField(
        label="Итог (для закрытия)", required=False, choices=[("", "—"), *Resolution.choices]
    )
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: object, allowed: list[tuple[str, str]] | None = None, **kwargs: object
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if allowed is not None:
            self.fields["status"].choices = allowed  # type: ignore[attr-defined]


class DetailsForm(forms.Form):
    title = forms.CharField(label="Заголовок", max_length=300)
    category = forms.ModelChoiceField(
        label="Категория", queryset=Category.objects.select_related("parent"), required=False
    )
    territory = forms.ModelChoiceField(
        label="Территория", queryset=Territory.objects.all(), required=False
    )
    address_text = forms.CharField(label="Адрес", required=False, max_length=500)
    priority = forms.ChoiceField(label="Приоритет", choices=Priority.choices)
    comment = forms.CharField(label="Комментарий", required=False, max_length=5000)


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
