"""The rules of beds and stays, in the database and in the services: one person in one place at a time,
never more people than beds, free beds counted right."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from tugi.cases.models import CaseType
from tugi.cases.services import case_open
from tugi.core.models import StaleVersion
from tugi.shelters.models import AccommodationPlace, Placement
from tugi.shelters.services import place_create, place_update, placement_end, placement_start, placement_update
from tugi.shelters.tests.conftest import days, state, today


def start(world, case=None, place=None, starts_on=None, ends_on=None):
    return placement_start(
        actor=world.org.counsellor,
        case=case or world.case_a,
        place=place or world.place,
        starts_on=starts_on or today(),
        ends_on=ends_on,
    )


def second_case_of_client_a(world):
    """A victim-support case of the same person as case A: stays are per person, not per case."""
    return case_open(
        actor=world.org.counsellor,
        case_type=CaseType.objects.get(code="victim_support"),
        team=world.org.team_a,
        client=world.case_a.client,
    )


def raw(world, case, starts_on, ends_on=None, place=None):
    """A placement written straight to the database, past the services' checks."""
    return Placement.objects.create(
        place=place or world.place, case=case, client_id=case.client_id, starts_on=starts_on, ends_on=ends_on
    )


# --- The database's own refusals --------------------------------------------------------------------


def test_database_refuses_overlapping_stays_of_one_person(world):
    other_case = second_case_of_client_a(world)
    other_place = place_create(
        actor=world.org.admin, agency=world.org.agency, name="Two", provider="P", capacity=5, address="A"
    )
    raw(world, world.case_a, date(2026, 3, 1), date(2026, 3, 10))

    # Overlapping by one night, in another case and another place: still the same person.
    with pytest.raises(IntegrityError, match="placement_no_overlap_per_client"), transaction.atomic():
        raw(world, other_case, date(2026, 3, 9), None, place=other_place)
    # An open-ended stay before reaches into the first one.
    with pytest.raises(IntegrityError, match="placement_no_overlap_per_client"), transaction.atomic():
        raw(world, world.case_a, date(2026, 2, 1), None)
    assert Placement.objects.count() == 1


def test_database_allows_adjacent_stays_and_other_people(world):
    raw(world, world.case_a, date(2026, 3, 1), date(2026, 3, 10))
    raw(world, world.case_a, date(2026, 3, 10), None)  # moves on the day the first stay ends
    raw(world, world.case_a, date(2026, 2, 20), date(2026, 3, 1))  # and came from somewhere that morning
    raw(world, world.case_b, date(2026, 3, 5), None)  # another person, same dates
    assert Placement.objects.count() == 4


def test_database_refuses_a_stay_ending_before_it_starts(world):
    with pytest.raises(IntegrityError, match="placement_ends_after_start"), transaction.atomic():
        raw(world, world.case_a, date(2026, 3, 10), date(2026, 3, 9))


def test_database_refuses_a_place_without_beds_or_with_a_bad_phone(world):
    fields = {"agency": world.org.agency, "provider": "P", "address": "A"}
    with pytest.raises(IntegrityError, match="place_capacity_positive"), transaction.atomic():
        AccommodationPlace.objects.create(name="Zero", capacity=0, **fields)
    with pytest.raises(IntegrityError, match="place_phone_e164"), transaction.atomic():
        AccommodationPlace.objects.create(name="Phone", capacity=1, phone="5550199", **fields)
    with pytest.raises(IntegrityError, match="place_suitable_for_known"), transaction.atomic():
        AccommodationPlace.objects.create(name="Kinds", capacity=1, suitable_for=["pets"], **fields)


# --- Overlaps in the services -----------------------------------------------------------------------


def test_service_refuses_an_overlapping_stay_and_names_it(world):
    start(world, starts_on=days(-10), ends_on=days(5))
    before = state()

    with pytest.raises(ValidationError) as refused:
        start(world, starts_on=days(4))

    assert "Shelter One" in str(refused.value)
    assert state() == before


def test_service_refuses_an_overlap_in_another_case_without_naming_the_place(world):
    start(world, starts_on=days(-10))
    other_case = second_case_of_client_a(world)
    before = state()

    with translation.override("en"), pytest.raises(ValidationError) as refused:
        start(world, case=other_case, starts_on=days(1))

    assert "Shelter One" not in str(refused.value)
    assert "another case" in str(refused.value)
    assert state() == before


def test_service_allows_adjacent_stays(world):
    first = start(world, starts_on=days(-10), ends_on=today())
    second = start(world, starts_on=today())
    assert first.ends_on == second.starts_on


def test_a_race_lost_to_the_constraint_becomes_the_same_error(world, monkeypatch):
    """Two counsellors save overlapping stays of one person at once: the check passes for both, the
    exclusion constraint refuses the second, and the user gets a form error, not a crash."""
    from tugi.shelters import services

    start(world, starts_on=days(-3))
    monkeypatch.setattr(services, "_check_no_overlap", _passes_first_time(services._check_no_overlap))
    before = state()
    with pytest.raises(ValidationError) as refused:
        start(world, starts_on=days(1))
    assert "Shelter One" in str(refused.value)
    assert state() == before


def _passes_first_time(check):
    calls = []

    def flaky(**kwargs):
        calls.append(kwargs)
        if len(calls) > 1:
            check(**kwargs)

    return flaky


# --- Capacity -----------------------------------------------------------------------------------


def test_capacity_full_is_refused_with_the_place_and_day(world):
    start(world, starts_on=days(-5))  # client A
    start(world, case=world.case_b, starts_on=days(-1))  # client B: the place (2 beds) is full
    third_case = case_open(
        actor=world.org.counsellor,
        case_type=CaseType.objects.get(code="trafficking"),
        team=world.org.team_a,
        client=_client(world, "Third"),
    )
    before = state()

    with pytest.raises(ValidationError) as refused:
        start(world, case=third_case, starts_on=days(-3), ends_on=days(2))

    message = str(refused.value)
    assert "Shelter One" in message and days(-1).strftime("%d.%m.%Y") in message
    assert state() == before
    # Before client B came, there was a bed for two nights.
    start(world, case=third_case, starts_on=days(-3), ends_on=days(-1))


def test_capacity_counts_future_stays(world):
    start(world, starts_on=days(10))
    start(world, case=world.case_b, starts_on=days(12), ends_on=days(20))
    third = _case(world, "Third")

    with pytest.raises(ValidationError):
        start(world, case=third, starts_on=today())  # open-ended: runs into the full days
    start(world, case=third, starts_on=today(), ends_on=days(12))  # leaves the day client B comes


def test_free_beds_now(world):
    start(world, starts_on=days(-5))  # staying
    start(world, case=world.case_b, starts_on=days(-9), ends_on=today())  # left today: the bed is free
    start(world, case=_case(world, "Later"), starts_on=days(3))  # not yet
    place = AccommodationPlace.objects.with_occupancy(today()).get(pk=world.place.pk)
    assert (place.occupied, place.free) == (1, 1)


def test_ending_a_stay_frees_the_bed_and_cannot_start_before_it(world):
    stay = start(world, starts_on=days(-5))
    with pytest.raises(ValidationError):
        placement_end(
            actor=world.org.counsellor, case=world.case_a, placement=stay, ends_on=days(-6), expected_version=1
        )
    placement_end(actor=world.org.counsellor, case=world.case_a, placement=stay, ends_on=today(), expected_version=1)
    stay.refresh_from_db()
    assert stay.ends_on == today() and stay.version == 2
    with pytest.raises(ValidationError):  # ended today: nothing more to end
        placement_end(
            actor=world.org.counsellor, case=world.case_a, placement=stay, ends_on=today(), expected_version=2
        )


def test_stale_edit_of_a_stay_is_refused(world):
    stay = start(world, starts_on=days(-5))
    placement_update(
        actor=world.org.counsellor, case=world.case_a, placement=stay, expected_version=1, changes={"note": "first"}
    )
    old = Placement.objects.get(pk=stay.pk)
    old.version = 1
    with pytest.raises(StaleVersion):
        placement_update(
            actor=world.org.counsellor, case=world.case_a, placement=old, expected_version=1, changes={"note": "second"}
        )
    assert Placement.objects.get(pk=stay.pk).note == "first"


def test_moving_a_stay_to_a_full_place_is_refused(world):
    small = place_create(
        actor=world.org.admin, agency=world.org.agency, name="Small", provider="P", capacity=1, address="A"
    )
    start(world, case=world.case_b, place=small, starts_on=days(-3))
    stay = start(world, starts_on=days(-5))
    before = state()
    with pytest.raises(ValidationError) as refused:
        placement_update(
            actor=world.org.counsellor, case=world.case_a, placement=stay, expected_version=1, changes={"place": small}
        )
    assert "Small" in str(refused.value)
    assert state() == before


def test_shortening_a_stay_succeeds_even_in_an_overfull_place(world):
    stay = start(world, starts_on=days(-5))
    start(world, case=world.case_b, starts_on=days(-3))
    # The place has lost a bed since (written straight to the database): it holds more than it may.
    AccommodationPlace.objects.filter(pk=world.place.pk).update(capacity=1)
    placement_update(
        actor=world.org.counsellor,
        case=world.case_a,
        placement=stay,
        expected_version=1,
        changes={"starts_on": days(-4), "ends_on": days(1)},
    )
    stay.refresh_from_db()
    assert (stay.starts_on, stay.ends_on, stay.version) == (days(-4), days(1), 2)
    # Lengthening it again takes nights the place does not have.
    with pytest.raises(ValidationError):
        placement_update(
            actor=world.org.counsellor, case=world.case_a, placement=stay, expected_version=2, changes={"ends_on": None}
        )


def test_place_cannot_get_fewer_beds_than_people_or_be_closed_while_used(world):
    start(world, starts_on=days(-5))
    start(world, case=world.case_b, starts_on=days(2))
    place = world.place
    with pytest.raises(ValidationError) as refused:
        place_update(actor=world.org.admin, place=place, expected_version=1, changes={"capacity": 1})
    assert "capacity" in refused.value.error_dict
    with pytest.raises(ValidationError) as refused:
        place_update(actor=world.org.admin, place=place, expected_version=1, changes={"is_active": False})
    assert "is_active" in refused.value.error_dict
    place.refresh_from_db()
    assert (place.capacity, place.is_active, place.version) == (2, True, 1)


def test_a_closed_case_or_inactive_place_takes_no_new_stay(world):
    place = world.place
    place_update(actor=world.org.admin, place=place, expected_version=1, changes={"is_active": False})
    with pytest.raises(ValidationError):
        start(world, place=place)
    assert not Placement.objects.exists()


def _client(world, name):
    from tugi.clients.services import client_create

    return client_create(actor=world.org.counsellor, agency=world.org.agency, pseudonym=name)


def _case(world, name):
    return case_open(
        actor=world.org.counsellor,
        case_type=CaseType.objects.get(code="trafficking"),
        team=world.org.team_a,
        client=_client(world, name),
    )
