from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tugi.audit.models import EventKind


class AuditFilterForm(forms.Form):
    # A username typed, not a drop-down: an agency has hundreds of staff.
    actor: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        label=_("User"),
        queryset=None,
        required=False,
        to_field_name="username",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"invalid_choice": _("No user with this username within your access.")},
    )
    subject = forms.RegexField(
        label=_("Person"),
        regex=r"^[a-z_]+\.[a-z_]+:\d+$",
        required=False,
        help_text=_("kind:number, e.g. accounts.user:12"),
        error_messages={"invalid": _("Write the person as kind:number, e.g. accounts.user:12.")},
    )
    record = forms.RegexField(
        label=_("Record"),
        regex=r"^[a-z_]+\.[a-z_]+:\d+$",
        required=False,
        help_text=_("kind:number"),
        error_messages={"invalid": _("Write the record as kind:number, e.g. access.accessgrant:3.")},
    )
    action = forms.RegexField(
        label=_("Action starts with"),
        regex=r"^[a-z_.]+$",
        required=False,
        max_length=100,
        error_messages={"invalid": _("Actions are lower-case words joined by dots.")},
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any")), *EventKind.choices], required=False)
    flagged = forms.BooleanField(label=_("Flagged only"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd.mm.yyyy"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"placeholder": "dd.mm.yyyy"})
    )

    def __init__(self, *args: Any, actors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = actors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data
