from __future__ import annotations

from django import forms

from otklik.accounts.models import Role, User
from otklik.cities.models import Category, Department, Territory
from otklik.inbox.models import Message
from otklik.incidents.models import Incident
from otklik.incidents.states import NoAnswer, Priority, Resolution, Status

MAX_QUERY = 200


def _date(label: str) -> forms.DateField:
    return forms.DateField(
        label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class IncidentFilterForm(forms.Form):
    STATE_CHOICES = [
        ("open", "Открытые"),
        ("overdue", "Просроченные"),
        ("late", "Просроченные за период (по дню создания)"),
        ("", "Все"),
        ("resolved", "Решённые (закрыты с ответом)"),
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
    # Days in the city's time zone, both ends included: a dashboard's period drills down here.
    opened_from = _date("Создан с")
    opened_to = _date("Создан по")
    closed_from = _date("Закрыт с")
    closed_to = _date("Закрыт по")

    def __init__(self, *args: object, user: User | None = None, **kwargs: object) -> None:
        """An executor sees only their own department's incidents: the filter offers only it."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if user is not None and user.is_executor:
            field = self.fields["department"]
            field.queryset = Department.objects.filter(pk=user.department_id)  # type: ignore[attr-defined]


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
    no_answer = forms.ChoiceField(
        label="Закрыть без ответа",
        required=False,
        choices=[("", "— (ответ нужен)"), *NoAnswer.choices],
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
    is_formal_appeal = forms.BooleanField(
        label="Обращение по 59-ФЗ (окончательный ответ — 30 календарных дней)", required=False
    )
    comment = forms.CharField(label="Комментарий", required=False, max_length=5000)

    def __init__(self, *args: object, formal_appeal: bool = True, **kwargs: object) -> None:
        """formal_appeal=False drops the 59-FZ mark: only the press service sets it."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not formal_appeal:
            del self.fields["is_formal_appeal"]


class CommentForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий", max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )


def parse_numbers(text: str) -> list[int]:
    """«12, #15 17» → [12, 15, 17]."""
    words = text.replace(",", " ").replace(";", " ").split()
    return [int(w.lstrip("#№")) for w in words if w.lstrip("#№").isdigit()]


class MergeForm(forms.Form):
    others = forms.CharField(
        label="Номера инцидентов-дубликатов", max_length=500, help_text="через запятую: 12, 15"
    )
    comment = forms.CharField(label="Комментарий", required=False, max_length=5000)

    def clean_others(self) -> list[int]:
        numbers = parse_numbers(self.cleaned_data["others"])
        if not numbers:
            raise forms.ValidationError("Укажите номера инцидентов")
        return numbers


class SplitForm(forms.Form):
    messages = forms.ModelMultipleChoiceField(
        label="Сообщения", queryset=Message.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    title = forms.CharField(label="Заголовок нового инцидента", required=False, max_length=300)
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.filter(is_active=True), required=False
    )
    comment = forms.CharField(label="Комментарий", required=False, max_length=5000)

    def __init__(self, *args: object, incident: Incident, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["messages"].queryset = incident.messages.all()  # type: ignore[attr-defined]


class BulkForm(forms.Form):
    ACTIONS = [
        ("assign", "Назначить подразделению"),
        ("spam", "Закрыть как спам"),
        ("merge", "Объединить в один"),
    ]
    action = forms.ChoiceField(label="Действие", choices=ACTIONS)
    department = forms.ModelChoiceField(
        label="Подразделение", queryset=Department.objects.filter(is_active=True), required=False
    )
    target = forms.IntegerField(
        label="Объединить в №", required=False, help_text="пусто — в самый ранний из выбранных"
    )

    def __init__(self, *args: object, user: User | None = None, **kwargs: object) -> None:
        """An executor may only close their department's incidents as spam: assigning and
        merging are the press service's, so their form offers neither."""
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if user is not None and user.is_executor:
            self.fields["action"].choices = [a for a in self.ACTIONS if a[0] == "spam"]  # type: ignore[attr-defined]
            del self.fields["department"]
            del self.fields["target"]

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("action") == "assign" and not data.get("department"):
            self.add_error("department", "Выберите подразделение")
        return data
