"""Shared base models.

``Versioned`` gives every editable record a version number; ``save_versioned`` refuses a stale save
(ENGINEERING rule 5) so two people editing the same record never overwrite each other silently.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class StaleVersion(Exception):
    """The record changed since the form was opened."""

    message = _(
        "Someone else changed this record while you were editing it. Your input is kept below; "
        "check the current values and save again."
    )


class Versioned(models.Model):
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


def save_versioned(instance: Versioned, *, expected_version: int, fields: list[str]) -> None:
    """Write ``fields`` of ``instance`` only if the row still has ``expected_version``."""
    from django.utils import timezone

    values: dict[str, Any] = {name: getattr(instance, name) for name in fields}
    if any(field.name == "updated_at" for field in instance._meta.concrete_fields):
        values["updated_at"] = timezone.now()  # User carries a version but no timestamps
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1, **values)
    )
    if updated != 1:
        raise StaleVersion()
    instance.version = expected_version + 1
