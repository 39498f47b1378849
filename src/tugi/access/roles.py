"""What roles a user holds and where. Loaded once per request object and cached on it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tugi.accounts.models import Role, RoleAssignment

_CACHE_ATTR = "_tugi_roles"


@dataclass(frozen=True)
class Held:
    role: str
    service: str
    unit_id: int
    unit_path: str


def held_roles(user: Any) -> tuple[Held, ...]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return ()
    cached: tuple[Held, ...] | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = (
            RoleAssignment.objects.active()
            .filter(user_id=user.pk)
            .values_list("role", "service", "unit_id", "unit__path")
        )
        cached = tuple(Held(role, service, unit_id, path) for role, service, unit_id, path in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_roles(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, *roles: str) -> bool:
    return any(h.role in roles for h in held_roles(user))


def paths_with(user: Any, *roles: str) -> list[str]:
    """Unit paths in which the user holds any of ``roles`` (their reach is each path's subtree)."""
    return [h.unit_path for h in held_roles(user) if h.role in roles]


def reaches(user: Any, unit_path: str, *roles: str) -> bool:
    """Does the user hold one of ``roles`` in ``unit_path`` or above it?"""
    return any(unit_path.startswith(p) for p in paths_with(user, *roles))


def is_staff_member(user: Any) -> bool:
    """Any role but volunteer: volunteers see only what their assignment needs."""
    return any(h.role != Role.VOLUNTEER for h in held_roles(user))
