"""Indicator screening: choose the list (adult or child, labour or sexual exploitation), tick the
indicators found, and see the result per dimension and overall. A screening aid, never a legal
determination."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_cases import get_case_for
from tugi.assessments import services
from tugi.assessments.forms import ScreeningForm, ScreeningSetForm
from tugi.assessments.models import Dimension, Exploitation, Indicator, Screening, Strength, Target
from tugi.assessments.views.common import TAB, apply_errors, case_tab_url
from tugi.cases.models import Case
from tugi.cases.views.common import case_context

ADULT_FROM = 18


def _default_target(case: Case) -> str:
    """Child when the client's known or estimated age is under 18."""
    client = case.client
    today = timezone.localdate()
    if client.birth_date:
        born = client.birth_date
        age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    elif client.estimated_birth_year:
        age = today.year - client.estimated_birth_year
    else:
        return Target.ADULT
    return Target.CHILD if age < ADULT_FROM else Target.ADULT


def _sections(offered: QuerySet[Indicator], checked: set[str]) -> list[dict[str, Any]]:
    """The indicators by dimension, strong first, each with whether it is ticked."""
    by_dim: dict[str, list[dict[str, Any]]] = defaultdict(list)
    rank = {s: i for i, s in enumerate(Strength.values)}
    for indicator in sorted(offered, key=lambda i: (rank[i.strength], i.order, i.pk)):
        by_dim[indicator.dimension].append({"indicator": indicator, "checked": str(indicator.pk) in checked})
    return [{"key": d, "label": label, "items": by_dim[d]} for d, label in Dimension.choices if by_dim[d]]


@login_required
@require_http_methods(["GET", "POST"])
def screening_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    source = request.POST if request.method == "POST" else request.GET
    set_form = ScreeningSetForm(source if "target" in source else None, initial={"target": _default_target(case)})
    if not set_form.is_valid():
        status = 400 if request.method == "POST" else 200
        context = case_context(request, case, TAB, set_form=set_form, cancel_url=case_tab_url(case))
        return render(request, "assessments/screening_set.html", context, status=status)
    target, exploitation = set_form.cleaned_data["target"], set_form.cleaned_data["exploitation"]
    offered = Indicator.objects.filter(target=target, exploitation=exploitation, active=True)
    initial = {"target": target, "exploitation": exploitation, "screened_on": timezone.localdate()}
    form = ScreeningForm(request.POST if request.method == "POST" else None, offered=offered, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            screening = services.screening_create(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                target=target,
                exploitation=exploitation,
                screened_on=data["screened_on"],
                indicator_ids=data["indicators"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Screening saved."))
            return redirect("assessments:screening_detail", case.pk, screening.pk)
    checked = {str(v) for v in (form["indicators"].value() or [])}
    context = case_context(
        request,
        case,
        TAB,
        form=form,
        target_label=Target(target).label,
        exploitation_label=Exploitation(exploitation).label,
        sections=_sections(offered, checked),
        cancel_url=case_tab_url(case),
    )
    return render(request, "assessments/screening_form.html", context, status=400 if form.errors else 200)


def screening_view_rows(results: dict[str, Any], marks: list[Any]) -> list[dict[str, Any]]:
    """Per dimension: the counts and result kept with the screening, and the indicators ticked."""
    ticked: dict[str, list[Any]] = defaultdict(list)
    for mark in marks:
        ticked[mark.dimension].append(mark)
    rows = []
    for dim, label in Dimension.choices:
        stored = results.get("dimensions", {}).get(dim, {})
        rows.append({"label": label, "result": stored, "marks": ticked[dim]})
    return rows


def group_rows(results: dict[str, Any]) -> list[dict[str, Any]]:
    lang = (translation.get_language() or "et")[:2]
    dims = dict(Dimension.choices)
    return [
        {
            "name": g["names"].get(lang) or g["names"].get("et", g["key"]),
            "dimensions": [dims.get(d, d) for d in g["dimensions"]],
            "positive": g["positive"],
        }
        for g in results.get("groups", [])
    ]


@login_required
def screening_detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "view")
    screening = get_object_or_404(Screening.objects.filter(case=case).select_related("screened_by"), pk=pk)
    marks = list(screening.marks.select_related("indicator").order_by("indicator__order", "pk"))
    context = case_context(
        request,
        case,
        TAB,
        screening=screening,
        rows=screening_view_rows(screening.results, marks),
        groups=group_rows(screening.results),
        strength_labels=dict(Strength.choices),
    )
    return render(request, "assessments/screening_detail.html", context)


urlpatterns = [
    path("<int:case_pk>/assessments/screenings/new/", screening_new, name="screening_new"),
    path("<int:case_pk>/assessments/screenings/<int:pk>/", screening_detail, name="screening_detail"),
]
