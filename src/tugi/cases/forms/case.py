"""Forms of the case core: intake, the case's own facts, workers, lifecycle, trafficking status.

Dates are typed as dd.mm.yyyy (ENGINEERING rule 7) in the project's plain text inputs with a numeric
keyboard (``core.widgets``), so the form works without JavaScript. Rules that depend on the stored
case (is this transition possible, does a period overlap) are the services'; the forms check what
the input alone can tell.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import phonenumbers
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from stdnum.ee import ik

from tugi.accounts.models import OrgUnit, User
from tugi.cases.models import CaseType, CloseReason, Confidentiality, IntakeSource, Need, WorkerRole
from tugi.cases.models.case import PenalSection
from tugi.clients import languages
from tugi.clients.models import Gender
from tugi.core.widgets import DayInput, MomentInput

MAX_AGE = 120


def date_field(label: Any, *, required: bool = True, help_text: Any = "") -> forms.DateField:
    return forms.DateField(label=label, required=required, widget=DayInput(), help_text=help_text)


def not_in_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


def language_choices() -> list[tuple[str, str]]:
    return [("", "—"), *languages.language_choices()]


def country_choices() -> list[tuple[str, str]]:
    return [("", "—"), *((str(code), str(name)) for code, name in countries)]


def e164(raw: str) -> str:
    """A phone number as typed (Estonian numbers without +372) in E.164, or a ValidationError."""
    try:
        number = phonenumbers.parse(raw, "EE")
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("Enter a valid phone number, for example +372 5123 4567."))
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet[Any]) -> None:
    form.fields[name].queryset = queryset  # type: ignore[attr-defined]


class CaseStartFields(forms.Form):
    """What every new case needs: its type and team, and how it came in."""

    case_type = forms.ModelChoiceField(
        label=_("Case type"), queryset=CaseType.objects.none(), empty_label=None, widget=forms.RadioSelect
    )
    team = forms.ModelChoiceField(label=_("Team"), queryset=OrgUnit.objects.none(), empty_label=None)
    received_at = forms.DateTimeField(label=_("Call received"), help_text=_("dd.mm.yyyy hh:mm"), widget=MomentInput())
    source = forms.ChoiceField(
        label=_("Who referred the person"), choices=IntakeSource.choices, widget=forms.RadioSelect
    )
    needs = forms.MultipleChoiceField(
        label=_("Immediate needs"), choices=Need.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    needs_note = forms.CharField(
        label=_("About the needs"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    presumed_victim = forms.BooleanField(
        label=_("Presumed victim of trafficking"),
        required=False,
        help_text=_("Starts the service period of a presumed victim outside criminal proceedings."),
    )

    def __init__(
        self,
        *args: Any,
        case_types: QuerySet[CaseType],
        teams: QuerySet[Any],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "case_type", case_types)
        _set_queryset(self, "team", teams)
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0, microsecond=0))

    def clean_received_at(self) -> Any:
        value = self.cleaned_data["received_at"]
        # A few minutes of slack: the phone's clock and the server's rarely agree to the second.
        if value > timezone.now() + timedelta(minutes=5):
            raise forms.ValidationError(_("The time of the call cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        case_type = data.get("case_type")
        if data.get("presumed_victim") and case_type is not None and not case_type.trafficking:
            self.add_error("presumed_victim", _("A trafficking status can only be recorded in a trafficking case."))
        return data

    def intake_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "received_at": data["received_at"],
            "source": data["source"],
            "caller_name": data.get("caller_name", ""),
            "caller_organisation": data.get("caller_organisation", ""),
            "caller_phone": data.get("caller_phone", ""),
            "location": data.get("location", ""),
            "needs": list(data.get("needs", [])),
            "needs_note": data.get("needs_note", ""),
            "on_call": bool(data.get("on_call", False)),
        }


class IntakeForm(CaseStartFields):
    """The on-call counsellor's quick path: the call, the caller, the person. Few fields are required."""

    caller_name = forms.CharField(
        label=_("Who called"), required=False, max_length=200, widget=forms.TextInput(attrs={"autofocus": True})
    )
    caller_organisation = forms.CharField(label=_("Caller's organisation"), required=False, max_length=200)
    caller_phone = forms.CharField(
        label=_("Caller's phone"),
        required=False,
        max_length=32,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    location = forms.CharField(label=_("Where the person is now"), required=False, max_length=300)
    on_call = forms.BooleanField(label=_("Taken on on-call duty"), required=False)
    given_name = forms.CharField(label=_("Given name"), required=False, max_length=120)
    family_name = forms.CharField(label=_("Family name"), required=False, max_length=120)
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        required=False,
        max_length=120,
        help_text=_("When the person does not give their name, or asks to stay anonymous."),
    )
    personal_code = forms.CharField(
        label=_("Estonian personal code"),
        required=False,
        max_length=11,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    age = forms.IntegerField(label=_("Approximate age"), required=False, min_value=0, max_value=MAX_AGE)
    birth_date = date_field(_("Date of birth"), required=False)
    gender = forms.ChoiceField(label=_("Gender"), choices=Gender.choices, initial=Gender.UNKNOWN)
    citizenship = forms.ChoiceField(label=_("Citizenship"), choices=country_choices, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=language_choices, required=False)
    interpreter_needed = forms.BooleanField(label=_("Needs an interpreter"), required=False)
    high_risk = forms.BooleanField(label=_("High risk"), required=False)
    perpetrator_may_search = forms.BooleanField(label=_("The perpetrator may look for them"), required=False)
    staff_related = forms.BooleanField(
        label=_("Staff member or a relative of staff"),
        required=False,
        help_text=_("The case is then visible to its named workers only."),
    )
    call_fields = ("received_at", "caller_name", "caller_organisation", "caller_phone", "source", "on_call")
    situation_fields = ("location", "needs", "needs_note")
    person_fields = (
        "given_name",
        "family_name",
        "pseudonym",
        "personal_code",
        "age",
        "birth_date",
        "gender",
        "citizenship",
        "language",
        "interpreter_needed",
    )
    protection_fields = ("presumed_victim", "high_risk", "perpetrator_may_search", "staff_related")
    case_fields = ("case_type", "team")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            now = timezone.localtime()
            self.initial.setdefault("on_call", now.weekday() >= 5 or not 8 <= now.hour < 17)

    def full_clean(self) -> None:
        super().full_clean()
        # After a refused save the cursor goes to the first field to fix, not back to the top of a
        # long form on a phone (the error may be three screens down).
        errors = self.errors  # filled by the full_clean above
        first = next((name for name in self.fields if name in errors), None)
        if first is not None:
            self.fields["caller_name"].widget.attrs.pop("autofocus", None)
            self.fields[first].widget.attrs["autofocus"] = True

    def sections(self) -> list[tuple[str, list[forms.BoundField]]]:
        groups = [
            (gettext("The call"), self.call_fields),
            (gettext("The situation"), self.situation_fields),
            (gettext("The person"), self.person_fields),
            (gettext("Protection and status"), self.protection_fields),
            (gettext("The case"), self.case_fields),
        ]
        return [(title, [self[name] for name in names]) for title, names in groups]

    def clean_caller_phone(self) -> str:
        raw = self.cleaned_data["caller_phone"].strip()
        return e164(raw) if raw else ""

    def clean_personal_code(self) -> str:
        raw = re.sub(r"\s", "", self.cleaned_data["personal_code"])
        if not raw:
            return ""
        try:
            return str(ik.validate(raw))
        except Exception as exc:
            raise forms.ValidationError(_("This is not a valid Estonian personal code.")) from exc

    def clean_birth_date(self) -> date | None:
        value: date | None = self.cleaned_data["birth_date"]
        not_in_future(value)
        if value is not None and value.year < timezone.localdate().year - MAX_AGE:
            raise forms.ValidationError(_("Check the year of birth."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f, "").strip() for f in ("given_name", "family_name", "pseudonym")):
            self.add_error("given_name", _("Give a name or a pseudonym."))
        code = data.get("personal_code")
        if code:
            born = ik.get_birth_date(code)
            if data.get("birth_date") and data["birth_date"] != born:
                self.add_error("birth_date", _("The date of birth does not match the personal code."))
            data["birth_date"] = born
            if data.get("gender") in (None, "", Gender.UNKNOWN):
                data["gender"] = Gender.MALE if ik.get_gender(code) == "M" else Gender.FEMALE
        if data.get("interpreter_needed") and not data.get("language"):
            self.add_error("language", _("Which language is the interpreter needed for?"))
        return data

    def person_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        person = {k: (data.get(k) or "").strip() for k in ("given_name", "family_name", "pseudonym", "personal_code")}
        person |= {
            "birth_date": data.get("birth_date"),
            "gender": data.get("gender") or Gender.UNKNOWN,
            "citizenship": data.get("citizenship") or "",
            "high_risk": bool(data.get("high_risk")),
            "perpetrator_may_search": bool(data.get("perpetrator_may_search")),
            "staff_related": bool(data.get("staff_related")),
        }
        if data.get("birth_date") is None and data.get("age") is not None:
            person["estimated_birth_year"] = timezone.localdate().year - data["age"]
        return person


class CaseForClientForm(CaseStartFields):
    """A new case for a person already registered: the short form."""

    field_order = ("case_type", "team", "received_at", "source", "needs", "needs_note", "presumed_victim")


class CaseEditForm(VersionedForm):
    team = forms.ModelChoiceField(label=_("Team"), queryset=OrgUnit.objects.none(), empty_label=None)
    confidentiality = forms.ChoiceField(label=_("Confidentiality"), choices=Confidentiality.choices)
    review_on = date_field(_("Next review"), required=False)

    def __init__(self, *args: Any, teams: QuerySet[Any], staff_related: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "team", teams)
        if staff_related:
            field = self.fields["confidentiality"]
            field.disabled = True
            field.help_text = _(
                "The client is a staff member or a relative of staff: the case stays restricted to its named workers."
            )


class WorkerAddForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Worker"), queryset=User.objects.none())
    role = forms.ChoiceField(
        label=_("Role in the case"), choices=WorkerRole.choices, initial=WorkerRole.CO_WORKER, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, candidates: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_queryset(self, "user", candidates)


REASON_MIN = 5


class TransitionForm(forms.Form):
    action = forms.ChoiceField(label=_("Change"), choices=(), widget=forms.RadioSelect)
    reason = forms.CharField(
        label=_("Reason"), min_length=REASON_MIN, max_length=1000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, actions: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = actions  # type: ignore[attr-defined]


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices, widget=forms.RadioSelect)
    closed_on = date_field(_("Closed on"))
    return_country = forms.ChoiceField(label=_("Returned to"), choices=country_choices, required=False)
    return_date = date_field(_("Date of return"), required=False)
    return_partner = forms.CharField(
        label=_("Return organised with"),
        required=False,
        max_length=200,
        help_text=_("For example IOM, the embassy, an organisation in the home country."),
    )
    note = forms.CharField(
        label=_("Closing note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    cancel_open_tasks = forms.BooleanField(label=_("Cancel the open tasks of the case"), required=False)

    def __init__(self, *args: Any, opened_on: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.opened_on = opened_on
        self.initial.setdefault("closed_on", timezone.localdate())

    def clean_closed_on(self) -> date:
        value: date = self.cleaned_data["closed_on"]
        not_in_future(value)
        if value < self.opened_on:
            raise forms.ValidationError(
                _("A case cannot be closed before it was opened (%(date)s).") % {"date": f"{self.opened_on:%d.%m.%Y}"}
            )
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == CloseReason.RETURN_HOME:
            required: dict[str, Any] = {
                "return_country": _("Where did the person return to?"),
                "return_date": _("When did the person return?"),
                "return_partner": _("Who organised the return with us?"),
            }
            for name, message in required.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        else:
            data["return_country"], data["return_date"], data["return_partner"] = "", None, ""
        return data


STATUS_WITHDRAWN = "withdrawn"


class VictimStatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Trafficking status"),
        choices=[
            ("presumed", _("presumed victim")),
            ("identified", _("identified victim")),
            (STATUS_WITHDRAWN, _("status withdrawn")),
        ],
        widget=forms.RadioSelect,
    )
    on = date_field(_("Date"))
    basis = forms.CharField(
        label=_("Basis"),
        max_length=300,
        help_text=_("Who reported or decided it, for example: PPA's notice of 12.03.2026."),
    )
    proceedings_number = forms.CharField(
        label=_("Criminal proceedings number"),
        required=False,
        max_length=40,
        help_text=_("Required for an identified victim. For a presumed victim: only when proceedings have begun."),
    )
    penal_section = forms.ChoiceField(
        label=_("Penal Code section"), required=False, choices=[("", "—"), *PenalSection.choices]
    )

    def clean_on(self) -> date:
        value: date = self.cleaned_data["on"]
        not_in_future(value)
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") == "identified":
            if not data.get("proceedings_number", "").strip():
                self.add_error("proceedings_number", _("An identified victim needs the criminal proceedings number."))
            if not data.get("penal_section"):
                self.add_error("penal_section", _("An identified victim needs the Penal Code section."))
        return data


class ReflectionForm(forms.Form):
    starts_on = date_field(_("Starts on"))
    ends_on = date_field(_("Ends on"))
    decided_by = forms.CharField(
        label=_("Decided by"), required=False, max_length=200, help_text=_("The prosecutor's office and the decision.")
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ReflectionEndForm(VersionedForm):
    on = date_field(_("Ended on"))
    note = forms.CharField(label=_("Why it ended early"), max_length=300)

    def __init__(self, *args: Any, period: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.period = period

    def clean_on(self) -> date:
        value: date = self.cleaned_data["on"]
        not_in_future(value)
        if not self.period.starts_on <= value < self.period.ends_on:
            raise forms.ValidationError(
                _("The date must be inside the period: from %(start)s to the day before %(end)s.")
                % {"start": f"{self.period.starts_on:%d.%m.%Y}", "end": f"{self.period.ends_on:%d.%m.%Y}"}
            )
        return value
