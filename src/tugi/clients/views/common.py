"""What the client pages share: errors from services onto forms, and the field groups of the form."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

IDENTITY = (
    "given_name",
    "family_name",
    "pseudonym",
    "personal_code",
    "birth_date",
    "estimated_birth_year",
    "gender",
    "citizenship",
)
PROTECTION = ("high_risk", "perpetrator_may_search", "staff_related", "safe_contact")
FIRST_DETAILS = (
    "language",
    "interpreter_needed",
    "doc_type",
    "doc_number",
    "doc_country",
    "phone",
    "phone_instructions",
)


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field, keeping the user's input."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def field_groups(form: Form, *, first_details: bool) -> list[dict[str, Any]]:
    groups = [
        {"title": _("Identity"), "fields": [form[name] for name in IDENTITY]},
        {"title": _("Protection and safe contact"), "fields": [form[name] for name in PROTECTION]},
    ]
    if first_details:
        groups.append(
            {"title": _("Language, document and phone (optional)"), "fields": [form[n] for n in FIRST_DETAILS]}
        )
    return groups


def case_url(pk: int) -> str:
    """The case page, when this installation has one."""
    try:
        return reverse("cases:detail", args=[pk])
    except NoReverseMatch:
        return ""
