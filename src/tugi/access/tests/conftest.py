"""Fixtures of the access tests, on top of the personas of the project's conftest.

``world``: the records the permission matrix points at (a grant, a notice, a deactivated member).
``more_heads``: unit heads the shared org lacks: one over Unit B (the outsider's unit) and one over
the whole department, so grants and emergency notices have someone "above the record" to reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from importlib import import_module
from typing import Any

import pytest
from django.utils import timezone

from tugi.core.tests.personas import make_user


@dataclass
class World:
    org: Any
    leaver: Any  # deactivated counsellor of team A
    grant: Any  # head → counsellor, on the volunteer's profile
    notice: Any  # the counsellor's notice about that grant
    # Domain records by name (``Ref("record", name)``): the base cases below, then each area's own.
    records: dict[str, Any] = field(default_factory=dict)


@pytest.fixture
def world(org: Any) -> World:
    return build_world(org)


def build_world(org: Any) -> World:
    from tugi.access.services import grant_create
    from tugi.accounts.models import Role, Service, User
    from tugi.notifications.models import Notification

    leaver = make_user("leaver", org.agency, [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)])
    User.objects.filter(pk=leaver.pk).update(is_active=False)
    leaver.refresh_from_db()
    grant = grant_create(
        granter=org.head,
        grantee=org.counsellor,
        kind="accounts.user",
        target_id=org.volunteer.pk,
        reason="Covering the volunteer's coordination this week",
        valid_until=timezone.now() + timedelta(days=7),
    )
    notice = Notification.objects.get(recipient=org.counsellor)
    world = World(org=org, leaver=leaver, grant=grant, notice=notice)
    world.records.update(base_cases(org))
    from tugi.access.tests.matrix import AREAS

    for area in AREAS:
        build = getattr(import_module(f"tugi.access.tests.{area}"), "build", None)
        if build is not None:
            world.records.update(build(world))
    return world


def base_cases(org: Any) -> dict[str, Any]:
    """``case_a``: a trafficking case of team A, the counsellor responsible (the head sees it from
    above; the outsider, admin, DPO and volunteer do not). ``case_b``: a victim-support case of
    team B with the outsider named on it. Their clients ``client_a`` and ``client_b``."""
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open
    from tugi.clients.services import client_create

    client_a = client_create(actor=org.counsellor, agency=org.agency, given_name="Anna", family_name="Tamm")
    client_b = client_create(actor=org.outsider, agency=org.agency, pseudonym="Mari B")
    case_a = case_open(
        actor=org.counsellor,
        case_type=CaseType.objects.get(code="trafficking"),
        team=org.team_a,
        client=client_a,
    )
    case_b = case_open(
        actor=org.outsider,
        case_type=CaseType.objects.get(code="victim_support"),
        team=org.team_b,
        client=client_b,
    )
    return {"client_a": client_a, "client_b": client_b, "case_a": case_a, "case_b": case_b}


@dataclass
class MoreHeads:
    head_b: Any  # unit head of Unit B, above the outsider
    dept_head: Any  # unit head of the department, above both units


@pytest.fixture
def more_heads(org: Any) -> MoreHeads:
    from tugi.accounts.models import Role

    return MoreHeads(
        head_b=make_user("head_b", org.agency, [(Role.UNIT_HEAD, "", org.unit_b)]),
        dept_head=make_user("dept_head", org.agency, [(Role.UNIT_HEAD, "", org.department)]),
    )


@pytest.fixture
def login(login: Any, client: Any) -> Any:
    """The project's ``login``, logging out first.

    Posting the login form while logged in does not switch users: allauth sends an authenticated
    user home (302), which the project's fixture takes for success. Tests here switch users often.
    """

    def _login(user: Any) -> Any:
        client.logout()
        return login(user)

    return _login
