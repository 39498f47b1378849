"""Needs and safety-risk assessments through HTTP: recording, the case's risk level, review dates,
bad input and who may see and record them; and the reviews due for "my work"."""

from __future__ import annotations

from tugi.assessments.models import NeedItem, NeedsAssessment, RiskAssessment
from tugi.assessments.selectors import reviews_due
from tugi.assessments.services import goal_create, needs_create, risk_create
from tugi.assessments.tests.conftest import days, dmy, said, state, today
from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, TimelineEntry


def needs_url(case) -> str:
    return f"/cases/{case.pk}/assessments/needs/new/"


def risk_url(case) -> str:
    return f"/cases/{case.pk}/assessments/risk/new/"


NEEDS = {
    "assessed_on": dmy(today()),
    "next_review_on": dmy(days(14)),
    "level_safety": "urgent",
    "note_safety": "Exploiters know the town",
    "level_accommodation": "some",
    "level_language": "none",
    "note": "First meeting",
}

RISK = {
    "assessed_on": dmy(today()),
    "factors": ["threats_family", "documents_held"],
    "level": "high",
    "note": "Threats by phone yesterday",
    "next_review_on": dmy(days(7)),
}


# --- Needs assessment ----------------------------------------------------------------------------


def test_the_counsellor_records_a_needs_assessment(world, login):
    client = login(world.org.counsellor)
    assert client.get(needs_url(world.case_a)).status_code == 200
    response = client.post(needs_url(world.case_a), NEEDS)
    assessment = NeedsAssessment.objects.get(case=world.case_a)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case_a.pk}/assessments/needs/{assessment.pk}/"
    assert assessment.assessed_by == world.org.counsellor
    assert assessment.next_review_on == days(14)
    items = {i.domain: (i.level, i.note) for i in assessment.items.all()}
    assert items == {
        "safety": ("urgent", "Exploiters know the town"),
        "accommodation": ("some", ""),
        "language": ("none", ""),
    }
    assert AuditEvent.objects.filter(
        action="assessments.needs.created", subject_id=str(world.case_a.client_id)
    ).exists()
    assert TimelineEntry.objects.filter(case=world.case_a, data__event="needs").exists()
    page = client.get(response["Location"]).content.decode()
    assert "Exploiters know the town" in page


def test_needs_bad_input_changes_nothing(world, login):
    client = login(world.org.counsellor)
    before = state()
    bad = [
        {"assessed_on": dmy(today())},  # no area assessed
        NEEDS | {"assessed_on": dmy(days(1))},  # in the future
        NEEDS | {"next_review_on": dmy(days(-3))},  # review before the assessment
        NEEDS | {"level_health": "desperate"},
        NEEDS | {"level_health": "", "note_health": "a note without a level"},
        NEEDS | {"assessed_on": ""},
    ]
    for data in bad:
        response = client.post(needs_url(world.case_a), data)
        assert response.status_code == 400, data
        assert "First meeting" in response.content.decode() or "note" not in data, data
        assert state() == before, data


# --- Safety-risk assessment ----------------------------------------------------------------------


def test_a_high_risk_assessment_sets_the_case_risk(world, login):
    client = login(world.org.counsellor)
    response = client.post(risk_url(world.case_a), RISK)
    assessment = RiskAssessment.objects.get(case=world.case_a)
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case_a.pk}/assessments/risk/{assessment.pk}/"
    assert (assessment.level, assessment.suggested_level) == ("high", "high")
    assert assessment.factors == ["documents_held", "threats_family"]
    case = Case.objects.get(pk=world.case_a.pk)
    assert case.risk_level == "high"
    assert AuditEvent.objects.filter(action="cases.case.risk_changed").count() == 1
    assert AuditEvent.objects.filter(action="assessments.risk.created").count() == 1
    assert TimelineEntry.objects.filter(case=world.case_a, data__event="risk").count() == 1
    # The case header shows the high risk on every page of the case.
    page = client.get(f"/cases/{world.case_a.pk}/assessments/").content.decode()
    assert said("HIGH RISK") in page

    # The counsellor decides: the same factors, a lower level chosen, and the case follows.
    response = client.post(risk_url(world.case_a), RISK | {"level": "medium"})
    assert response.status_code == 302
    newer = RiskAssessment.objects.order_by("-pk").first()
    assert (newer.level, newer.suggested_level) == ("medium", "high")
    assert Case.objects.get(pk=world.case_a.pk).risk_level == "medium"
    # Same level again: one more timeline line, no change event.
    client.post(risk_url(world.case_a), RISK | {"level": "medium"})
    assert AuditEvent.objects.filter(action="cases.case.risk_changed").count() == 2
    assert TimelineEntry.objects.filter(case=world.case_a, data__event="risk").count() == 3


def test_suggest_shows_a_level_and_saves_nothing(world, login):
    client = login(world.org.counsellor)
    before = state()
    response = client.post(risk_url(world.case_a), RISK | {"level": "", "suggest": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert said("The factors suggest: %(suggestion)s risk.", suggestion=said("high")) in html
    assert 'value="threats_family" checked' in html
    assert state() == before


def test_risk_bad_input_changes_nothing(world, login):
    client = login(world.org.counsellor)
    before = state()
    for data in [
        RISK | {"level": ""},  # the counsellor must choose
        RISK | {"level": "extreme"},
        RISK | {"factors": ["aliens"]},
        RISK | {"next_review_on": dmy(days(-1))},
        RISK | {"assessed_on": dmy(days(2))},
    ]:
        response = client.post(risk_url(world.case_a), data)
        assert response.status_code == 400, data
        assert "Threats by phone yesterday" in response.content.decode(), data
        assert state() == before, data


def test_outsiders_cannot_see_or_record_assessments(world, login):
    needs = needs_create(
        actor=world.org.counsellor,
        case=world.case_a,
        assessed_on=today(),
        next_review_on=None,
        note="",
        items={"safety": ("some", "")},
    )
    risk = risk_create(
        actor=world.org.counsellor,
        case=world.case_a,
        assessed_on=today(),
        factors=[],
        level="low",
        note="",
        next_review_on=None,
    )
    pages = [
        f"/cases/{world.case_a.pk}/assessments/needs/{needs.pk}/",
        f"/cases/{world.case_a.pk}/assessments/risk/{risk.pk}/",
        needs_url(world.case_a),
        risk_url(world.case_a),
    ]
    before = state()
    for persona in ("outsider", "admin", "dpo", "volunteer"):
        client = login(getattr(world.org, persona))
        for url in pages:
            assert client.get(url).status_code == 404, (persona, url)
        assert client.post(needs_url(world.case_a), NEEDS).status_code == 404, persona
        assert client.post(risk_url(world.case_a), RISK).status_code == 404, persona
        assert state() == before, persona
    # Through case B, which the outsider sees, case A's records are not found.
    outsider = login(world.org.outsider)
    assert outsider.get(f"/cases/{world.case_b.pk}/assessments/needs/{needs.pk}/").status_code == 404
    assert outsider.get(f"/cases/{world.case_b.pk}/assessments/risk/{risk.pk}/").status_code == 404
    head = login(world.org.head)
    for url in pages:
        assert head.get(url).status_code == 200, url


# --- Review dates --------------------------------------------------------------------------------


def test_review_due_markers_and_my_work(world, login):
    org = world.org
    old = needs_create(
        actor=org.counsellor,
        case=world.case_a,
        assessed_on=days(-30),
        next_review_on=days(-2),
        note="",
        items={"safety": ("some", "")},
    )
    risk = risk_create(
        actor=org.counsellor,
        case=world.case_a,
        assessed_on=days(-3),
        factors=[],
        level="low",
        note="",
        next_review_on=today(),
    )
    goal = goal_create(actor=org.counsellor, case=world.case_a, text="Find a safe flat", domain="", review_on=days(5))
    needs_create(
        actor=org.outsider,
        case=world.case_b,
        assessed_on=days(-10),
        next_review_on=days(-1),
        note="",
        items={"finances": ("urgent", "")},
    )

    due = reviews_due(org.counsellor, today())
    assert [(d.kind, d.due_on, d.case_id) for d in due] == [
        ("needs", days(-2), world.case_a.pk),
        ("risk", today(), world.case_a.pk),
    ]
    assert due[0].overdue and not due[1].overdue
    assert due[0].url == f"/cases/{world.case_a.pk}/assessments/needs/{old.pk}/"
    week = reviews_due(org.counsellor, days(7))
    assert [d.kind for d in week] == ["needs", "risk", "goal"]
    assert week[2].url.endswith(f"#goal-{goal.pk}")
    assert [d.case_id for d in reviews_due(org.outsider, today())] == [world.case_b.pk]
    assert [d.case_id for d in reviews_due(org.head, today())] == [world.case_a.pk, world.case_a.pk]
    assert reviews_due(org.volunteer, days(30)) == []
    assert reviews_due(org.dpo, days(30)) == []

    # A newer assessment supersedes the old one's review date.
    needs_create(
        actor=org.counsellor,
        case=world.case_a,
        assessed_on=today(),
        next_review_on=days(30),
        note="",
        items={"safety": ("none", "")},
    )
    assert [d.kind for d in reviews_due(org.counsellor, today())] == ["risk"]

    page = login(org.counsellor).get(f"/cases/{world.case_a.pk}/assessments/").content.decode()
    assert page.count(said("review due")) == 1  # the risk review (today); the needs one moved on
    assert f"/assessments/risk/{risk.pk}/" in page

    # Closed cases drop out.
    Case.objects.filter(pk=world.case_a.pk).update(status="closed", closed_on=today(), close_reason="needs_met")
    assert reviews_due(org.counsellor, days(30)) == []
    assert NeedItem.objects.count() == 3


def test_demo_load_is_idempotent(world):
    from tugi.assessments import demo
    from tugi.assessments.models import Screening

    assert demo.load() == {"assessed_cases": 1}
    assert demo.load() == {"assessed_cases": 0}
    screening = Screening.objects.get()
    assert screening.case == world.case_a and screening.likely is True
    assert Case.objects.get(pk=world.case_a.pk).risk_level == "high"
    assert not RiskAssessment.objects.filter(case=world.case_b).exists()


def test_the_case_tab_needs_the_same_queries_however_many_records(world, login):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tugi.assessments.services import action_create, screening_create

    def add_records() -> None:
        screening_create(
            actor=world.org.counsellor,
            case=world.case_a,
            target="adult",
            exploitation="labour",
            screened_on=today(),
            indicator_ids=[],
        )
        needs_create(
            actor=world.org.counsellor,
            case=world.case_a,
            assessed_on=today(),
            next_review_on=today(),
            note="",
            items={"safety": ("urgent", ""), "health": ("some", "")},
        )
        risk_create(
            actor=world.org.counsellor,
            case=world.case_a,
            assessed_on=today(),
            factors=[],
            level="low",
            note="",
            next_review_on=today(),
        )
        goal = goal_create(actor=world.org.counsellor, case=world.case_a, text="Goal", domain="", review_on=today())
        for _ in range(2):
            action_create(
                actor=world.org.counsellor, goal=goal, text="Act", responsible=world.org.counsellor, due_on=None
            )

    client = login(world.org.counsellor)
    url = f"/cases/{world.case_a.pk}/assessments/"
    add_records()
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for _ in range(4):
        add_records()
    with CaptureQueriesContext(connection) as five:
        assert client.get(url).status_code == 200
    assert len(five) == len(one), [q["sql"] for q in five.captured_queries]
