"""The test personas: a small real organisation built through the real services.

``counsellor`` in team A, ``outsider`` (a counsellor in team B of another unit), ``head`` (unit head
over team A), ``admin`` and ``dpo`` of the agency, ``volunteer``. All are demo-flagged so the MFA
requirement does not get in the way; MFA itself has its own tests. A module, not a conftest, so
tests anywhere can import it under one name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASSWORD = "correct horse battery staple"


@dataclass
class Org:
    agency: Any
    department: Any
    unit_a: Any
    unit_b: Any
    team_a: Any
    team_b: Any
    counsellor: Any
    outsider: Any
    head: Any
    admin: Any
    dpo: Any
    volunteer: Any


def make_user(
    username: str,
    agency: Any,
    roles: list[tuple[str, str, Any]],
    *,
    demo: bool = True,
    password: str = PASSWORD,
    **fields: Any,
) -> Any:
    """A staff member with roles. ``demo=False``: a real account, of whom a second factor is required."""
    from tugi.accounts.models import RoleAssignment, User
    from tugi.accounts.services import user_create

    user = user_create(
        actor=None,
        username=username,
        password=password,
        agency=agency,
        first_name=fields.pop("first_name", username.title()),
        last_name=fields.pop("last_name", "Test"),
        **fields,
    )
    if demo:
        User.objects.filter(pk=user.pk).update(is_demo=True)
        user.is_demo = True
    for role, service, unit in roles:
        RoleAssignment.objects.create(user=user, role=role, service=service, unit=unit)
    return user


def build_org() -> Org:
    from tugi.accounts.models import Role, Service, UnitKind
    from tugi.accounts.services import org_unit_create

    agency = org_unit_create(actor=None, name="Agency", kind=UnitKind.AGENCY, parent=None)
    department = org_unit_create(actor=None, name="Department", kind=UnitKind.DEPARTMENT, parent=agency)
    unit_a = org_unit_create(actor=None, name="Unit A", kind=UnitKind.UNIT, parent=department)
    unit_b = org_unit_create(actor=None, name="Unit B", kind=UnitKind.UNIT, parent=department)
    team_a = org_unit_create(actor=None, name="Team A", kind=UnitKind.TEAM, parent=unit_a)
    team_b = org_unit_create(actor=None, name="Team B", kind=UnitKind.TEAM, parent=unit_b)
    return Org(
        agency=agency,
        department=department,
        unit_a=unit_a,
        unit_b=unit_b,
        team_a=team_a,
        team_b=team_b,
        counsellor=make_user("counsellor", agency, [(Role.COUNSELLOR, Service.TRAFFICKING, team_a)]),
        outsider=make_user("outsider", agency, [(Role.COUNSELLOR, Service.HELPLINE, team_b)]),
        head=make_user("head", agency, [(Role.UNIT_HEAD, "", unit_a)]),
        admin=make_user("admin", agency, [(Role.ADMIN, "", agency)]),
        dpo=make_user("dpo", agency, [(Role.DPO, "", agency)]),
        volunteer=make_user("volunteer", agency, [(Role.VOLUNTEER, "", team_a)]),
    )


TOTP_PERIOD = 30  # allauth's default TOTP period; its tolerance is 0, so codes are computed just in time


def totp_now(secret: str) -> str:
    """The code an authenticator app shows now (RFC 6238), never one about to expire."""
    import time

    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    if time.time() % TOTP_PERIOD > TOTP_PERIOD - 3:
        time.sleep(TOTP_PERIOD - time.time() % TOTP_PERIOD + 0.2)
    return format_hotp_value(hotp_value(secret, int(time.time()) // TOTP_PERIOD))
