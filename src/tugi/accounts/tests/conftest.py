"""Fixtures of the accounts tests: a second browser, audit look-ups, expected (translated) texts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation

from tugi.core.tests.personas import PASSWORD


def log_in(client: Client, user: Any, password: str = PASSWORD) -> Client:
    """Log ``client`` in through the real login form and fail loudly if it does not work."""
    response = client.post("/accounts/login/", {"login": user.username, "password": password})
    assert response.status_code == 302, response.content[:500]
    return client


@pytest.fixture
def other_client() -> Client:
    """A second browser: another person, or the same person on another device."""
    return Client()


def events(action: str, obj: Any | None = None) -> Any:
    from tugi.audit.models import AuditEvent

    found = AuditEvent.objects.filter(action=action)
    if obj is not None:
        found = found.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return found


def text(message: Any, language: str = "et") -> str:
    """What ``message`` reads like in ``language`` (the personas use the default, Estonian)."""
    with translation.override(language):
        return str(message)


def html_text(message: Any, language: str = "et") -> str:
    """``text`` escaped the way templates print it."""
    from django.utils.html import escape

    return escape(text(message, language))
