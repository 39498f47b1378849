"""Needs assessment and initial safety-risk assessment: a new one, and one to read."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_cases import get_case_for
from tugi.assessments import risk as risk_rules
from tugi.assessments import services
from tugi.assessments.forms import NeedsForm, RiskForm
from tugi.assessments.models import NeedDomain, NeedsAssessment, RiskAssessment, RiskAssessmentLevel, RiskFactor
from tugi.assessments.views.common import TAB, apply_errors, case_tab_url
from tugi.cases.views.common import case_context


@login_required
@require_http_methods(["GET", "POST"])
def needs_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    form = NeedsForm(request.POST or None, initial={"assessed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            assessment = services.needs_create(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                assessed_on=data["assessed_on"],
                next_review_on=data["next_review_on"],
                note=data["note"],
                items=form.items(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Needs assessment saved."))
            return redirect("assessments:needs_detail", case.pk, assessment.pk)
    context = case_context(request, case, TAB, form=form, cancel_url=case_tab_url(case))
    return render(request, "assessments/needs_form.html", context, status=400 if form.errors else 200)


@login_required
def needs_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "view")
    assessment = get_object_or_404(NeedsAssessment.objects.filter(case=case).select_related("assessed_by"), pk=pk)
    items = {item.domain: item for item in assessment.items.all()}
    rows = [(label, items.get(domain)) for domain, label in NeedDomain.choices]
    latest = (
        NeedsAssessment.objects.filter(case=case).order_by("-assessed_on", "-pk").values_list("pk", flat=True).first()
    )
    context = case_context(
        request,
        case,
        TAB,
        assessment=assessment,
        rows=rows,
        is_latest=latest == assessment.pk,
        today=timezone.localdate(),
    )
    return render(request, "assessments/needs_detail.html", context)


def _factor_rows(selected: set[str]) -> list[dict[str, object]]:
    weights = {risk_rules.CRITICAL: _("critical"), risk_rules.SERIOUS: _("serious"), risk_rules.MINOR: _("minor")}
    return [
        {"value": value, "label": label, "weight": weights[risk_rules.WEIGHTS[value]], "checked": value in selected}
        for value, label in RiskFactor.choices
    ]


@login_required
@require_http_methods(["GET", "POST"])
def risk_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    """ "Suggest a level" re-shows the form with the suggestion and saves nothing (no JavaScript needed)."""
    case = get_case_for(request.user, case_pk, "work")
    suggesting = request.method == "POST" and "suggest" in request.POST
    form = RiskForm(request.POST or None, saving=not suggesting, initial={"assessed_on": timezone.localdate()})
    valid = request.method == "POST" and form.is_valid()
    if valid and not suggesting:
        data = form.cleaned_data
        assessment = services.risk_create(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            assessed_on=data["assessed_on"],
            factors=data["factors"],
            level=data["level"],
            note=data["note"],
            next_review_on=data["next_review_on"],
        )
        messages.success(request, _("Safety-risk assessment saved; the case shows its level."))
        return redirect("assessments:risk_detail", case.pk, assessment.pk)
    selected = {str(v) for v in (form["factors"].value() or []) if v in RiskFactor.values}
    suggestion = risk_rules.suggest_level(selected) if request.method == "POST" else None
    context = case_context(
        request,
        case,
        TAB,
        form=form,
        factor_rows=_factor_rows(selected),
        suggestion=RiskAssessmentLevel(suggestion).label if suggestion else None,
        cancel_url=case_tab_url(case),
    )
    return render(request, "assessments/risk_form.html", context, status=400 if form.errors else 200)


@login_required
def risk_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "view")
    assessment = get_object_or_404(RiskAssessment.objects.filter(case=case).select_related("assessed_by"), pk=pk)
    labels = dict(RiskFactor.choices)
    latest = (
        RiskAssessment.objects.filter(case=case).order_by("-assessed_on", "-pk").values_list("pk", flat=True).first()
    )
    context = case_context(
        request,
        case,
        TAB,
        assessment=assessment,
        factors=[labels.get(f, f) for f in assessment.factors],
        is_latest=latest == assessment.pk,
        today=timezone.localdate(),
    )
    return render(request, "assessments/risk_detail.html", context)


urlpatterns = [
    path("<int:case_pk>/assessments/needs/new/", needs_new, name="needs_new"),
    path("<int:case_pk>/assessments/needs/<int:pk>/", needs_detail, name="needs_detail"),
    path("<int:case_pk>/assessments/risk/new/", risk_new, name="risk_new"),
    path("<int:case_pk>/assessments/risk/<int:pk>/", risk_detail, name="risk_detail"),
]
