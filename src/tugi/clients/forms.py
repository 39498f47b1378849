"""Forms of the client pages. They validate and normalise (personal code, phone, e-mail, document
numbers); the services save; database constraints back both up."""

from __future__ import annotations

from datetime import date
from typing import Any

import phonenumbers
from django import forms
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from stdnum.ee import ik
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

from tugi.clients.languages import language_choices
from tugi.clients.models import (
    Client,
    ClientAlias,
    ClientContact,
    ClientLanguage,
    Consent,
    ContactKind,
    Gender,
    IdentityDocument,
)
from tugi.clients.selectors import document_number

PHONE_REGION = "EE"  # numbers typed without a country code are Estonian


def _model_field(model: Any, name: str, **kwargs: Any) -> Any:
    """The form field of a model field: its label, help text, length and choices in one place."""
    return model._meta.get_field(name).formfield(**kwargs)


def _not_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise forms.ValidationError(_("This date is in the future."))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def decode_personal_code(raw: str) -> tuple[str, date, str]:
    """(the code, date of birth, gender) of an Estonian personal code, or a clear error."""
    try:
        code = ik.validate(raw)
    except InvalidLength as exc:
        raise forms.ValidationError(_("A personal code has 11 digits.")) from exc
    except InvalidFormat as exc:
        raise forms.ValidationError(_("A personal code has digits only.")) from exc
    except InvalidComponent as exc:
        raise forms.ValidationError(_("This personal code does not hold a valid date of birth.")) from exc
    except InvalidChecksum as exc:
        raise forms.ValidationError(
            _("The check digit of this personal code is wrong: check the number on the document.")
        ) from exc
    except ValidationError as exc:  # any other complaint of stdnum
        raise forms.ValidationError(_("This is not a valid Estonian personal code.")) from exc
    born = ik.get_birth_date(code)
    if born > timezone.localdate():
        raise forms.ValidationError(_("This personal code gives a date of birth in the future."))
    gender = Gender.MALE if ik.get_gender(code) == "M" else Gender.FEMALE
    return code, born, gender


def normalise_phone(value: str) -> str:
    """E.164 (+37251234567); numbers without a country code are taken as Estonian."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException as exc:
        raise forms.ValidationError(_("This is not a phone number.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(
            _("This phone number is not valid. Give a foreign number with its country code, e.g. +371 2012 3456.")
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class ClientForm(forms.Form):
    """Identity, protective flags and safe contact: the record itself (new and edit)."""

    given_name = _model_field(Client, "given_name")
    family_name = _model_field(Client, "family_name")
    pseudonym = _model_field(Client, "pseudonym")
    personal_code = forms.CharField(
        label=_("Estonian personal code"),
        max_length=20,
        required=False,
        help_text=_("The date of birth and gender are taken from it."),
    )
    birth_date = _model_field(Client, "birth_date", validators=[_not_future])
    estimated_birth_year = _model_field(Client, "estimated_birth_year", min_value=1900)
    gender = _model_field(Client, "gender")
    citizenship = _model_field(Client, "citizenship")
    safe_contact = _model_field(Client, "safe_contact", widget=forms.Textarea(attrs={"rows": 3}))
    high_risk = _model_field(Client, "high_risk")
    perpetrator_may_search = _model_field(Client, "perpetrator_may_search")
    staff_related = _model_field(Client, "staff_related")

    def clean_personal_code(self) -> str:
        return "".join(str(self.cleaned_data.get("personal_code") or "").split())

    def clean_estimated_birth_year(self) -> int | None:
        year = self.cleaned_data.get("estimated_birth_year")
        if year is not None and year > timezone.localdate().year:
            raise forms.ValidationError(_("This year is in the future."))
        return year

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or data.get("family_name") or data.get("pseudonym")):
            self.add_error(None, _("Give a name or, for a person who stays anonymous, a pseudonym."))
        if data.get("personal_code"):
            self._check_personal_code(data)
        born, year = data.get("birth_date"), data.get("estimated_birth_year")
        if born is not None and year is not None and born.year != year:
            self.add_error(
                "estimated_birth_year", _("The estimated year differs from the date of birth: leave one of them out.")
            )
        return data

    def _check_personal_code(self, data: dict[str, Any]) -> None:
        try:
            code, born, gender = decode_personal_code(data["personal_code"])
        except forms.ValidationError as exc:
            self.add_error("personal_code", exc)
            return
        data["personal_code"] = code
        if "birth_date" in self.errors:
            pass  # the typed date is unreadable: its own error says so
        elif data.get("birth_date") is None:
            data["birth_date"] = born
        elif data["birth_date"] != born:
            self.add_error(
                "birth_date",
                _("The date of birth does not match the personal code, which gives %(date)s.")
                % {"date": born.strftime("%d.%m.%Y")},
            )
        # "other" is the person's own word and stays; a male/female mismatch is a typing error.
        if data.get("gender") in {Gender.UNKNOWN, "", None}:
            data["gender"] = gender
        elif data.get("gender") in {Gender.MALE, Gender.FEMALE} and data["gender"] != gender:
            self.add_error(
                "gender",
                _("The gender does not match the personal code, which gives “%(gender)s”.")
                % {"gender": Gender(gender).label},
            )


class ClientNewForm(ClientForm):
    """Registering a person: the record, and optionally the first language, document and phone."""

    language = forms.ChoiceField(label=_("First language"), required=False)
    interpreter_needed = _model_field(ClientLanguage, "interpreter_needed")
    doc_type = _model_field(IdentityDocument, "doc_type", required=False)
    doc_number = _model_field(IdentityDocument, "number", required=False)
    doc_country = _model_field(IdentityDocument, "country", required=False)
    phone = forms.CharField(
        label=capfirst(ContactKind.PHONE.label),
        max_length=40,
        required=False,
        help_text=_("An Estonian number, or any with its country code."),
    )
    phone_instructions = _model_field(ClientContact, "instructions", label=_("When and how to call"))
    # Shown once possible duplicates were found: the user declares the person a different one.
    confirm_different = forms.BooleanField(
        label=_("This is a different person: save the new record anyway"), required=False
    )
    duplicates_seen = forms.CharField(required=False, widget=forms.HiddenInput)

    DOCUMENT_FIELDS = ("doc_type", "doc_number", "doc_country")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices()]  # type: ignore[attr-defined]

    def clean_doc_number(self) -> str:
        return document_number(self.cleaned_data.get("doc_number") or "")

    def clean_phone(self) -> str:
        value = (self.cleaned_data.get("phone") or "").strip()
        return normalise_phone(value) if value else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        given = [name for name in self.DOCUMENT_FIELDS if data.get(name)]
        if given and len(given) < len(self.DOCUMENT_FIELDS):
            for name in self.DOCUMENT_FIELDS:
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("A document needs its type, number and issuing country."))
        if data.get("interpreter_needed") and not data.get("language"):
            self.add_error("language", _("Which language does the interpreter need to speak?"))
        if data.get("phone_instructions") and not data.get("phone"):
            self.add_error("phone", _("Give the phone number these instructions are about."))
        return data

    def documents(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("doc_number"):
            return []
        return [{"doc_type": data["doc_type"], "number": data["doc_number"], "country": data["doc_country"]}]

    def contacts(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("phone"):
            return []
        return [{"kind": ContactKind.PHONE, "value": data["phone"], "instructions": data["phone_instructions"]}]

    def languages(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        if not data.get("language"):
            return []
        return [{"language": data["language"], "native": True, "interpreter_needed": data["interpreter_needed"]}]


class ClientEditForm(VersionedForm, ClientForm):
    pass


class AliasForm(forms.Form):
    name = _model_field(ClientAlias, "name")
    kind = _model_field(ClientAlias, "kind")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class DocumentForm(forms.Form):
    doc_type = _model_field(IdentityDocument, "doc_type")
    number = _model_field(IdentityDocument, "number")
    country = _model_field(IdentityDocument, "country")
    valid_until = _model_field(IdentityDocument, "valid_until")

    def clean_number(self) -> str:
        number = document_number(self.cleaned_data["number"])
        if not number:
            raise forms.ValidationError(_("Give the document number."))
        return number


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=capfirst(ClientLanguage._meta.get_field("language").verbose_name))
    native = _model_field(ClientLanguage, "native")
    interpreter_needed = _model_field(ClientLanguage, "interpreter_needed")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = [("", "—"), *language_choices()]  # type: ignore[attr-defined]


class ContactForm(forms.Form):
    kind = _model_field(ClientContact, "kind")
    value = _model_field(ClientContact, "value", help_text=_("Phone, e-mail or address."))
    instructions = _model_field(
        ClientContact, "instructions", help_text=_("For example: only text messages; never call after 18:00.")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = " ".join(str(data.get("value") or "").split())
        if not value or "value" in self.errors:
            return data
        try:
            if data.get("kind") == ContactKind.PHONE:
                value = normalise_phone(value)
            elif data.get("kind") == ContactKind.EMAIL:
                validate_email(value)
        except forms.ValidationError as exc:
            message = _("This is not a valid e-mail address.") if data.get("kind") == ContactKind.EMAIL else exc
            self.add_error("value", message)
        data["value"] = value
        return data


class ConsentForm(forms.Form):
    scope = _model_field(Consent, "scope", widget=forms.Textarea(attrs={"rows": 3}))
    recipient = _model_field(Consent, "recipient")
    given_on = _model_field(Consent, "given_on", validators=[_not_future])
    method = _model_field(Consent, "method")
    evidence = _model_field(Consent, "evidence")


class ConsentWithdrawForm(VersionedForm):
    withdrawn_on = _model_field(Consent, "withdrawn_on", required=True, validators=[_not_future])
    withdrawal_note = _model_field(
        Consent, "withdrawal_note", help_text=_("How the person told us, and anything the recipient must be told.")
    )

    def __init__(self, *args: Any, consent: Consent, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.consent = consent

    def clean_withdrawn_on(self) -> date:
        value: date = self.cleaned_data["withdrawn_on"]
        if value < self.consent.given_on:
            raise forms.ValidationError(
                _("A consent cannot be withdrawn before it was given (%(date)s).")
                % {"date": self.consent.given_on.strftime("%d.%m.%Y")}
            )
        return value


class ClientSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the other record"),
        max_length=100,
        required=False,
        help_text=_("Name, alias, personal code or document number."),
    )


class LinkForm(forms.Form):
    other = forms.IntegerField(widget=forms.HiddenInput)
    note = forms.CharField(
        label=_("Why they are the same person"),
        max_length=300,
        required=False,
        help_text=_("For example: the same passport; confirmed by the person."),
    )
