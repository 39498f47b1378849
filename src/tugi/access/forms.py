from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tugi.access.models import MIN_REASON_LENGTH


class GrantForm(forms.Form):
    grantee: forms.ModelChoiceField[Any] = forms.ModelChoiceField(label=_("Who gets access"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind of record"), choices=())
    target_id = forms.IntegerField(label=_("Record number"), min_value=1)
    valid_until = forms.DateTimeField(
        label=_("Until"),
        help_text=_("dd.mm.yyyy hh:mm"),
        widget=forms.DateTimeInput(attrs={"inputmode": "numeric", "placeholder": "dd.mm.yyyy hh:mm"}),
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), min_length=MIN_REASON_LENGTH)

    def __init__(self, *args: Any, grantees: QuerySet[Any], kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["grantee"].queryset = grantees  # type: ignore[attr-defined]
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]


class EmergencyForm(forms.Form):
    reason = forms.CharField(
        label=_("Why must you open this record now?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        min_length=MIN_REASON_LENGTH,
        help_text=_("The unit head is told at once and the data protection officer reviews it."),
    )
