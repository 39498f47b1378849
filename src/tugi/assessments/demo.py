"""Demo identification and assessment records for the demo trafficking cases: a screening and an
initial safety-risk assessment. ``load()`` is idempotent: a case that has a screening is left alone."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tugi.assessments import services
from tugi.assessments.models import Dimension, Indicator, RiskFactor, Screening, Strength
from tugi.cases.models import Case, CaseStatus, WorkerRole

# Adult, labour exploitation: (dimension, strength, how many), enough for every group of the adult rule.
TICKED = [
    (Dimension.DECEPTIVE, Strength.STRONG, 1),
    (Dimension.DECEPTIVE, Strength.MEDIUM, 2),
    (Dimension.EXPLOITATION, Strength.STRONG, 1),
    (Dimension.EXPLOITATION, Strength.MEDIUM, 2),
    (Dimension.COERCION_DESTINATION, Strength.STRONG, 2),
]
FACTORS = [RiskFactor.PERPETRATOR_KNOWS, RiskFactor.DOCUMENTS_HELD, RiskFactor.NO_MEANS]


def _indicator_ids() -> list[int]:
    ids: list[int] = []
    for dimension, strength, count in TICKED:
        rows = Indicator.objects.filter(
            target="adult", exploitation="labour", dimension=dimension, strength=strength, active=True
        ).order_by("order")
        ids += list(rows.values_list("pk", flat=True)[:count])
    return ids


@transaction.atomic
def load() -> dict[str, int]:
    created = 0
    today = timezone.localdate()
    cases = Case.objects.filter(case_type__code="trafficking").exclude(status=CaseStatus.CLOSED).order_by("pk")
    for case in cases:
        if Screening.objects.filter(case=case).exists():
            continue
        worker = case.workers.filter(role=WorkerRole.RESPONSIBLE).select_related("user").first()
        if worker is None:
            continue
        services.screening_create(
            actor=worker.user,
            case=case,
            target="adult",
            exploitation="labour",
            screened_on=case.opened_on,
            indicator_ids=_indicator_ids(),
            note="Demo: indicators found in the first interview with an interpreter.",
        )
        services.risk_create(
            actor=worker.user,
            case=case,
            assessed_on=case.opened_on,
            factors=list(FACTORS),
            level="high",
            note="Demo: the employer has the passport and knows the town.",
            next_review_on=max(case.opened_on, today) + timedelta(days=7),
        )
        created += 1
    return {"assessed_cases": created}
