"""Need-to-know on cases and clients (``access.policies_cases``), below the pages.

The pages themselves are covered by the permission matrix; these tests pin the rule: team and
service, named workers, unit heads from above, restricted cases, grants and emergency access, and
clients only through a visible case.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from tugi.access import policies_cases as access
from tugi.access.base import NotVisible
from tugi.access.services import emergency_access_open, grant_create
from tugi.accounts.models import Role, Service
from tugi.audit.models import AuditEvent
from tugi.cases.models import CaseType, CaseWorker, Confidentiality, WorkerRole
from tugi.cases.services import case_open
from tugi.clients.services import client_create
from tugi.core.tests.personas import make_user


def fresh(user: Any) -> Any:
    from tugi.accounts.models import User

    return User.objects.get(pk=user.pk)


def open_case(org: Any, *, team: Any = None, code: str = "trafficking", actor: Any = None, **client: Any) -> Any:
    actor = actor or org.counsellor
    person = client_create(
        actor=actor, agency=org.agency, **(client or {"given_name": "Olga", "family_name": "Ivanova"})
    )
    return case_open(actor=actor, case_type=CaseType.objects.get(code=code), team=team or org.team_a, client=person)


def visible(user: Any) -> set[int]:
    return set(access.visible_cases(fresh(user)).values_list("pk", flat=True))


def test_team_service_named_and_head(org: Any) -> None:
    trafficking = open_case(org)
    # A victim-support case of team A opened by the head: the trafficking counsellor's role is of
    # another service, so they do not see it; the head sees both from above.
    support = open_case(org, code="victim_support", actor=org.head, pseudonym="K")
    assert visible(org.counsellor) == {trafficking.pk}
    assert visible(org.head) == {trafficking.pk, support.pk}
    for name in ("outsider", "admin", "dpo", "volunteer"):
        assert visible(getattr(org, name)) == set(), name
    # Named on the case: the outsider now sees it, wherever they work.
    CaseWorker.objects.create(case=trafficking, user=org.outsider, role=WorkerRole.CO_WORKER)
    assert visible(org.outsider) == {trafficking.pk}


def test_team_colleague_sees_team_cases(org: Any) -> None:
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    case = open_case(org)
    assert visible(colleague) == {case.pk}
    assert access.case_decision(fresh(colleague), "work", case)
    # Not named, not a lead or head: may record work but not manage the case.
    assert not access.case_decision(fresh(colleague), "manage", case)
    assert access.case_decision(fresh(org.counsellor), "manage", case)
    assert access.case_decision(fresh(org.head), "manage", case)


def test_restricted_case_only_named_workers(org: Any) -> None:
    colleague = make_user("colleague", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    case = open_case(org, given_name="Staff", family_name="Relative", staff_related=True)
    assert case.confidentiality == Confidentiality.RESTRICTED
    assert visible(org.counsellor) == {case.pk}  # named: responsible
    assert visible(colleague) == set()
    assert visible(org.head) == set()
    with pytest.raises(NotVisible):
        access.get_case_for(fresh(org.head), case.pk, "view")


def test_grant_and_emergency_access(org: Any) -> None:
    case = open_case(org)
    # A helpline counsellor of team A: within the head's reach, but of another service.
    helper = make_user("helper", org.agency, [(Role.COUNSELLOR, Service.HELPLINE, org.team_a)])
    assert visible(helper) == set()
    grant_create(
        granter=org.head,
        grantee=helper,
        kind="cases.case",
        target_id=case.pk,
        reason="Covering the counsellor's holiday",
        valid_until=timezone.now() + timedelta(days=1),
    )
    assert visible(helper) == {case.pk}
    assert access.get_case_for(fresh(helper), case.pk, "view") == case
    # The read is recorded about the client, not flagged (a grant is planned access).
    event = AuditEvent.objects.filter(action="cases.case.viewed").latest("seq")
    assert (event.subject_type, event.subject_id, event.flagged) == ("clients.client", str(case.client_id), False)
    # The client is visible through the visible case.
    assert access.get_client_for(fresh(helper), case.client_id, "view") == case.client
    # A counsellor cannot hand out access to a case.
    with pytest.raises(PermissionDenied):
        grant_create(
            granter=org.counsellor,
            grantee=helper,
            kind="cases.case",
            target_id=case.pk,
            reason="Trying to share my case",
            valid_until=timezone.now() + timedelta(days=1),
        )


def test_emergency_access_is_flagged(org: Any) -> None:
    case = open_case(org)
    colleague = make_user("nightshift", org.agency, [(Role.COUNSELLOR, Service.VICTIM_SUPPORT, org.team_b)])
    with pytest.raises(NotVisible):
        access.get_case_for(fresh(colleague), case.pk, "view")
    emergency_access_open(
        user=fresh(colleague), kind="cases.case", target_id=case.pk, reason="The victim called the crisis line now"
    )
    assert access.get_case_for(fresh(colleague), case.pk, "view") == case
    assert AuditEvent.objects.filter(action="cases.case.viewed", actor=colleague, flagged=True).exists()


def test_volunteer_cannot_work_even_when_named(org: Any) -> None:
    case = open_case(org)
    CaseWorker.objects.create(case=case, user=org.volunteer, role=WorkerRole.CO_WORKER)
    assert access.get_case_for(fresh(org.volunteer), case.pk, "view") == case
    with pytest.raises(PermissionDenied):
        access.get_case_for(fresh(org.volunteer), case.pk, "work")


def test_clients_visible_only_through_cases(org: Any) -> None:
    case = open_case(org)
    lone = client_create(actor=org.counsellor, agency=org.agency, pseudonym="No case yet")
    clients = set(access.visible_clients(fresh(org.counsellor)).values_list("pk", flat=True))
    assert clients == {case.client_id, lone.pk}  # the creator sees their case-less client
    assert set(access.visible_clients(fresh(org.outsider)).values_list("pk", flat=True)) == set()
    assert set(access.visible_clients(fresh(org.head)).values_list("pk", flat=True)) == {case.client_id}
    # The DPO answers data-subject requests: every client of the agency, no case.
    assert set(access.visible_clients(fresh(org.dpo)).values_list("pk", flat=True)) == {case.client_id, lone.pk}
    assert visible(org.dpo) == set()
    assert access.client_decision(fresh(org.dpo), "subject_report", case.client)
    assert not access.client_decision(fresh(org.counsellor), "subject_report", case.client)
    with pytest.raises(NotVisible):
        access.get_client_for(fresh(org.outsider), case.client_id, "view")
