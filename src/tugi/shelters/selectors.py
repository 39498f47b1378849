"""Reads of safe accommodation: places with their free beds, and the stays a page may show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, Q, QuerySet

from tugi.access.policies_cases import visible_cases
from tugi.access.policies_shelters import visible_places
from tugi.cases.models import Case
from tugi.shelters.models import AccommodationPlace, Placement


def places_with_beds(user: Any, day: date, *, active_only: bool = True) -> QuerySet[AccommodationPlace]:
    """The user's places with ``occupied`` and ``free`` beds on ``day``: one query, however many places."""
    places = visible_places(user).select_related("region").with_occupancy(day)  # type: ignore[attr-defined]
    if active_only:
        places = places.filter(is_active=True)
    return places.order_by("name", "pk")  # type: ignore[no-any-return]


@dataclass
class PlaceStays:
    """Stays at a place from a day on, split into now and later. A stay in a case the user sees is
    listed (with the case reference); the others are only counted."""

    current: list[Placement]
    upcoming: list[Placement]
    hidden_current: int
    hidden_upcoming: int

    @property
    def occupied(self) -> int:
        return len(self.current) + self.hidden_current


def current_and_upcoming(user: Any, place: AccommodationPlace, day: date) -> PlaceStays:
    stays = list(
        Placement.objects.filter(place=place)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .exclude(ends_on=F("starts_on"))
        .select_related("case")
        .order_by("starts_on", "pk")
    )
    case_ids = {s.case_id for s in stays}
    seen = set(visible_cases(user).filter(pk__in=case_ids).values_list("pk", flat=True)) if case_ids else set()
    now = [s for s in stays if s.starts_on <= day]
    later = [s for s in stays if s.starts_on > day]
    return PlaceStays(
        current=[s for s in now if s.case_id in seen],
        upcoming=[s for s in later if s.case_id in seen],
        hidden_current=sum(1 for s in now if s.case_id not in seen),
        hidden_upcoming=sum(1 for s in later if s.case_id not in seen),
    )


@dataclass
class CaseStay:
    placement: Placement
    here: bool  # in this case (may be changed from this page)
    case_visible: bool  # another case of the person the user sees
    current: bool
    upcoming: bool


def client_stays(user: Any, case: Case, day: date) -> list[CaseStay]:
    """Every stay of the case's client, newest first. Stays in other cases of the person that the
    user does not see show only their dates (they explain a refused overlap)."""
    stays = list(
        Placement.objects.filter(client_id=case.client_id)
        .select_related("place", "place__region", "case")
        .order_by("-starts_on", "-pk")
    )
    others = {s.case_id for s in stays if s.case_id != case.pk}
    seen = set(visible_cases(user).filter(pk__in=others).values_list("pk", flat=True)) if others else set()
    return [
        CaseStay(
            placement=s,
            here=s.case_id == case.pk,
            case_visible=s.case_id == case.pk or s.case_id in seen,
            current=s.is_current(day),
            upcoming=s.is_upcoming(day),
        )
        for s in stays
    ]
