"""Reading notices: the visible set comes from access."""

from __future__ import annotations

from typing import Any

from tugi.access.policies import visible_notifications


def unread_count(user: Any) -> int:
    # Bounded: the badge says "9+" past nine, so never count a long backlog.
    return len(visible_notifications(user).unread().values_list("pk", flat=True)[:10])
