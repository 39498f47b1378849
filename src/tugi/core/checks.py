"""Deploy checks: production refuses to start while a default password or demo account is usable."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, register
from django.db import DatabaseError


@register(Tags.security, deploy=True)
def no_default_passwords(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from tugi.accounts.models import User

    errors = []
    try:
        demo_accounts = list(User.objects.filter(is_active=True, is_demo=True).values_list("username", flat=True)[:5])
        suspects = User.objects.filter(is_active=True).filter(is_superuser=True) | User.objects.filter(
            is_active=True, is_demo=True
        )
        weak = [u.username for u in suspects[:50] if u.check_password(settings.TUGI_DEMO_PASSWORD)]
    except DatabaseError:
        return []  # not migrated yet: nothing to check
    if demo_accounts:
        errors.append(
            Error(
                f"Active demo accounts exist ({', '.join(demo_accounts)}).",
                hint="Deactivate them: manage.py deactivate_demo_accounts",
                id="tugi.E001",
            )
        )
    if weak:
        errors.append(
            Error(
                f"Accounts still use the default demo password ({', '.join(weak)}).",
                hint="Set a new password for each of them.",
                id="tugi.E002",
            )
        )
    return errors
