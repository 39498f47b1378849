"""Fixtures of the identification and assessment tests: the base cases of the access tests and a
service lead of trafficking victim support (the keeper of the indicator lists)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from tugi.access.tests.conftest import base_cases
from tugi.core.tests.personas import make_user


@dataclass
class World:
    org: Any
    case_a: Any  # trafficking, team A: the counsellor responsible, the head above
    case_b: Any  # victim support, team B: the outsider named
    lead: Any  # service lead of trafficking victim support in unit A


@pytest.fixture
def world(org: Any) -> World:
    from tugi.accounts.models import Role, Service

    cases = base_cases(org)
    lead = make_user("lead", org.agency, [(Role.SERVICE_LEAD, Service.TRAFFICKING, org.unit_a)])
    return World(org=org, case_a=cases["case_a"], case_b=cases["case_b"], lead=lead)


def today() -> date:
    return timezone.localdate()


def days(n: int) -> date:
    return today() + timedelta(days=n)


def dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


def said(message: str, language: str = "et", **params: Any) -> str:
    """``message`` as the personas (Estonian by default) read it on a page."""
    with translation.override(language):
        text = translation.gettext(message)
    return escape(text % params if params else text)


def state() -> dict[str, Any]:
    """Everything this app and the case's risk can change, to prove a refusal changed nothing."""
    from tugi.assessments.models import (
        Action,
        Goal,
        Indicator,
        NeedItem,
        NeedsAssessment,
        RiskAssessment,
        Screening,
        ScreeningMark,
    )
    from tugi.audit.models import AuditEvent, EventKind
    from tugi.cases.models import Case, TimelineEntry

    return {
        "screenings": list(Screening.objects.values_list()),
        "marks": list(ScreeningMark.objects.values_list()),
        "needs": list(NeedsAssessment.objects.values_list()),
        "items": list(NeedItem.objects.values_list()),
        "risks": list(RiskAssessment.objects.values_list()),
        "goals": list(Goal.objects.values_list()),
        "actions": list(Action.objects.values_list()),
        "indicators": list(Indicator.objects.order_by("pk").values_list()),
        "risk levels": list(Case.objects.order_by("pk").values_list("pk", "risk_level")),
        "timeline": TimelineEntry.objects.count(),
        "changes": list(
            AuditEvent.objects.exclude(kind__in=[EventKind.READ, EventKind.AUTH]).values_list("action", "object_id")
        ),
    }
