"""Permission matrix of the safe-accommodation pages (issue 3). Merged into ``matrix.MATRIX``.

Places are the agency's reference data (``access.policies_shelters``): every staff persona sees them
(the volunteer does not: 403 on the list, 404 on a place); the head and the admin change them.
Stays are reached through their case: ``case_a`` for the counsellor and the head, ``case_b`` for the
outsider; everyone else gets 404.

World (``build``): the place "Matrix shelter" (3 beds) of the agency, and the open-ended stay of
``client_a`` there through ``case_a`` since 01.01.2020.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tugi.access.tests.matrix_kit import LOGIN, Case, NotRequested, Redirect, Ref, only, row

PLACE = {"pk": Ref("record", "place")}
CASE_A = {"case_pk": Ref("record", "case_a")}
CASE_B = {"case_pk": Ref("record", "case_b")}
STAY = {"case_pk": Ref("record", "case_a"), "pk": Ref("record", "placement")}
STAY_VIA_B = {"case_pk": Ref("record", "case_b"), "pk": Ref("record", "placement")}

TO_PLACE = Redirect("/shelters/{pk}/", exact=True)
ANY_PLACE = Redirect("/shelters/")
TO_TAB = Redirect("/cases/{case_pk}/accommodation/", exact=True)

NEW_PLACE = {
    "name": "New shelter",
    "provider": "Shelter NGO",
    "region": "",
    "capacity": "4",
    "address": "Secret street 1, Tallinn",
    "phone": "+372 5123 4567",
    "suitable_for": ["women"],
    "note": "",
}
PLACE_EDIT = {
    "name": "Matrix shelter renamed",
    "provider": "Shelter NGO",
    "region": "",
    "capacity": "5",
    "address": "Secret street 2, Tallinn",
    "phone": "",
    "note": "",
    "is_active": "on",
    "version": Ref("version", "place"),
}
NEW_STAY = {"place": Ref("record", "place"), "starts_on": "01.06.2019", "ends_on": "01.07.2019", "note": "Before"}
OVERLAPPING_STAY = {"place": Ref("record", "place"), "starts_on": "01.06.2021", "ends_on": "", "note": ""}
END_STAY = {"ends_on": "01.01.2021", "ended_note": "Moved home", "version": Ref("version", "placement")}
STAY_EDIT = {
    "place": Ref("record", "place"),
    "starts_on": "02.01.2020",
    "ends_on": "",
    "note": "Corrected the start",
    "version": Ref("version", "placement"),
}


def build(world: Any) -> dict[str, Any]:
    from tugi.shelters.services import place_create, placement_start

    org = world.org
    place = place_create(
        actor=org.admin,
        agency=org.agency,
        name="Matrix shelter",
        provider="Shelter NGO",
        capacity=3,
        address="Secret street 1, Tallinn",
        phone="+3725550101",
    )
    placement = placement_start(
        actor=org.counsellor, case=world.records["case_a"], place=place, starts_on=date(2020, 1, 1)
    )
    return {"place": place, "placement": placement}


ENTRIES: dict[str, list[Case] | NotRequested] = {
    "shelters:list": [
        Case("GET", row(200, anonymous=LOGIN, volunteer=403), label="staff see the agency's places"),
    ],
    "shelters:new": [
        Case("GET", only(403, head=200, admin=200)),
        Case("POST", only(403, head=ANY_PLACE, admin=ANY_PLACE), label="a new place", data=NEW_PLACE),
        Case(
            "POST",
            only(403, head=200, admin=200),
            label="no beds (bad input)",
            data=NEW_PLACE | {"capacity": "0"},
        ),
    ],
    "shelters:detail": [
        Case("GET", row(200, anonymous=LOGIN, volunteer=404), label="the place", kwargs=PLACE),
        Case("GET", only(404), label="no such place", kwargs={"pk": 999_999_999}),
    ],
    "shelters:edit": [
        Case("GET", only(403, head=200, admin=200, volunteer=404), label="the place", kwargs=PLACE),
        Case(
            "POST",
            only(403, head=TO_PLACE, admin=TO_PLACE, volunteer=404),
            label="rename, more beds",
            kwargs=PLACE,
            data=PLACE_EDIT,
        ),
        Case(
            "POST",
            only(403, head=200, admin=200, volunteer=404),
            label="stale version",
            kwargs=PLACE,
            data=PLACE_EDIT | {"version": 0},
        ),
    ],
    "shelters:case": [
        Case("GET", only(404, counsellor=200, head=200), label="case A", kwargs=CASE_A),
        Case("GET", only(404, outsider=200), label="case B", kwargs=CASE_B),
    ],
    "shelters:place": [
        Case("GET", only(404, counsellor=200, head=200), label="case A", kwargs=CASE_A),
        Case(
            "POST",
            only(404, counsellor=TO_TAB, head=TO_TAB),
            label="case A, an earlier stay",
            kwargs=CASE_A,
            data=NEW_STAY,
        ),
        Case(
            "POST",
            only(404, counsellor=200, head=200),
            label="case A, overlapping the open stay (refused)",
            kwargs=CASE_A,
            data=OVERLAPPING_STAY,
        ),
        Case("POST", only(404, outsider=TO_TAB), label="case B", kwargs=CASE_B, data=NEW_STAY),
    ],
    "shelters:end": [
        Case("GET", only(404, counsellor=200, head=200), label="case A's stay", kwargs=STAY),
        Case("POST", only(404, counsellor=TO_TAB, head=TO_TAB), label="case A's stay", kwargs=STAY, data=END_STAY),
        Case(
            "POST",
            only(404, counsellor=200, head=200),
            label="before the move-in (bad input)",
            kwargs=STAY,
            data=END_STAY | {"ends_on": "31.12.2019"},
        ),
        Case("POST", only(404), label="case A's stay addressed through case B", kwargs=STAY_VIA_B, data=END_STAY),
    ],
    "shelters:placement_edit": [
        Case("GET", only(404, counsellor=200, head=200), label="case A's stay", kwargs=STAY),
        Case("POST", only(404, counsellor=TO_TAB, head=TO_TAB), label="case A's stay", kwargs=STAY, data=STAY_EDIT),
        Case(
            "POST",
            only(404, counsellor=200, head=200),
            label="stale version",
            kwargs=STAY,
            data=STAY_EDIT | {"version": 0},
        ),
        Case("GET", only(404), label="case A's stay addressed through case B", kwargs=STAY_VIA_B),
    ],
}
