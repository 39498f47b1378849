from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta | None) -> int:
    """Whole minutes of a duration, rounded up (a 90-second lock is "2 minutes")."""
    if not value:
        return 0
    return -(-int(value.total_seconds()) // 60)
