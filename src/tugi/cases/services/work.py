"""Changes to the work recorded in a case: timeline entries, tasks, rights notices, criminal
proceedings, hearings and interviews.

Each function writes its audit event (subject: the client) in the same transaction and marks the
case as active (``touch``). The audit data names what changed, never the notes themselves: the trail
is read by more people than the case file.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tugi.accounts.models import User
from tugi.audit import services as audit
from tugi.cases.models import (
    Case,
    Hearing,
    InterviewParticipation,
    Proceeding,
    RightsNotice,
    Task,
    TaskStatus,
    TimelineEntry,
    TimelineKind,
)
from tugi.cases.services.case import subject, timeline_system, touch
from tugi.core.models import save_versioned

# What a person may type into a timeline entry (kind, author and data are set here, never typed).
TIMELINE_FIELDS = (
    "occurred_at",
    "title",
    "body",
    "session_type",
    "mode",
    "duration_minutes",
    "interpreter_language",
    "counterpart",
)
TASK_FIELDS = ("title", "due_on", "assignee")
PROCEEDING_FIELDS = ("number", "investigating_body", "investigator", "prosecutor", "stage", "started_on", "note")


def _changed(instance: Any, changes: dict[str, Any]) -> list[str]:
    return [name for name, value in changes.items() if getattr(instance, name) != value]


# --- timeline ------------------------------------------------------------------------------------


@transaction.atomic
def timeline_entry_add(*, actor: User, case: Case, kind: str, values: dict[str, Any]) -> TimelineEntry:
    """A session, contact, meeting, document or note typed by a worker. Status lines are the system's."""
    if kind not in TimelineKind.values or kind == TimelineKind.STATUS:
        raise ValidationError(_("This kind of entry cannot be added by hand."))
    unknown = set(values) - set(TIMELINE_FIELDS)
    if unknown:
        raise ValueError(f"not typed by hand: {sorted(unknown)}")
    entry = TimelineEntry.objects.create(case=case, kind=kind, author=actor, **values)
    touch(case)
    audit.record("cases.timeline.added", actor=actor, obj=entry, subject=subject(case), data={"kind": kind})
    return entry


@transaction.atomic
def timeline_entry_edit(*, actor: User, entry: TimelineEntry, expected_version: int, changes: dict[str, Any]) -> None:
    """Correct an entry; refused for system lines and when someone saved it in between (StaleVersion)."""
    if entry.is_system:
        raise ValidationError(_("Entries written by the system cannot be edited."))
    unknown = set(changes) - set(TIMELINE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    fields = _changed(entry, changes)
    for name, value in changes.items():
        setattr(entry, name, value)
    save_versioned(entry, expected_version=expected_version, fields=list(changes))
    touch(entry.case)
    audit.record(
        "cases.timeline.edited",
        actor=actor,
        obj=entry,
        subject=subject(entry.case),
        data={"kind": entry.kind, "fields": fields},
    )


# --- tasks ---------------------------------------------------------------------------------------


@transaction.atomic
def task_create(*, actor: User, case: Case, title: str, assignee: User, due_on: date | None = None) -> Task:
    task = Task.objects.create(case=case, title=title, assignee=assignee, due_on=due_on, created_by=actor)
    touch(case)
    audit.record(
        "cases.task.created",
        actor=actor,
        obj=task,
        subject=subject(case),
        data={"assignee": assignee.pk, "due_on": due_on.isoformat() if due_on else None},
    )
    return task


@transaction.atomic
def task_edit(*, actor: User, task: Task, expected_version: int, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(TASK_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    fields = _changed(task, changes)
    for name, value in changes.items():
        setattr(task, name, value)
    save_versioned(task, expected_version=expected_version, fields=list(changes))
    touch(task.case)
    audit.record("cases.task.edited", actor=actor, obj=task, subject=subject(task.case), data={"fields": fields})


def _task_move(*, actor: User, task: Task, to: str, allowed_from: set[str], action: str, refusal: str) -> None:
    """One status step, taken only if the task is still where the page showed it (no lost updates)."""
    done_at: datetime | None = None if to == TaskStatus.OPEN else timezone.now()
    moved = Task.objects.filter(pk=task.pk, status__in=allowed_from).update(
        status=to, done_at=done_at, version=F("version") + 1, updated_at=timezone.now()
    )
    if moved != 1:
        raise ValidationError(refusal)
    previous = task.status
    task.refresh_from_db()
    touch(task.case)
    audit.record(action, actor=actor, obj=task, subject=subject(task.case), data={"from": previous, "to": to})


@transaction.atomic
def task_complete(*, actor: User, task: Task) -> None:
    _task_move(
        actor=actor,
        task=task,
        to=TaskStatus.DONE,
        allowed_from={TaskStatus.OPEN},
        action="cases.task.done",
        refusal=_("Only an open task can be marked done."),
    )


@transaction.atomic
def task_cancel(*, actor: User, task: Task) -> None:
    _task_move(
        actor=actor,
        task=task,
        to=TaskStatus.CANCELLED,
        allowed_from={TaskStatus.OPEN},
        action="cases.task.cancelled",
        refusal=_("Only an open task can be cancelled."),
    )


@transaction.atomic
def task_reopen(*, actor: User, task: Task) -> None:
    _task_move(
        actor=actor,
        task=task,
        to=TaskStatus.OPEN,
        allowed_from={TaskStatus.DONE, TaskStatus.CANCELLED},
        action="cases.task.reopened",
        refusal=_("The task is open already."),
    )


# --- rights --------------------------------------------------------------------------------------


@transaction.atomic
def rights_notice_record(
    *,
    actor: User,
    case: Case,
    informed_on: date,
    language: str,
    informed_by: User,
    leaflet_given: bool = False,
    interpreter: str = "",
    note: str = "",
) -> RightsNotice:
    """The victim was informed of their rights: when, in which language, by whom."""
    if informed_on > timezone.localdate():
        raise ValidationError({"informed_on": _("The date cannot be in the future.")})
    notice = RightsNotice.objects.create(
        case=case,
        informed_on=informed_on,
        language=language,
        informed_by=informed_by,
        leaflet_given=leaflet_given,
        interpreter=interpreter,
        note=note,
    )
    timeline_system(
        case=case,
        actor=actor,
        title=_("Informed of their rights (%(language)s)") % {"language": notice.language_name},
        data={"event": "rights", "notice": notice.pk, "language": language, "on": informed_on.isoformat()},
    )
    audit.record(
        "cases.rights.recorded",
        actor=actor,
        obj=notice,
        subject=subject(case),
        data={"language": language, "informed_by": informed_by.pk, "leaflet_given": leaflet_given},
    )
    return notice


def rights_leaflet_printed(*, actor: User, case: Case, language: str) -> None:
    """Printing the rights leaflet for a case is recorded (the leaflet itself names nobody)."""
    audit.record_read(
        "cases.rights.leaflet_printed", actor=actor, obj=case, subject=subject(case), data={"language": language}
    )


# --- criminal proceedings ------------------------------------------------------------------------


def _number_taken(number: str) -> ValidationError:
    return ValidationError(
        {"number": _("Proceedings number %(number)s is already recorded in this case.") % {"number": number}}
    )


def _check_number_free(case: Case, number: str, *, but: int | None = None) -> None:
    same = Proceeding.objects.filter(case=case, number=number)
    if but is not None:
        same = same.exclude(pk=but)
    if same.exists():
        raise _number_taken(number)


@transaction.atomic
def proceeding_add(*, actor: User, case: Case, values: dict[str, Any]) -> Proceeding:
    proceeding = Proceeding(case=case, **{k: v for k, v in values.items() if k in PROCEEDING_FIELDS})
    _check_number_free(case, proceeding.number)
    try:
        with transaction.atomic():  # the unique constraint decides when two people save at once
            proceeding.save()
    except IntegrityError as exc:
        raise _number_taken(proceeding.number) from exc
    timeline_system(
        case=case,
        actor=actor,
        title=_("Criminal proceedings %(number)s recorded") % {"number": proceeding.number},
        data={"event": "proceeding", "proceeding": proceeding.pk, "stage": proceeding.stage},
    )
    audit.record(
        "cases.proceeding.added",
        actor=actor,
        obj=proceeding,
        subject=subject(case),
        data={"number": proceeding.number, "stage": proceeding.stage},
    )
    return proceeding


@transaction.atomic
def proceeding_edit(*, actor: User, proceeding: Proceeding, expected_version: int, changes: dict[str, Any]) -> None:
    unknown = set(changes) - set(PROCEEDING_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    case = proceeding.case
    if "number" in changes:
        _check_number_free(case, changes["number"], but=proceeding.pk)
    fields = _changed(proceeding, changes)
    previous_stage = proceeding.stage
    for name, value in changes.items():
        setattr(proceeding, name, value)
    try:
        with transaction.atomic():
            save_versioned(proceeding, expected_version=expected_version, fields=list(changes))
    except IntegrityError as exc:
        raise _number_taken(proceeding.number) from exc
    if proceeding.stage != previous_stage:
        timeline_system(
            case=case,
            actor=actor,
            title=_("Criminal proceedings %(number)s: %(stage)s")
            % {"number": proceeding.number, "stage": proceeding.get_stage_display()},
            data={
                "event": "proceeding_stage",
                "proceeding": proceeding.pk,
                "from": previous_stage,
                "to": proceeding.stage,
            },
        )
    else:
        touch(case)
    audit.record("cases.proceeding.edited", actor=actor, obj=proceeding, subject=subject(case), data={"fields": fields})


@transaction.atomic
def hearing_add(*, actor: User, proceeding: Proceeding, at: datetime, place: str, kind: str, note: str = "") -> Hearing:
    hearing = Hearing.objects.create(proceeding=proceeding, at=at, place=place, kind=kind, note=note)
    touch(proceeding.case)
    audit.record(
        "cases.hearing.added",
        actor=actor,
        obj=hearing,
        subject=subject(proceeding.case),
        data={"proceeding": proceeding.pk, "at": at.isoformat()},
    )
    return hearing


@transaction.atomic
def hearing_remove(*, actor: User, hearing: Hearing) -> None:
    """Take a hearing off the list (entered by mistake, or cancelled by the court); its row history stays."""
    proceeding = hearing.proceeding
    audit.record(
        "cases.hearing.removed",
        actor=actor,
        obj=hearing,
        subject=subject(proceeding.case),
        data={"proceeding": proceeding.pk, "at": hearing.at.isoformat()},
    )
    hearing.delete()
    touch(proceeding.case)


@transaction.atomic
def interview_record(
    *, actor: User, case: Case, on: date, place: str, role: str, participant: User, note: str = ""
) -> InterviewParticipation:
    """Taking part in the interview of a minor or of a person of restricted legal capacity."""
    interview = InterviewParticipation.objects.create(
        case=case, on=on, place=place, role=role, participant=participant, note=note
    )
    timeline_system(
        case=case,
        actor=actor,
        title=_("Interview on %(date)s: %(role)s") % {"date": on.strftime("%d.%m.%Y"), "role": role},
        data={"event": "interview", "interview": interview.pk, "on": on.isoformat()},
    )
    audit.record(
        "cases.interview.recorded",
        actor=actor,
        obj=interview,
        subject=subject(case),
        data={"on": on.isoformat(), "participant": participant.pk},
    )
    return interview
