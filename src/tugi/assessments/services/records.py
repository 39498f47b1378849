"""Screenings, needs assessments and safety-risk assessments: dated records, written once."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tugi.accounts.models import User
from tugi.assessments import risk as risk_rules
from tugi.assessments import rules
from tugi.assessments.models import (
    Indicator,
    NeedItem,
    NeedsAssessment,
    RiskAssessment,
    RiskAssessmentLevel,
    Screening,
    ScreeningMark,
)
from tugi.audit import services as audit
from tugi.cases.models import Case
from tugi.cases.services import case_set_risk, subject, timeline_system


def _screen(target: str, exploitation: str, indicator_ids: Iterable[int]) -> tuple[list[Indicator], rules.Evaluation]:
    """The ticked indicators (all from the active list of this set, or a ValidationError) and the
    result under the rules in force now."""
    wanted = set(indicator_ids)
    offered = Indicator.objects.filter(target=target, exploitation=exploitation, active=True)
    ticked = list(offered.filter(pk__in=wanted))
    if len(ticked) != len(wanted):
        raise ValidationError(
            {
                "indicators": _(
                    "Some ticked indicators are not in this list or no longer in use. Check them and save again."
                )
            }
        )
    evaluation = rules.evaluate(
        [(i.dimension, i.strength) for i in ticked],
        rules=rules.current_rules(),
        groups=rules.current_groups(target),
        offered=dict(Counter(offered.values_list("dimension", flat=True))),
    )
    return ticked, evaluation


@transaction.atomic
def screening_create(
    *,
    actor: User,
    case: Case,
    target: str,
    exploitation: str,
    screened_on: date,
    indicator_ids: Iterable[int],
    note: str = "",
) -> Screening:
    """Record a screening; its result is computed now with the rules in force and kept as it is."""
    ticked, evaluation = _screen(target, exploitation, indicator_ids)
    screening = Screening.objects.create(
        case=case,
        target=target,
        exploitation=exploitation,
        screened_on=screened_on,
        screened_by=actor,
        note=note,
        results=evaluation.as_json(),
        likely=evaluation.likely,
    )
    ScreeningMark.objects.bulk_create(
        ScreeningMark(screening=screening, indicator=i, dimension=i.dimension, strength=i.strength) for i in ticked
    )
    if evaluation.likely:
        title = _("Indicator screening (a screening aid): indicators of trafficking present")
    else:
        title = _("Indicator screening (a screening aid): indicators of trafficking not present in combination")
    timeline_system(case=case, actor=actor, title=title, data={"event": "screening", "screening": screening.pk})
    audit.record(
        "assessments.screening.created",
        actor=actor,
        obj=screening,
        subject=subject(case),
        data={
            "case": case.pk,
            "target": target,
            "exploitation": exploitation,
            "indicators": sorted(i.code for i in ticked),
            "likely": evaluation.likely,
        },
    )
    return screening


@transaction.atomic
def needs_create(
    *,
    actor: User,
    case: Case,
    assessed_on: date,
    next_review_on: date | None,
    note: str,
    items: dict[str, tuple[str, str]],
) -> NeedsAssessment:
    """``items``: domain → (level, note) for each domain assessed."""
    if not items:
        raise ValidationError(_("Assess at least one area of need."))
    assessment = NeedsAssessment.objects.create(
        case=case, assessed_on=assessed_on, assessed_by=actor, next_review_on=next_review_on, note=note
    )
    NeedItem.objects.bulk_create(
        NeedItem(assessment=assessment, domain=domain, level=level, note=item_note)
        for domain, (level, item_note) in items.items()
    )
    timeline_system(
        case=case, actor=actor, title=_("Needs assessment recorded"), data={"event": "needs", "needs": assessment.pk}
    )
    audit.record(
        "assessments.needs.created",
        actor=actor,
        obj=assessment,
        subject=subject(case),
        data={"case": case.pk, "levels": {d: level for d, (level, _n) in items.items()}},
    )
    return assessment


RISK_TITLES = {
    RiskAssessmentLevel.LOW: lambda: _("Safety-risk assessment: low risk"),
    RiskAssessmentLevel.MEDIUM: lambda: _("Safety-risk assessment: medium risk"),
    RiskAssessmentLevel.HIGH: lambda: _("Safety-risk assessment: high risk"),
}


@transaction.atomic
def risk_create(
    *,
    actor: User,
    case: Case,
    assessed_on: date,
    factors: list[str],
    level: str,
    note: str,
    next_review_on: date | None,
) -> RiskAssessment:
    """Record the assessment and make its level the case's current risk level (shown wherever the
    case appears). One timeline line either way."""
    assessment = RiskAssessment.objects.create(
        case=case,
        assessed_on=assessed_on,
        assessed_by=actor,
        factors=sorted(set(factors)),
        suggested_level=risk_rules.suggest_level(factors),
        level=level,
        note=note,
        next_review_on=next_review_on,
    )
    title = RISK_TITLES[RiskAssessmentLevel(level)]()
    if case.risk_level == level:
        timeline_system(case=case, actor=actor, title=title, data={"event": "risk", "from": level, "to": level})
    else:
        case_set_risk(actor=actor, case=case, level=level, title=title)
    audit.record(
        "assessments.risk.created",
        actor=actor,
        obj=assessment,
        subject=subject(case),
        data={
            "case": case.pk,
            "level": level,
            "suggested": assessment.suggested_level,
            "factors": assessment.factors,
        },
    )
    return assessment
