"""Indicator screening through HTTP: choosing the list, ticking, the result per dimension and
overall kept with the screening, bad input, and who may see and record it."""

from __future__ import annotations

import re

from tugi.assessments.models import Dimension, Indicator, Screening, Strength
from tugi.assessments.services import indicator_update
from tugi.assessments.tests.conftest import days, dmy, said, state, today
from tugi.audit.models import AuditEvent
from tugi.cases.models import TimelineEntry


def new_url(case) -> str:
    return f"/cases/{case.pk}/assessments/screenings/new/"


def pick(dimension: str, strength: str, n: int = 1, target: str = "adult", exploitation: str = "labour") -> list[int]:
    rows = Indicator.objects.filter(
        target=target, exploitation=exploitation, dimension=dimension, strength=strength, active=True
    ).order_by("order")
    picked = list(rows.values_list("pk", flat=True)[:n])
    assert len(picked) == n
    return picked


def trafficking_marks() -> list[int]:
    """Adult labour: deceptive recruitment (1 strong + 1 medium), exploitation (1 strong + 1 weak),
    coercion at destination (2 strong): every group of the adult rule positive."""
    return (
        pick(Dimension.DECEPTIVE, Strength.STRONG)
        + pick(Dimension.DECEPTIVE, Strength.MEDIUM)
        + pick(Dimension.EXPLOITATION, Strength.STRONG)
        + pick(Dimension.EXPLOITATION, Strength.WEAK)
        + pick(Dimension.COERCION_DESTINATION, Strength.STRONG, 2)
    )


def post(client, case, indicators, **extra):
    data = {"target": "adult", "exploitation": "labour", "screened_on": dmy(today()), "indicators": indicators}
    data.update(extra)
    return client.post(new_url(case), data)


def test_the_counsellor_screens_and_the_result_is_kept(world, login):
    client = login(world.org.counsellor)
    step_one = client.get(new_url(world.case_a))
    assert step_one.status_code == 200
    assert 'name="target"' in step_one.content.decode()

    step_two = client.get(new_url(world.case_a) + "?target=adult&exploitation=labour")
    html = step_two.content.decode()
    assert step_two.status_code == 200
    assert html.count('name="indicators"') == Indicator.objects.filter(target="adult", exploitation="labour").count()

    marks = trafficking_marks()
    response = post(client, world.case_a, marks, note="Met at the police station")
    screening = Screening.objects.get(case=world.case_a)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case_a.pk}/assessments/screenings/{screening.pk}/"
    assert screening.likely is True
    assert screening.screened_by == world.org.counsellor
    assert screening.screened_on == today()
    assert sorted(screening.marks.values_list("indicator_id", flat=True)) == sorted(marks)
    dims = screening.results["dimensions"]
    assert dims[Dimension.DECEPTIVE] == {"strong": 1, "medium": 1, "weak": 0, "offered": 10, "positive": True}
    assert dims[Dimension.EXPLOITATION]["positive"] and dims[Dimension.COERCION_DESTINATION]["positive"]
    assert not dims[Dimension.COERCIVE]["positive"]
    assert [g["positive"] for g in screening.results["groups"]] == [True, True, True]

    event = AuditEvent.objects.get(action="assessments.screening.created")
    assert (event.subject_type, event.subject_id) == ("clients.client", str(world.case_a.client_id))
    assert event.data["likely"] is True
    line = TimelineEntry.objects.filter(case=world.case_a, data__event="screening").get()
    assert line.title == said("Indicator screening (a screening aid): indicators of trafficking present")

    detail = client.get(response["Location"]).content.decode()
    assert said("indicators of trafficking present") in detail
    assert said("positive") in detail


def test_two_groups_without_the_third_is_not_shown_as_trafficking(world, login):
    client = login(world.org.counsellor)
    marks = pick(Dimension.COERCIVE, Strength.STRONG) + pick(Dimension.COERCIVE, Strength.MEDIUM, 2)
    marks += pick(Dimension.EXPLOITATION, Strength.MEDIUM, 3)
    marks += pick(Dimension.VULNERABILITY_DESTINATION, Strength.MEDIUM)  # one medium: not positive
    assert post(client, world.case_a, marks).status_code == 302
    screening = Screening.objects.get()
    assert screening.likely is False
    assert [g["positive"] for g in screening.results["groups"]] == [True, True, False]
    line = TimelineEntry.objects.filter(case=world.case_a, data__event="screening").get()
    assert line.title == said(
        "Indicator screening (a screening aid): indicators of trafficking not present in combination"
    )


def test_a_child_screening_uses_the_child_list_and_rule(world, login):
    client = login(world.org.counsellor)
    marks = pick(Dimension.DECEPTIVE, Strength.STRONG, 2, target="child", exploitation="sexual")
    marks += pick(Dimension.EXPLOITATION, Strength.STRONG, 2, target="child", exploitation="sexual")
    response = post(client, world.case_a, marks, target="child", exploitation="sexual")
    assert response.status_code == 302
    screening = Screening.objects.get()
    assert (screening.target, screening.exploitation, screening.likely) == ("child", "sexual", True)
    assert [g["key"] for g in screening.results["groups"]] == ["recruitment", "exploitation"]


def test_the_result_stays_as_it_was_when_the_lists_change(world, login):
    client = login(world.org.counsellor)
    marks = trafficking_marks()
    post(client, world.case_a, marks)
    screening = Screening.objects.get()
    kept = dict(screening.results)
    weakened = Indicator.objects.get(pk=marks[0])
    indicator_update(
        actor=world.lead,
        indicator=weakened,
        expected_version=weakened.version,
        changes={"strength": "weak", "active": False},
    )

    screening.refresh_from_db()
    assert screening.results == kept
    assert screening.likely is True
    assert screening.marks.get(indicator=weakened).strength == "strong"
    detail = client.get(f"/cases/{world.case_a.pk}/assessments/screenings/{screening.pk}/")
    assert weakened.text_et in detail.content.decode()
    # The deactivated indicator is no longer offered to new screenings.
    form = client.get(new_url(world.case_a) + "?target=adult&exploitation=labour").content.decode()
    assert f'value="{weakened.pk}"' not in form


def test_nothing_ticked_needs_an_explicit_none(world, login):
    client = login(world.org.counsellor)
    before = state()
    response = post(client, world.case_a, [])
    assert response.status_code == 400
    assert said("Tick the indicators found, or tick “None of these indicators applies” if there are none.") in (
        response.content.decode()
    )
    assert state() == before

    response = post(client, world.case_a, pick(Dimension.DECEPTIVE, Strength.MEDIUM), none_observed="on")
    assert response.status_code == 400
    assert state() == before

    assert post(client, world.case_a, [], none_observed="on", note="Nothing found").status_code == 302
    screening = Screening.objects.get()
    assert screening.likely is False
    assert not screening.marks.exists()


def test_bad_input_is_refused_and_kept(world, login):
    client = login(world.org.counsellor)
    marks = pick(Dimension.DECEPTIVE, Strength.STRONG)
    inactive = Indicator.objects.filter(target="adult", exploitation="labour").exclude(pk__in=marks).first()
    Indicator.objects.filter(pk=inactive.pk).update(active=False)
    child_one = pick(Dimension.DECEPTIVE, Strength.STRONG, target="child")
    before = state()
    cases = [
        {"indicators": [*marks, inactive.pk]},  # no longer in use
        {"indicators": marks + child_one},  # from another list
        {"indicators": marks, "screened_on": dmy(days(1))},  # in the future
        {"indicators": marks, "screened_on": "31.02.2026"},
        {"indicators": ["abc"]},
    ]
    for extra in cases:
        data = {"target": "adult", "exploitation": "labour", "screened_on": dmy(today()), "note": "kept note"}
        response = client.post(new_url(world.case_a), data | extra)
        assert response.status_code == 400, extra
        html = response.content.decode()
        assert "kept note" in html, extra
        assert state() == before, extra
    # An unknown list: back to step one.
    response = client.post(new_url(world.case_a), {"target": "robot", "exploitation": "labour"})
    assert response.status_code == 400
    assert state() == before
    # What was ticked stays ticked after an error.
    html = client.post(
        new_url(world.case_a),
        {"target": "adult", "exploitation": "labour", "screened_on": dmy(days(3)), "indicators": marks},
    ).content.decode()
    assert re.search(rf'value="{marks[0]}" checked', html)


def test_child_preselected_from_the_clients_age(world, login):
    from tugi.clients.models import Client

    Client.objects.filter(pk=world.case_a.client_id).update(estimated_birth_year=today().year - 15)
    html = login(world.org.counsellor).get(new_url(world.case_a)).content.decode()
    assert re.search(r'value="child"[^>]*checked', html)


def test_screenings_are_listed_newest_first(world, login):
    client = login(world.org.counsellor)
    post(client, world.case_a, [], none_observed="on", screened_on=dmy(days(-10)))
    post(client, world.case_a, trafficking_marks(), screened_on=dmy(days(-1)))
    older, newer = Screening.objects.order_by("screened_on")
    html = client.get(f"/cases/{world.case_a.pk}/assessments/").content.decode()
    assert html.index(f"/screenings/{newer.pk}/") < html.index(f"/screenings/{older.pk}/")


def test_outsiders_and_volunteers_cannot_see_or_screen(world, login):
    client = login(world.org.counsellor)
    post(client, world.case_a, trafficking_marks())
    screening = Screening.objects.get()
    detail = f"/cases/{world.case_a.pk}/assessments/screenings/{screening.pk}/"
    before = state()
    for persona in ("outsider", "admin", "dpo", "volunteer"):
        client = login(getattr(world.org, persona))
        assert client.get(new_url(world.case_a)).status_code == 404, persona
        assert client.get(detail).status_code == 404, persona
        assert client.get(f"/cases/{world.case_a.pk}/assessments/").status_code == 404, persona
        assert post(client, world.case_a, trafficking_marks()).status_code == 404, persona
        assert state() == before, persona
    # The screening of case A addressed through case B (which the outsider sees) is not found either.
    outsider = login(world.org.outsider)
    assert outsider.get(f"/cases/{world.case_b.pk}/assessments/screenings/{screening.pk}/").status_code == 404
    # The head sees it from above.
    assert login(world.org.head).get(detail).status_code == 200
