"""The report pages' forms: choose a period and a format; write the narrative sections."""

from __future__ import annotations

from django import forms

from otklik.analytics.models.reports import ReportNarrative
from otklik.analytics.report_period import FORMAT_HINT, PeriodError, parse_period

FORMAT_CHOICES = [("pdf", "PDF"), ("docx", "DOCX (можно править)")]


class PeriodForm(forms.Form):
    period = forms.CharField(label="Период", max_length=10, help_text=FORMAT_HINT)
    format = forms.ChoiceField(label="Формат", choices=FORMAT_CHOICES, initial="pdf")

    def clean_period(self) -> str:
        try:
            return parse_period(self.cleaned_data["period"]).key
        except PeriodError as exc:
            raise forms.ValidationError(str(exc)) from None


class NarrativeForm(forms.Form):
    """One text area per section, named by the section's code."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for code, label in ReportNarrative.Section.choices:
            self.fields[code] = forms.CharField(
                label=label,
                required=False,
                max_length=20000,
                widget=forms.Textarea(attrs={"rows": 6}),
            )
