"""Who sees and changes safe-accommodation places (issue 3). Placements are part of a case file and are
reached through the case (``policies_cases.get_case_for``); this module is about the places.

Places are the agency's reference data:

- every staff member of the agency (any role but volunteer) sees the list of its places with name,
  provider, region, capacity and free beds, so anyone on duty can tell whether there is a bed;
- the ADDRESS and phone number of a place are where people in danger sleep. They are shown only to
  those who take people there or answer for it: counsellors and service leads of the services that
  place people (trafficking victim support and victim support), unit heads and administrators of
  the agency. Helpline and pastoral-care counsellors, service managers, coordinators and the data
  protection officer see the place without its address (``can_see_address``);
- new places, edits and deactivation: service leads of those services, unit heads and administrators;
- volunteers see nothing of places.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tugi.access.base import ALLOW, Decision, Policy, deny, load_for, register
from tugi.access.roles import held_roles
from tugi.accounts.models import Role, Service
from tugi.shelters.models import AccommodationPlace

PLACING_SERVICES = frozenset({Service.TRAFFICKING, Service.VICTIM_SUPPORT})
AGENCY_WIDE_ROLES = frozenset({Role.UNIT_HEAD, Role.ADMIN})


def _agency_of(unit_path: str) -> int:
    return int(unit_path.strip("/").split("/")[0])


def _staff_agencies(user: Any) -> set[int]:
    return {_agency_of(h.unit_path) for h in held_roles(user) if h.role != Role.VOLUNTEER}


def _address_agencies(user: Any) -> set[int]:
    """Agencies in which the user takes people to places or answers for them."""
    out = set()
    for held in held_roles(user):
        placing = held.role in {Role.COUNSELLOR, Role.SERVICE_LEAD} and held.service in PLACING_SERVICES
        if placing or held.role in AGENCY_WIDE_ROLES:
            out.add(_agency_of(held.unit_path))
    return out


def _manage_agencies(user: Any) -> set[int]:
    """Agencies whose places the user may add, change and deactivate."""
    out = set()
    for held in held_roles(user):
        lead = held.role == Role.SERVICE_LEAD and held.service in PLACING_SERVICES
        if lead or held.role in AGENCY_WIDE_ROLES:
            out.add(_agency_of(held.unit_path))
    return out


class PlacePolicy(Policy[AccommodationPlace]):
    kind = "shelters.accommodationplace"
    model = AccommodationPlace

    def scope(self, user: Any) -> QuerySet[AccommodationPlace]:
        return AccommodationPlace.objects.filter(agency_id__in=_staff_agencies(user))

    def decide(self, user: Any, action: str, obj: AccommodationPlace) -> Decision:
        if action == "view":
            return ALLOW
        if action == "edit":
            if obj.agency_id in _manage_agencies(user):
                return ALLOW
            return deny(_("Only service leads, unit heads and administrators change accommodation places."))
        return deny(_("This action is not available."))

    def url_of(self, obj: AccommodationPlace) -> str:
        return reverse("shelters:detail", args=[obj.pk])


PLACES = register(PlacePolicy())


# --- public API --------------------------------------------------------------------------------


def visible_places(user: Any) -> QuerySet[AccommodationPlace]:
    return PLACES.visible(user)


def get_place_for(user: Any, pk: object, action: str) -> AccommodationPlace:
    """404 when the place is not the user's agency's (or they are a volunteer), 403 when not allowed."""
    return load_for(PLACES, user, pk, action)


def place_decision(user: Any, action: str, place: AccommodationPlace) -> Decision:
    return PLACES.decide(user, action, place)


def can_see_places(user: Any) -> bool:
    """Staff of an agency see its places; volunteers do not."""
    return bool(_staff_agencies(user))


def can_manage_places(user: Any) -> bool:
    return bool(_manage_agencies(user))


def place_agencies(user: Any) -> set[int]:
    """Agencies in which the user may add places."""
    return _manage_agencies(user)


def can_see_address(user: Any, place: AccommodationPlace) -> bool:
    """May the user see where the place is (address and phone)? See the module's docstring."""
    return place.agency_id in _address_agencies(user)
