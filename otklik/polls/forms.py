"""The polls' and initiatives' forms: the residents' ones bounded, the staff's ones plain."""

from __future__ import annotations

from django import forms

from otklik.cities.models import Territory
from otklik.plan.models import Campaign
from otklik.polls.actions.polls import OPTION_MAX, OPTIONS_MAX, QUESTION_MAX, clean_options
from otklik.polls.models import Initiative, PollOption

LOCAL = "%Y-%m-%dT%H:%M"


def territories() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        Territory.objects.order_by("name"),
        label="Ваш район или посёлок (необязательно)",
        required=False,
    )


class VoteForm(forms.Form):
    option = forms.ModelChoiceField(
        PollOption.objects.none(), label="Ваш ответ", widget=forms.RadioSelect, empty_label=None
    )
    territory = territories()

    def __init__(self, *args: object, options: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if options is not None:
            self.fields["option"].queryset = options  # type: ignore[attr-defined]


class InitiativeForm(forms.Form):
    territory = forms.ModelChoiceField(
        Territory.objects.order_by("name"), label="Район или посёлок"
    )
    title = forms.CharField(label="Название инициативы", min_length=5, max_length=200)
    text = forms.CharField(
        label="Что предлагаете и почему",
        min_length=20,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    name = forms.CharField(
        label="Как к вам обращаться (видит только пресс-служба)", required=False, max_length=100
    )
    contact = forms.CharField(
        label="Телефон или e-mail для связи (видит только пресс-служба)",
        required=False,
        max_length=150,
    )
    consent = forms.BooleanField(
        label="Согласен(на) на обработку персональных данных для рассмотрения инициативы",
        required=False,
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for bots

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if (data.get("contact") or data.get("name")) and not data.get("consent"):
            self.add_error("consent", "Чтобы оставить имя или контакт, нужно согласие")
        return data


class PollForm(forms.Form):
    question = forms.CharField(label="Вопрос", max_length=QUESTION_MAX)
    description = forms.CharField(
        label="Пояснение", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    options = forms.CharField(
        label=f"Варианты ответа: по одному в строке, от 2 до {OPTIONS_MAX}, до {OPTION_MAX} знаков",
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    starts_at = forms.DateTimeField(
        label="Начало", input_formats=[LOCAL, "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )  # fmt: skip
    ends_at = forms.DateTimeField(
        label="Окончание", input_formats=[LOCAL, "%d.%m.%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL),
    )  # fmt: skip
    territory = forms.ModelChoiceField(
        Territory.objects.order_by("name"), label="Территория (пусто — весь город)", required=False
    )

    def clean_options(self) -> list[str]:
        return clean_options(self.cleaned_data["options"].splitlines())


class PublishForm(forms.Form):
    sources = forms.ModelMultipleChoiceField(
        queryset=None,
        label="Каналы",
        widget=forms.CheckboxSelectMultiple,  # type: ignore[arg-type]
    )

    def __init__(self, *args: object, sources: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["sources"].queryset = sources  # type: ignore[attr-defined]


class AcceptForm(forms.Form):
    answer = forms.CharField(label="Ответ администрации", max_length=5000, widget=forms.Textarea)
    campaign = forms.ModelChoiceField(
        Campaign.objects.order_by("title"), label="Программа (необязательно)", required=False
    )
    instruction_number = forms.CharField(
        label="Номер поручения (необязательно)", required=False, max_length=40
    )


class DeclineForm(forms.Form):
    reason = forms.CharField(label="Причина отказа", max_length=5000, widget=forms.Textarea)


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label="Ответ администрации", required=False, max_length=5000, widget=forms.Textarea
    )


class InitiativeFilterForm(forms.Form):
    territory = forms.ModelChoiceField(
        Territory.objects.order_by("name"), label="Территория", required=False
    )
    state = forms.ChoiceField(
        label="Состояние", required=False, choices=[("", "Все"), *Initiative.State.choices]
    )
