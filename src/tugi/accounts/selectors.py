"""Read-side helpers for accounts; visibility itself comes from access."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tugi.accounts.models import OrgUnit, Role, Service


def role_summary(held: Iterable[Any]) -> list[dict[str, str]]:
    """Readable "role (service), unit" rows for the roles a user holds."""
    held = list(held)
    names = dict(OrgUnit.objects.filter(pk__in={h.unit_id for h in held}).values_list("pk", "name"))
    return [
        {
            "role": str(Role(h.role).label),
            "service": str(Service(h.service).label) if h.service else "",
            "unit": names.get(h.unit_id, ""),
        }
        for h in held
    ]


def org_tree(units: Iterable[OrgUnit]) -> list[dict[str, Any]]:
    """Nest a path-ordered list of units into a tree of {"unit", "children"}."""
    nodes: dict[int, dict[str, Any]] = {}
    roots: list[dict[str, Any]] = []
    for unit in sorted(units, key=lambda u: u.path):
        node = {"unit": unit, "children": []}
        nodes[unit.pk] = node
        parent = nodes.get(unit.parent_id) if unit.parent_id else None
        (parent["children"] if parent else roots).append(node)
    return roots
