"""Background work of notices: mail each to its recipient in their own language."""

from __future__ import annotations

from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from procrastinate.contrib.django import app

from tugi.notifications.models import Notification


@app.task(queue="notifications", retry=5)
def email_notifications(notification_ids: list[int]) -> None:
    pending = Notification.objects.filter(pk__in=notification_ids, emailed_at__isnull=True).select_related("recipient")
    for notice in pending:
        if not notice.recipient.email:
            continue
        with translation.override(notice.recipient.language):
            # The mail says only that there is a notice: details stay behind the login.
            send_mail(
                subject=_("Tugi: a notice for you"),
                message=_("You have a new notice in Tugi. Log in to read it."),
                from_email=None,
                recipient_list=[notice.recipient.email],
            )
        notice.emailed_at = timezone.now()
        notice.save(update_fields=["emailed_at"])
