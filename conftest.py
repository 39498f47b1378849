"""Shared test fixtures: a small real organisation and its personas, on the real PostgreSQL.

Personas (healthchecks-style): ``counsellor`` in team A, ``outsider`` (a counsellor in team B of
another unit), ``head`` (unit head over team A), ``admin`` and ``dpo`` of the agency, ``volunteer``.
All are demo-flagged so the MFA requirement does not get in the way; MFA itself has its own tests.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from tugi.core.tests.personas import PASSWORD, Org, build_org

__all__ = ["PASSWORD", "Org"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    # The audit table refuses TRUNCATE; only this throw-away test database may be emptied between
    # the browser tests (Django's flush). Production databases never carry this setting.
    with django_db_blocker.unblock():
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER DATABASE "{connection.settings_dict["NAME"]}" SET tugi.audit_truncate_allowed = on')
        connection.close()


@pytest.fixture
def org(db: Any) -> Org:
    return build_org()


@pytest.fixture
def login(client: Any) -> Any:
    """``login(user)`` → the test client logged in as that user (through the real login form)."""

    def _login(user: Any) -> Any:
        client.logout()  # allauth answers a logged-in client's login with a redirect home: switch users
        response = client.post("/accounts/login/", {"login": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.content[:500]
        return client

    return _login
