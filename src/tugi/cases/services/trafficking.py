"""Trafficking status, reflection periods and the service period of a presumed victim, and the daily
warnings before those periods end.

A presumed victim outside criminal proceedings gets services for a limited time
(``TUGI_PRESUMED_SERVICE_DAYS``); once identified (in proceedings) the limit no longer applies, but
the dates are kept. A foreign victim's reflection period lasts 30 to 60 days as the prosecutor
decides, and may end early: a dated record of its own.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, ExpressionWrapper, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import User
from tugi.audit import services as audit
from tugi.cases.models import Case, CaseStatus, CaseWorker, ReflectionPeriod, VictimStatus, WorkerRole
from tugi.cases.models import VictimStatusRecord as StatusRecord
from tugi.cases.services.case import bump, locked, subject, timeline_system
from tugi.core.models import save_versioned
from tugi.notifications.models import NoticeKind
from tugi.notifications.services import notification_send

REFLECTION_MIN_DAYS = 30
REFLECTION_MAX_DAYS = 60


def require_trafficking(case: Case) -> None:
    if not case.case_type.trafficking:
        raise ValidationError(_("Trafficking status and reflection periods belong to trafficking cases only."))


# --- trafficking status ---------------------------------------------------------------------------


@transaction.atomic
def victim_status_set(
    *,
    actor: User,
    case: Case,
    status: str,
    on: date,
    basis: str,
    proceedings_number: str = "",
    penal_section: str = "",
) -> StatusRecord:
    """Record presumed / identified (or withdrawn: ``status=""``) with its date and basis.

    Presumed outside proceedings starts the service period unless it already started."""
    require_trafficking(case)
    row = locked(case)
    proceedings_number = proceedings_number.strip()
    if status not in VictimStatus.values:
        raise ValidationError({"status": _("Unknown trafficking status.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if status == row.victim_status:
        message = (
            _("There is no trafficking status to withdraw.")
            if not status
            else _("The case already has this status: %(status)s.") % {"status": VictimStatus(status).label}
        )
        raise ValidationError({"status": message})
    if status == VictimStatus.IDENTIFIED and not (proceedings_number and penal_section):
        raise ValidationError(_("An identified victim needs the criminal proceedings number and Penal Code section."))
    record = StatusRecord.objects.create(
        case=case,
        status=status,
        on=on,
        basis=basis.strip(),
        proceedings_number=proceedings_number,
        penal_section=penal_section,
        recorded_by=actor,
    )
    values: dict[str, Any] = {"victim_status": status}
    starts_period = status == VictimStatus.PRESUMED and not proceedings_number and row.service_period_start is None
    if starts_period:
        values |= {"service_period_start": on, "service_period_days": settings.TUGI_PRESUMED_SERVICE_DAYS}
    bump(case, **values)
    label = VictimStatus(status).label if status else _("status withdrawn")
    timeline_system(
        case=case,
        actor=actor,
        title=gettext("Trafficking status: %(status)s (%(date)s)") % {"status": label, "date": f"{on:%d.%m.%Y}"},
        data={"event": "victim_status", "from": row.victim_status, "to": status, "on": on.isoformat()},
    )
    audit.record(
        "cases.victim_status.recorded",
        actor=actor,
        obj=record,
        subject=subject(case),
        data={
            "case": case.pk,
            "from": row.victim_status,
            "to": status,
            "on": on.isoformat(),
            "proceedings": proceedings_number,
            "section": penal_section,
            "service_period_started": starts_period,
        },
    )
    return record


# --- reflection periods ---------------------------------------------------------------------------


def reflection_length_error(starts_on: date, ends_on: date) -> str | None:
    days = (ends_on - starts_on).days + 1
    if ends_on < starts_on:
        return str(_("The end cannot be before the start."))
    if not REFLECTION_MIN_DAYS <= days <= REFLECTION_MAX_DAYS:
        return str(
            _(
                "A reflection period lasts %(min)s to %(max)s days (the first and the last day counted); "
                "this one would last %(days)s days."
            )
            % {"min": REFLECTION_MIN_DAYS, "max": REFLECTION_MAX_DAYS, "days": days}
        )
    return None


@transaction.atomic
def reflection_start(
    *, actor: User, case: Case, starts_on: date, ends_on: date, decided_by: str = "", note: str = ""
) -> ReflectionPeriod:
    require_trafficking(case)
    locked(case)
    problem = reflection_length_error(starts_on, ends_on)
    if problem:
        raise ValidationError({"ends_on": problem})
    overlapping = [p for p in case.reflection_periods.all() if p.starts_on <= ends_on and starts_on <= p.effective_end]
    if overlapping:
        raise ValidationError(
            {"starts_on": _("It overlaps the reflection period %(period)s.") % {"period": overlapping[0]}}
        )
    period = ReflectionPeriod.objects.create(
        case=case, starts_on=starts_on, ends_on=ends_on, decided_by=decided_by.strip(), note=note.strip()
    )
    title = gettext("Reflection period %(period)s") % {"period": period}
    timeline_system(case=case, actor=actor, title=title, data={"event": "reflection", "period": period.pk})
    audit.record(
        "cases.reflection_period.started",
        actor=actor,
        obj=period,
        subject=subject(case),
        data={"case": case.pk, "starts_on": starts_on.isoformat(), "ends_on": ends_on.isoformat()},
    )
    return period


@transaction.atomic
def reflection_end_early(
    *, actor: User, case: Case, period: ReflectionPeriod, expected_version: int, on: date, note: str
) -> None:
    """The period ended before its end date. Raises ``StaleVersion`` when it changed meanwhile."""
    locked(case)
    if period.ended_early_on is not None:
        raise ValidationError(_("This reflection period has already ended early."))
    if not period.starts_on <= on < period.ends_on:
        raise ValidationError({"on": _("The date must be inside the period, before its last day.")})
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    period.ended_early_on, period.ended_early_note = on, note.strip()
    save_versioned(period, expected_version=expected_version, fields=["ended_early_on", "ended_early_note"])
    title = gettext("Reflection period ended early on %(date)s: %(note)s") % {"date": f"{on:%d.%m.%Y}", "note": note}
    timeline_system(case=case, actor=actor, title=title, data={"event": "reflection_ended", "period": period.pk})
    audit.record(
        "cases.reflection_period.ended_early",
        actor=actor,
        obj=period,
        subject=subject(case),
        data={"case": case.pk, "on": on.isoformat()},
    )


# --- warnings before the periods end --------------------------------------------------------------


def _responsible(case_ids: list[int]) -> dict[int, User]:
    rows = CaseWorker.objects.filter(case_id__in=case_ids, role=WorkerRole.RESPONSIBLE, user__is_active=True)
    return {w.case_id: w.user for w in rows.select_related("user")}


@transaction.atomic
def period_warnings_send(*, today: date | None = None) -> dict[str, int]:
    """Tell each open case's responsible worker, once per period, that its service period (presumed
    victim outside proceedings) or reflection period ends within the warning days. The end date warned
    about is stored, so running twice sends nothing new and a changed period is warned about again."""
    today = today or timezone.localdate()
    service = _service_period_warnings(today)
    reflection = _reflection_warnings(today)
    return {"service_period": service, "reflection": reflection}


def _service_period_warnings(today: date) -> int:
    end = ExpressionWrapper(F("service_period_start") + F("service_period_days") - 1, output_field=DateField())
    horizon = today + timedelta(days=settings.TUGI_SERVICE_PERIOD_WARNING_DAYS)
    cases = list(
        Case.objects.exclude(status=CaseStatus.CLOSED)
        .filter(victim_status=VictimStatus.PRESUMED, service_period_start__isnull=False)
        .annotate(period_end=end)
        .filter(period_end__gte=today, period_end__lte=horizon)
        .filter(Q(service_warning_sent_for__isnull=True) | ~Q(service_warning_sent_for=F("period_end")))
    )
    people = _responsible([c.pk for c in cases])
    sent = 0
    for case in cases:
        user = people.get(case.pk)
        if user is None:
            continue  # warned once someone is responsible
        ends = case.service_period_end
        assert ends is not None
        _notify(user, NoticeKind.SERVICE_PERIOD_ENDING, case, ends)
        Case.objects.filter(pk=case.pk).update(service_warning_sent_for=ends)
        audit.record(
            "cases.case.service_period_warned",
            actor=None,
            obj=case,
            subject=subject(case),
            data={"ends_on": ends.isoformat(), "recipient": user.pk},
        )
        sent += 1
    return sent


def _reflection_warnings(today: date) -> int:
    horizon = today + timedelta(days=settings.TUGI_REFLECTION_WARNING_DAYS)
    periods = list(
        ReflectionPeriod.objects.exclude(case__status=CaseStatus.CLOSED)
        .filter(ended_early_on__isnull=True, ends_on__gte=today, ends_on__lte=horizon)
        .filter(Q(warning_sent_for__isnull=True) | ~Q(warning_sent_for=F("ends_on")))
        .select_related("case")
    )
    people = _responsible([p.case_id for p in periods])
    sent = 0
    for period in periods:
        user = people.get(period.case_id)
        if user is None:
            continue
        _notify(user, NoticeKind.REFLECTION_ENDING, period.case, period.ends_on)
        ReflectionPeriod.objects.filter(pk=period.pk).update(warning_sent_for=period.ends_on)
        audit.record(
            "cases.reflection_period.warned",
            actor=None,
            obj=period,
            subject=subject(period.case),
            data={"ends_on": period.ends_on.isoformat(), "recipient": user.pk},
        )
        sent += 1
    return sent


def _notify(user: User, kind: str, case: Case, ends: date) -> None:
    notification_send(
        recipients=[user],
        kind=kind,
        params={"record": case.reference, "until": f"{ends:%d.%m.%Y}"},
        url=reverse("cases:detail", args=[case.pk]),
    )
