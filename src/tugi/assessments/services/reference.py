"""Keeping the indicator lists: add and edit (deactivate through ``active``); never delete."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction

from tugi.accounts.models import User
from tugi.assessments.models import Dimension, Indicator
from tugi.audit import services as audit
from tugi.core.models import save_versioned

INDICATOR_EDITABLE = ["strength", "text_et", "text_en", "text_ru", "order", "active"]

SET_PREFIX = {
    ("adult", "labour"): "AL",
    ("adult", "sexual"): "AS",
    ("child", "labour"): "CL",
    ("child", "sexual"): "CS",
}


def _next_code(target: str, exploitation: str, dimension: str) -> str:
    prefix = SET_PREFIX[(target, exploitation)]
    dim_no = Dimension.values.index(dimension) + 1
    stem = f"{prefix}-{dim_no}."
    # Lock the dimension's rows so two leads adding at once do not pick the same number.
    codes = Indicator.objects.select_for_update().filter(code__startswith=stem).values_list("code", flat=True)
    numbers = [int(m.group(1)) for c in codes if (m := re.fullmatch(rf"{re.escape(stem)}(\d+)", c))]
    return f"{stem}{max(numbers, default=0) + 1:02d}"


@transaction.atomic
def indicator_create(
    *,
    actor: User,
    target: str,
    exploitation: str,
    dimension: str,
    strength: str,
    text_et: str,
    text_en: str,
    text_ru: str,
    order: int,
) -> Indicator:
    indicator = Indicator.objects.create(
        target=target,
        exploitation=exploitation,
        dimension=dimension,
        strength=strength,
        code=_next_code(target, exploitation, dimension),
        text_et=text_et,
        text_en=text_en,
        text_ru=text_ru,
        order=order,
    )
    audit.record(
        "assessments.indicator.created",
        actor=actor,
        obj=indicator,
        data={"code": indicator.code, "strength": strength, "text_en": text_en},
    )
    return indicator


@transaction.atomic
def indicator_update(*, actor: User, indicator: Indicator, expected_version: int, changes: dict[str, Any]) -> None:
    """Change an indicator's strength, texts, order or use. Past screenings keep what they used."""
    fields = [f for f in INDICATOR_EDITABLE if f in changes]
    before = {f: getattr(indicator, f) for f in fields}
    for field in fields:
        setattr(indicator, field, changes[field])
    save_versioned(indicator, expected_version=expected_version, fields=fields)
    changed = {f: [before[f], changes[f]] for f in fields if before[f] != changes[f]}
    verb = "deactivated" if changed.get("active") == [True, False] else "updated"
    audit.record(f"assessments.indicator.{verb}", actor=actor, obj=indicator, data={"changed": changed})
