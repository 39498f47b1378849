"""Demo safe-accommodation places (made-up names and addresses) and one stay of a demo trafficking case.

``load()`` is idempotent: places are found by name, the stay only made when the case has none.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from tugi.accounts.models import OrgUnit, Region, UnitKind, User
from tugi.cases.models import Case
from tugi.shelters.models import AccommodationPlace, Placement, Suitability
from tugi.shelters.services import place_create, placement_start

# (name, provider, region code, beds, address, phone, suitable for)
PLACES = [
    (
        "Turvakodu Põhja",
        "MTÜ Näidisvarjupaik",
        "pohja",
        6,
        "Näidistänav 1, 10111 Tallinn",
        "+3725550101",
        [Suitability.WOMEN, Suitability.FAMILIES],
    ),
    (
        "Turvakodu Lõuna",
        "SA Näidistugi",
        "louna",
        4,
        "Proovi tee 12, 50111 Tartu",
        "+3725550102",
        [Suitability.WOMEN, Suitability.MEN],
    ),
    (
        "Kriisikorter Ida",
        "Näidislinna Sotsiaalkeskus",
        "ida",
        2,
        "Katse 3-4, 30111 Kohtla-Järve",
        "",
        [Suitability.FAMILIES, Suitability.CHILDREN],
    ),
]


@transaction.atomic
def load() -> dict[str, int]:
    agency = OrgUnit.objects.filter(kind=UnitKind.AGENCY).order_by("pk").first()
    if agency is None:
        return {"places_created": 0, "placements_created": 0}
    actor = User.objects.filter(username="admin", agency=agency).first()
    created = 0
    for name, provider, region, beds, address, phone, suitable in PLACES:
        if AccommodationPlace.objects.filter(agency=agency, name=name).exists():
            continue
        place_create(
            actor=actor,  # type: ignore[arg-type]
            agency=agency,
            name=name,
            provider=provider,
            region=Region.objects.filter(code=region).first(),
            capacity=beds,
            address=address,
            phone=phone,
            suitable_for=list(suitable),
        )
        created += 1
    return {"places_created": created, "placements_created": _demo_stay(agency)}


def _demo_stay(agency: OrgUnit) -> int:
    """The newest open trafficking case of the agency, placed a few days ago if it never was."""
    case = (
        Case.objects.filter(agency=agency, case_type__trafficking=True)
        .exclude(status="closed")
        .select_related("client")
        .order_by("-pk")
        .first()
    )
    if case is None or Placement.objects.filter(client_id=case.client_id).exists():
        return 0
    place = AccommodationPlace.objects.get(agency=agency, name=PLACES[0][0])
    counsellor = case.workers.select_related("user").first()
    placement_start(
        actor=counsellor.user if counsellor else None,  # type: ignore[arg-type]
        case=case,
        place=place,
        starts_on=timezone.localdate() - timedelta(days=3),
        note="Demo stay.",
    )
    return 1
