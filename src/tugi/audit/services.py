"""Writing audit events. The only code that inserts into the audit trail."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.utils import timezone

from tugi.audit.context import current
from tugi.audit.models import AuditEvent, EventKind


def object_key(obj: models.Model) -> tuple[str, str]:
    """("app_label.model", "pk") naming a record in the trail."""
    return obj._meta.label_lower, str(obj.pk)


def _agency_of(obj: models.Model) -> int | None:
    try:
        value = getattr(obj, "agency_id", None)
    except (ValueError, IndexError):  # an organisation unit whose path is not set yet
        return None
    return value if isinstance(value, int) else None


def record(
    action: str,
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    kind: str = EventKind.CHANGE,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    subject: tuple[str, str] | None = None,
    flagged: bool = False,
    reason: str = "",
    data: dict[str, Any] | None = None,
    actor_label: str = "",
    agency_id: int | None = None,
) -> AuditEvent:
    """Append one event. Call it inside the transaction of the change it describes."""
    if obj is not None:
        object_type, object_id = object_key(obj)
    user = actor if actor is not None and actor.is_authenticated else None
    if agency_id is None:
        agency_id = getattr(user, "agency_id", None)
    if agency_id is None and obj is not None:
        # A system action (no actor) belongs to the agency of the record it touched.
        agency_id = _agency_of(obj)
    ctx = current()
    event = AuditEvent(
        at=timezone.now(),
        kind=kind,
        action=action,
        actor_id=user.pk if user is not None else None,
        actor_label=actor_label or (user.get_username() if user is not None else ""),
        agency_id=agency_id,
        object_type=object_type,
        object_id=object_id,
        subject_type=subject[0] if subject else "",
        subject_id=subject[1] if subject else "",
        flagged=flagged,
        reason=reason,
        ip=ctx.ip if ctx else None,
        data=data or {},
    )
    event.save(force_insert=True)
    return event


def record_read(
    action: str,
    *,
    actor: AbstractBaseUser | AnonymousUser,
    obj: models.Model,
    subject: tuple[str, str] | None = None,
    flagged: bool = False,
    data: dict[str, Any] | None = None,
) -> AuditEvent:
    """An access event: someone saw a person's data (detail, export, download, search hit list)."""
    return record(action, actor=actor, kind=EventKind.READ, obj=obj, subject=subject, flagged=flagged, data=data)
