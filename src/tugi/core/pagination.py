"""Keyset pagination (ENGINEERING rule 8): the next page starts after the last row's sort key.

No OFFSET and no COUNT(*): each page costs the same on row 10 and on row 10 million.
The cursor is an opaque, URL-safe token of the last row's key values.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Model, Q, QuerySet


@dataclass
class Page:
    items: list[Any]
    next_cursor: str | None


def _encode(values: list[Any]) -> str:
    raw = json.dumps([v.isoformat() if isinstance(v, datetime) else v for v in values])
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def _decode(cursor: str, count: int) -> list[Any] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (ValueError, TypeError):
        return None
    if not isinstance(values, list) or len(values) != count:
        return None
    return values


def keyset_page(qs: QuerySet[Any], *, order: list[str], cursor: str | None, size: int) -> Page:
    """``order`` like ``["-at", "-id"]`` (all one direction; the last field unique)."""
    descending = order[0].startswith("-")
    fields = [f.lstrip("-") for f in order]
    qs = qs.order_by(*order)
    values = _decode(cursor, len(fields)) if cursor else None
    if values is not None:
        op = "lt" if descending else "gt"
        condition = Q()
        # (a, b, c) < (x, y, z)  ⇔  a < x  or (a = x and b < y) or (a = x and b = y and c < z)
        for i, name in enumerate(fields):
            step = Q(**{f"{name}__{op}": values[i]})
            for prev in range(i):
                step &= Q(**{fields[prev]: values[prev]})
            condition |= step
        # The plain bound on the leading field lets PostgreSQL start the index scan at the cursor.
        qs = qs.filter(Q(**{f"{fields[0]}__{op}e": values[0]}) & condition)
    rows = list(qs[: size + 1])
    items = rows[:size]
    next_cursor = None
    if len(rows) > size:
        last = items[-1]
        next_cursor = _encode([_value(last, name) for name in fields])
    return Page(items=items, next_cursor=next_cursor)


def _value(row: Any, name: str) -> Any:
    if isinstance(row, dict):
        return row[name]
    value = getattr(row, name)
    return value.pk if isinstance(value, Model) else value
