"""The append-only, hash-chained audit trail (ENGINEERING rule 2).

Rows are written only by ``audit.services``. The database itself refuses UPDATE, DELETE and TRUNCATE
(triggers in migration 0002) and computes each row's ``seq``, ``prev_hash`` and ``hash`` inside the
insert, serialised by the single row of ``AuditChainHead``: ``manage.py audit_verify`` recomputes the
chain and reports any changed, removed or re-ordered row.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    CHANGE = "change", _("Change")
    READ = "read", _("Read")
    AUTH = "auth", _("Login and security")
    EXPORT = "export", _("Export")


class AuditEvent(models.Model):
    id = models.BigAutoField(primary_key=True)
    seq = models.BigIntegerField(unique=True, editable=False, null=True)
    at = models.DateTimeField(_("time"))
    kind = models.CharField(_("kind"), max_length=10, choices=EventKind.choices)
    action = models.CharField(_("action"), max_length=100)
    # No single-column indexes on the two keys: the (key, at, id) indexes below serve every filter, and a
    # plain key index lures the planner into fetching all of a user's events and sorting them.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("user"),
        db_index=False,
    )
    actor_label = models.CharField(max_length=150, blank=True)
    agency = models.ForeignKey(
        "accounts.OrgUnit", null=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    subject_type = models.CharField(_("person type"), max_length=60, blank=True)
    subject_id = models.CharField(_("person"), max_length=64, blank=True)
    flagged = models.BooleanField(_("flagged"), default=False)
    reason = models.TextField(_("reason"), blank=True)
    ip = models.GenericIPAddressField(null=True)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, editable=False, blank=True)
    hash = models.CharField(max_length=64, editable=False, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        constraints = [
            models.CheckConstraint(condition=models.Q(kind__in=EventKind.values), name="auditevent_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(action__regex=r"^[a-z_]+(\.[a-z_]+)+$"), name="auditevent_dotted"
            ),
        ]
        # Each index serves one filter of the viewer, ending in the keyset order (at, id).
        indexes = [
            models.Index(fields=["agency", "at", "id"], name="audit_agency_at"),
            models.Index(fields=["actor", "at", "id"], name="audit_actor_at"),
            models.Index(fields=["subject_type", "subject_id", "at", "id"], name="audit_subject_at"),
            models.Index(fields=["object_type", "object_id", "at", "id"], name="audit_object_at"),
            models.Index(
                fields=["action", "at", "id"],
                name="audit_action_at",
                opclasses=["text_pattern_ops", "timestamptz_ops", "int8_ops"],
            ),
            models.Index(fields=["at", "id"], name="audit_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class AuditChainHead(models.Model):
    """One row: the last sequence number and hash. Its row lock serialises chain appends."""

    id = models.SmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="auditchainhead_single_row")]

    def __str__(self) -> str:
        return f"audit chain head at {self.seq}"
