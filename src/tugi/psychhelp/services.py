"""Changes to psychological help. Each writes its audit event in the same transaction; decisions are
about the client (the audit subject) and leave a line in the case's timeline.

The yearly cap is checked here, with the person's client rows locked (``select_for_update``): two
decisions made at the same moment queue on the lock, and the second one sees the first one's amount.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from tugi.accounts.models import User
from tugi.audit import services as audit
from tugi.audit.models import EventKind
from tugi.cases.models import Case
from tugi.cases.services import timeline_system
from tugi.clients.models import Client
from tugi.core.models import save_versioned
from tugi.psychhelp.models import MAX_YEAR, MIN_YEAR, DecisionCounter, Outcome, PsychHelpDecision, YearlyCap
from tugi.psychhelp.selectors import cap_for_year, person_client_ids, used_in_year
from tugi.psychhelp.texts import eur, is_standard_appeal

DECISION_FIELDS = [
    "need_assessment",
    "decided_on",
    "outcome",
    "provider_name",
    "provider_email",
    "provider_phone",
    "help_form",
    "sessions",
    "amount",
    "valid_from",
    "valid_until",
    "reasons",
    "appeal_info",
]
GRANT_ONLY = ["sessions", "valid_from", "valid_until"]
NOTIFY_FIELDS = {"victim": "notified_victim_on", "provider": "notified_provider_on"}


def _subject(decision: PsychHelpDecision) -> tuple[str, str]:
    return ("clients.client", str(decision.client_id))


# --- decisions -------------------------------------------------------------------------------------


def _normalise(values: dict[str, Any]) -> dict[str, Any]:
    out = {name: values.get(name) for name in DECISION_FIELDS}
    for name in ("need_assessment", "reasons", "provider_name", "provider_email", "provider_phone", "help_form"):
        out[name] = (out[name] or "").strip()
    appeal = (out["appeal_info"] or "").strip()
    out["appeal_info"] = "" if is_standard_appeal(appeal) else appeal
    if out["outcome"] == Outcome.REFUSED and out["amount"] == 0:
        out["amount"] = None  # "0" typed for a refusal means no amount
    return out


def _granted_errors(v: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not v["provider_name"]:
        errors["provider_name"] = _("Name the provider who gives the help.")
    if not v["provider_email"] and not v["provider_phone"]:
        errors["provider_email"] = _("Give the provider's e-mail or phone: they are notified of the decision.")
    if not v["help_form"]:
        errors["help_form"] = _("Choose the form of help.")
    if v["amount"] is None or v["amount"] <= 0:
        errors["amount"] = _("Give the covered amount in euros (more than zero).")
    if v["valid_from"] is None:
        errors["valid_from"] = _("Give the first day the help is covered.")
    if v["valid_until"] is None:
        errors["valid_until"] = _("Give the last day the help is covered.")
    elif v["valid_from"] is not None and v["valid_until"] < v["valid_from"]:
        errors["valid_until"] = _("The validity cannot end before it starts.")
    return errors


def _refused_errors(v: dict[str, Any]) -> dict[str, str]:
    errors: dict[str, str] = {}
    if v["amount"] is not None:
        errors["amount"] = _("A refused decision covers no amount: leave it empty.")
    for name in GRANT_ONLY:
        if v[name] is not None:
            errors[name] = _("Leave this empty for a refused decision.")
    return errors


def _rule_errors(v: dict[str, Any]) -> dict[str, str]:
    """The rules of one decision, each with the message the form shows next to the field."""
    errors: dict[str, str] = {}
    if not v["need_assessment"]:
        errors["need_assessment"] = _("Describe why the person needs psychological help.")
    if not v["reasons"]:
        errors["reasons"] = _("Give the reasons for the decision.")
    if v["decided_on"] is None:
        errors["decided_on"] = _("Give the date of the decision.")
    elif v["decided_on"] > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    if v["sessions"] is not None and v["sessions"] <= 0:
        errors["sessions"] = _("The number of sessions must be more than zero.")
    if v["outcome"] == Outcome.GRANTED:
        errors |= _granted_errors(v)
    elif v["outcome"] == Outcome.REFUSED:
        errors |= _refused_errors(v)
    else:
        errors["outcome"] = _("Choose whether the help is granted or refused.")
    return errors


def _lock_person(client_id: int) -> list[int]:
    """Lock the person's client rows (all records linked as the same person), always in pk order."""
    ids = person_client_ids(client_id)
    list(Client.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))
    return ids


def _check_cap(client_id: int, v: dict[str, Any], *, exclude_pk: int | None = None) -> None:
    """Refuse a grant beyond what remains of the person's cap for the year its validity starts in.
    Call inside the transaction that saves the decision: the lock is held until it commits."""
    if v["outcome"] != Outcome.GRANTED:
        return
    year = v["valid_from"].year
    ids = _lock_person(client_id)
    cap = cap_for_year(year)
    if cap is None:
        raise ValidationError(
            {"valid_from": _("No cap is set for %(year)s: ask the service manager to add it.") % {"year": year}}
        )
    used = used_in_year(ids, year, exclude_pk=exclude_pk)
    remaining = cap.amount - used
    if v["amount"] > remaining:
        message = _(
            "This is more than remains of the person's yearly cap. Cap for %(year)s: %(cap)s; already granted: "
            "%(used)s; remaining: %(remaining)s."
        ) % {"year": year, "cap": eur(cap.amount), "used": eur(used), "remaining": eur(max(remaining, Decimal(0)))}
        raise ValidationError({"amount": message})


def _check_case_open(case: Case) -> None:
    if case.is_closed:
        raise ValidationError(_("The case is closed: reopen it to make or change a decision."))


def _next_number(agency_id: int, year: int) -> str:
    counter, _created = DecisionCounter.objects.select_for_update().get_or_create(agency_id=agency_id, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PA-{year}-{counter.last:04d}"


def _timeline_title(decision: PsychHelpDecision) -> str:
    if decision.is_granted:
        return _("Psychological help granted: decision %(number)s, %(amount)s") % {
            "number": decision.number,
            "amount": eur(decision.amount),
        }
    return _("Psychological help refused: decision %(number)s") % {"number": decision.number}


def _audit_data(decision: PsychHelpDecision) -> dict[str, Any]:
    return {
        "number": decision.number,
        "case": decision.case_id,
        "outcome": decision.outcome,
        "amount": str(decision.amount) if decision.amount is not None else None,
        "valid_from": decision.valid_from.isoformat() if decision.valid_from else None,
        "valid_until": decision.valid_until.isoformat() if decision.valid_until else None,
    }


@transaction.atomic
def decision_make(*, actor: User, case: Case, values: dict[str, Any]) -> PsychHelpDecision:
    """A new decision for the case's client. Raises ValidationError (by field) on a broken rule, a
    missing cap or an amount beyond what remains of the cap; then nothing is saved."""
    _check_case_open(case)
    v = _normalise(values)
    errors = _rule_errors(v)
    if errors:
        raise ValidationError(errors)
    _check_cap(case.client_id, v)
    decision = PsychHelpDecision(case=case, client_id=case.client_id, agency_id=case.agency_id, created_by=actor, **v)
    decision.decided_by = actor
    decision.number = _next_number(case.agency_id, v["decided_on"].year)
    decision.save()
    timeline_system(
        case=case,
        actor=actor,
        title=_timeline_title(decision),
        data={"event": "psychhelp_decision", "decision": decision.pk, "outcome": decision.outcome},
    )
    audit.record(
        "psychhelp.decision.made", actor=actor, obj=decision, subject=_subject(decision), data=_audit_data(decision)
    )
    return decision


@transaction.atomic
def decision_update(
    *, actor: User, decision: PsychHelpDecision, expected_version: int, values: dict[str, Any]
) -> PsychHelpDecision:
    """Correct a decision that nobody has been told of yet. A notified decision is final."""
    if decision.is_notified:
        raise ValidationError(
            _("This decision has been notified and can no longer be changed. Make a new decision instead.")
        )
    _check_case_open(decision.case)
    v = _normalise(values)
    errors = _rule_errors(v)
    if errors:
        raise ValidationError(errors)
    _check_cap(decision.client_id, v, exclude_pk=decision.pk)
    before = _audit_data(decision)
    for name, value in v.items():
        setattr(decision, name, value)
    save_versioned(decision, expected_version=expected_version, fields=list(v))
    timeline_system(
        case=decision.case,
        actor=actor,
        title=_("Psychological help decision %(number)s corrected") % {"number": decision.number},
        data={"event": "psychhelp_decision_corrected", "decision": decision.pk},
    )
    audit.record(
        "psychhelp.decision.updated",
        actor=actor,
        obj=decision,
        subject=_subject(decision),
        data={"before": before, "after": _audit_data(decision)},
    )
    return decision


@transaction.atomic
def decision_notify(
    *, actor: User, decision: PsychHelpDecision, whom: str, on: date, expected_version: int
) -> PsychHelpDecision:
    """Record the day the victim or the provider was told of the decision (once)."""
    field = NOTIFY_FIELDS.get(whom)
    if field is None:
        raise ValidationError({"whom": _("Choose who was notified.")})
    if whom == "provider" and not decision.is_granted:
        raise ValidationError({"whom": _("A refused decision is not sent to a provider.")})
    already = getattr(decision, field)
    if already is not None:
        raise ValidationError(
            {
                "whom": _("This was already recorded: notified on %(date)s.")
                % {"date": date_format(already, "SHORT_DATE_FORMAT")}
            }
        )
    if on > timezone.localdate():
        raise ValidationError({"on": _("The date cannot be in the future.")})
    if on < decision.decided_on:
        raise ValidationError({"on": _("The date cannot be before the decision was made.")})
    setattr(decision, field, on)
    save_versioned(decision, expected_version=expected_version, fields=[field])
    if whom == "victim":
        title = _("The victim was notified of psychological help decision %(number)s")
    else:
        title = _("The provider was notified of psychological help decision %(number)s")
    timeline_system(
        case=decision.case,
        actor=actor,
        title=title % {"number": decision.number},
        data={"event": "psychhelp_notified", "decision": decision.pk, "whom": whom},
    )
    audit.record(
        "psychhelp.decision.notified",
        actor=actor,
        obj=decision,
        subject=_subject(decision),
        data={"number": decision.number, "whom": whom, "on": on.isoformat()},
    )
    return decision


@transaction.atomic
def decision_notice_exported(*, actor: User, decision: PsychHelpDecision, notice: str, lang: str) -> None:
    """A notice PDF was made: personal data left the system (an export event)."""
    audit.record(
        "psychhelp.decision.notice_exported",
        actor=actor,
        kind=EventKind.EXPORT,
        obj=decision,
        subject=_subject(decision),
        data={"number": decision.number, "notice": notice, "lang": lang},
    )


# --- the yearly cap table --------------------------------------------------------------------------


def _cap_errors(year: int | None, amount: Decimal | None) -> dict[str, str]:
    errors: dict[str, str] = {}
    if year is not None and not MIN_YEAR <= year <= MAX_YEAR:
        errors["year"] = _("Give a year between %(first)s and %(last)s.") % {"first": MIN_YEAR, "last": MAX_YEAR}
    if amount is None or amount <= 0:
        errors["amount"] = _("The cap must be more than zero.")
    return errors


@transaction.atomic
def cap_create(*, actor: User, year: int, amount: Decimal, basis: str = "", note: str = "") -> YearlyCap:
    errors = _cap_errors(year, amount)
    if not errors and YearlyCap.objects.filter(year=year).exists():
        errors["year"] = _("A cap for %(year)s already exists: change that one.") % {"year": year}
    if errors:
        raise ValidationError(errors)
    cap = YearlyCap.objects.create(year=year, amount=amount, basis=basis.strip(), note=note.strip(), updated_by=actor)
    audit.record(
        "psychhelp.cap.created", actor=actor, obj=cap, data={"year": year, "amount": str(amount), "basis": cap.basis}
    )
    return cap


@transaction.atomic
def cap_update(
    *, actor: User, cap: YearlyCap, expected_version: int, amount: Decimal, basis: str = "", note: str = ""
) -> YearlyCap:
    """Change a year's cap. Decisions already made stay as they are; later ones meet the new cap."""
    errors = _cap_errors(None, amount)
    if errors:
        raise ValidationError(errors)
    before = str(cap.amount)
    cap.amount, cap.basis, cap.note, cap.updated_by = amount, basis.strip(), note.strip(), actor
    save_versioned(cap, expected_version=expected_version, fields=["amount", "basis", "note", "updated_by"])
    audit.record(
        "psychhelp.cap.updated",
        actor=actor,
        obj=cap,
        data={"year": cap.year, "from": before, "to": str(amount), "basis": cap.basis},
    )
    return cap
