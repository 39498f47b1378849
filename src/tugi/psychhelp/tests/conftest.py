"""Fixtures of the psychological-help tests.

``world``: the base cases of the access tests (``case_a`` of the counsellor in team A with client
``client_a``; ``case_b`` of the outsider in team B) and ``case_a2``: a second case of the same client
in team B, which the counsellor does not see (the cap counts it, the pages never show it).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation
from django.utils.html import escape

from tugi.access.tests.conftest import base_cases


@dataclass
class World:
    org: Any
    client_a: Any
    case_a: Any
    case_a2: Any
    case_b: Any


@pytest.fixture
def world(org: Any) -> World:
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open

    cases = base_cases(org)
    case_a2 = case_open(
        actor=org.outsider,
        case_type=CaseType.objects.get(code="victim_support"),
        team=org.team_b,
        client=cases["client_a"],
    )
    return World(org=org, client_a=cases["client_a"], case_a=cases["case_a"], case_a2=case_a2, case_b=cases["case_b"])


def dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def form_data(**overrides: Any) -> dict[str, Any]:
    """A granted decision as the form posts it: 300 € from 1.3.2024 to 31.5.2024 (cap 2024: 820 €)."""
    data = {
        "need_assessment": "Nightmares and panic attacks since the escape; cannot sleep.",
        "decided_on": "20.02.2024",
        "outcome": "granted",
        "help_form": "individual",
        "provider_name": "Tasakaal Therapy Centre",
        "provider_email": "invoices@tasakaal.example",
        "provider_phone": "+372 5123 4567",
        "sessions": "6",
        "amount": "300,00",
        "valid_from": "01.03.2024",
        "valid_until": "31.05.2024",
        "reasons": "Trauma symptoms found in the assessment of need.",
        "appeal_info": "",
    }
    data.update({k: v for k, v in overrides.items()})
    return data


def grant(case: Any, actor: Any, amount: str, valid_from: date, valid_until: date | None = None, **extra: Any) -> Any:
    """A granted decision made through the service (for setting the scene, not for the test itself)."""
    from tugi.psychhelp.services import decision_make

    values = {
        "need_assessment": "Assessed need.",
        "decided_on": min(valid_from, date.today()),
        "outcome": "granted",
        "help_form": "individual",
        "provider_name": extra.pop("provider_name", "Other Provider"),
        "provider_email": "other@provider.example",
        "provider_phone": "",
        "sessions": None,
        "amount": Decimal(amount),
        "valid_from": valid_from,
        "valid_until": valid_until or valid_from,
        "reasons": extra.pop("reasons", "Reasons of the other decision."),
        "appeal_info": "",
        **extra,
    }
    return decision_make(actor=actor, case=case, values=values)


def said(message: str, language: str = "et", escaped: bool = True, **params: Any) -> str:
    """``message`` as the personas (Estonian by default) read it: escaped as on a page, or as is."""
    with translation.override(language):
        text = translation.gettext(message)
    text = text % params if params else text
    return escape(text) if escaped else text


def state() -> dict[str, Any]:
    """Everything the pages of this app can change."""
    from tugi.audit.models import AuditEvent, EventKind
    from tugi.cases.models import TimelineEntry
    from tugi.psychhelp.models import DecisionCounter, PsychHelpDecision, YearlyCap

    return {
        "decisions": list(PsychHelpDecision.objects.order_by("pk").values_list()),
        "caps": list(YearlyCap.objects.order_by("pk").values_list()),
        "counters": list(DecisionCounter.objects.order_by("pk").values_list()),
        "timeline": TimelineEntry.objects.count(),
        "changes": list(
            AuditEvent.objects.exclude(kind__in=[EventKind.READ, EventKind.AUTH]).values_list("action", "object_id")
        ),
    }
