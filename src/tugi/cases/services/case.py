"""Changes to cases. Each writes its audit event (subject: the client) in the same transaction, and
the changes a reader of the case should see also get a timeline entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tugi.access import policies as access
from tugi.accounts.models import OrgUnit, RoleAssignment, User
from tugi.audit import services as audit
from tugi.cases.models import (
    TRANSITIONS,
    Case,
    CaseCounter,
    CaseStatus,
    CaseType,
    CaseWorker,
    CloseReason,
    Confidentiality,
    Intake,
    IntakeSource,
    Task,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
    WorkerRole,
)
from tugi.clients.models import Client, ClientLanguage
from tugi.clients.services import client_create


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


def locked(case: Case) -> Case:
    """The case's row, locked until the transaction ends: two changes of one case never interleave."""
    return Case.objects.select_for_update().select_related("client").get(pk=case.pk)


def bump(case: Case, **values: Any) -> None:
    """Write ``values`` and count a new version (an edit form opened before this is then stale)."""
    Case.objects.filter(pk=case.pk).update(version=F("version") + 1, updated_at=timezone.now(), **values)
    for name, value in values.items():
        setattr(case, name, value)
    case.version += 1


# --- intake ---------------------------------------------------------------------------------------


@transaction.atomic
def case_intake(
    *,
    actor: User,
    case_type: CaseType,
    team: OrgUnit,
    intake: dict[str, Any],
    client: Client | None = None,
    person: dict[str, Any] | None = None,
    language: str = "",
    interpreter_needed: bool = False,
    presumed: bool = False,
    confirmed_duplicates: list[int] | None = None,
) -> Case:
    """The on-call counsellor's first record: the client (new, or one already registered), the case
    with its intake, the language, and for a presumed trafficking victim the status and service period.

    ``confirmed_duplicates``: the possible duplicates shown that the user declared a different person.
    """
    from tugi.cases.services.trafficking import victim_status_set

    if client is None:
        client = client_create(
            actor=actor,
            agency=OrgUnit.objects.get(pk=team.agency_id),
            languages=[{"language": language, "interpreter_needed": interpreter_needed}] if language else [],
            confirmed_duplicates=confirmed_duplicates,
            **(person or {}),
        )
    elif language:
        _client_language(actor, client, language, interpreter_needed)
    opened_on = timezone.localdate(intake["received_at"])
    case = case_open(actor=actor, case_type=case_type, team=team, client=client, opened_on=opened_on, intake=intake)
    if presumed:
        source = IntakeSource(intake["source"]).label
        victim_status_set(
            actor=actor,
            case=case,
            status="presumed",
            on=opened_on,
            basis=gettext("Reported at intake by: %(source)s") % {"source": source},
        )
    audit.record(
        "cases.case.intake",
        actor=actor,
        obj=case,
        subject=subject(case),
        data={
            "source": intake["source"],
            "needs": intake.get("needs", []),
            "language": language,
            "interpreter": interpreter_needed,
            "presumed": presumed,
        },
    )
    return case


def _client_language(actor: User, client: Client, language: str, interpreter_needed: bool) -> None:
    from tugi.clients.services import language_add

    row = ClientLanguage.objects.filter(client=client, language=language).first()
    if row is None:
        language_add(actor=actor, client=client, language=language, native=False, interpreter_needed=interpreter_needed)
    elif interpreter_needed and not row.interpreter_needed:
        row.interpreter_needed = True
        row.save(update_fields=["interpreter_needed"])


# --- the case's own facts -------------------------------------------------------------------------


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: Case,
    expected_version: int,
    team: OrgUnit,
    confidentiality: str,
    review_on: date | None,
) -> None:
    """Team, confidentiality and review date. Raises ``StaleVersion`` when the case changed meanwhile."""
    from tugi.core.models import save_versioned

    if case.client.staff_related:
        confidentiality = Confidentiality.RESTRICTED
    restricting = confidentiality == Confidentiality.RESTRICTED != case.confidentiality
    if restricting and not CaseWorker.objects.filter(case=case, user=actor).exists():
        raise ValidationError(
            {"confidentiality": _("Only a named worker of the case can restrict it: add yourself as a worker first.")}
        )
    if review_on is not None and review_on < case.opened_on:
        raise ValidationError({"review_on": _("The review date cannot be before the case was opened.")})
    before = {"team": case.team_id, "confidentiality": case.confidentiality, "review_on": _iso(case.review_on)}
    case.team, case.confidentiality, case.review_on = team, confidentiality, review_on
    save_versioned(case, expected_version=expected_version, fields=["team", "confidentiality", "review_on"])
    after = {"team": team.pk, "confidentiality": confidentiality, "review_on": _iso(review_on)}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if "team" in changes:
        timeline_system(
            case=case, actor=actor, title=gettext("Moved to team %(team)s") % {"team": team}, data={"event": "team"}
        )
    if "confidentiality" in changes:
        title = gettext("Confidentiality: %(level)s") % {"level": case.get_confidentiality_display()}
        timeline_system(case=case, actor=actor, title=title, data={"event": "confidentiality", "to": confidentiality})
    audit.record("cases.case.updated", actor=actor, obj=case, subject=subject(case), data={"changes": changes})


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


# --- lifecycle ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Transition:
    verb: str
    source: str
    target: str
    label: str | Promise
    done: str | Promise  # the timeline's title


TRANSITION_VERBS = {
    t.verb: t
    for t in (
        Transition("activate", CaseStatus.INTAKE, CaseStatus.ACTIVE, _("Activate"), _("Case activated")),
        Transition("suspend", CaseStatus.ACTIVE, CaseStatus.SUSPENDED, _("Suspend"), _("Case suspended")),
        Transition("resume", CaseStatus.SUSPENDED, CaseStatus.ACTIVE, _("Resume"), _("Case resumed")),
        Transition("reopen", CaseStatus.CLOSED, CaseStatus.ACTIVE, _("Reopen"), _("Case reopened")),
    )
}
VERB_EVENTS = {"activate": "activated", "suspend": "suspended", "resume": "resumed", "reopen": "reopened"}


def transitions_from(status: str) -> list[Transition]:
    """The changes open to a case in ``status`` through ``case_transition`` (closing has its own form)."""
    return [t for t in TRANSITION_VERBS.values() if t.source == status]


def _status_label(status: str) -> str:
    return str(CaseStatus(status).label)


@transaction.atomic
def case_transition(*, actor: User, case: Case, verb: str, reason: str) -> None:
    """Activate, suspend, resume or reopen; anything the lifecycle does not allow is refused with why."""
    transition = TRANSITION_VERBS.get(verb)
    if transition is None:
        raise ValidationError({"action": _("Unknown change.")})
    row = locked(case)
    if row.status != transition.source or transition.target not in TRANSITIONS[row.status]:
        raise ValidationError(
            {
                "action": _(
                    "“%(action)s” is possible only for a case that is “%(needed)s”; this case is “%(current)s”."
                )
                % {
                    "action": transition.label,
                    "needed": _status_label(transition.source),
                    "current": _status_label(row.status),
                }
            }
        )
    values: dict[str, Any] = {"status": transition.target, "status_changed_at": timezone.now()}
    data: dict[str, Any] = {"event": "status", "from": row.status, "to": transition.target, "reason": reason}
    if verb == "reopen":
        data["closed"] = {"on": _iso(row.closed_on), "reason": row.close_reason}
        values |= {"closed_on": None, "close_reason": "", "close_note": ""}
        values |= {"return_country": "", "return_date": None, "return_partner": ""}
    bump(case, **values)
    timeline_system(case=case, actor=actor, title=f"{transition.done}: {reason}", data=data)
    audit.record(
        f"cases.case.{VERB_EVENTS[verb]}",
        actor=actor,
        obj=case,
        subject=subject(case),
        data={"from": row.status, "to": transition.target, "reason": reason},
    )


@transaction.atomic
def case_close(
    *,
    actor: User,
    case: Case,
    reason: str,
    closed_on: date,
    note: str = "",
    return_country: str = "",
    return_date: date | None = None,
    return_partner: str = "",
    cancel_open_tasks: bool = False,
) -> list[int]:
    """Close with a reason (return home: country, date and partner). Open tasks stay open unless the
    user asked to cancel them; the ids of those cancelled are returned."""
    row = locked(case)
    if row.status == CaseStatus.CLOSED:
        raise ValidationError(_("The case is already closed."))
    if closed_on < row.opened_on:
        raise ValidationError({"closed_on": _("A case cannot be closed before it was opened.")})
    if closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("The date cannot be in the future.")})
    if reason == CloseReason.RETURN_HOME and not (return_country and return_date and return_partner):
        raise ValidationError(_("A return home needs the country, the date and the partner."))
    cancelled: list[int] = []
    if cancel_open_tasks:
        open_tasks = Task.objects.filter(case=case, status=TaskStatus.OPEN)
        cancelled = list(open_tasks.values_list("pk", flat=True))
        open_tasks.update(status=TaskStatus.CANCELLED, done_at=timezone.now(), version=F("version") + 1)
    bump(
        case,
        status=CaseStatus.CLOSED,
        status_changed_at=timezone.now(),
        closed_on=closed_on,
        close_reason=reason,
        close_note=note,
        return_country=return_country,
        return_date=return_date,
        return_partner=return_partner,
    )
    label = CloseReason(reason).label
    data = {"event": "status", "from": row.status, "to": CaseStatus.CLOSED, "reason": reason}
    timeline_system(case=case, actor=actor, title=gettext("Case closed: %(reason)s") % {"reason": label}, data=data)
    audit.record(
        "cases.case.closed",
        actor=actor,
        obj=case,
        subject=subject(case),
        data={
            "from": row.status,
            "on": closed_on.isoformat(),
            "reason": reason,
            "return_country": str(return_country),
            "return_date": _iso(return_date),
            "cancelled_tasks": cancelled,
        },
    )
    return cancelled


# --- workers --------------------------------------------------------------------------------------


def eligible_workers(agency_id: int) -> QuerySet[User]:
    """Who can be named on a case of the agency: its active people holding an active role."""
    with_roles = RoleAssignment.objects.active().values("user_id")
    return User.objects.filter(agency_id=agency_id, is_active=True, pk__in=with_roles)


def _check_responsible(user: User) -> None:
    if not access.is_staff(user):
        raise ValidationError({"role": _("A volunteer cannot be responsible for a case.")})


@transaction.atomic
def case_worker_add(*, actor: User, case: Case, user: User, role: str) -> CaseWorker:
    locked(case)
    if not eligible_workers(case.agency_id).filter(pk=user.pk).exists():
        raise ValidationError({"user": _("Only active staff of the agency can work on its cases.")})
    if CaseWorker.objects.filter(case=case, user=user).exists():
        raise ValidationError({"user": _("%(name)s already works on this case.") % {"name": user}})
    if role == WorkerRole.RESPONSIBLE:
        _check_responsible(user)
        CaseWorker.objects.filter(case=case, role=WorkerRole.RESPONSIBLE).update(role=WorkerRole.CO_WORKER)
    worker = CaseWorker.objects.create(case=case, user=user, role=role, added_by=actor)
    bump(case)
    title = gettext("Worker added: %(name)s (%(role)s)") % {"name": user, "role": worker.get_role_display()}
    timeline_system(case=case, actor=actor, title=title, data={"event": "worker_added", "user": user.pk})
    audit.record(
        "cases.case_worker.added",
        actor=actor,
        obj=worker,
        subject=subject(case),
        data={"case": case.pk, "user": user.pk, "role": role},
    )
    return worker


@transaction.atomic
def case_worker_remove(*, actor: User, case: Case, worker: CaseWorker) -> None:
    locked(case)
    worker.refresh_from_db()
    if worker.role == WorkerRole.RESPONSIBLE:
        raise ValidationError(_("Make someone else responsible before removing the responsible worker."))
    user = worker.user
    worker_pk = worker.pk
    worker.delete()
    bump(case)
    title = gettext("Worker removed: %(name)s") % {"name": user}
    timeline_system(case=case, actor=actor, title=title, data={"event": "worker_removed", "user": user.pk})
    audit.record(
        "cases.case_worker.removed",
        actor=actor,
        object_type="cases.caseworker",
        object_id=str(worker_pk),
        subject=subject(case),
        data={"case": case.pk, "user": user.pk},
    )


@transaction.atomic
def case_worker_make_responsible(*, actor: User, case: Case, worker: CaseWorker) -> None:
    locked(case)
    worker.refresh_from_db()
    if worker.role == WorkerRole.RESPONSIBLE:
        raise ValidationError(_("%(name)s is already responsible for this case.") % {"name": worker.user})
    if not worker.user.is_active:
        raise ValidationError(_("A deactivated account cannot be responsible for a case."))
    try:
        _check_responsible(worker.user)
    except ValidationError as exc:
        raise ValidationError(exc.message_dict["role"]) from exc
    previous = CaseWorker.objects.filter(case=case, role=WorkerRole.RESPONSIBLE).first()
    CaseWorker.objects.filter(case=case, role=WorkerRole.RESPONSIBLE).update(role=WorkerRole.CO_WORKER)
    CaseWorker.objects.filter(pk=worker.pk).update(role=WorkerRole.RESPONSIBLE)
    bump(case)
    title = gettext("%(name)s is now responsible for the case") % {"name": worker.user}
    timeline_system(case=case, actor=actor, title=title, data={"event": "responsible", "user": worker.user_id})
    audit.record(
        "cases.case_worker.made_responsible",
        actor=actor,
        obj=worker,
        subject=subject(case),
        data={"case": case.pk, "user": worker.user_id, "previous": previous.user_id if previous else None},
    )
