"""Giving, revoking and taking access. Each writes its audit event in the same transaction."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from tugi.access.base import REGISTRY, NotVisible
from tugi.access.models import MIN_REASON_LENGTH, AccessGrant, GrantKind
from tugi.access.roles import paths_with
from tugi.accounts.models import Role, User
from tugi.audit import services as audit
from tugi.notifications.models import NoticeKind
from tugi.notifications.services import notification_send


def _clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(
            _("Write the reason in at least %(n)d characters: it is shown to the unit head and the auditor.")
            % {"n": MIN_REASON_LENGTH},
            code="reason",
        )
    return reason


@transaction.atomic
def grant_create(
    *, granter: User, grantee: User, kind: str, target_id: int, reason: str, valid_until: datetime
) -> AccessGrant:
    """A time-limited grant. The granter must see the record and be allowed to grant on it.

    "See" by their own scope: a record they reach only through a grant or emergency access is not
    theirs to pass on (that would turn flagged, short emergency access into a quiet, long grant).
    """
    policy = REGISTRY.get(kind)
    if policy is None or not policy.personal_data:
        raise ValidationError(_("Access cannot be granted to this kind of record."), code="kind")
    reason = _clean_reason(reason)
    if valid_until <= timezone.now():
        raise ValidationError(_("The end of the grant must be in the future."), code="valid_until")
    obj = policy.scope(granter).filter(pk=target_id).first()
    if obj is None:
        raise NotVisible(kind, target_id)
    decision = policy.decide(granter, "grant", obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    if not grantee.is_active:
        raise ValidationError(_("Access cannot be granted to a deactivated account."), code="grantee")
    from tugi.access.policies import visible_users

    if not visible_users(granter).filter(pk=grantee.pk).exists():
        raise ValidationError(_("You can grant access only to people within your reach."), code="grantee")
    grant = AccessGrant.objects.create(
        kind=GrantKind.GRANT,
        grantee=grantee,
        target_type=kind,
        target_id=obj.pk,
        responsible_path=policy.responsible_unit_path(obj) or "",
        reason=reason,
        valid_until=valid_until,
        granted_by=granter,
    )
    audit.record(
        "access.grant.created",
        actor=granter,
        obj=grant,
        subject=policy.subject_of(obj),
        reason=reason,
        data={"grantee": grantee.pk, "target": f"{kind}:{obj.pk}", "until": valid_until.isoformat()},
    )
    notification_send(
        recipients=[grantee],
        kind=NoticeKind.GRANT_GIVEN,
        params={
            "actor": str(granter),
            "record": grant.target_label,
            "reason": reason,
            "until": formats.date_format(timezone.localtime(valid_until), "SHORT_DATETIME_FORMAT"),
        },
        url=policy.url_of(obj),
    )
    return grant


@transaction.atomic
def grant_revoke(*, actor: User, grant: AccessGrant) -> None:
    locked = AccessGrant.objects.select_for_update().get(pk=grant.pk)
    if locked.revoked_at is not None:
        raise ValidationError(_("This grant is already revoked."), code="revoked")
    locked.revoked_at = timezone.now()
    locked.revoked_by = actor
    locked.save(update_fields=["revoked_at", "revoked_by"])
    grant.revoked_at, grant.revoked_by = locked.revoked_at, actor
    audit.record(
        "access.grant.revoked", actor=actor, obj=locked, data={"target": f"{locked.target_type}:{locked.target_id}"}
    )


@transaction.atomic
def emergency_access_open(*, user: User, kind: str, target_id: int, reason: str) -> tuple[AccessGrant | None, str]:
    """Break the glass: open a record outside one's scope, with a reason; the unit head is told.

    Returns the grant (None when the record is already within the user's access) and its address.
    """
    policy = REGISTRY.get(kind)
    if policy is None or not policy.personal_data:
        raise NotVisible(kind, target_id)
    decision = policy.may_break_glass(user)
    if not decision:
        raise PermissionDenied(decision.reason)
    reason = _clean_reason(reason)
    already = policy.visible(user).filter(pk=target_id).first()
    if already is not None:
        return None, policy.url_of(already)
    obj = policy.break_glass_scope(user).filter(pk=target_id).first()
    if obj is None:
        raise NotVisible(kind, target_id)
    now = timezone.now()
    grant = AccessGrant.objects.create(
        kind=GrantKind.EMERGENCY,
        grantee=user,
        target_type=kind,
        target_id=obj.pk,
        responsible_path=policy.responsible_unit_path(obj) or "",
        reason=reason,
        valid_from=now,
        valid_until=now + timedelta(hours=settings.TUGI_EMERGENCY_ACCESS_HOURS),
        granted_by=user,
    )
    audit.record(
        "access.emergency.opened",
        actor=user,
        obj=grant,
        subject=policy.subject_of(obj),
        flagged=True,
        reason=reason,
        data={"target": f"{kind}:{obj.pk}"},
    )
    notification_send(
        recipients=_heads_for(policy.responsible_unit_path(obj), user),
        kind=NoticeKind.EMERGENCY_ACCESS,
        params={"actor": str(user), "record": grant.target_label, "reason": reason},
        url=policy.url_of(obj),
    )
    return grant, policy.url_of(obj)


def _prefixes(path: str) -> list[str]:
    """ "/1/4/9/" → ["/1/", "/1/4/", "/1/4/9/"]: the unit and every unit above it."""
    parts = [p for p in path.strip("/").split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _heads_for(unit_path: str | None, actor: User) -> list[User]:
    """Unit heads over the record's unit; without one, the heads over the actor's own units."""
    paths = [unit_path] if unit_path else paths_with(actor, *Role.values)
    above = {prefix for path in paths for prefix in _prefixes(path)}
    return list(
        User.objects.filter(
            is_active=True, role_assignments__role=Role.UNIT_HEAD, role_assignments__unit__path__in=above
        ).distinct()
    )
