"""Trafficking status, reflection periods and the daily warnings before periods end."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from tugi.access.tests.conftest import base_cases
from tugi.access.tests.test_permission_matrix import snapshot
from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, CaseStatus, CaseWorker, ReflectionPeriod, VictimStatus, VictimStatusRecord
from tugi.cases.services import reflection_start, victim_status_set
from tugi.cases.tasks import period_warnings
from tugi.notifications.models import NoticeKind, Notification


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


def day(delta: int = 0) -> str:
    return f"{timezone.localdate() + timedelta(days=delta):%d.%m.%Y}"


# --- trafficking status ----------------------------------------------------------------------------


def test_presumed_starts_the_service_period(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    response = login(org.counsellor).post(
        url(case, "trafficking-status/"), {"status": "presumed", "on": day(-2), "basis": "PPA notice"}
    )
    assert response.status_code == 302
    saved = fresh(case)
    assert saved.victim_status == VictimStatus.PRESUMED
    assert saved.service_period_start == timezone.localdate() - timedelta(days=2)
    assert saved.service_period_days == settings.TUGI_PRESUMED_SERVICE_DAYS
    assert AuditEvent.objects.filter(action="cases.victim_status.recorded").exists()


def test_presumed_in_proceedings_starts_no_period(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    data = {"status": "presumed", "on": day(), "basis": "Police", "proceedings_number": "21230100456"}
    login(org.counsellor).post(url(case, "trafficking-status/"), data)
    assert fresh(case).service_period_start is None


def test_identified_needs_proceedings_and_section(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(url(case, "trafficking-status/"), {"status": "identified", "on": day(), "basis": "Decision"})
    errors = response.context["form"].errors
    assert response.status_code == 200 and {"proceedings_number", "penal_section"} <= set(errors)
    assert 'value="Decision"' in response.content.decode()
    assert snapshot() == before
    client.post(url(case, "trafficking-status/"), {"status": "presumed", "on": day(-5), "basis": "PPA"})
    start = fresh(case).service_period_start
    data = {
        "status": "identified",
        "on": day(),
        "basis": "Prosecutor",
        "proceedings_number": "21230100456",
        "penal_section": "133",
    }
    assert client.post(url(case, "trafficking-status/"), data).status_code == 302
    saved = fresh(case)
    assert saved.victim_status == VictimStatus.IDENTIFIED and saved.in_proceedings
    assert saved.service_period_start == start  # the dates are kept
    assert list(VictimStatusRecord.objects.filter(case=case).values_list("status", flat=True)) == [
        "identified",
        "presumed",
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"status": "presumed", "on": "FUTURE", "basis": "x"}, ("on", "cannot be in the future")),
        ({"status": "presumed", "on": "30.02.2026", "basis": "x"}, ("on", "valid date")),
        ({"status": "presumed", "on": "TODAY", "basis": ""}, ("basis", "required")),
        ({"status": "withdrawn", "on": "TODAY", "basis": "Mistake"}, ("status", "no trafficking status to withdraw")),
        ({"status": "nonsense", "on": "TODAY", "basis": "x"}, ("status", "valid choice")),
    ],
)
def test_bad_status_input(org: Any, login: Any, cases: Any, data: dict[str, str], expected: tuple[str, str]) -> None:
    field, message = expected
    data = dict(data, on={"FUTURE": day(1), "TODAY": day()}.get(data["on"], data["on"]))
    before = snapshot()
    response = login(org.counsellor).post(url(cases["case_a"], "trafficking-status/"), data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert snapshot() == before


def test_same_status_twice_and_withdrawal(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    client.post(url(case, "trafficking-status/"), {"status": "presumed", "on": day(), "basis": "PPA"})
    again = client.post(url(case, "trafficking-status/"), {"status": "presumed", "on": day(), "basis": "PPA"})
    assert "already has this status" in str(again.context["form"].errors["status"])
    withdrawn = client.post(
        url(case, "trafficking-status/"), {"status": "withdrawn", "on": day(), "basis": "Not a victim"}
    )
    assert withdrawn.status_code == 302 and fresh(case).victim_status == ""
    assert "status withdrawn" in client.get(url(case, "")).content.decode()


def test_not_for_other_case_types(org: Any, login: Any, cases: Any) -> None:
    case_b = cases["case_b"]
    client = login(org.outsider)
    for rest in ("trafficking-status/", "reflection/new/"):
        before = snapshot()
        response = client.post(url(case_b, rest), {"status": "presumed", "on": day(), "basis": "x"})
        assert response.status_code == 403
        assert "Victim support case has no trafficking status" in response.content.decode()
        assert snapshot() == before


@pytest.mark.parametrize(
    ("persona", "status"), [("outsider", 404), ("admin", 404), ("dpo", 404), ("volunteer", 404), ("head", 302)]
)
def test_who_records_status(org: Any, login: Any, cases: Any, persona: str, status: int) -> None:
    before = snapshot()
    response = login(getattr(org, persona)).post(
        url(cases["case_a"], "trafficking-status/"), {"status": "presumed", "on": day(), "basis": "PPA"}
    )
    assert response.status_code == status
    if status != 302:
        assert snapshot() == before


# --- reflection periods ----------------------------------------------------------------------------


def test_reflection_period_30_to_60_days(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    for length in (29, 61):
        before = snapshot()
        response = client.post(
            url(case, "reflection/new/"), {"starts_on": day(), "ends_on": day(length - 1), "decided_by": "Prosecutor"}
        )
        assert response.status_code == 200
        assert f"this one would last {length} days" in str(response.context["form"].errors["ends_on"])
        assert snapshot() == before
    ok = client.post(
        url(case, "reflection/new/"), {"starts_on": day(-5), "ends_on": day(24), "decided_by": "Prosecutor"}
    )
    assert ok.status_code == 302
    period = ReflectionPeriod.objects.get(case=case)
    assert period.length_days == 30
    html = client.get(url(case, "")).content.decode()
    assert "in force" in html and "24 days left" in html


def test_reflection_periods_do_not_overlap(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    client = login(org.counsellor)
    client.post(url(case, "reflection/new/"), {"starts_on": day(), "ends_on": day(40)})
    before = snapshot()
    response = client.post(url(case, "reflection/new/"), {"starts_on": day(30), "ends_on": day(70)})
    assert "overlaps" in str(response.context["form"].errors)
    assert snapshot() == before


def test_end_reflection_early(org: Any, login: Any, cases: Any) -> None:
    case = cases["case_a"]
    period = reflection_start(
        actor=org.counsellor,
        case=case,
        starts_on=timezone.localdate() - timedelta(days=10),
        ends_on=timezone.localdate() + timedelta(days=29),
    )
    client = login(org.counsellor)
    end_url = url(case, f"reflection/{period.pk}/end/")
    for on, message in [(day(-11), "inside the period"), (day(1), "cannot be in the future")]:
        before = snapshot()
        response = client.post(end_url, {"on": on, "note": "Decided to cooperate", "version": period.version})
        assert message in str(response.context["form"].errors["on"])
        assert snapshot() == before
    stale = client.post(end_url, {"on": day(), "note": "x", "version": period.version + 5})
    assert "Someone else changed this record" in stale.content.decode()
    done = client.post(end_url, {"on": day(), "note": "Returned home", "version": period.version})
    assert done.status_code == 302
    period.refresh_from_db()
    assert period.ended_early_on == timezone.localdate() and period.ended_early_note == "Returned home"
    assert client.get(end_url).status_code == 403  # already ended


def test_reflection_of_another_case_is_404(org: Any, login: Any, cases: Any) -> None:
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open
    from tugi.clients.services import client_create

    person = client_create(actor=org.outsider, agency=org.agency, pseudonym="Z")
    other = case_open(
        actor=org.outsider, case_type=CaseType.objects.get(code="trafficking"), team=org.team_b, client=person
    )
    period = reflection_start(
        actor=org.outsider,
        case=other,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + timedelta(days=30),
    )
    before = snapshot()
    response = login(org.counsellor).post(
        url(cases["case_a"], f"reflection/{period.pk}/end/"), {"on": day(), "note": "x", "version": 1}
    )
    assert response.status_code == 404
    assert snapshot() == before


# --- warnings --------------------------------------------------------------------------------------


def _presumed(org: Any, case: Case, days_ago: int) -> None:
    victim_status_set(
        actor=org.counsellor,
        case=case,
        status="presumed",
        on=timezone.localdate() - timedelta(days=days_ago),
        basis="PPA",
    )


def notices(kind: str) -> list[Notification]:
    return list(Notification.objects.filter(kind=kind))


def test_service_period_warning_once_per_period(org: Any, cases: Any) -> None:
    case = cases["case_a"]
    days = settings.TUGI_PRESUMED_SERVICE_DAYS
    warn = settings.TUGI_SERVICE_PERIOD_WARNING_DAYS
    _presumed(org, case, days - warn - 2)  # ends in warn + 1 days: not yet
    assert period_warnings(0) == {"service_period": 0, "reflection": 0}
    Case.objects.filter(pk=case.pk).update(service_period_start=timezone.localdate() - timedelta(days=days - warn))
    assert period_warnings(0)["service_period"] == 1
    [notice] = notices(NoticeKind.SERVICE_PERIOD_ENDING)
    assert notice.recipient == org.counsellor and notice.url == f"/cases/{case.pk}/"
    assert case.reference in notice.text
    assert period_warnings(0)["service_period"] == 0  # idempotent
    assert len(notices(NoticeKind.SERVICE_PERIOD_ENDING)) == 1
    # A period that changed (restarted) is warned about again.
    Case.objects.filter(pk=case.pk).update(service_period_start=timezone.localdate() - timedelta(days=days - 2))
    assert period_warnings(0)["service_period"] == 1
    assert AuditEvent.objects.filter(action="cases.case.service_period_warned").count() == 2


def test_no_service_warning_in_proceedings_closed_or_ended(org: Any, cases: Any) -> None:
    case = cases["case_a"]
    days = settings.TUGI_PRESUMED_SERVICE_DAYS
    _presumed(org, case, days - 2)
    Case.objects.filter(pk=case.pk).update(victim_status=VictimStatus.IDENTIFIED)
    assert period_warnings(0)["service_period"] == 0
    Case.objects.filter(pk=case.pk).update(
        victim_status=VictimStatus.PRESUMED,
        status=CaseStatus.CLOSED,
        closed_on=timezone.localdate(),
        close_reason="other",
    )
    assert period_warnings(0)["service_period"] == 0
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.ACTIVE, closed_on=None, close_reason="")
    Case.objects.filter(pk=case.pk).update(service_period_start=timezone.localdate() - timedelta(days=days + 3))
    assert period_warnings(0)["service_period"] == 0  # already over
    assert notices(NoticeKind.SERVICE_PERIOD_ENDING) == []


def test_warning_waits_for_a_responsible_worker(org: Any, cases: Any) -> None:
    case = cases["case_a"]
    _presumed(org, case, settings.TUGI_PRESUMED_SERVICE_DAYS - 2)
    CaseWorker.objects.filter(case=case).delete()
    assert period_warnings(0)["service_period"] == 0
    CaseWorker.objects.create(case=case, user=org.head, role="responsible")
    assert period_warnings(0)["service_period"] == 1
    assert notices(NoticeKind.SERVICE_PERIOD_ENDING)[0].recipient == org.head


def test_reflection_warning_once(org: Any, cases: Any) -> None:
    case = cases["case_a"]
    today = timezone.localdate()
    warn = settings.TUGI_REFLECTION_WARNING_DAYS
    period = reflection_start(
        actor=org.counsellor, case=case, starts_on=today - timedelta(days=30), ends_on=today + timedelta(days=warn)
    )
    assert period_warnings(0)["reflection"] == 1
    assert period_warnings(0)["reflection"] == 0
    [notice] = notices(NoticeKind.REFLECTION_ENDING)
    assert notice.recipient == org.counsellor and f"{period.ends_on:%d.%m.%Y}" in notice.text
    ReflectionPeriod.objects.filter(pk=period.pk).update(ended_early_on=today, warning_sent_for=None)
    assert period_warnings(0)["reflection"] == 0  # ended early: nothing to warn about


def test_warnings_run_daily(db: Any) -> None:
    from procrastinate.contrib.django import app

    periodic = app.periodic_registry.periodic_tasks[(period_warnings.name, "period_warnings")]
    assert periodic.cron == "0 6 * * *" and period_warnings.queue == "cases"
