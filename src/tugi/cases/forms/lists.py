"""The filters of the case list and its exports. Every value is checked here: a bad one is an error on
the form (shown to the user), never an exception further down."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import OrgUnit
from tugi.cases.models import CaseStatus, CaseType
from tugi.cases.selectors import RISK_HIGH, RISK_NONE, STATUS_ALL, STATUS_OPEN
from tugi.core.widgets import DayInput

# Fuzzy name search below this many letters would match nearly everyone.
SEARCH_MIN_LENGTH = 2


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name or alias (spelling may differ), personal code, document number or case reference."),
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "spellcheck": "false"}),
    )
    case_type = forms.ModelChoiceField(
        label=_("Type"),
        queryset=CaseType.objects.none(),
        required=False,
        to_field_name="code",
        empty_label=_("Any type"),
        error_messages={"invalid_choice": _("Choose a case type from the list.")},
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[(STATUS_OPEN, _("open (not closed)")), *CaseStatus.choices, (STATUS_ALL, _("any status"))],
        error_messages={"invalid_choice": _("Choose a status from the list.")},
    )
    team = forms.ModelChoiceField(
        label=_("Team"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("Any team"),
        error_messages={"invalid_choice": _("Choose a team from the list.")},
    )
    mine = forms.BooleanField(label=_("Only cases I work on"), required=False)
    worker = forms.RegexField(
        label=_("Worker"),
        required=False,
        max_length=150,
        regex=r"^[A-Za-z0-9._@+-]+$",
        help_text=_("A colleague's username: cases where they are a named worker."),
        error_messages={"invalid": _("Write a username: letters, digits and . _ @ + - only.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    risk = forms.ChoiceField(
        label=_("Safety risk"),
        required=False,
        choices=[
            ("", _("Any risk")),
            (RISK_HIGH, _("high")),
            ("medium", _("medium")),
            ("low", _("low")),
            (RISK_NONE, _("not assessed")),
        ],
        error_messages={"invalid_choice": _("Choose a risk level from the list.")},
    )
    opened_from = forms.DateField(
        label=_("Opened from"),
        required=False,
        widget=DayInput(),
        error_messages={"invalid": _("Write the date as dd.mm.yyyy.")},
    )
    opened_to = forms.DateField(
        label=_("Opened until"),
        required=False,
        widget=DayInput(),
        error_messages={"invalid": _("Write the date as dd.mm.yyyy.")},
    )

    def __init__(self, *args: Any, teams: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case_type"].queryset = CaseType.objects.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["team"].queryset = teams  # type: ignore[attr-defined]

    def clean_q(self) -> str:
        q: str = " ".join(self.cleaned_data.get("q", "").split())
        if q and len(q) < SEARCH_MIN_LENGTH:
            raise forms.ValidationError(_("Type at least two characters to search."))
        return q

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("opened_from"), data.get("opened_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        if not data.get("status"):
            data["status"] = STATUS_OPEN
        return data

    def described(self) -> dict[str, str]:
        """The filters in force as plain text, for the audit trail."""
        if not self.is_bound or not self.is_valid():
            return {"status": STATUS_OPEN}
        out = {}
        for name, value in self.cleaned_data.items():
            if value in (None, "", False):
                continue
            out[name] = str(getattr(value, "code", None) or getattr(value, "pk", None) or value)
        return out
