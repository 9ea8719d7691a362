"""Forms of the inbox pages: the filter and the new incident made from ticked messages."""

from __future__ import annotations

from django import forms

from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents.states import Priority
from otklik.sources.models import Source

MAX_QUERY = 200


class InboxFilterForm(forms.Form):
    q = forms.CharField(label="Поиск по тексту", required=False, max_length=MAX_QUERY)
    source = forms.ModelChoiceField(
        label="Источник", queryset=Source.objects.all(), required=False, empty_label="Все"
    )
    territory = forms.ModelChoiceField(
        label="Территория", queryset=Territory.objects.all(), required=False, empty_label="Все"
    )
    status = forms.ChoiceField(
        label="Статус",
        required=False,
        choices=[("", "Все"), *Message.Status.choices],
        initial=Message.Status.NEW,
    )
    date_from = forms.DateField(
        label="С", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="По", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class NewIncidentForm(forms.Form):
    title = forms.CharField(label="Заголовок", required=False, max_length=300)
    category = forms.ModelChoiceField(
        label="Категория",
        queryset=Category.objects.filter(parent__isnull=False).select_related("parent"),
        required=False,
    )
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.filter(is_active=True), required=False
    )
    territory = forms.ModelChoiceField(
        label="Территория", queryset=Territory.objects.all(), required=False
    )
    address_text = forms.CharField(label="Адрес", required=False, max_length=500)
    priority = forms.ChoiceField(
        label="Приоритет", choices=Priority.choices, initial=Priority.NORMAL
    )
    comment = forms.CharField(
        label="Комментарий",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


FROM_SUGGESTIONS = "— по подсказкам отмеченных —"


class BulkIncidentForm(NewIncidentForm):
    """«Новый инцидент из отмеченных»: a field left empty is filled from the ticked messages'
    suggestions (suggestions.queries.bulk_initial); the page's script shows the values as the
    boxes are ticked."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for name in ("category", "department", "territory"):
            self.fields[name].empty_label = FROM_SUGGESTIONS  # type: ignore[attr-defined]
        priority = self.fields["priority"]
        priority.required = False
        priority.choices = [("", FROM_SUGGESTIONS), *Priority.choices]  # type: ignore[attr-defined]
        priority.initial = ""

    def fill_from(self, initial: dict[str, object]) -> dict[str, object]:
        """The cleaned data, its empty fields taken from the suggestions' choice."""
        data = dict(self.cleaned_data)
        for name in ("category", "department", "territory"):
            if data.get(name) is None and initial.get(name):
                queryset = self.fields[name].queryset  # type: ignore[attr-defined]
                data[name] = queryset.filter(pk=initial[name]).first()
        if not data.get("priority"):
            data["priority"] = initial.get("priority") or Priority.NORMAL
        return data
