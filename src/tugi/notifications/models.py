"""Notices to staff: shown on "my work" and in the menu, and mailed by a background task.

The text is stored as a message kind plus parameters and rendered in the reader's language.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    EMERGENCY_ACCESS = "emergency_access", _("Emergency access")
    GRANT_GIVEN = "grant_given", _("Access granted")
    SERVICE_PERIOD_ENDING = "service_period_ending", _("Service period ending")
    REFLECTION_ENDING = "reflection_ending", _("Reflection period ending")


MESSAGES = {
    NoticeKind.EMERGENCY_ACCESS: _("%(actor)s used emergency access to open %(record)s. Reason given: “%(reason)s”"),
    NoticeKind.GRANT_GIVEN: _("%(actor)s gave you access to %(record)s until %(until)s. Reason: “%(reason)s”"),
    NoticeKind.SERVICE_PERIOD_ENDING: _(
        "The service period of the presumed victim in case %(record)s ends on %(until)s."
    ),
    NoticeKind.REFLECTION_ENDING: _("The reflection period in case %(record)s ends on %(until)s."),
}


class NotificationQuerySet(models.QuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=40, choices=NoticeKind.choices)
    params = models.JSONField(default=dict)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects: ClassVar[NotificationQuerySet] = NotificationQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.CheckConstraint(condition=models.Q(kind__in=NoticeKind.values), name="notice_kind_valid")]
        indexes = [models.Index(fields=["recipient", "read_at", "created_at"], name="notice_inbox")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        template = MESSAGES.get(NoticeKind(self.kind)) if self.kind in NoticeKind.values else None
        if template is None:
            return self.kind
        return str(template) % {k: self.params.get(k, "") for k in ("actor", "record", "reason", "until")}
