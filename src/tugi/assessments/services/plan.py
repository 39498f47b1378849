"""The action plan: goals with actions. Goals and actions are edited, so each carries a version."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tugi.accounts.models import User
from tugi.assessments.models import Action, ActionStatus, Goal
from tugi.audit import services as audit
from tugi.cases.models import Case
from tugi.cases.services import subject
from tugi.core.models import save_versioned

GOAL_EDITABLE = ["text", "domain", "review_on", "status"]


@transaction.atomic
def goal_create(*, actor: User, case: Case, text: str, domain: str, review_on: date | None) -> Goal:
    goal = Goal.objects.create(case=case, text=text, domain=domain, review_on=review_on, created_by=actor)
    audit.record(
        "assessments.goal.created",
        actor=actor,
        obj=goal,
        subject=subject(case),
        data={"case": case.pk, "domain": domain, "review_on": review_on.isoformat() if review_on else None},
    )
    return goal


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, expected_version: int, changes: dict[str, Any]) -> None:
    fields = [f for f in GOAL_EDITABLE if f in changes]
    before = {f: getattr(goal, f) for f in fields}
    for field in fields:
        setattr(goal, field, changes[field])
    save_versioned(goal, expected_version=expected_version, fields=fields)
    changed = {f: [str(before[f]), str(changes[f])] for f in fields if before[f] != changes[f]}
    audit.record(
        "assessments.goal.updated", actor=actor, obj=goal, subject=subject(goal.case), data={"changed": changed}
    )


def case_worker_ids(case: Case) -> set[int]:
    return set(case.workers.values_list("user_id", flat=True))


@transaction.atomic
def action_create(*, actor: User, goal: Goal, text: str, responsible: User, due_on: date | None) -> Action:
    if responsible.pk not in case_worker_ids(goal.case):
        raise ValidationError({"responsible": _("The responsible person must be a worker of this case.")})
    action = Action.objects.create(goal=goal, text=text, responsible=responsible, due_on=due_on, created_by=actor)
    audit.record(
        "assessments.action.created",
        actor=actor,
        obj=action,
        subject=subject(goal.case),
        data={"goal": goal.pk, "responsible": responsible.pk, "due_on": due_on.isoformat() if due_on else None},
    )
    return action


@transaction.atomic
def action_set_status(*, actor: User, action: Action, status: str, expected_version: int) -> None:
    previous = action.status
    action.status = status
    action.done_at = None if status == ActionStatus.OPEN else (action.done_at or timezone.now())
    save_versioned(action, expected_version=expected_version, fields=["status", "done_at"])
    audit.record(
        "assessments.action.status_changed",
        actor=actor,
        obj=action,
        subject=subject(action.goal.case),
        data={"from": previous, "to": status},
    )
