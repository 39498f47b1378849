"""Creating and reading notices."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from tugi.notifications.models import Notification


def notification_send(
    *, recipients: Iterable[Any], kind: str, params: dict[str, str], url: str = ""
) -> list[Notification]:
    """Store one notice per recipient and mail them after the transaction commits."""
    notices = Notification.objects.bulk_create(
        [Notification(recipient=r, kind=kind, params=params, url=url) for r in {r.pk: r for r in recipients}.values()]
    )
    ids = [n.pk for n in notices]
    if ids:
        from tugi.notifications.tasks import email_notifications

        transaction.on_commit(lambda: email_notifications.defer(notification_ids=ids))
    return notices


def notification_mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
