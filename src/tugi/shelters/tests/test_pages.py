"""Safe accommodation through HTTP, as the personas act: who sees the list, who sees where a place is,
placing a person, ending and correcting a stay. Every refusal checks that nothing changed."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tugi.audit.models import AuditEvent
from tugi.cases.models import TimelineEntry
from tugi.shelters.models import AccommodationPlace, Placement
from tugi.shelters.services import place_create, placement_start
from tugi.shelters.tests.conftest import days, dmy, said, state, today

ADDRESS = "Hidden street 7, Tallinn"
PHONE = "+3725550199"


def tab(case) -> str:
    return f"/cases/{case.pk}/accommodation/"


def stay(world, case=None, starts_on=None, ends_on=None, place=None):
    return placement_start(
        actor=world.org.counsellor,
        case=case or world.case_a,
        place=place or world.place,
        starts_on=starts_on or days(-2),
        ends_on=ends_on,
    )


def version_in(html: str) -> int:
    match = re.search(r'name="version" value="(\d+)"', html)
    assert match, "the form carries no version"
    return int(match.group(1))


# --- The list of places ------------------------------------------------------------------------------


def test_staff_see_places_with_free_beds_and_volunteers_do_not(world, login):
    stay(world)
    for persona in ("counsellor", "outsider", "head", "admin", "dpo"):
        page = login(getattr(world.org, persona)).get("/shelters/")
        assert page.status_code == 200, persona
        html = page.content.decode()
        assert "Shelter One" in html
        row = html[html.index("Shelter One") :]
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        assert [c.strip() for c in cells[2:5]] == ["2", "1", "1"], persona  # beds, occupied today, free now
        assert ADDRESS not in html  # the list never shows where a place is

    assert login(world.org.volunteer).get("/shelters/").status_code == 403


def test_list_filters_by_region_and_free_beds(world, login):
    from tugi.accounts.models import Region

    north = Region.objects.create(code="north", name="North")
    place_create(
        actor=world.org.admin,
        agency=world.org.agency,
        name="Northern Home",
        provider="P",
        capacity=1,
        address="A",
        region=north,
    )
    stay(world)
    stay(world, case=world.case_b)  # Shelter One is full now
    client = login(world.org.counsellor)

    html = client.get(f"/shelters/?region={north.pk}").content.decode()
    assert "Northern Home" in html and "Shelter One" not in html
    html = client.get("/shelters/?free=on").content.decode()
    assert "Northern Home" in html and "Shelter One" not in html
    html = client.get("/shelters/?region=not-a-region").content.decode()  # bad filter: ignored, all shown
    assert "Northern Home" in html and "Shelter One" in html


def test_free_beds_are_one_query_however_many_places(world, login):
    client = login(world.org.counsellor)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/shelters/").status_code == 200
        return len(captured)

    stay(world)
    few = queries()
    for n in range(5):
        place = place_create(
            actor=world.org.admin, agency=world.org.agency, name=f"More {n}", provider="P", capacity=3, address="A"
        )
        stay(world, case=_case(world, f"Guest {n}"), place=place)
    assert queries() == few


# --- Where a place is -----------------------------------------------------------------------------------


def test_address_shown_to_those_who_take_people_there_only(world, login):
    url = f"/shelters/{world.place.pk}/"
    for persona in ("counsellor", "head", "admin"):
        html = login(getattr(world.org, persona)).get(url).content.decode()
        assert ADDRESS in html and PHONE in html, persona
    for persona in ("outsider", "dpo"):  # a helpline counsellor; the data protection officer
        page = login(getattr(world.org, persona)).get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Shelter One" in html
        assert ADDRESS not in html and PHONE not in html, persona
    assert login(world.org.volunteer).get(url).status_code == 404


def test_place_page_names_only_the_cases_the_reader_sees(world, login):
    stay(world)  # case A
    stay(world, case=world.case_b, starts_on=days(3))  # case B, coming
    url = f"/shelters/{world.place.pk}/"

    html = login(world.org.counsellor).get(url).content.decode()
    assert world.case_a.reference in html and world.case_b.reference not in html
    assert _other_placements(html) == 1  # case B's stay, counted only

    html = login(world.org.outsider).get(url).content.decode()
    assert world.case_b.reference in html and world.case_a.reference not in html

    html = login(world.org.dpo).get(url).content.decode()
    assert world.case_a.reference not in html and world.case_b.reference not in html
    assert _other_placements(html) == 2


def _other_placements(html: str) -> int:
    """The sum of the "N other placement(s)" lines of a place page."""
    return sum(int(n) for n in re.findall(r'<li class="muted">(\d+) ', html))


def test_case_tab_shows_the_stay_and_the_address_to_the_counsellor(world, login):
    current = stay(world)
    html = login(world.org.counsellor).get(tab(world.case_a)).content.decode()
    assert "Shelter One" in html and ADDRESS in html
    assert 'aria-current="true"' in html  # the current stay stands out
    assert f"/cases/{world.case_a.pk}/accommodation/{current.pk}/end/" in html


def test_case_tab_hides_the_address_from_a_helpline_counsellor(world, login):
    stay(world, case=world.case_b)
    html = login(world.org.outsider).get(tab(world.case_b)).content.decode()
    assert "Shelter One" in html
    assert ADDRESS not in html and PHONE not in html


def test_outsider_gets_404_on_case_a_and_changes_nothing(world, login):
    current = stay(world)
    client = login(world.org.outsider)
    before = state()
    assert client.get(tab(world.case_a)).status_code == 404
    assert client.get(f"{tab(world.case_a)}place/").status_code == 404
    posts = {
        f"{tab(world.case_a)}place/": {"place": world.place.pk, "starts_on": dmy(days(30))},
        f"{tab(world.case_a)}{current.pk}/end/": {"ends_on": dmy(today()), "version": 1},
        f"{tab(world.case_a)}{current.pk}/edit/": {"place": world.place.pk, "starts_on": dmy(days(-9)), "version": 1},
        # Case A's stay addressed through the outsider's own case B: not found there either.
        f"{tab(world.case_b)}{current.pk}/end/": {"ends_on": dmy(today()), "version": 1},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    assert state() == before


def test_volunteer_and_others_cannot_change_places(world, login):
    data = _place_data(name="Renamed", version=1)
    before = state()
    for persona, status in (("counsellor", 403), ("outsider", 403), ("dpo", 403), ("volunteer", 404)):
        client = login(getattr(world.org, persona))
        assert client.post(f"/shelters/{world.place.pk}/edit/", data).status_code == status, persona
        assert client.post("/shelters/new/", _place_data(name="Another")).status_code == 403, persona
    assert state() == before


# --- Placing, ending, correcting ----------------------------------------------------------------------


def test_counsellor_places_the_person(world, login):
    client = login(world.org.counsellor)
    assert client.get(f"{tab(world.case_a)}place/").status_code == 200
    response = client.post(
        f"{tab(world.case_a)}place/",
        {"place": world.place.pk, "starts_on": dmy(today()), "ends_on": "", "note": "Night arrival"},
    )
    assert response.status_code == 302 and response["Location"] == tab(world.case_a)
    placement = Placement.objects.get()
    assert (placement.client_id, placement.case_id, placement.starts_on, placement.ends_on) == (
        world.case_a.client_id,
        world.case_a.pk,
        today(),
        None,
    )
    event = AuditEvent.objects.get(action="shelters.placement.started")
    assert event.subject_id == str(world.case_a.client_id) and event.actor_id == world.org.counsellor.pk
    line = TimelineEntry.objects.filter(case=world.case_a, data__event="placement_started").get()
    assert "Shelter One" in line.title


def test_overlapping_stay_is_refused_with_a_form_error(world, login):
    stay(world, starts_on=days(-10), ends_on=days(5))
    client = login(world.org.counsellor)
    before = state()
    response = client.post(
        f"{tab(world.case_a)}place/", {"place": world.place.pk, "starts_on": dmy(days(4)), "note": "kept"}
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["starts_on"]
    expected = said(
        "This person already stays in %(place)s from %(start)s to %(end)s: the dates overlap.",
        escaped=False,
        place="Shelter One",
        start=dmy(days(-10)),
        end=dmy(days(5)),
    )
    assert list(errors) == [expected]
    assert "kept" in response.content.decode()  # the user's input stays
    assert state() == before


def test_full_place_is_refused(world, login):
    stay(world)
    stay(world, case=world.case_b)
    third = _case(world, "Third")
    client = login(world.org.counsellor)
    before = state()
    response = client.post(f"{tab(third)}place/", {"place": world.place.pk, "starts_on": dmy(today())})
    assert response.status_code == 200
    html = response.content.decode()
    assert (
        said(
            "%(place)s is full on %(day)s (beds: %(beds)s). Choose other dates or another place.",
            place="Shelter One",
            day=dmy(today()),
            beds=2,
        )
        in html
    )
    assert state() == before


def test_bad_input_is_refused_and_changes_nothing(world, login):
    current = stay(world)
    client = login(world.org.counsellor)
    before = state()
    bad_posts = [
        (f"{tab(world.case_a)}place/", {"place": world.place.pk, "starts_on": "31.02.2026"}, "starts_on"),
        (f"{tab(world.case_a)}place/", {"place": 999_999, "starts_on": dmy(days(40))}, "place"),
        (
            f"{tab(world.case_a)}place/",
            {"place": world.place.pk, "starts_on": dmy(days(40)), "ends_on": dmy(days(39))},
            "ends_on",
        ),
        (f"{tab(world.case_a)}{current.pk}/end/", {"ends_on": dmy(days(-3)), "version": 1}, "ends_on"),
        (f"{tab(world.case_a)}{current.pk}/end/", {"ends_on": "", "version": 1}, "ends_on"),
    ]
    for url, data, field in bad_posts:
        response = client.post(url, data)
        assert response.status_code == 200, (url, data)
        assert field in response.context["form"].errors, (url, data)
    admin = login(world.org.admin)
    for data, field in (
        (_place_data(name="Zero", capacity="0"), "capacity"),
        (_place_data(name="Phone", phone="12"), "phone"),
        (_place_data(name="Shelter One"), "name"),  # the agency has it already
    ):
        response = admin.post("/shelters/new/", data)
        assert response.status_code == 200, data
        assert field in response.context["form"].errors, data
    assert state() == before


def test_ending_and_correcting_a_stay(world, login):
    current = stay(world, starts_on=days(-5))
    client = login(world.org.counsellor)
    page = client.get(f"{tab(world.case_a)}{current.pk}/end/")
    response = client.post(
        f"{tab(world.case_a)}{current.pk}/end/",
        {"ends_on": dmy(today()), "ended_note": "Returned home", "version": version_in(page.content.decode())},
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert (current.ends_on, current.ended_note, current.version) == (today(), "Returned home", 2)
    assert AuditEvent.objects.filter(action="shelters.placement.ended", object_id=str(current.pk)).count() == 1
    assert TimelineEntry.objects.filter(case=world.case_a, data__event="placement_ended").count() == 1

    page = client.get(f"{tab(world.case_a)}{current.pk}/edit/")
    response = client.post(
        f"{tab(world.case_a)}{current.pk}/edit/",
        {
            "place": world.place.pk,
            "starts_on": dmy(days(-6)),
            "ends_on": dmy(today()),
            "note": "Arrived a day earlier",
            "version": version_in(page.content.decode()),
        },
    )
    assert response.status_code == 302
    current.refresh_from_db()
    assert (current.starts_on, current.note, current.version) == (days(-6), "Arrived a day earlier", 3)


def test_stale_versions_are_refused_and_the_input_kept(world, login):
    current = stay(world, starts_on=days(-5))
    client = login(world.org.counsellor)
    old_form = client.get(f"{tab(world.case_a)}{current.pk}/edit/").content.decode()
    old = version_in(old_form)
    Placement.objects.filter(pk=current.pk).update(version=old + 1)  # someone else saved meanwhile
    before = state()
    response = client.post(
        f"{tab(world.case_a)}{current.pk}/edit/",
        {"place": world.place.pk, "starts_on": dmy(days(-5)), "note": "my typing", "version": old},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "my typing" in html
    assert (
        said(
            "Someone else changed this record while you were editing it. Your input is kept below; "
            "check the current values and save again."
        )
        in html
    )
    response = client.post(f"{tab(world.case_a)}{current.pk}/end/", {"ends_on": dmy(today()), "version": old})
    assert response.status_code == 200
    assert state() == before

    admin = login(world.org.admin)
    before = state()
    response = admin.post(f"/shelters/{world.place.pk}/edit/", _place_data(name="Renamed", version=0))
    assert response.status_code == 200 and "Renamed" in response.content.decode()
    assert state() == before


def test_head_adds_and_edits_a_place(world, login):
    client = login(world.org.head)
    response = client.post("/shelters/new/", _place_data(name="New Home", phone="5123 4567"))
    place = AccommodationPlace.objects.get(name="New Home")
    assert response["Location"] == f"/shelters/{place.pk}/"
    assert (place.agency_id, place.phone, place.suitable_for) == (world.org.agency.pk, "+37251234567", ["women"])
    assert AuditEvent.objects.filter(action="shelters.place.created", object_id=str(place.pk)).exists()

    form = client.get(f"/shelters/{place.pk}/edit/").content.decode()
    response = client.post(
        f"/shelters/{place.pk}/edit/", _place_data(name="New Home", capacity="6", version=version_in(form))
    )
    assert response.status_code == 302
    place.refresh_from_db()
    assert (place.capacity, place.version) == (6, 2)


def _place_data(**overrides):
    data = {
        "name": "Shelter",
        "provider": "Shelter NGO",
        "region": "",
        "capacity": "3",
        "address": "Somewhere 1",
        "phone": "",
        "suitable_for": ["women"],
        "note": "",
        "is_active": "on",
    }
    data.update(overrides)
    return data


def _case(world, name):
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open
    from tugi.clients.services import client_create

    client = client_create(actor=world.org.counsellor, agency=world.org.agency, pseudonym=name)
    return case_open(
        actor=world.org.counsellor,
        case_type=CaseType.objects.get(code="trafficking"),
        team=world.org.team_a,
        client=client,
    )


def test_a_stay_in_a_case_the_reader_does_not_see_shows_only_its_dates(world, login):
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open

    # The same person also has a victim-support case in team B (the outsider's), not visible to the counsellor.
    other = case_open(
        actor=world.org.outsider,
        case_type=CaseType.objects.get(code="victim_support"),
        team=world.org.team_b,
        client=world.case_a.client,
    )
    second = place_create(
        actor=world.org.admin, agency=world.org.agency, name="Second Home", provider="P", capacity=1, address="A"
    )
    stay(world, case=other, place=second, starts_on=days(-20), ends_on=days(-10))
    stay(world, starts_on=days(-2))

    html = login(world.org.counsellor).get(tab(world.case_a)).content.decode()
    assert "Shelter One" in html
    assert "Second Home" not in html and other.reference not in html
    assert dmy(days(-20)) in html  # the dates explain why those days cannot be booked

    html = login(world.org.outsider).get(tab(other)).content.decode()
    assert "Second Home" in html
    assert "Shelter One" not in html and world.case_a.reference not in html


def test_demo_places_load_once(world):
    from tugi.shelters import demo

    first = demo.load()
    assert first == {"places_created": 3, "placements_created": 1}
    assert demo.load() == {"places_created": 0, "placements_created": 0}
    assert AccommodationPlace.objects.filter(agency=world.org.agency).count() == 4  # with the world's own
    assert Placement.objects.get().case == world.case_a
