"""Helpers shared by the pages of this app."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from tugi.cases.models import Case
from tugi.cases.views.common import case_context

TAB = "assessments"


def apply_errors(form: Form, exc: ValidationError) -> None:
    """A service's ValidationError on the form, field by field; the user's input stays."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def case_tab_url(case: Case) -> str:
    return reverse("assessments:case", args=[case.pk])


def render_case_form(
    request: HttpRequest, case: Case, form: Form, *, title: Any, status: int = 200, **extra: Any
) -> HttpResponse:
    """A one-form page under the case header."""
    context = case_context(request, case, TAB, form=form, title=title, cancel_url=case_tab_url(case), **extra)
    return render(request, "assessments/case_form.html", context, status=status)


def error_status(request: HttpRequest, form: Form) -> int:
    """400 for a refused POST, so tests and proxies see it; 200 for a first GET."""
    return 400 if request.method == "POST" and form.is_bound and form.errors else 200
