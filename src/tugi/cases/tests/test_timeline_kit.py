"""Helpers of the timeline, tasks and rights-and-proceedings tests (no tests here)."""

from __future__ import annotations

from typing import Any

from django.db.models import Model

from tugi.audit.models import AuditEvent
from tugi.cases.models import (
    Case,
    CaseType,
    CaseWorker,
    Hearing,
    InterviewParticipation,
    Proceeding,
    RightsNotice,
    Task,
    TimelineEntry,
    WorkerRole,
)
from tugi.cases.services import case_open
from tugi.clients.services import client_create

WORK_MODELS: tuple[type[Model], ...] = (
    TimelineEntry,
    Task,
    RightsNotice,
    Proceeding,
    Hearing,
    InterviewParticipation,
)


def open_case(org: Any, *, actor: Any = None, team: Any = None, code: str = "trafficking", **client: Any) -> Case:
    """A case of ``team`` (default team A) opened by ``actor`` (default the counsellor), its responsible."""
    actor = actor or org.counsellor
    client = client or {"given_name": "Olga", "family_name": "Ivanova"}
    person = client_create(actor=actor, agency=org.agency, **client)
    return case_open(actor=actor, case_type=CaseType.objects.get(code=code), team=team or org.team_a, client=person)


def name_on(case: Case, user: Any, role: str = WorkerRole.CO_WORKER) -> None:
    CaseWorker.objects.create(case=case, user=user, role=role)


def work_rows() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of the case-work tables and the case rows: what a refused request must not change."""
    rows = {m._meta.label: list(m._default_manager.order_by("pk").values_list()) for m in WORK_MODELS}
    rows["cases"] = list(Case.objects.order_by("pk").values_list())
    rows["changes"] = list(
        AuditEvent.objects.filter(action__startswith="cases.").exclude(kind="read").values_list("pk", flat=True)
    )
    return rows


def actions(prefix: str = "cases.") -> list[str]:
    return list(AuditEvent.objects.filter(action__startswith=prefix).order_by("pk").values_list("action", flat=True))


def errors(response: Any) -> dict[str, list[str]]:
    """The errors of the page's form (``__all__`` for those of the whole form)."""
    form = response.context["form"]
    return {name: list(messages) for name, messages in form.errors.items()}
