"""Time-limited access grants and emergency access ("break the glass").

Both are rows of one table so a policy adds granted records to a visible set with one sub-query.
An emergency grant is taken by the user themself with a typed reason; the audit trail flags it and
the unit head responsible for the record is notified.
"""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

models.TextField.register_lookup(Length)

MIN_REASON_LENGTH = 10


class GrantKind(models.TextChoices):
    GRANT = "grant", _("Access grant")
    EMERGENCY = "emergency", _("Emergency access")


class AccessGrantQuerySet(models.QuerySet["AccessGrant"]):
    def in_force(self) -> AccessGrantQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, valid_from__lte=now, valid_until__gt=now)


@pghistory.track()
class AccessGrant(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=GrantKind.choices, default=GrantKind.GRANT)
    grantee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="access_grants", verbose_name=_("who")
    )
    target_type = models.CharField(_("kind of record"), max_length=60)
    target_id = models.BigIntegerField(_("record"))
    # Path of the unit answerable for the record when access was given: its heads see and may revoke it.
    responsible_path = models.CharField(max_length=255, blank=True, editable=False)
    reason = models.TextField(_("reason"))
    valid_from = models.DateTimeField(_("from"), default=timezone.now)
    valid_until = models.DateTimeField(_("until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects: ClassVar[AccessGrantQuerySet] = AccessGrantQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("access grant")
        verbose_name_plural = _("access grants")
        constraints = [
            models.CheckConstraint(condition=Q(valid_until__gt=F("valid_from")), name="grant_period_positive"),
            models.CheckConstraint(condition=Q(reason__length__gte=MIN_REASON_LENGTH), name="grant_reason_given"),
            models.CheckConstraint(condition=Q(kind__in=GrantKind.values), name="grant_kind_valid"),
            models.CheckConstraint(
                condition=Q(kind="grant") | Q(granted_by=F("grantee")), name="grant_emergency_is_self_taken"
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True, revoked_by__isnull=True)
                | Q(revoked_at__isnull=False, revoked_by__isnull=False),
                name="grant_revocation_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["grantee", "target_type", "valid_until"], name="grant_lookup"),
            models.Index(fields=["target_type", "target_id"], name="grant_target"),
            models.Index(fields=["responsible_path"], name="grant_responsible", opclasses=["text_pattern_ops"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.target_type} #{self.target_id}"

    @property
    def target_label(self) -> str:
        """ "user #12": the kind's readable name and the number, never the person's name."""
        from tugi.access.base import REGISTRY

        policy = REGISTRY.get(self.target_type)
        kind = policy.model._meta.verbose_name if policy else self.target_type
        return f"{kind} #{self.target_id}"

    @property
    def in_force_now(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and self.valid_from <= now < self.valid_until
