"""What every page of a case shares: the header (reference, client, status, risk) and the tabs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest

from tugi.access.policies_cases import case_decision
from tugi.cases.models import Case
from tugi.cases.tabs import tabs_for


def case_context(request: HttpRequest, case: Case, tab: str, **extra: Any) -> dict[str, Any]:
    """Context for a page under ``cases/_case_header.html``: ``{% include "cases/_case_header.html" %}``."""
    user = request.user
    return {
        "case": case,
        "tabs": tabs_for(case.pk, tab),
        "can_work": bool(case_decision(user, "work", case)),
        "can_manage": bool(case_decision(user, "manage", case)),
        **extra,
    }


def apply_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form, field by field (unknown fields to the top); the
    user's input stays in the fields."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)
