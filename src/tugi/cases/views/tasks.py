"""Tasks of a case: open ones first (overdue marked), then done and cancelled; new, edit, done,
cancel and reopen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access.policies_cases import case_assignable_users, get_case_for
from tugi.accounts.models import User
from tugi.cases import services
from tugi.cases.forms.work import TaskEditForm, TaskForm
from tugi.cases.models import Task
from tugi.cases.views.common import case_context
from tugi.cases.views.timeline import current_version, render_case_form, stale_form
from tugi.core.models import StaleVersion

# A case's closed tasks are shown up to this many (the latest); older ones stay in the history.
CLOSED_SHOWN = 100


@login_required
def tasks(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "view")
    mine = Task.objects.filter(case=case).select_related("assignee")
    context = case_context(
        request,
        case,
        "tasks",
        open_tasks=list(mine.open().by_due()),
        closed_tasks=list(mine.closed()[:CLOSED_SHOWN]),
        closed_limit=CLOSED_SHOWN,
    )
    return render(request, "cases/tasks.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    people = case_assignable_users(case)
    initial = {"assignee": request.user.pk} if people.filter(pk=request.user.pk).exists() else {}
    form = TaskForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.task_create(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            title=data["title"],
            assignee=data["assignee"],
            due_on=data["due_on"],
        )
        messages.success(request, _("Task added."))
        return redirect("cases:tasks", case.pk)
    return render_case_form(
        request, case, "tasks", form, title=_("New task"), cancel_url=reverse("cases:tasks", args=[case.pk])
    )


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    task = get_object_or_404(Task.objects.filter(case=case), pk=task_pk)
    people = case_assignable_users(case)
    # Someone who no longer works with the case keeps the task until it is handed on.
    people = people | User.objects.filter(pk=task.assignee_id)
    initial = {"title": task.title, "due_on": task.due_on, "assignee": task.assignee_id, "version": task.version}
    kwargs: dict[str, Any] = {"people": people, "keep_due_on": task.due_on, "initial": initial}
    form = TaskEditForm(request.POST or None, **kwargs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.task_edit(
                actor=request.user,  # type: ignore[arg-type]
                task=task,
                expected_version=data["version"],
                changes={"title": data["title"], "due_on": data["due_on"], "assignee": data["assignee"]},
            )
        except StaleVersion:
            form = stale_form(TaskEditForm, request.POST, current_version(task), **kwargs)
        else:
            messages.success(request, _("Task saved."))
            return redirect("cases:tasks", case.pk)
    return render_case_form(
        request, case, "tasks", form, title=_("Edit task"), cancel_url=reverse("cases:tasks", args=[case.pk])
    )


def _step(request: HttpRequest, pk: int, task_pk: int, service: Callable[..., None], done: str) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    task = get_object_or_404(Task.objects.filter(case=case), pk=task_pk)
    try:
        service(actor=request.user, task=task)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("cases:tasks", case.pk)


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _step(request, pk, task_pk, services.task_complete, _("Task marked done."))


@login_required
@require_POST
def task_cancel(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _step(request, pk, task_pk, services.task_cancel, _("Task cancelled."))


@login_required
@require_POST
def task_reopen(request: HttpRequest, pk: int, task_pk: int) -> HttpResponse:
    return _step(request, pk, task_pk, services.task_reopen, _("Task reopened."))


urlpatterns = [
    path("<int:pk>/tasks/", tasks, name="tasks"),
    path("<int:pk>/tasks/new/", task_new, name="task_new"),
    path("<int:pk>/tasks/<int:task_pk>/edit/", task_edit, name="task_edit"),
    path("<int:pk>/tasks/<int:task_pk>/done/", task_done, name="task_done"),
    path("<int:pk>/tasks/<int:task_pk>/cancel/", task_cancel, name="task_cancel"),
    path("<int:pk>/tasks/<int:task_pk>/reopen/", task_reopen, name="task_reopen"),
]
