"""What the psychological-help views share."""

from __future__ import annotations

from typing import cast

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from tugi.accounts.models import User
from tugi.cases.models import Case
from tugi.psychhelp.models import PsychHelpDecision


def actor(request: HttpRequest) -> User:
    return cast(User, request.user)


def apply_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field, keeping the user's input."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def decision_of(case: Case, pk: int) -> PsychHelpDecision:
    """A decision reached through the case it belongs to (never by its own id alone)."""
    decisions = PsychHelpDecision.objects.filter(case_id=case.pk).select_related("decided_by", "client", "agency")
    return get_object_or_404(decisions, pk=pk)
