"""Fixtures of the safe-accommodation tests: the base cases of the access tests and a shelter."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone, translation
from django.utils.html import escape

from tugi.access.tests.conftest import base_cases


@dataclass
class World:
    org: Any
    case_a: Any  # trafficking, team A: the counsellor responsible, the head above
    case_b: Any  # victim support, team B: the outsider named
    place: Any  # "Shelter One", 2 beds, with an address and phone


@pytest.fixture
def world(org: Any) -> World:
    from tugi.shelters.services import place_create

    cases = base_cases(org)
    place = place_create(
        actor=org.admin,
        agency=org.agency,
        name="Shelter One",
        provider="Shelter NGO",
        capacity=2,
        address="Hidden street 7, Tallinn",
        phone="+3725550199",
    )
    return World(org=org, case_a=cases["case_a"], case_b=cases["case_b"], place=place)


def today() -> date:
    return timezone.localdate()


def days(n: int) -> date:
    return today() + timedelta(days=n)


def dmy(day: date) -> str:
    return day.strftime("%d.%m.%Y")


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
    from tugi.shelters.models import AccommodationPlace, Placement

    return {
        "places": list(AccommodationPlace.objects.order_by("pk").values_list()),
        "placements": list(Placement.objects.order_by("pk").values_list()),
        "timeline": TimelineEntry.objects.count(),
        "changes": list(
            AuditEvent.objects.exclude(kind__in=[EventKind.READ, EventKind.AUTH]).values_list("action", "object_id")
        ),
    }
