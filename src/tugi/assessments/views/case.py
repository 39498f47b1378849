"""The case tab: screenings, needs and risk assessments and the action plan of one case."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from tugi.access.policies_cases import get_case_for
from tugi.assessments.models import ActionStatus
from tugi.assessments.selectors import case_assessments
from tugi.assessments.views.common import TAB
from tugi.cases.models import Case
from tugi.cases.views.common import case_context


def render_case_tab(request: HttpRequest, case: Case, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = case_context(
        request, case, TAB, data=case_assessments(case), action_statuses=ActionStatus.choices, **extra
    )
    return render(request, "assessments/case.html", context, status=status)


@login_required
def case_page(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "view")
    return render_case_tab(request, case)


urlpatterns = [path("<int:case_pk>/assessments/", case_page, name="case")]
