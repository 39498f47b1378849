"""Policies of the platform's own records: staff profiles, organisation units, grants, audit, notices.

Who may do what (roles reach the subtree of the unit they are held in):

- staff profile (personal data of an employee): the person themself, administrators, unit heads
  and data protection officers of a unit above them; anyone else on the staff only through a grant
  or emergency access. Editing, deactivating and roles: administrators.
- organisation: every staff member sees their agency's structure; administrators change it.
- grants: unit heads and administrators give and revoke them; the DPO sees all of the agency's.
- audit trail: data protection officers of the agency.
"""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tugi.access.base import ALLOW, Decision, NotVisible, Policy, deny, load_for, register
from tugi.access.models import AccessGrant, AccessGrantQuerySet
from tugi.access.roles import has_role, is_staff_member, paths_with, reaches
from tugi.accounts.models import OrgUnit, Role, User
from tugi.notifications.models import Notification, NotificationQuerySet

MANAGE_ROLES = (Role.ADMIN,)
OVERSEE_ROLES = (Role.ADMIN, Role.UNIT_HEAD, Role.DPO)


def _agency_ids(user: Any) -> set[int]:
    return {int(path.strip("/").split("/")[0]) for path in paths_with(user, *Role.values)}


def _under_any(paths: list[str], field: str) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(**{f"{field}__startswith": path})
    return q


class UserPolicy(Policy[User]):
    kind = "accounts.user"
    model = User
    personal_data = True

    def scope(self, user: Any) -> QuerySet[User]:
        paths = paths_with(user, *OVERSEE_ROLES)
        whole_agencies = _agencies_held_at_top(user, Role.ADMIN, Role.DPO)
        members = User.objects.filter(_under_any(paths, "role_assignments__unit__path")).values("pk")
        return User.objects.filter(Q(pk=user.pk) | Q(pk__in=members) | Q(agency_id__in=whole_agencies))

    def decide(self, user: Any, action: str, obj: User) -> Decision:
        if action == "view":
            return ALLOW
        if action in {"edit", "deactivate", "roles"}:
            if obj.agency_id in _agencies_held_at_top(user, Role.ADMIN) or _manages_member(user, obj):
                if action == "deactivate" and obj.pk == user.pk:
                    return deny(_("You cannot deactivate your own account."))
                return ALLOW
            return deny(_("Only an administrator can change staff accounts."))
        if action == "grant":
            return ALLOW if has_role(user, Role.UNIT_HEAD, Role.ADMIN) else deny(_("Only unit heads grant access."))
        return deny(_("This action is not available."))

    def responsible_unit_path(self, obj: User) -> str | None:
        first = obj.role_assignments.select_related("unit").order_by("unit__path").first()
        return first.unit.path if first else None

    def may_break_glass(self, user: Any) -> Decision:
        if is_staff_member(user):
            return ALLOW
        return deny(_("Volunteers cannot use emergency access."))

    def break_glass_scope(self, user: Any) -> QuerySet[User]:
        return User.objects.filter(agency_id__in=_agency_ids(user))

    def url_of(self, obj: User) -> str:
        return reverse("accounts:user_detail", args=[obj.pk])


def _agencies_held_at_top(user: Any, *roles: str) -> set[int]:
    """Agencies where the user holds one of ``roles`` at the agency itself ("/7/"), not in a unit below."""
    return {int(p.strip("/")) for p in paths_with(user, *roles) if p.count("/") == 2}


def _manages_member(user: Any, obj: User) -> bool:
    paths = paths_with(user, Role.ADMIN)
    return bool(paths) and obj.role_assignments.filter(_under_any(paths, "unit__path")).exists()


class OrgUnitPolicy(Policy[OrgUnit]):
    kind = "accounts.orgunit"
    model = OrgUnit

    def scope(self, user: Any) -> QuerySet[OrgUnit]:
        return OrgUnit.objects.filter(_under_any([f"/{a}/" for a in _agency_ids(user)], "path"))

    def decide(self, user: Any, action: str, obj: OrgUnit) -> Decision:
        if action == "view":
            return ALLOW
        if action in {"edit", "add_child"} and reaches(user, obj.path, Role.ADMIN):
            return ALLOW
        return deny(_("Only an administrator can change the organisation."))

    def url_of(self, obj: OrgUnit) -> str:
        return reverse("accounts:org")


class GrantPolicy(Policy[AccessGrant]):
    kind = "access.accessgrant"
    model = AccessGrant

    def scope(self, user: Any) -> QuerySet[AccessGrant]:
        agencies = _agency_ids(user) if has_role(user, Role.DPO, Role.ADMIN) else set()
        head_paths = paths_with(user, Role.UNIT_HEAD)
        members = User.objects.filter(_under_any(head_paths, "role_assignments__unit__path")).values("pk")
        return AccessGrant.objects.filter(
            Q(grantee_id=user.pk)
            | Q(granted_by_id=user.pk)
            | Q(grantee__agency_id__in=agencies)
            | Q(grantee_id__in=members)
            | _under_any(head_paths, "responsible_path")
        )

    def decide(self, user: Any, action: str, obj: AccessGrant) -> Decision:
        if action == "view":
            return ALLOW
        if action == "revoke":
            if obj.revoked_at is not None:
                return deny(_("This grant is already revoked."))
            if obj.granted_by_id == user.pk or has_role(user, Role.ADMIN, Role.UNIT_HEAD):
                return ALLOW
            return deny(_("Only the person who granted access, a unit head or an administrator can revoke it."))
        return deny(_("This action is not available."))

    def url_of(self, obj: AccessGrant) -> str:
        return reverse("access:grant_list")


USERS = register(UserPolicy())
ORG_UNITS = register(OrgUnitPolicy())
GRANTS = register(GrantPolicy())


# --- The public API of ENGINEERING rule 1 --------------------------------------------------------


def visible_users(user: Any) -> QuerySet[User]:
    return USERS.visible(user)


def get_user_for(user: Any, pk: object, action: str) -> User:
    return load_for(USERS, user, pk, action)


def visible_org_units(user: Any) -> QuerySet[OrgUnit]:
    return ORG_UNITS.visible(user)


def get_org_unit_for(user: Any, pk: object, action: str) -> OrgUnit:
    return load_for(ORG_UNITS, user, pk, action)


def visible_grants(user: Any) -> AccessGrantQuerySet:
    return cast(AccessGrantQuerySet, GRANTS.visible(user))


def get_grant_for(user: Any, pk: object, action: str) -> AccessGrant:
    return load_for(GRANTS, user, pk, action)


def can_manage_accounts(user: Any) -> bool:
    return has_role(user, *MANAGE_ROLES)


def can_give_grants(user: Any) -> bool:
    return has_role(user, Role.UNIT_HEAD, Role.ADMIN)


def can_view_audit(user: Any) -> bool:
    return has_role(user, Role.DPO)


def audit_agencies(user: Any) -> set[int]:
    """Agencies whose audit trail the user may read (empty: none)."""
    return {int(p.strip("/").split("/")[0]) for p in paths_with(user, Role.DPO)}


def is_staff(user: Any) -> bool:
    return is_staff_member(user)


def visible_notifications(user: Any) -> NotificationQuerySet:
    """Notices are private to their recipient."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient_id=user.pk)


def get_notification_for(user: Any, pk: object) -> Notification:
    notice = visible_notifications(user).filter(pk=int(str(pk))).first() if str(pk).isdigit() else None
    if notice is None:
        raise NotVisible("notifications.notification", pk)
    return notice
