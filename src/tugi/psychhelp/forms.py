"""Forms of psychological help. They parse what was typed; the rules of a decision (what a grant
needs, the yearly cap) are the service's, shown here next to the fields they concern."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.utils.translation import gettext_lazy as _

from tugi.core.widgets import DayInput
from tugi.psychhelp.models import HelpForm, Outcome

DATE_HELP = _("dd.mm.yyyy")


def _date_field(label: Any, *, required: bool = True, help_text: Any = DATE_HELP) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DayInput(),
    )


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class DecisionForm(forms.Form):
    need_assessment = forms.CharField(
        label=_("Assessment of need"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Why the person needs psychological help: what you found when assessing it."),
    )
    decided_on = _date_field(_("Decided on"))
    outcome = forms.ChoiceField(label=_("Decision"), choices=Outcome.choices, widget=forms.RadioSelect)
    help_form = forms.ChoiceField(label=_("Form of help"), choices=[("", "—"), *HelpForm.choices], required=False)
    provider_name = forms.CharField(
        label=_("Provider"),
        max_length=200,
        required=False,
        help_text=_("The contracted provider the agency pays directly."),
    )
    provider_email = forms.EmailField(label=_("Provider's e-mail"), required=False)
    provider_phone = forms.CharField(
        label=_("Provider's phone"), max_length=30, required=False, help_text=_("For example +372 5123 4567")
    )
    sessions = forms.IntegerField(label=_("Sessions"), min_value=1, max_value=999, required=False)
    amount = forms.DecimalField(
        label=_("Covered amount, EUR"),
        max_digits=9,
        decimal_places=2,
        min_value=0,
        required=False,
        localize=True,
        help_text=_("Counts against the person's yearly cap of the year the validity starts in."),
    )
    valid_from = _date_field(_("Valid from"), required=False)
    valid_until = _date_field(_("Valid until"), required=False)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    appeal_info = forms.CharField(
        label=_("How to challenge the decision"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_(
            "The standard text is printed in the language of each notice. If you change it, your text is "
            "printed as you wrote it."
        ),
    )

    def clean_provider_phone(self) -> str:
        raw = self.cleaned_data["provider_phone"].strip()
        if not raw:
            return ""
        try:
            number = phonenumbers.parse(raw, "EE")
        except phonenumbers.NumberParseException:
            number = None
        if number is None or not phonenumbers.is_valid_number(number):
            raise forms.ValidationError(_("Enter a valid phone number, for example +372 5123 4567."))
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class DecisionEditForm(VersionedForm, DecisionForm):
    pass


class NotifyForm(VersionedForm):
    whom = forms.ChoiceField(
        label=_("Who was notified"),
        choices=[("victim", _("the victim")), ("provider", _("the provider"))],
    )
    on = _date_field(_("Notified on"))


class CapForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Cap per person, EUR"), max_digits=9, decimal_places=2, min_value=0, localize=True
    )
    basis = forms.CharField(
        label=_("Basis"),
        max_length=300,
        required=False,
        help_text=_("For example: the minimum monthly wage of the year, with the regulation."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class CapEditForm(VersionedForm):
    amount = forms.DecimalField(
        label=_("Cap per person, EUR"), max_digits=9, decimal_places=2, min_value=0, localize=True
    )
    basis = forms.CharField(label=_("Basis"), max_length=300, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
