"""Filter forms' reference choices read in one plain query.

Django's ModelChoiceIterator reads the queryset with .iterator(): on PostgreSQL a server-side
cursor, three round trips (DECLARE, FETCH, CLOSE) for a few dozen rows, once per select on
every dashboard and map page. The lists are small: read them whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.forms.models import ModelChoiceIterator


class ListedChoices(ModelChoiceIterator):
    def __iter__(self) -> Iterator[Any]:
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in list(self.queryset):
            yield self.choice(obj)


class ListedModelChoiceField(forms.ModelChoiceField):
    iterator = ListedChoices
