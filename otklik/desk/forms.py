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
