"""Changes to staff accounts, roles and the organisation. Each writes its audit event."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Func, Value
from django.utils.translation import gettext as _

from tugi.accounts.models import ALLOWED_PARENT_KIND, SERVICE_ROLES, OrgUnit, Region, RoleAssignment, UnitKind, User
from tugi.audit import services as audit
from tugi.core.models import save_versioned

USER_EDITABLE = ["first_name", "last_name", "email", "phone", "language"]


@transaction.atomic
def user_create(*, actor: User | None, username: str, password: str, agency: OrgUnit, **fields: Any) -> User:
    user = User(username=username, agency=agency, **{k: v for k, v in fields.items() if k in USER_EDITABLE})
    validate_password(password, user)
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as exc:
        raise ValidationError({"username": _("This username is already taken.")}) from exc
    audit.record("accounts.user.created", actor=actor, obj=user, data={"username": username})
    return user


@transaction.atomic
def user_update(*, actor: User, user: User, expected_version: int, changes: dict[str, Any]) -> User:
    changed = sorted(k for k, v in changes.items() if k in USER_EDITABLE and getattr(user, k) != v)
    for key in changed:
        setattr(user, key, changes[key])
    save_versioned(user, expected_version=expected_version, fields=USER_EDITABLE)  # type: ignore[arg-type]
    audit.record("accounts.user.updated", actor=actor, obj=user, data={"fields": changed})
    return user


@transaction.atomic
def user_set_active(*, actor: User | None, user: User, active: bool) -> None:
    """Deactivation ends every session of the user at their next request (the backend refuses them)."""
    if user.is_active == active:
        return
    User.objects.filter(pk=user.pk).update(is_active=active, version=F("version") + 1)
    user.is_active = active
    if not active:
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user_id=user.pk):
            session.end()
    audit.record("accounts.user.activated" if active else "accounts.user.deactivated", actor=actor, obj=user)


@transaction.atomic
def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
        user.language = language
        audit.record("accounts.user.language_changed", actor=user, obj=user, data={"language": language})


@transaction.atomic
def role_assign(*, actor: User, user: User, role: str, unit: OrgUnit, service: str = "") -> RoleAssignment:
    if role in SERVICE_ROLES and not service:
        raise ValidationError({"service": _("Choose the service this role is held in.")})
    if role not in SERVICE_ROLES:
        service = ""
    if RoleAssignment.objects.filter(user=user, role=role, unit=unit, service=service).exists():
        raise ValidationError(_("This person already holds this role in this unit."))
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit, service=service, created_by=actor)
    audit.record(
        "accounts.role.assigned",
        actor=actor,
        obj=user,
        data={"role": role, "service": service, "unit": unit.pk, "assignment": assignment.pk},
    )
    return assignment


@transaction.atomic
def role_remove(*, actor: User, assignment: RoleAssignment) -> None:
    data = {"role": assignment.role, "service": assignment.service, "unit": assignment.unit_id}
    user = assignment.user
    assignment.delete()
    audit.record("accounts.role.removed", actor=actor, obj=user, data=data)


def _check_parent(kind: str, parent: OrgUnit | None) -> None:
    if kind == UnitKind.AGENCY:
        if parent is not None:
            raise ValidationError({"parent": _("An agency is the top of its organisation: it has no parent.")})
        return
    wanted = ALLOWED_PARENT_KIND[UnitKind(kind)]
    if parent is None or parent.kind != wanted:
        raise ValidationError(
            {
                "parent": _("A %(kind)s belongs to a %(parent)s.")
                % {"kind": UnitKind(kind).label, "parent": wanted.label}
            }
        )


@transaction.atomic
def org_unit_create(
    *, actor: User | None, name: str, kind: str, parent: OrgUnit | None, region: Region | None = None
) -> OrgUnit:
    _check_parent(kind, parent)
    unit = OrgUnit(name=name.strip(), kind=kind, parent=parent, region=region, path="")
    try:
        with transaction.atomic():
            unit.save()
    except IntegrityError as exc:
        raise ValidationError({"name": _("A unit with this name already exists here.")}) from exc
    unit.path = f"{parent.path if parent else '/'}{unit.pk}/"
    OrgUnit.objects.filter(pk=unit.pk).update(path=unit.path)
    audit.record(
        "accounts.orgunit.created", actor=actor, obj=unit, data={"kind": kind, "parent": parent.pk if parent else None}
    )
    return unit


@transaction.atomic
def org_unit_update(
    *,
    actor: User,
    unit: OrgUnit,
    expected_version: int,
    name: str,
    parent: OrgUnit | None,
    region: Region | None,
    is_active: bool,
) -> OrgUnit:
    """Rename, move or (de)activate a unit. Moving re-roots the paths of its whole subtree."""
    _check_parent(unit.kind, parent)
    if parent is not None and parent.path.startswith(unit.path):
        raise ValidationError({"parent": _("A unit cannot be moved under itself.")})
    old_path = unit.path
    unit.name, unit.parent, unit.region, unit.is_active = name.strip(), parent, region, is_active
    new_path = f"{parent.path if parent else '/'}{unit.pk}/"
    try:
        with transaction.atomic():
            save_versioned(unit, expected_version=expected_version, fields=["name", "parent", "region", "is_active"])
    except IntegrityError as exc:
        raise ValidationError({"name": _("A unit with this name already exists here.")}) from exc
    if new_path != old_path:
        OrgUnit.objects.filter(path__startswith=old_path).update(
            path=Func(F("path"), Value(old_path), Value(new_path), function="replace")
        )
        unit.path = new_path
    audit.record("accounts.orgunit.updated", actor=actor, obj=unit, data={"moved": new_path != old_path})
    return unit


@transaction.atomic
def region_create(*, actor: User, code: str, name: str) -> Region:
    if Region.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A region with this code already exists.")})
    region = Region.objects.create(code=code, name=name)
    audit.record("accounts.region.created", actor=actor, obj=region)
    return region
