"""The case itself: its overview, its own facts, its workers and its lifecycle.

Every view loads the case through ``access.policies_cases.get_case_for`` (404 when not visible, 403
when not allowed) and changes it through one service. The trafficking pages (status, reflection
periods) are in ``views.trafficking``; their patterns are listed here with these.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from tugi.access.policies_cases import case_teams, get_case_for
from tugi.accounts.models import OrgUnit, UnitKind
from tugi.cases.forms.case import CaseEditForm, CloseForm, TransitionForm, WorkerAddForm
from tugi.cases.models import Case, CaseWorker, Need, TaskStatus
from tugi.cases.services import (
    TRANSITION_VERBS,
    case_close,
    case_transition,
    case_update,
    case_worker_add,
    case_worker_make_responsible,
    case_worker_remove,
    eligible_workers,
    transitions_from,
)
from tugi.cases.views import trafficking
from tugi.cases.views.common import apply_errors, case_context
from tugi.clients.languages import language_name
from tugi.clients.models import Client
from tugi.core.models import StaleVersion

# --- overview -------------------------------------------------------------------------------------


def _age(client: Client, today: date) -> str:
    if client.birth_date:
        born = client.birth_date
        return str(today.year - born.year - ((today.month, today.day) < (born.month, born.day)))
    if client.estimated_birth_year:
        return _("about %(age)s") % {"age": today.year - client.estimated_birth_year}
    return ""


def _service_period(case: Case, today: date) -> dict[str, Any] | None:
    end = case.service_period_end
    if end is None:
        return None
    left = (end - today).days
    return {
        "start": case.service_period_start,
        "end": end,
        "days": case.service_period_days,
        "left": left,
        "in_proceedings": case.in_proceedings,
        "past": left < 0 and not case.in_proceedings,
        "warning": 0 <= left <= settings.TUGI_SERVICE_PERIOD_WARNING_DAYS and not case.in_proceedings,
    }


def overview_context(request: HttpRequest, case: Case, **extra: Any) -> dict[str, Any]:
    """Everything the overview shows, in a bounded number of queries (one per kind of record)."""
    case = Case.objects.select_related("case_type", "team", "client", "intake", "agency").get(pk=case.pk)
    today = timezone.localdate()
    client = case.client
    intake = getattr(case, "intake", None)
    workers = list(case.workers.select_related("user"))
    periods = list(case.reflection_periods.all())
    current = next((p for p in periods if p.is_current(today)), None)
    return case_context(
        request,
        case,
        "overview",
        today=today,
        client=client,
        age=_age(client, today),
        languages=[(language_name(row.language), row) for row in client.languages.all()],
        intake=intake,
        needs=[Need(n).label for n in (intake.needs if intake else []) if n in Need.values],
        workers=workers,
        statuses=list(case.victim_statuses.select_related("recorded_by")),
        periods=periods,
        current_period=current,
        current_left=current.days_left(today) if current else None,
        service=_service_period(case, today),
        open_tasks=case.tasks.filter(status=TaskStatus.OPEN).count(),
        transitions=transitions_from(case.status),
        review_due=case.review_on is not None and case.review_on <= today and not case.is_closed,
        **extra,
    )


@login_required
@require_GET
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "view")
    return render(request, "cases/detail.html", overview_context(request, case))


def _refused(request: HttpRequest, case: Case, exc: ValidationError) -> HttpResponse:
    """A POST-only change that was refused: the overview again, with why, and nothing changed."""
    return render(request, "cases/detail.html", overview_context(request, case, errors=exc.messages), status=400)


# --- the case's own facts -------------------------------------------------------------------------


def _teams_for(user: Any, case: Case) -> QuerySet[OrgUnit]:
    """Teams the user may move the case to, and the one it is in now."""
    reach = case_teams(user).filter(kind=UnitKind.TEAM).values("pk")
    return OrgUnit.objects.filter(Q(pk__in=reach) | Q(pk=case.team_id))


@login_required
@require_http_methods(["GET", "POST"])
def case_edit(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "manage")
    initial = {
        "team": case.team_id,
        "confidentiality": case.confidentiality,
        "review_on": case.review_on,
        "version": case.version,
    }
    form = CaseEditForm(
        request.POST or None,
        initial=initial,
        teams=_teams_for(request.user, case),
        staff_related=case.client.staff_related,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case_update(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                expected_version=data["version"],
                team=data["team"],
                confidentiality=data["confidentiality"],
                review_on=data["review_on"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/case_form.html",
        case_context(
            request,
            case,
            "overview",
            form=form,
            title=_("Edit the case"),
            cancel_url=reverse("cases:detail", args=[case.pk]),
        ),
    )


# --- workers --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def worker_add(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "manage")
    candidates = eligible_workers(case.agency_id).exclude(pk__in=case.workers.values("user_id"))
    form = WorkerAddForm(request.POST or None, candidates=candidates)
    if request.method == "POST" and form.is_valid():
        try:
            worker = case_worker_add(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                user=form.cleaned_data["user"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("%(name)s now works on the case.") % {"name": worker.user})
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/case_form.html",
        case_context(
            request,
            case,
            "overview",
            form=form,
            title=_("Add a worker"),
            intro=_("Named workers see the case wherever they work. A volunteer cannot be responsible."),
            submit_label=_("Add"),
            cancel_url=reverse("cases:detail", args=[case.pk]),
        ),
    )


def _worker(case: Case, worker_pk: int) -> CaseWorker:
    return get_object_or_404(case.workers.select_related("user"), pk=worker_pk)


@login_required
@require_POST
def worker_remove(request: HttpRequest, pk: int, worker_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "manage")
    worker = _worker(case, worker_pk)
    try:
        case_worker_remove(actor=request.user, case=case, worker=worker)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _refused(request, case, exc)
    messages.success(request, _("%(name)s no longer works on the case.") % {"name": worker.user})
    return redirect("cases:detail", case.pk)


@login_required
@require_POST
def make_responsible(request: HttpRequest, pk: int, worker_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "manage")
    worker = _worker(case, worker_pk)
    try:
        case_worker_make_responsible(actor=request.user, case=case, worker=worker)  # type: ignore[arg-type]
    except ValidationError as exc:
        return _refused(request, case, exc)
    messages.success(request, _("%(name)s is now responsible for the case.") % {"name": worker.user})
    return redirect("cases:detail", case.pk)


# --- lifecycle ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "manage")
    # Every change is a choice, so one that does not fit the case's state is refused by the service
    # with its reason; only those that fit are offered.
    actions = [(verb, str(t.label)) for verb, t in TRANSITION_VERBS.items()]
    allowed = [t.verb for t in transitions_from(case.status)]
    wanted = request.GET.get("action", "")
    initial = {"action": wanted if wanted in allowed else (allowed[0] if len(allowed) == 1 else "")}
    form = TransitionForm(request.POST or None, actions=actions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case_transition(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                verb=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"].strip(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            case.refresh_from_db(fields=["status"])
            messages.success(request, _("The case is now %(status)s.") % {"status": case.get_status_display()})
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/transition.html",
        case_context(request, case, "overview", form=form, allowed=allowed, title=_("Change the status")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def close(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "manage")
    form = CloseForm(request.POST or None, opened_on=case.opened_on)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cancelled = case_close(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                reason=data["reason"],
                closed_on=data["closed_on"],
                note=data["note"],
                return_country=data["return_country"],
                return_date=data["return_date"],
                return_partner=data["return_partner"],
                cancel_open_tasks=data["cancel_open_tasks"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The case is closed."))
            if cancelled:
                messages.info(request, _("Open tasks cancelled: %(count)s.") % {"count": len(cancelled)})
            return redirect("cases:detail", case.pk)
    open_tasks = case.tasks.filter(status=TaskStatus.OPEN).select_related("assignee")
    context = case_context(request, case, "overview", form=form, tasks=open_tasks, title=_("Close the case"))
    return render(request, "cases/close.html", context)


urlpatterns = [
    path("<int:pk>/", case_detail, name="detail"),
    path("<int:pk>/edit/", case_edit, name="edit"),
    path("<int:pk>/workers/add/", worker_add, name="worker_add"),
    path("<int:pk>/workers/<int:worker_pk>/remove/", worker_remove, name="worker_remove"),
    path("<int:pk>/workers/<int:worker_pk>/responsible/", make_responsible, name="make_responsible"),
    path("<int:pk>/status/", transition, name="transition"),
    path("<int:pk>/close/", close, name="close"),
    *trafficking.urlpatterns,
]
