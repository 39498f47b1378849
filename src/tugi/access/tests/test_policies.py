"""The access API itself: visible_<things>(user), can(user, action, obj), the get_<thing>_for loaders.

Unit tests, no HTTP: the pages are covered by the permission matrix and the grant tests.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone, translation

from tugi.access import policies as access
from tugi.access.base import REGISTRY, NotVisible, can, load_for
from tugi.access.models import AccessGrant, GrantKind
from tugi.audit.models import AuditEvent, EventKind
from tugi.core.tests.personas import make_user

PERSONAS = ("counsellor", "outsider", "head", "admin", "dpo", "volunteer")

# Whose staff profile each persona sees by their roles alone.
SEES = {
    "counsellor": {"counsellor"},
    "outsider": {"outsider"},
    "head": {"head", "counsellor", "volunteer"},
    "admin": set(PERSONAS),
    "dpo": set(PERSONAS),
    "volunteer": {"volunteer"},
}


def fresh(user: Any) -> Any:
    """The user as a new request would load it (roles are cached on the object)."""
    from tugi.accounts.models import User

    return User.objects.get(pk=user.pk)


def names(users: Any) -> set[str]:
    return {u.username for u in users}


def reads() -> int:
    return AuditEvent.objects.filter(kind=EventKind.READ).count()


def give(org: Any, grantee: Any, target: Any, **fields: Any) -> AccessGrant:
    values = {
        "kind": GrantKind.GRANT,
        "grantee": grantee,
        "target_type": "accounts.user",
        "target_id": target.pk,
        "reason": "Covering a colleague this week",
        "valid_until": timezone.now() + timedelta(days=1),
        "granted_by": org.head,
    } | fields
    return AccessGrant.objects.create(**values)


@pytest.fixture
def other_agency(org: Any) -> Any:
    from tugi.accounts.models import Role, Service, UnitKind
    from tugi.accounts.services import org_unit_create

    agency = org_unit_create(actor=None, name="Other agency", kind=UnitKind.AGENCY, parent=None)
    team = org_unit_create(actor=None, name="Other department", kind=UnitKind.DEPARTMENT, parent=agency)
    return {
        "agency": agency,
        "team": team,
        "stranger": make_user("stranger", agency, [(Role.COUNSELLOR, Service.HELPLINE, team)]),
        "their_admin": make_user("their_admin", agency, [(Role.ADMIN, "", agency)]),
    }


# --- visible_users -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_visible_users_by_role(org: Any, other_agency: Any, persona: str) -> None:
    seen = names(access.visible_users(fresh(getattr(org, persona))))
    assert seen == SEES[persona]
    assert "stranger" not in seen
    assert "their_admin" not in seen


def test_nobody_anonymous_sees_anyone(org: Any) -> None:
    assert not access.visible_users(AnonymousUser()).exists()
    assert not access.visible_org_units(AnonymousUser()).exists()
    assert not access.visible_grants(AnonymousUser()).exists()
    assert not access.visible_notifications(AnonymousUser()).exists()


def test_the_other_agency_sees_only_itself(org: Any, other_agency: Any) -> None:
    assert names(access.visible_users(fresh(other_agency["their_admin"]))) == {"stranger", "their_admin"}
    assert names(access.visible_users(fresh(other_agency["stranger"]))) == {"stranger"}


def test_a_grant_in_force_adds_exactly_its_record(org: Any) -> None:
    give(org, org.counsellor, org.outsider)
    assert names(access.visible_users(fresh(org.counsellor))) == {"counsellor", "outsider"}
    # Nobody else gains anything from it.
    assert names(access.visible_users(fresh(org.volunteer))) == {"volunteer"}
    assert names(access.visible_users(fresh(org.head))) == SEES["head"]


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param(
            {"valid_until": timezone.now() - timedelta(minutes=1), "valid_from": timezone.now() - timedelta(hours=1)},
            id="ended",
        ),
        pytest.param(
            {"valid_from": timezone.now() + timedelta(hours=1), "valid_until": timezone.now() + timedelta(hours=2)},
            id="not yet",
        ),
        pytest.param({"revoked_at": timezone.now(), "revoked_by": None}, id="revoked"),
        pytest.param({"target_type": "accounts.orgunit"}, id="other kind"),
    ],
)
def test_grants_not_in_force_add_nothing(org: Any, fields: dict[str, Any]) -> None:
    if "revoked_at" in fields:
        fields["revoked_by"] = org.head
    give(org, org.counsellor, org.outsider, **fields)
    assert names(access.visible_users(fresh(org.counsellor))) == {"counsellor"}


def test_a_deactivated_unit_takes_its_reach_away(org: Any) -> None:
    from tugi.accounts.models import OrgUnit

    OrgUnit.objects.filter(pk=org.unit_a.pk).update(is_active=False)
    assert names(access.visible_users(fresh(org.head))) == {"head"}


def test_a_deactivated_user_holds_no_roles(org: Any) -> None:
    from tugi.accounts.models import User

    User.objects.filter(pk=org.admin.pk).update(is_active=False)
    assert names(access.visible_users(fresh(org.admin))) == {"admin"}
    assert not access.can_manage_accounts(fresh(org.admin))


def test_visible_org_units(org: Any, other_agency: Any) -> None:
    ours = {org.agency.pk, org.department.pk, org.unit_a.pk, org.unit_b.pk, org.team_a.pk, org.team_b.pk}
    for persona in PERSONAS:
        assert set(access.visible_org_units(fresh(getattr(org, persona))).values_list("pk", flat=True)) == ours, persona


def test_visible_grants(org: Any) -> None:
    grant = give(org, org.counsellor, org.volunteer)
    seen_by = {p for p in PERSONAS if access.visible_grants(fresh(getattr(org, p))).filter(pk=grant.pk).exists()}
    # The grantee, the granter (head, also over the grantee), the agency's admin and DPO.
    assert seen_by == {"counsellor", "head", "admin", "dpo"}


def test_role_shortcuts(org: Any) -> None:
    def who(check: Any) -> set[str]:
        return {p for p in PERSONAS if check(fresh(getattr(org, p)))}

    assert who(access.can_manage_accounts) == {"admin"}
    assert who(access.can_give_grants) == {"head", "admin"}
    assert who(access.can_view_audit) == {"dpo"}
    assert who(access.is_staff) == set(PERSONAS) - {"volunteer"}
    assert access.audit_agencies(fresh(org.dpo)) == {org.agency.pk}
    assert access.audit_agencies(fresh(org.admin)) == set()


# --- can() ---------------------------------------------------------------------------------------


USER_ACTIONS = [
    # (persona, action, whose profile, allowed)
    ("counsellor", "view", "counsellor", True),
    ("counsellor", "view", "outsider", False),
    ("counsellor", "edit", "counsellor", False),
    ("counsellor", "grant", "counsellor", False),
    ("outsider", "view", "counsellor", False),
    ("outsider", "edit", "outsider", False),
    ("head", "view", "counsellor", True),
    ("head", "view", "outsider", False),
    ("head", "edit", "counsellor", False),
    ("head", "grant", "volunteer", True),
    ("admin", "edit", "outsider", True),
    ("admin", "roles", "counsellor", True),
    ("admin", "deactivate", "counsellor", True),
    ("admin", "deactivate", "admin", False),
    ("admin", "delete", "counsellor", False),
    ("dpo", "view", "outsider", True),
    ("dpo", "edit", "outsider", False),
    ("dpo", "grant", "outsider", False),
    ("volunteer", "view", "volunteer", True),
    ("volunteer", "view", "counsellor", False),
]


@pytest.mark.parametrize(("persona", "action", "whose", "allowed"), USER_ACTIONS)
def test_can_on_staff_profiles(org: Any, persona: str, action: str, whose: str, allowed: bool) -> None:
    before = reads()
    assert can(fresh(getattr(org, persona)), action, getattr(org, whose)) is allowed
    assert reads() == before  # asking is not reading


def test_can_on_org_units(org: Any, other_agency: Any) -> None:
    volunteer, admin = fresh(org.volunteer), fresh(org.admin)
    assert can(volunteer, "view", org.team_a)
    assert not can(volunteer, "edit", org.team_a)
    assert can(admin, "edit", org.team_b)
    assert can(admin, "add_child", org.agency)
    assert not can(admin, "view", other_agency["agency"])
    assert not can(admin, "edit", other_agency["team"])
    assert not can(fresh(org.head), "edit", org.team_a)


def test_can_on_grants(org: Any) -> None:
    grant = give(org, org.counsellor, org.volunteer)
    assert can(fresh(org.head), "revoke", grant)
    assert can(fresh(org.admin), "revoke", grant)
    assert can(fresh(org.counsellor), "view", grant)
    assert not can(fresh(org.counsellor), "revoke", grant)
    assert can(fresh(org.dpo), "view", grant)
    assert not can(fresh(org.dpo), "revoke", grant)
    assert not can(fresh(org.outsider), "view", grant)
    AccessGrant.objects.filter(pk=grant.pk).update(revoked_at=timezone.now(), revoked_by=org.head)
    grant.refresh_from_db()
    assert not can(fresh(org.head), "revoke", grant)


def test_can_needs_visibility_before_anything(org: Any) -> None:
    assert not can(AnonymousUser(), "view", org.counsellor)
    assert not can(fresh(org.outsider), "view", org.counsellor)


# --- loaders -------------------------------------------------------------------------------------


def test_loader_not_visible_is_404_and_writes_nothing(org: Any) -> None:
    before = AuditEvent.objects.count()
    for pk in (org.outsider.pk, 999_999_999, "abc", None):
        with pytest.raises(NotVisible) as caught:
            access.get_user_for(fresh(org.counsellor), pk, "view")
        assert isinstance(caught.value, Http404)
        assert (caught.value.kind, caught.value.pk) == ("accounts.user", pk)
    with pytest.raises(NotVisible):
        access.get_user_for(AnonymousUser(), org.counsellor.pk, "view")
    assert AuditEvent.objects.count() == before


def test_loader_visible_but_not_allowed_is_403_and_writes_nothing(org: Any) -> None:
    before = AuditEvent.objects.count()
    with translation.override("en"), pytest.raises(PermissionDenied, match="Only an administrator"):
        access.get_user_for(fresh(org.head), org.counsellor.pk, "edit")
    with pytest.raises(PermissionDenied):
        access.get_grant_for(fresh(org.counsellor), give(org, org.counsellor, org.volunteer).pk, "revoke")
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_loading_a_profile_writes_a_read_event(org: Any, persona: str) -> None:
    user = fresh(getattr(org, persona))
    for whose in sorted(SEES[persona]):
        target = getattr(org, whose)
        before = reads()
        assert access.get_user_for(user, target.pk, "view") == target
        assert reads() == before + 1
        event = AuditEvent.objects.filter(kind=EventKind.READ).latest("id")
        assert event.action == "accounts.user.viewed"
        assert event.actor_id == user.pk
        assert (event.object_type, event.object_id) == ("accounts.user", str(target.pk))
        assert (event.subject_type, event.subject_id) == ("accounts.user", str(target.pk))
        assert event.flagged is False
        assert event.agency_id == org.agency.pk


def test_opening_a_profile_to_edit_it_is_a_read(org: Any) -> None:
    """The edit form shows the person's data as much as the detail page does."""
    before = reads()
    access.get_user_for(fresh(org.admin), org.counsellor.pk, "edit")
    assert reads() == before + 1
    assert AuditEvent.objects.filter(kind=EventKind.READ).latest("id").subject_id == str(org.counsellor.pk)


def test_loaders_of_records_without_personal_data_write_no_read_event(org: Any) -> None:
    grant = give(org, org.counsellor, org.volunteer)
    notice_owner = fresh(org.counsellor)
    from tugi.notifications.models import Notification

    notice = Notification.objects.create(recipient=org.counsellor, kind="grant_given", params={})
    before = reads()
    assert access.get_org_unit_for(fresh(org.admin), org.team_a.pk, "edit") == org.team_a
    assert access.get_org_unit_for(fresh(org.volunteer), org.team_a.pk, "view") == org.team_a
    assert access.get_grant_for(fresh(org.head), grant.pk, "revoke") == grant
    assert access.get_grant_for(fresh(org.dpo), grant.pk, "view") == grant
    assert access.get_notification_for(notice_owner, notice.pk) == notice
    assert reads() == before
    with pytest.raises(NotVisible):
        access.get_notification_for(fresh(org.outsider), notice.pk)


def test_only_personal_data_policies_are_audited() -> None:
    personal = {kind for kind, policy in REGISTRY.items() if policy.personal_data}
    assert personal == {"accounts.user", "cases.case", "clients.client"}
    assert not REGISTRY["accounts.orgunit"].personal_data
    assert not REGISTRY["access.accessgrant"].personal_data


def test_read_through_emergency_access_is_flagged(org: Any) -> None:
    give(org, org.counsellor, org.outsider, kind=GrantKind.EMERGENCY, granted_by=org.counsellor)
    load_for(REGISTRY["accounts.user"], fresh(org.counsellor), org.outsider.pk, "view")
    assert AuditEvent.objects.filter(kind=EventKind.READ).latest("id").flagged is True


def test_read_through_a_grant_is_not_flagged(org: Any) -> None:
    give(org, org.counsellor, org.outsider)
    access.get_user_for(fresh(org.counsellor), org.outsider.pk, "view")
    assert AuditEvent.objects.filter(kind=EventKind.READ).latest("id").flagged is False


def test_read_in_scope_is_not_flagged_even_with_emergency_access(org: Any) -> None:
    give(org, org.head, org.counsellor, kind=GrantKind.EMERGENCY, granted_by=org.head)
    access.get_user_for(fresh(org.head), org.counsellor.pk, "view")
    assert AuditEvent.objects.filter(kind=EventKind.READ).latest("id").flagged is False


def test_emergency_access_ended_is_not_access(org: Any) -> None:
    give(
        org,
        org.counsellor,
        org.outsider,
        kind=GrantKind.EMERGENCY,
        granted_by=org.counsellor,
        valid_from=timezone.now() - timedelta(hours=9),
        valid_until=timezone.now() - timedelta(hours=1),
    )
    with pytest.raises(NotVisible):
        access.get_user_for(fresh(org.counsellor), org.outsider.pk, "view")
