"""Changes to cases. Each writes its audit event (subject: the client) in the same transaction, and
the changes a reader of the case should see also get a timeline entry."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from tugi.accounts.models import OrgUnit, User
from tugi.audit import services as audit
from tugi.cases.models import (
    Case,
    CaseCounter,
    CaseStatus,
    CaseType,
    CaseWorker,
    Confidentiality,
    Intake,
    TimelineEntry,
    TimelineKind,
    WorkerRole,
)
from tugi.clients.models import Client


def subject(case: Case) -> tuple[str, str]:
    return ("clients.client", str(case.client_id))


def next_reference(*, agency_id: int, case_type: CaseType, year: int) -> str:
    """``IK-2026-0042``: per agency, type and year; the counter row is locked until the case is saved."""
    counter, _created = CaseCounter.objects.select_for_update().get_or_create(
        agency_id=agency_id, case_type=case_type, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{case_type.prefix}-{year}-{counter.last:04d}"


def timeline_system(*, case: Case, actor: User | None, title: str, data: dict[str, Any] | None = None) -> TimelineEntry:
    """A timeline line written by the system (status changes and the like), never typed by a user.

    ``title`` is stored in the language of the moment; ``data`` keeps the facts for re-rendering."""
    entry = TimelineEntry.objects.create(
        case=case,
        kind=TimelineKind.STATUS,
        occurred_at=timezone.now(),
        title=title[:200],
        author=actor,
        data=data or {},
    )
    touch(case)
    return entry


def touch(case: Case) -> None:
    Case.objects.filter(pk=case.pk).update(last_activity_at=timezone.now())


@transaction.atomic
def case_open(
    *,
    actor: User | None,
    case_type: CaseType,
    team: OrgUnit,
    client: Client,
    responsible: User | None = None,
    confidentiality: str = "",
    opened_on: date | None = None,
    intake: dict[str, Any] | None = None,
) -> Case:
    """Open a case for a client in a team; the responsible worker (default: the actor) is named on it."""
    from django.utils.translation import gettext as _

    opened_on = opened_on or timezone.localdate()
    if client.staff_related:
        confidentiality = Confidentiality.RESTRICTED
    case = Case(
        case_type=case_type,
        service=case_type.service,
        agency_id=team.agency_id,
        team=team,
        client=client,
        confidentiality=confidentiality or case_type.default_confidentiality,
        status=CaseStatus.INTAKE,
        opened_on=opened_on,
        created_by=actor,
    )
    case.reference = next_reference(agency_id=team.agency_id, case_type=case_type, year=opened_on.year)
    case.save()
    worker = responsible or actor
    if worker is not None:
        CaseWorker.objects.create(case=case, user=worker, role=WorkerRole.RESPONSIBLE, added_by=actor)
    if intake is not None:
        Intake.objects.create(case=case, **intake)
    timeline_system(case=case, actor=actor, title=_("Case opened"), data={"event": "opened"})
    audit.record(
        "cases.case.opened",
        actor=actor,
        obj=case,
        subject=subject(case),
        data={"reference": case.reference, "type": case_type.code, "team": team.pk},
    )
    return case


@transaction.atomic
def case_set_risk(*, actor: User, case: Case, level: str, title: str) -> None:
    """The case's current safety-risk level, set by the assessment that measured it (``title`` says
    which, for the timeline). A high risk shows everywhere the case appears."""
    if case.risk_level == level:
        return
    previous = case.risk_level
    Case.objects.filter(pk=case.pk).update(risk_level=level)
    case.risk_level = level
    timeline_system(case=case, actor=actor, title=title, data={"event": "risk", "from": previous, "to": level})
    audit.record(
        "cases.case.risk_changed", actor=actor, obj=case, subject=subject(case), data={"from": previous, "to": level}
    )
