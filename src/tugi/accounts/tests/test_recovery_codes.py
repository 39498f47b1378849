"""Recovery codes: the way in when the authenticator app is lost, each code good exactly once."""

from __future__ import annotations

from typing import Any

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.test import Client

from tugi.accounts.models import Role, Service, User
from tugi.accounts.tests.conftest import events
from tugi.core.tests.personas import PASSWORD, make_user

MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"


@pytest.fixture
def real_user(org: Any) -> User:
    """A normal (not demo) counsellor with an authenticator app: the second factor is asked of her."""
    roles = [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)]
    user = make_user("tiina", org.agency, roles, demo=False, first_name="Tiina", last_name="Tamm")
    assert user.is_demo is False
    TOTP.activate(user, generate_totp_secret())
    return user


def password_step(client: Client) -> None:
    """Username and password: accepted, and the second factor is asked next."""
    response = client.post("/accounts/login/", {"login": "tiina", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE


def is_logged_in(client: Client) -> bool:
    return client.get("/").status_code == 200


def test_a_recovery_code_logs_in_once(real_user, client):
    # TOTP.activate alone makes no recovery codes (allauth's activation flow does); make them as it does.
    codes = RecoveryCodes.activate(real_user)
    unused = codes.get_unused_codes()
    assert len(unused) == 10
    code = unused[0]

    password_step(client)
    assert not is_logged_in(client)
    done = client.post(MFA_AUTHENTICATE, {"code": code})

    assert done.status_code == 302
    assert done["Location"] == "/"
    assert is_logged_in(client)
    assert events("accounts.session.logged_in", real_user).count() == 1
    stored = Authenticator.objects.get(user=real_user, type=Authenticator.Type.RECOVERY_CODES)
    assert code not in stored.wrap().get_unused_codes()
    assert len(stored.wrap().get_unused_codes()) == 9

    # Out, and in again with the same code: refused, and the person stays at the second-factor step.
    assert client.post("/accounts/logout/").status_code == 302
    assert not is_logged_in(client)
    password_step(client)
    again = client.post(MFA_AUTHENTICATE, {"code": code})

    assert again.status_code == 200
    assert "code" in again.context["form"].errors
    assert again.templates[0].name == "mfa/authenticate.html"
    assert not is_logged_in(client)
    assert client.get(MFA_AUTHENTICATE).status_code == 200  # still at the second-factor step, not sent away
    assert events("accounts.session.logged_in", real_user).count() == 1

    # Another unused code still works.
    assert client.post(MFA_AUTHENTICATE, {"code": unused[1]})["Location"] == "/"
    assert is_logged_in(client)
