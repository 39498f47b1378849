"""Editing a case, its workers, its lifecycle and closing, through HTTP. Every refusal changes nothing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tugi.access.tests.conftest import base_cases
from tugi.access.tests.test_permission_matrix import snapshot
from tugi.accounts.models import Role, Service, UnitKind
from tugi.accounts.services import org_unit_create
from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, CaseStatus, CaseWorker, Confidentiality, Task, TaskStatus, TimelineEntry, WorkerRole
from tugi.clients.models import Client
from tugi.core.tests.personas import make_user


@pytest.fixture(autouse=True)
def english(org: Any) -> None:
    """The pages in English, the language of the texts asserted here (personas default to Estonian)."""
    from tugi.accounts.models import User

    User.objects.update(language="en")


@pytest.fixture
def cases(org: Any) -> dict[str, Any]:
    return base_cases(org)


def url(case: Case, rest: str) -> str:
    return f"/cases/{case.pk}/{rest}"


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


# --- edit ------------------------------------------------------------------------------------------


def edit_data(case: Case, **overrides: Any) -> dict[str, Any]:
    case = fresh(case)
    data = {
        "team": case.team_id,
        "confidentiality": case.confidentiality,
        "review_on": "",
        "version": case.version,
    }
    return data | overrides


def test_edit_saves_and_counts_a_version(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    review = timezone.localdate() + timedelta(days=14)
    response = login(org.counsellor).post(
        url(case, "edit/"), edit_data(case, confidentiality="normal", review_on=f"{review:%d.%m.%Y}")
    )
    assert response.status_code == 302
    saved = fresh(case)
    assert saved.confidentiality == Confidentiality.NORMAL and saved.review_on == review
    assert saved.version == case.version + 1
    assert AuditEvent.objects.filter(action="cases.case.updated", object_id=str(case.pk)).exists()


def test_edit_stale_version_keeps_input(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    data = edit_data(case, review_on="01.12.2099")
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)  # someone saved meanwhile
    before = snapshot()
    response = login(org.counsellor).post(url(case, "edit/"), data)
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    assert 'value="01.12.2099"' in response.content.decode()
    assert snapshot() == before


def test_edit_team_only_within_reach(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    before = snapshot()
    response = login(org.counsellor).post(url(case, "edit/"), edit_data(case, team=org.team_b.pk))
    assert response.status_code == 200 and "team" in response.context["form"].errors
    assert snapshot() == before
    team_c = org_unit_create(actor=None, name="Team C", kind=UnitKind.TEAM, parent=org.unit_a)
    response = login(org.head).post(url(case, "edit/"), edit_data(case, team=team_c.pk))
    assert response.status_code == 302 and fresh(case).team_id == team_c.pk
    assert TimelineEntry.objects.filter(case=case, data__event="team").exists()


def test_edit_restricted_forced_for_staff_related_client(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    Client.objects.filter(pk=case.client_id).update(staff_related=True)
    Case.objects.filter(pk=case.pk).update(confidentiality=Confidentiality.RESTRICTED)
    response = login(org.counsellor).post(url(case, "edit/"), edit_data(case, confidentiality="normal"))
    assert response.status_code == 302
    assert fresh(case).confidentiality == Confidentiality.RESTRICTED


def test_edit_head_cannot_restrict_without_being_named(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    before = snapshot()
    response = login(org.head).post(url(case, "edit/"), edit_data(case, confidentiality="restricted"))
    assert response.status_code == 200 and "add yourself as a worker" in response.content.decode()
    assert snapshot() == before


def test_edit_review_before_opening_refused(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    response = login(org.counsellor).post(url(case, "edit/"), edit_data(case, review_on="01.01.2000"))
    assert "before the case was opened" in str(response.context["form"].errors)
    assert fresh(case).review_on is None


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("admin", 404), ("dpo", 404), ("volunteer", 404)])
def test_edit_refused(org: Any, login: Any, cases: Any, persona: str, status: int) -> None:
    case = cases["case_a"]
    before = snapshot()
    response = login(getattr(org, persona)).post(url(case, "edit/"), edit_data(case, confidentiality="normal"))
    assert response.status_code == status
    assert snapshot() == before


# --- workers ---------------------------------------------------------------------------------------


def test_add_co_worker_then_make_responsible(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    client = login(org.counsellor)
    assert client.post(url(case, "workers/add/"), {"user": colleague.pk, "role": "co_worker"}).status_code == 302
    worker = CaseWorker.objects.get(case=case, user=colleague)
    assert worker.role == WorkerRole.CO_WORKER
    assert client.post(url(case, f"workers/{worker.pk}/responsible/")).status_code == 302
    roles = dict(CaseWorker.objects.filter(case=case).values_list("user__username", "role"))
    assert roles == {"colleague": "responsible", "counsellor": "co_worker"}
    assert AuditEvent.objects.filter(action="cases.case_worker.made_responsible").exists()


def test_add_as_responsible_moves_the_previous_one(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    login(org.head).post(url(case, "workers/add/"), {"user": colleague.pk, "role": "responsible"})
    assert CaseWorker.objects.get(case=case, role="responsible").user == colleague


def test_volunteer_can_help_but_not_be_responsible(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    before = snapshot()
    refused = client.post(url(case, "workers/add/"), {"user": org.volunteer.pk, "role": "responsible"})
    assert refused.status_code == 200 and "A volunteer cannot be responsible" in refused.content.decode()
    assert snapshot() == before
    assert client.post(url(case, "workers/add/"), {"user": org.volunteer.pk, "role": "co_worker"}).status_code == 302
    worker = CaseWorker.objects.get(case=case, user=org.volunteer)
    before = snapshot()
    response = client.post(url(case, f"workers/{worker.pk}/responsible/"))
    assert response.status_code == 400 and "A volunteer cannot be responsible" in response.content.decode()
    assert snapshot() == before


def test_worker_must_be_active_staff_of_the_agency(org: Any, login: Any, cases: Any) -> None:
    from tugi.accounts.models import User

    case = cases["case_a"]
    other = org_unit_create(actor=None, name="Other agency", kind=UnitKind.AGENCY, parent=None)
    stranger = make_user("stranger", other, [(Role.COUNSELLOR, Service.HELPLINE, other)])
    leaver = make_user("leaver", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    client = login(org.counsellor)
    for person in (stranger, leaver, org.counsellor):  # the counsellor is already on the case
        before = snapshot()
        response = client.post(url(case, "workers/add/"), {"user": person.pk, "role": "co_worker"})
        assert response.status_code == 200 and "user" in response.context["form"].errors, person
        assert snapshot() == before


def test_remove_co_worker_but_not_the_responsible(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    co = CaseWorker.objects.create(case=case, user=org.volunteer, role=WorkerRole.CO_WORKER)
    responsible = CaseWorker.objects.get(case=case, role=WorkerRole.RESPONSIBLE)
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(url(case, f"workers/{responsible.pk}/remove/"))
    assert response.status_code == 400 and "Make someone else responsible" in response.content.decode()
    assert snapshot() == before
    assert client.post(url(case, f"workers/{co.pk}/remove/")).status_code == 302
    assert not CaseWorker.objects.filter(pk=co.pk).exists()
    assert AuditEvent.objects.filter(action="cases.case_worker.removed", object_id=str(co.pk)).exists()


def test_worker_of_another_case_is_404(org: Any, login: Any, cases: Any) -> None:
    other = CaseWorker.objects.get(case=cases["case_b"])
    before = snapshot()
    response = login(org.counsellor).post(url(cases["case_a"], f"workers/{other.pk}/remove/"))
    assert response.status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize("rest", ["workers/add/", "workers/{w}/remove/", "workers/{w}/responsible/"])
def test_outsider_cannot_touch_workers(org: Any, login: Any, cases: Any, rest: str) -> None:
    case = cases["case_a"]
    worker = CaseWorker.objects.create(case=case, user=org.volunteer, role=WorkerRole.CO_WORKER)
    before = snapshot()
    response = login(org.outsider).post(url(case, rest.format(w=worker.pk)), {"user": org.outsider.pk})
    assert response.status_code == 404
    assert snapshot() == before


# --- lifecycle -------------------------------------------------------------------------------------


def transition(client: Any, case: Case, action: str, reason: str = "Discussed with the client") -> Any:
    return client.post(url(case, "status/"), {"action": action, "reason": reason})


def test_lifecycle_through_the_status_page(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    assert client.get(url(case, "status/?action=activate")).status_code == 200
    for action, status in [("activate", "active"), ("suspend", "suspended"), ("resume", "active")]:
        response = transition(client, case, action)
        assert response.status_code == 302, action
        assert fresh(case).status == status
    events = list(
        AuditEvent.objects.filter(object_id=str(case.pk), action__startswith="cases.case.").values_list(
            "action", flat=True
        )
    )
    assert {"cases.case.activated", "cases.case.suspended", "cases.case.resumed"} <= set(events)
    titles = list(TimelineEntry.objects.filter(case=case, data__event="status").values_list("title", flat=True))
    assert "Case suspended: Discussed with the client" in titles


def test_invalid_transition_names_both_states(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    before = snapshot()
    response = transition(login(org.counsellor), case, "resume")
    assert response.status_code == 200
    assert (
        "“Resume” is possible only for a case that is “suspended”; this case is “intake”." in response.content.decode()
    )
    assert snapshot() == before


def test_transition_needs_a_reason(org: Any, login: Any, cases: Any) -> None:
    response = transition(login(org.counsellor), cases["case_a"], "activate", reason="")
    assert "reason" in response.context["form"].errors
    assert fresh(cases["case_a"]).status == CaseStatus.INTAKE


def test_volunteer_named_cannot_change_status(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    CaseWorker.objects.create(case=case, user=org.volunteer, role=WorkerRole.CO_WORKER)
    before = snapshot()
    response = transition(login(org.volunteer), case, "activate")
    assert response.status_code == 403
    assert snapshot() == before


def test_outsider_transition_is_404(org: Any, login: Any, cases: Any) -> None:
    before = snapshot()
    assert transition(login(org.outsider), cases["case_a"], "activate").status_code == 404
    assert snapshot() == before


# --- closing and reopening -------------------------------------------------------------------------


def close_data(**overrides: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "reason": "return_home",
        "closed_on": f"{today:%d.%m.%Y}",
        "return_country": "MD",
        "return_date": f"{today:%d.%m.%Y}",
        "return_partner": "IOM Moldova",
        "note": "Met at the airport",
    } | overrides


def test_close_with_return_home_then_reopen(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    assert client.post(url(case, "close/"), close_data()).status_code == 302
    closed = fresh(case)
    assert closed.status == CaseStatus.CLOSED and closed.closed_on == timezone.localdate()
    assert (closed.close_reason, str(closed.return_country), closed.return_partner) == (
        "return_home",
        "MD",
        "IOM Moldova",
    )
    assert AuditEvent.objects.filter(action="cases.case.closed", object_id=str(case.pk)).exists()
    # Closing twice is refused.
    before = snapshot()
    again = client.post(url(case, "close/"), close_data())
    assert again.status_code == 200 and "already closed" in again.content.decode()
    assert snapshot() == before
    # Reopen through the status page, with a reason.
    assert transition(client, case, "reopen", "The client came back").status_code == 302
    reopened = fresh(case)
    assert reopened.status == CaseStatus.ACTIVE and reopened.closed_on is None and reopened.close_reason == ""
    entry = TimelineEntry.objects.filter(case=case, data__event="status").latest("pk")
    assert entry.data["closed"]["reason"] == "return_home"


def test_return_home_needs_country_date_partner(org: Any, login: Any, cases: Any) -> None:
    before = snapshot()
    response = login(org.counsellor).post(
        url(cases["case_a"], "close/"), close_data(return_country="", return_date="", return_partner="")
    )
    errors = response.context["form"].errors
    assert {"return_country", "return_date", "return_partner"} <= set(errors)
    assert snapshot() == before


@pytest.mark.parametrize(
    ("closed_on", "message"),
    [
        ("FUTURE", "cannot be in the future"),
        ("01.01.2000", "cannot be closed before it was opened"),
        ("32.01.2026", "valid date"),
    ],
)
def test_close_date_checked(org: Any, login: Any, cases: Any, closed_on: str, message: str) -> None:
    if closed_on == "FUTURE":
        closed_on = f"{timezone.localdate() + timedelta(days=1):%d.%m.%Y}"
    before = snapshot()
    response = login(org.counsellor).post(url(cases["case_a"], "close/"), close_data(closed_on=closed_on))
    assert message in str(response.context["form"].errors["closed_on"])
    assert 'value="IOM Moldova"' in response.content.decode()
    assert snapshot() == before


def test_open_tasks_listed_and_cancelled_only_when_asked(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    task = Task.objects.create(case=case, title="Book the flight", assignee=org.counsellor, created_by=org.counsellor)
    client = login(org.counsellor)
    assert "Book the flight" in client.get(url(case, "close/")).content.decode()
    client.post(url(case, "close/"), close_data(reason="needs_met"))
    assert Task.objects.get(pk=task.pk).status == TaskStatus.OPEN
    transition(client, case, "reopen")
    client.post(url(case, "close/"), close_data(reason="needs_met", cancel_open_tasks="on"))
    task.refresh_from_db()
    assert task.status == TaskStatus.CANCELLED and task.done_at is not None


def test_close_other_reasons_drop_return_fields(org: Any, login: Any, cases: Any) -> None:
    login(org.counsellor).post(url(cases["case_a"], "close/"), close_data(reason="contact_lost"))
    case = fresh(cases["case_a"])
    assert case.close_reason == "contact_lost" and not case.return_country and case.return_partner == ""


@pytest.mark.parametrize(("persona", "status"), [("outsider", 404), ("dpo", 404), ("volunteer", 404), ("head", 302)])
def test_who_may_close(org: Any, login: Any, cases: Any, persona: str, status: int) -> None:
    before = snapshot()
    response = login(getattr(org, persona)).post(url(cases["case_a"], "close/"), close_data())
    assert response.status_code == status
    if status != 302:
        assert snapshot() == before


# --- reference numbers -----------------------------------------------------------------------------


def test_references_count_per_year_and_type(org: Any, login: Any) -> None:
    from tugi.cases.models import CaseType

    trafficking = CaseType.objects.get(code="trafficking").pk
    support = CaseType.objects.get(code="victim_support").pk
    year = timezone.localdate().year
    last_year = f"31.12.{year - 1} 23:50"
    client = login(org.counsellor)
    for name, case_type, received in [
        ("A", trafficking, None),
        ("B", trafficking, None),
        ("C", support, None),
        ("D", trafficking, last_year),
        ("E", support, None),
    ]:
        data = {
            "case_type": case_type,
            "team": org.team_a.pk,
            "received_at": received or f"{timezone.localtime():%d.%m.%Y %H:%M}",
            "source": "self",
            "pseudonym": name,
            "gender": "unknown",
        }
        assert client.post("/cases/intake/", data).status_code == 302
    references = dict(Case.objects.values_list("client__pseudonym", "reference"))
    assert references == {
        "A": f"IK-{year}-0001",
        "B": f"IK-{year}-0002",
        "C": f"OA-{year}-0001",
        "D": f"IK-{year - 1}-0001",
        "E": f"OA-{year}-0002",
    }
