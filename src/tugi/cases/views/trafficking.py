"""Trafficking status and reflection periods of a case (trafficking case types only: others get 403
with the reason)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_cases import get_case_for
from tugi.cases.forms.case import STATUS_WITHDRAWN, ReflectionEndForm, ReflectionForm, VictimStatusForm
from tugi.cases.models import Case
from tugi.cases.services import reflection_end_early, reflection_start, victim_status_set
from tugi.cases.services.trafficking import reflection_length_error
from tugi.cases.views.common import apply_errors, case_context
from tugi.core.models import StaleVersion


def _trafficking_case(request: HttpRequest, pk: int) -> Case:
    case = get_case_for(request.user, pk, "manage")
    if not case.case_type.trafficking:
        raise PermissionDenied(
            _("%(type)s has no trafficking status or reflection period.") % {"type": case.case_type.name}
        )
    return case


@login_required
@require_http_methods(["GET", "POST"])
def victim_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = _trafficking_case(request, pk)
    form = VictimStatusForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            victim_status_set(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                status="" if data["status"] == STATUS_WITHDRAWN else data["status"],
                on=data["on"],
                basis=data["basis"],
                proceedings_number=data["proceedings_number"],
                penal_section=data["penal_section"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Trafficking status recorded."))
            return redirect("cases:detail", case.pk)
    history = case.victim_statuses.select_related("recorded_by")
    context = case_context(request, case, "overview", form=form, history=history, title=_("Trafficking status"))
    return render(request, "cases/victim_status.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def reflection_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = _trafficking_case(request, pk)
    form = ReflectionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        problem = reflection_length_error(data["starts_on"], data["ends_on"])
        if problem:
            form.add_error("ends_on", problem)
        else:
            try:
                reflection_start(
                    actor=request.user,  # type: ignore[arg-type]
                    case=case,
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    decided_by=data["decided_by"],
                    note=data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Reflection period recorded."))
                return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/case_form.html",
        case_context(
            request,
            case,
            "overview",
            form=form,
            title=_("Reflection period"),
            intro=_(
                "The prosecutor decides a reflection period of 30 to 60 days for a foreign victim. "
                "Record it as decided; if it ends early, record that on the case page."
            ),
            cancel_url=reverse("cases:detail", args=[case.pk]),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_end(request: HttpRequest, pk: int, period_pk: int) -> HttpResponse:
    case = _trafficking_case(request, pk)
    period = get_object_or_404(case.reflection_periods, pk=period_pk)
    if period.ended_early_on is not None:
        raise PermissionDenied(_("This reflection period has already ended early."))
    form = ReflectionEndForm(request.POST or None, period=period, initial={"version": period.version})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reflection_end_early(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                period=period,
                expected_version=data["version"],
                on=data["on"],
                note=data["note"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The reflection period is recorded as ended early."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/case_form.html",
        case_context(
            request,
            case,
            "overview",
            form=form,
            title=_("Reflection period %(period)s ended early") % {"period": period},
            cancel_url=reverse("cases:detail", args=[case.pk]),
        ),
    )


urlpatterns = [
    path("<int:pk>/trafficking-status/", victim_status, name="victim_status"),
    path("<int:pk>/reflection/new/", reflection_new, name="reflection_new"),
    path("<int:pk>/reflection/<int:period_pk>/end/", reflection_end, name="reflection_end_early"),
]
