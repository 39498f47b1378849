"""The action plan: goals (edited with a version) and their actions (status changed with a version)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access.policies_cases import get_case_for
from tugi.accounts.models import User
from tugi.assessments import services
from tugi.assessments.forms import ActionForm, ActionStatusForm, GoalEditForm, GoalForm
from tugi.assessments.models import Action, Goal
from tugi.assessments.services.plan import GOAL_EDITABLE
from tugi.assessments.views.case import render_case_tab
from tugi.assessments.views.common import apply_errors, error_status, render_case_form
from tugi.core.models import StaleVersion


def _to_plan(case_pk: int, anchor: str) -> HttpResponse:
    return redirect(reverse("assessments:case", args=[case_pk]) + f"#{anchor}")


@login_required
@require_http_methods(["GET", "POST"])
def goal_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    form = GoalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        goal = services.goal_create(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            text=data["text"],
            domain=data["domain"],
            review_on=data["review_on"],
        )
        messages.success(request, _("Goal added to the action plan."))
        return _to_plan(case.pk, f"goal-{goal.pk}")
    return render_case_form(request, case, form, title=_("New goal"), status=error_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    goal = get_object_or_404(Goal.objects.filter(case=case), pk=pk)
    initial = {f: getattr(goal, f) for f in GOAL_EDITABLE} | {"version": goal.version}
    form = GoalEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.goal_update(
                actor=request.user,  # type: ignore[arg-type]
                goal=goal,
                expected_version=data["version"],
                changes={f: data[f] for f in GOAL_EDITABLE},
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Goal saved."))
            return _to_plan(case.pk, f"goal-{goal.pk}")
    return render_case_form(request, case, form, title=_("Edit goal"), status=error_status(request, form))


@login_required
@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest, case_pk: int, goal_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    goal = get_object_or_404(Goal.objects.filter(case=case), pk=goal_pk)
    workers = User.objects.filter(pk__in=case.workers.values("user_id")).order_by("last_name", "first_name")
    form = ActionForm(request.POST or None, workers=workers)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.action_create(
                actor=request.user,  # type: ignore[arg-type]
                goal=goal,
                text=data["text"],
                responsible=data["responsible"],
                due_on=data["due_on"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Action added."))
            return _to_plan(case.pk, f"goal-{goal.pk}")
    title = _("New action for: %(goal)s") % {"goal": goal.text}
    return render_case_form(request, case, form, title=title, status=error_status(request, form))


@login_required
@require_POST
def action_status(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    action = get_object_or_404(Action.objects.filter(goal__case=case).select_related("goal__case"), pk=pk)
    form = ActionStatusForm(request.POST)
    if not form.is_valid():
        return render_case_tab(request, case, status=400, plan_error=_("Choose a valid status for the action."))
    try:
        services.action_set_status(
            actor=request.user,  # type: ignore[arg-type]
            action=action,
            status=form.cleaned_data["status"],
            expected_version=form.cleaned_data["version"],
        )
    except StaleVersion as exc:
        return render_case_tab(request, case, status=409, plan_error=exc.message)
    messages.success(request, _("Action status saved."))
    return _to_plan(case.pk, f"goal-{action.goal_id}")


urlpatterns = [
    path("<int:case_pk>/assessments/goals/new/", goal_new, name="goal_new"),
    path("<int:case_pk>/assessments/goals/<int:pk>/edit/", goal_edit, name="goal_edit"),
    path("<int:case_pk>/assessments/goals/<int:goal_pk>/actions/new/", action_new, name="action_new"),
    path("<int:case_pk>/assessments/actions/<int:pk>/status/", action_status, name="action_status"),
]
