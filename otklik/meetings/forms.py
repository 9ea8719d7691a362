"""The meetings pages' forms: they validate input; the actions decide."""

from __future__ import annotations

from typing import Any

from django import forms

from otklik.accounts.models import Role, User
from otklik.cities.models import Department, Territory
from otklik.meetings.models import Instruction, Meeting, Question

TEXT = 10_000
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXTAREA = forms.Textarea(attrs={"rows": 3})


class MeetingFilterForm(forms.Form):
    territory = forms.ModelChoiceField(
        label="Территория", queryset=Territory.objects.all(), required=False, empty_label="Все"
    )
    state = forms.ChoiceField(
        label="Состояние", required=False, choices=[("", "Все"), *Meeting.State.choices]
    )
    when = forms.ChoiceField(
        label="Когда",
        required=False,
        choices=[("", "Все"), ("upcoming", "Предстоящие"), ("past", "Прошедшие")],
    )


class MeetingForm(forms.Form):
    territory = forms.ModelChoiceField(label="Территория", queryset=Territory.objects.all())
    starts_at = forms.DateTimeField(
        label="Начало", widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M", "%d.%m.%Y %H:%M"]
    )
    place = forms.CharField(label="Место", required=False, max_length=300)
    participants = forms.CharField(
        label="Участники", required=False, max_length=TEXT, widget=TEXTAREA
    )
    agenda = forms.CharField(label="Повестка", required=False, max_length=TEXT, widget=TEXTAREA)


class QuestionForm(forms.Form):
    text = forms.CharField(label="Вопрос", max_length=TEXT, widget=TEXTAREA)
    asker_name = forms.CharField(
        label="Кто спросил (только для сотрудников)", required=False, max_length=200
    )
    topic = forms.CharField(label="Тема", required=False, max_length=200)
    asked = forms.ChoiceField(label="Когда задан", choices=Question.Asked.choices)
    message = forms.IntegerField(label="Сообщение во входящих, №", required=False, min_value=1)


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Ответ на месте", max_length=TEXT, widget=TEXTAREA)


class DueForm(forms.Form):
    """A deadline: a date or a number of working days, exactly one."""

    due = forms.DateField(label="Срок (дата)", required=False, widget=DATE)
    working_days = forms.IntegerField(
        label="или рабочих дней", required=False, min_value=1, max_value=366
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("due") is None) == (data.get("working_days") is None):
            raise forms.ValidationError("Укажите срок: дату или число рабочих дней (что-то одно)")
        return data


class InstructionForm(DueForm):
    text = forms.CharField(label="Текст поручения", max_length=TEXT, widget=TEXTAREA)
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.filter(is_active=True)
    )
    responsible = forms.ModelChoiceField(
        label="Ответственный",
        required=False,
        queryset=User.objects.filter(role=Role.EXECUTOR, is_active=True).order_by(
            "last_name", "username"
        ),
    )
    expected_result = forms.CharField(
        label="Ожидаемый результат", required=False, max_length=TEXT, widget=TEXTAREA
    )
    question = forms.IntegerField(required=False, widget=forms.HiddenInput)

    field_order = ["text", "department", "responsible", "due", "working_days", "expected_result"]


class InstructionFilterForm(forms.Form):
    STATES = [("open", "Открытые"), ("", "Все"), *Instruction.State.choices]
    q = forms.CharField(label="Поиск", required=False, max_length=200)
    state = forms.ChoiceField(label="Состояние", required=False, choices=STATES)
    overdue = forms.BooleanField(label="Только просроченные", required=False)
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.all(), required=False, empty_label="Все"
    )
    meeting = forms.IntegerField(label="Встреча №", required=False, min_value=1)

    def __init__(self, *args: Any, user: User | None = None, **kwargs: Any) -> None:
        """An executor sees only his department's instructions: the filter offers only it."""
        super().__init__(*args, **kwargs)
        if user is not None and user.is_executor:
            field = self.fields["department"]
            field.queryset = Department.objects.filter(pk=user.department_id)  # type: ignore[attr-defined]


class ProgressForm(forms.Form):
    text = forms.CharField(label="Что сделано", max_length=TEXT, widget=TEXTAREA)
    photo = forms.FileField(label="Фото (необязательно, JPEG/PNG/WebP)", required=False)


class ExtendForm(DueForm):
    reason = forms.CharField(label="Причина продления", max_length=TEXT, widget=TEXTAREA)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Причина отмены", max_length=TEXT, widget=TEXTAREA)


class ResultForm(forms.Form):
    result = forms.CharField(label="Результат", max_length=TEXT, widget=TEXTAREA)


class LinkIncidentForm(forms.Form):
    incident = forms.CharField(label="Инцидент (номер)", max_length=20)

    def clean_incident(self) -> int:
        value = self.cleaned_data["incident"].strip().lstrip("#")
        if not value.isdigit():
            raise forms.ValidationError("Укажите номер инцидента, например 123 или #123")
        return int(value)


class AskForm(forms.Form):
    """A resident's question in advance, on the meeting's public page."""

    text = forms.CharField(
        label="Ваш вопрос мэру",
        min_length=10,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": 3000}),
    )
    name = forms.CharField(
        label="Как к вам обращаться (необязательно)", required=False, max_length=100
    )
    contact = forms.CharField(
        label="Телефон или e-mail для ответа (необязательно)", required=False, max_length=150
    )
    consent = forms.BooleanField(
        label="Согласен(на) на обработку персональных данных для ответа на вопрос",
        required=False,
    )
    website = forms.CharField(required=False, widget=forms.HiddenInput)  # a trap for bots

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("contact") and not data.get("consent"):
            self.add_error("consent", "Чтобы оставить контакт, нужно согласие на обработку данных")
        return data


class MeetingPhotoForm(forms.Form):
    photo = forms.FileField(label="Фото (JPEG, PNG или WebP)")
    caption = forms.CharField(label="Подпись", required=False, max_length=300)


class FilmForm(forms.Form):
    """The address is checked by the action (http or https only); empty removes the film."""

    film_url = forms.CharField(label="Ссылка на фильм", required=False, max_length=1000)
