from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import F

from otklik.answers.models import Answer, AnswerTemplate


class DraftForm(forms.Form):
    kind = forms.ChoiceField(label="Вид ответа", choices=Answer.Kind.choices)
    template = forms.ModelChoiceField(
        label="Шаблон", queryset=AnswerTemplate.objects.none(), required=False
    )
    based_on = forms.ModelChoiceField(
        label="Или прошлый согласованный ответ", queryset=Answer.objects.none(), required=False
    )
    text = forms.CharField(
        label="Текст (пусто — взять из шаблона)",
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        max_length=10000,
    )

    def __init__(
        self,
        *args: Any,
        templates: list[AnswerTemplate] = (),  # type: ignore[assignment]
        library: list[Answer] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        template_field: Any = self.fields["template"]
        template_field.queryset = AnswerTemplate.objects.filter(
            pk__in=[t.pk for t in templates]
        ).order_by(F("category").asc(nulls_last=True), "title")  # the category's own first
        library_field: Any = self.fields["based_on"]
        library_field.queryset = Answer.objects.filter(pk__in=[a.pk for a in library])
        library_field.label_from_instance = lambda a: f"#{a.incident_id}: {a.text[:80]}"


class TextForm(forms.Form):
    text = forms.CharField(
        label="Текст ответа", widget=forms.Textarea(attrs={"rows": 6}), max_length=10000
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Комментарий", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label="Что исправить", widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )


class ManualForm(forms.Form):
    url = forms.URLField(
        label="Ссылка на опубликованный ответ",
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": "Вставьте ссылку на ответ на площадке: https://…"},
    )
