"""The policy machinery: one object per kind of record answers every access question about it.

- ``policy.visible(user)``: the records the user may see at all (scope plus grants in force);
- ``policy.decide(user, action, obj)``: may the user do ``action`` to this visible record, and why not;
- ``load_for(policy, user, pk, action)``: the loader views use. Not visible → 404 (existence does not
  leak), visible but not allowed → 403, and a read of a person's data writes an access event here, so
  no view can forget it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404

from tugi.access.models import AccessGrant, GrantKind
from tugi.audit import services as audit

M = TypeVar("M", bound=models.Model)

# Loads that put the record's data on the screen: the detail page, and the edit form filled with it.
READ_ACTIONS = frozenset({"view", "edit"})


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOW = Decision(True)


def deny(reason: str) -> Decision:
    return Decision(False, reason)


class NotVisible(Http404):
    """404 for a protected record; carries what the 404 page needs to offer emergency access."""

    def __init__(self, kind: str, pk: object) -> None:
        super().__init__(kind)
        self.kind = kind
        self.pk = pk


class Policy(Generic[M]):
    kind: ClassVar[str]
    model: type[M]
    # Records holding a person's data: every read is audited; emergency access may open them.
    personal_data: ClassVar[bool] = False

    def scope(self, user: Any) -> models.QuerySet[M]:
        """Records the user sees by their roles and relations, without grants."""
        raise NotImplementedError

    def decide(self, user: Any, action: str, obj: M) -> Decision:
        raise NotImplementedError

    def visible(self, user: Any) -> models.QuerySet[M]:
        if not getattr(user, "is_authenticated", False):
            return self.model._default_manager.none()
        scoped = self.scope(user)
        if not self.personal_data:
            return scoped
        granted = granted_ids(user, self.kind)
        return self.model._default_manager.filter(models.Q(pk__in=scoped.values("pk")) | models.Q(pk__in=granted))

    def subject_of(self, obj: M) -> tuple[str, str] | None:
        """The person a record is about, for the audit trail's 'by person' view."""
        return (self.kind, str(obj.pk)) if self.personal_data else None

    def responsible_unit_path(self, obj: M) -> str | None:
        """The unit answerable for the record: its heads hear of emergency access."""
        return None

    def may_break_glass(self, user: Any) -> Decision:
        return deny("emergency access is not available for this kind of record")

    def break_glass_scope(self, user: Any) -> models.QuerySet[M]:
        """Records emergency access may open for this user: beyond their scope, never beyond their agency."""
        return self.model._default_manager.none()

    def url_of(self, obj: M) -> str:
        raise NotImplementedError


REGISTRY: dict[str, Policy[Any]] = {}


def register(policy: Policy[M]) -> Policy[M]:
    REGISTRY[policy.kind] = policy
    return policy


def policy_for(obj: models.Model) -> Policy[Any]:
    return REGISTRY[obj._meta.label_lower]


def granted_ids(user: Any, kind: str) -> models.QuerySet[AccessGrant]:
    return (
        AccessGrant.objects.in_force().filter(grantee_id=user.pk, target_type=kind).values("target_id")  # type: ignore[return-value]
    )


def via_emergency(user: Any, kind: str, pk: int) -> bool:
    return (
        AccessGrant.objects.in_force()
        .filter(grantee_id=user.pk, target_type=kind, target_id=pk, kind=GrantKind.EMERGENCY)
        .exists()
    )


def can(user: Any, action: str, obj: models.Model) -> bool:
    policy = policy_for(obj)
    if not policy.visible(user).filter(pk=obj.pk).exists():
        return False
    return bool(policy.decide(user, action, obj))


def load_for(policy: Policy[M], user: Any, pk: object, action: str) -> M:
    try:
        obj = policy.visible(user).filter(pk=pk).first()
    except (ValueError, TypeError):
        obj = None
    if obj is None:
        raise NotVisible(policy.kind, pk)
    decision = policy.decide(user, action, obj)
    if not decision:
        raise PermissionDenied(decision.reason)
    if policy.personal_data and action in READ_ACTIONS:
        flagged = not policy.scope(user).filter(pk=obj.pk).exists() and via_emergency(user, policy.kind, obj.pk)
        audit.record_read(f"{policy.kind}.viewed", actor=user, obj=obj, subject=policy.subject_of(obj), flagged=flagged)
    return obj
