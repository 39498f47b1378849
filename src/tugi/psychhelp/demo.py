"""Demo data of psychological help: one granted decision on the first demo trafficking case.

``load()`` is idempotent: a case that already has a decision gets no second one. Run after the demo
organisation and the demo cases exist (``tugi.core.demo.load_demo`` and the cases' demo)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tugi.cases.models import Case, CaseStatus
from tugi.psychhelp.models import HelpForm, Outcome, PsychHelpDecision
from tugi.psychhelp.services import decision_make


@transaction.atomic
def load() -> dict[str, int]:
    case = (
        Case.objects.filter(case_type__trafficking=True, created_by__is_demo=True)
        .exclude(status=CaseStatus.CLOSED)
        .select_related("client", "created_by")
        .order_by("pk")
        .first()
    )
    if case is None or case.created_by is None:
        return {"decisions_created": 0}
    if PsychHelpDecision.objects.filter(case=case).exists():
        return {"decisions_created": 0}
    worker = case.workers.select_related("user").filter(role="responsible").first()
    actor = worker.user if worker is not None else case.created_by
    today = timezone.localdate()
    values = {
        "need_assessment": "Sleeping problems and anxiety since leaving the workplace; flashbacks in the evenings. "
        "She asked for help in Russian.",
        "decided_on": today,
        "outcome": Outcome.GRANTED,
        "provider_name": "Psühholoogiakeskus Tasakaal OÜ",
        "provider_email": "arved@tasakaal.invalid",
        "provider_phone": "+3725551234",
        "help_form": HelpForm.INDIVIDUAL,
        "sessions": 8,
        "amount": Decimal("480.00"),
        "valid_from": today,
        "valid_until": today + timedelta(days=120),
        "reasons": "Trauma symptoms found in the needs assessment; the provider offers therapy in Russian.",
        "appeal_info": "",
    }
    try:
        decision_make(actor=actor, case=case, values=values)
    except ValidationError:
        return {"decisions_created": 0}  # no cap for this year yet, or the cap is used up
    return {"decisions_created": 1}
