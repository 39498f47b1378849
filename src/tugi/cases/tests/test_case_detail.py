"""The case overview through HTTP: who sees it, what it shows, restricted cases, and its query count."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from tugi.access.tests.conftest import base_cases
from tugi.accounts.models import Role, Service
from tugi.audit.models import AuditEvent, EventKind
from tugi.cases.models import Case, CaseType, CaseWorker, Confidentiality, Task, WorkerRole
from tugi.cases.services import case_intake, case_open, reflection_start, victim_status_set
from tugi.clients.models import ClientLanguage
from tugi.clients.services import client_create
from tugi.core.tests.personas import make_user


@pytest.fixture(autouse=True)
def english(org: Any) -> None:
    """The pages in English, the language of the texts asserted here (personas default to Estonian)."""
    from tugi.accounts.models import User

    User.objects.update(language="en")


@pytest.fixture
def cases(org: Any) -> dict[str, Any]:
    return base_cases(org)


def detail(case: Case) -> str:
    return f"/cases/{case.pk}/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("counsellor", 200), ("head", 200), ("outsider", 404), ("admin", 404), ("dpo", 404), ("volunteer", 404)],
)
def test_who_sees_case_a(org: Any, login: Any, cases: Any, persona: str, status: int) -> None:
    assert login(getattr(org, persona)).get(detail(cases["case_a"])).status_code == status


def test_outsider_sees_their_own_case_b(org: Any, login: Any, cases: Any) -> None:
    assert login(org.outsider).get(detail(cases["case_b"])).status_code == 200
    assert login(org.counsellor).get(detail(cases["case_b"])).status_code == 404


def test_anonymous_goes_to_login(client: Any, cases: Any) -> None:
    response = client.get(detail(cases["case_a"]))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_no_such_case_is_404(org: Any, login: Any, cases: Any) -> None:
    assert login(org.counsellor).get("/cases/999999999/").status_code == 404


def test_viewing_writes_an_access_event(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    login(org.head).get(detail(case))
    event = AuditEvent.objects.filter(kind=EventKind.READ, action="cases.case.viewed").latest("pk")
    assert event.actor_id == org.head.pk and event.subject_id == str(case.client_id)


def _full_case(org: Any) -> Case:
    """A trafficking case with everything the overview shows."""
    case = case_intake(
        actor=org.counsellor,
        case_type=CaseType.objects.get(code="trafficking"),
        team=org.team_a,
        intake={
            "received_at": timezone.now() - timedelta(days=2),
            "source": "police",
            "caller_name": "Tiit Kuusk",
            "caller_organisation": "PPA",
            "caller_phone": "+37251234567",
            "location": "Narva",
            "needs": ["shelter", "interpreter"],
            "needs_note": "Arrived at night",
            "on_call": True,
        },
        person={
            "given_name": "Olga",
            "family_name": "Petrova",
            "estimated_birth_year": timezone.localdate().year - 27,
            "high_risk": True,
            "safe_contact": "Only through the shelter",
        },
        language="ru",
        interpreter_needed=True,
        presumed=True,
    )
    return case


def test_overview_shows_the_case(org: Any, login: Any) -> None:
    case = _full_case(org)
    html = login(org.counsellor).get(detail(case)).content.decode()
    for text in (
        case.reference,
        "Trafficking victim case",
        "Team A",
        "Olga Petrova",
        "about 27",
        "Russian",
        "interpreter needed",
        "Only through the shelter",
        "High risk",
        "Police and Border Guard (PPA)",
        "Tiit Kuusk",
        "tel:+37251234567",
        "safe accommodation",
        "presumed victim",
        # Received two days ago: the first two days of the period are gone, and the last is counted.
        f"{settings.TUGI_PRESUMED_SERVICE_DAYS - 3} days left",
        "Counsellor Test",
        "responsible",
    ):
        assert text in html, text
    assert f"/cases/{case.pk}/edit/" in html and f"/cases/{case.pk}/close/" in html


def test_service_period_warning_and_end(org: Any, login: Any) -> None:
    case = _full_case(org)
    days = settings.TUGI_PRESUMED_SERVICE_DAYS
    start = timezone.localdate() - timedelta(days=days - 3)  # ends in two days
    Case.objects.filter(pk=case.pk).update(service_period_start=start)
    html = login(org.counsellor).get(detail(case)).content.decode()
    assert "2 days left" in html and "ends soon" in html
    Case.objects.filter(pk=case.pk).update(service_period_start=start - timedelta(days=10))
    html = login(org.counsellor).get(detail(case)).content.decode()
    assert "The service period has ended" in html


def test_identified_victim_shows_in_proceedings(org: Any, login: Any) -> None:
    case = _full_case(org)
    victim_status_set(
        actor=org.counsellor,
        case=case,
        status="identified",
        on=timezone.localdate(),
        basis="Prosecutor's decision",
        proceedings_number="21230100456",
        penal_section="133",
    )
    html = login(org.counsellor).get(detail(case)).content.decode()
    assert "in criminal proceedings: the limit does not apply" in html and "21230100456" in html


def test_head_sees_buttons_volunteer_named_sees_none(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    assert f"/cases/{case.pk}/edit/" in login(org.head).get(detail(case)).content.decode()
    CaseWorker.objects.create(case=case, user=org.volunteer, role=WorkerRole.CO_WORKER)
    response = login(org.volunteer).get(detail(case))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"/cases/{case.pk}/edit/" not in html and "Make responsible" not in html
    assert login(org.volunteer).get(f"/cases/{case.pk}/edit/").status_code == 403


def test_restricted_case_only_for_named_workers(org: Any, login: Any) -> None:
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    person = client_create(actor=org.counsellor, agency=org.agency, given_name="Staff", family_name="Relative")
    case = case_open(
        actor=org.counsellor,
        case_type=CaseType.objects.get(code="trafficking"),
        team=org.team_a,
        client=person,
        confidentiality=Confidentiality.RESTRICTED,
    )
    assert login(org.counsellor).get(detail(case)).status_code == 200
    assert login(colleague).get(detail(case)).status_code == 404
    assert login(org.head).get(detail(case)).status_code == 404
    CaseWorker.objects.create(case=case, user=colleague, role=WorkerRole.CO_WORKER)
    assert login(colleague).get(detail(case)).status_code == 200


def test_closed_case_shows_closing(org: Any, login: Any) -> None:
    case = _full_case(org)
    Case.objects.filter(pk=case.pk).update(
        status="closed",
        closed_on=timezone.localdate(),
        close_reason="return_home",
        return_country="MD",
        return_date=timezone.localdate(),
        return_partner="IOM Moldova",
    )
    html = login(org.counsellor).get(detail(case)).content.decode()
    assert "return home organised" in html and "Moldova" in html and "IOM Moldova" in html
    assert "Reopen" in html and f"/cases/{case.pk}/close/" not in html


def _grow(org: Any, case: Case, n: int) -> None:
    """More of every kind of record the overview lists."""
    for i in range(n):
        user = make_user(f"worker{case.pk}_{i}", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
        CaseWorker.objects.create(case=case, user=user, role=WorkerRole.CO_WORKER)
        Task.objects.create(case=case, title=f"Task {i}", assignee=user, created_by=org.counsellor)
        ClientLanguage.objects.get_or_create(client=case.client, language=["en", "et", "uk", "lv", "fi"][i % 5])
        start = timezone.localdate() - timedelta(days=400 - i * 70)
        reflection_start(actor=org.counsellor, case=case, starts_on=start, ends_on=start + timedelta(days=39))
    victim_status_set(
        actor=org.counsellor,
        case=case,
        status="identified",
        on=timezone.localdate(),
        basis="decision",
        proceedings_number="1",
        penal_section="133",
    )


def test_query_count_is_bounded(org: Any, login: Any, django_assert_max_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    case = _full_case(org)
    client = login(org.counsellor)
    client.get(detail(case))  # warm the session
    with django_assert_max_num_queries(25), CaptureQueriesContext(connection) as small:
        assert client.get(detail(case)).status_code == 200
    _grow(org, case, 5)
    with django_assert_max_num_queries(25), CaptureQueriesContext(connection) as big:
        assert client.get(detail(case)).status_code == 200
    # More workers, tasks, languages, statuses and periods: not one query more.
    assert len(big) == len(small)
