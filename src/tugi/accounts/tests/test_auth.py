"""Logging in, lock-out, the required second factor, password change, session limits and language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import time_machine
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings as django_settings
from django.test import Client
from django.utils.translation import gettext_lazy

from tugi.accounts.models import Role, Service, User
from tugi.accounts.tests.conftest import events, html_text, log_in
from tugi.core.tests.i18n import translated
from tugi.core.tests.personas import PASSWORD, make_user

TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
MFA_ACTIVATE = "/accounts/2fa/totp/activate/"
MFA_AUTHENTICATE = "/accounts/2fa/authenticate/"
NEW_PASSWORD = "another correct horse staple"


def is_login_redirect(response: Any) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.fixture
def real_user(org: Any) -> User:
    """A normal (not demo) counsellor: a second factor is required of them."""
    roles = [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)]
    user = make_user("tiina", org.agency, roles, demo=False, first_name="Tiina", last_name="Tamm")
    assert user.is_demo is False
    return user


def valid_codes(secret: str = TOTP_SECRET) -> list[str]:
    """The codes accepted now, the current one in the middle (the window allows for clock drift)."""
    return [format_hotp_value(hotp_value(secret, counter)) for counter in yield_hotp_counters_from_time()]


def totp_code(secret: str = TOTP_SECRET) -> str:
    codes = valid_codes(secret)
    return codes[len(codes) // 2]


def wrong_code(secret: str = TOTP_SECRET) -> str:
    return next(code for code in ("000000", "111111", "222222") if code not in valid_codes(secret))


def traveller_now() -> datetime:
    from django.utils import timezone

    return timezone.now()


# --- Login, failures, lock-out ----------------------------------------------------------------------


def test_login_writes_an_audit_event(org, client):
    response = client.post("/accounts/login/", {"login": "counsellor", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    event = events("accounts.session.logged_in", org.counsellor).get()
    assert event.actor == org.counsellor
    assert event.kind == "auth"
    assert client.get("/").status_code == 200


def test_failed_login_writes_an_audit_event(org, client):
    response = client.post("/accounts/login/", {"login": "counsellor", "password": "wrong password"})

    assert response.status_code == 200
    assert response.context["form"].errors
    event = events("accounts.session.login_failed", org.counsellor).get()
    assert (event.actor, event.actor_label, event.agency) == (None, "counsellor", org.agency)
    assert not events("accounts.session.logged_in").exists()
    assert is_login_redirect(client.get("/"))


def test_failed_login_of_unknown_account_is_recorded_without_a_record(db, client):
    client.post("/accounts/login/", {"login": "nobody-here", "password": "wrong password"})

    event = events("accounts.session.login_failed").get()
    assert (event.actor_label, event.object_type, event.object_id) == ("nobody-here", "", "")


def test_lockout_after_the_failure_limit(org, client, settings):
    locked_title = translated("Too many failed log-in attempts", "ru")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert settings.AXES_FAILURE_LIMIT == 5
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    with time_machine.travel(start, tick=False) as traveller:
        responses = [
            client.post("/accounts/login/", {"login": "counsellor", "password": f"wrong {n}"}) for n in range(5)
        ]
        assert [r.status_code for r in responses[:4]] == [200] * 4
        locked = responses[4]

        assert locked.status_code == 429
        html = locked.content.decode()
        assert '<html lang="ru">' in html
        assert locked_title in html
        assert 'class="top"' in html  # inside the shell
        event = events("accounts.session.locked_out", org.counsellor).get()
        assert event.actor_label == "counsellor"

        # The right password is refused during the cool-off with the same lock page, and no session
        # starts (allauth's own login limit is looser, so it never answers first).
        for minutes in (0, 6, 14):
            traveller.move_to(start + timedelta(minutes=minutes))
            refused = client.post("/accounts/login/", {"login": "counsellor", "password": PASSWORD})
            assert refused.status_code == 429, minutes
            assert locked_title in refused.content.decode(), minutes
            assert is_login_redirect(client.get("/")), minutes
        assert not events("accounts.session.logged_in").exists()
        # Another account is not locked by this one's failures.
        assert Client().post("/accounts/login/", {"login": "head", "password": PASSWORD}).status_code == 302

        # Each refused attempt during the lock restarts the cool-off (axes' default); after it, all is well.
        traveller.move_to(start + timedelta(minutes=14) + settings.AXES_COOLOFF_TIME + timedelta(minutes=1))
        after = client.post("/accounts/login/", {"login": "counsellor", "password": PASSWORD})

    assert after.status_code == 302
    assert events("accounts.session.logged_in", org.counsellor).exists()


# --- Second factor -----------------------------------------------------------------------------------


def test_non_demo_user_must_set_up_mfa_first(real_user, client):
    log_in(client, real_user)

    for path in ["/", "/manage/org/", "/manage/users/", f"/manage/users/{real_user.pk}/", "/notifications/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == MFA_ACTIVATE, path
    # The language switch and the health check stay reachable.
    assert client.get("/healthz").status_code == 200
    assert client.post("/i18n/language/", {"language": "en", "next": "/"}).status_code == 302


def test_non_demo_user_sets_up_totp_and_gets_in(real_user, client, django_capture_on_commit_callbacks):
    log_in(client, real_user)
    assert client.get("/")["Location"] == MFA_ACTIVATE

    # allauth asks for the password again before a second factor is added (MFA_REAUTHENTICATION_REQUIRED).
    response = client.get(MFA_ACTIVATE)
    if response.status_code == 302 and response["Location"].startswith("/accounts/reauthenticate/"):
        assert client.post(response["Location"], {"password": PASSWORD}).status_code == 302
        response = client.get(MFA_ACTIVATE)
    assert response.status_code == 200
    secret = client.session["mfa.totp.secret"]
    assert client.post(MFA_ACTIVATE, {"code": wrong_code(secret)}).status_code == 200
    assert client.get("/")["Location"] == MFA_ACTIVATE

    with django_capture_on_commit_callbacks(execute=True):  # allauth signals the new factor on commit
        activated = client.post(MFA_ACTIVATE, {"code": totp_code(secret)})

    assert activated.status_code == 302
    assert real_user.authenticator_set.filter(type="totp").exists()
    assert events("accounts.mfa.added", real_user).exists()
    assert client.get("/").status_code == 200


def test_totp_is_required_at_login_once_activated(real_user, client):
    TOTP.activate(real_user, TOTP_SECRET)

    response = client.post("/accounts/login/", {"login": "tiina", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == MFA_AUTHENTICATE
    assert not events("accounts.session.logged_in").exists()
    assert is_login_redirect(client.get("/"))  # not logged in before the code

    client.post("/accounts/login/", {"login": "tiina", "password": PASSWORD})
    wrong = client.post(MFA_AUTHENTICATE, {"code": wrong_code()})
    assert wrong.status_code == 200
    assert wrong.context["form"].errors
    assert is_login_redirect(client.get("/"))

    client.post("/accounts/login/", {"login": "tiina", "password": PASSWORD})
    done = client.post(MFA_AUTHENTICATE, {"code": totp_code()})

    assert done.status_code == 302
    assert done["Location"] == "/"
    home = client.get("/")
    assert home.status_code == 200
    assert "Team A" in home.content.decode()
    assert events("accounts.session.logged_in", real_user).count() == 1


@pytest.mark.parametrize(("demo_mode", "exempt"), [(True, True), (False, False)])
def test_demo_accounts_are_exempt_only_in_demo_mode(org, login, settings, demo_mode, exempt):
    settings.TUGI_DEMO = demo_mode
    client = login(org.counsellor)

    response = client.get("/")

    if exempt:
        assert response.status_code == 200
    else:
        assert (response.status_code, response["Location"]) == (302, MFA_ACTIVATE)


# --- Password change ----------------------------------------------------------------------------------


def test_password_change_ends_other_sessions(org, login, other_client):
    log_in(other_client, org.counsellor)
    assert other_client.get("/").status_code == 200
    client = login(org.counsellor)

    response = client.post(
        "/accounts/password/change/", {"oldpassword": PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 302
    assert User.objects.get(pk=org.counsellor.pk).check_password(NEW_PASSWORD)
    assert client.get("/").status_code == 200
    assert is_login_redirect(other_client.get("/"))


def test_password_change_with_wrong_old_password_changes_nothing(org, login, other_client):
    log_in(other_client, org.counsellor)
    client = login(org.counsellor)

    response = client.post(
        "/accounts/password/change/", {"oldpassword": "wrong", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["oldpassword"]
    assert User.objects.get(pk=org.counsellor.pk).check_password(PASSWORD)
    assert other_client.get("/").status_code == 200


# --- Session limits -----------------------------------------------------------------------------------


def test_idle_timeout_settings():
    assert django_settings.TUGI_SESSION_IDLE_SECONDS == 1800
    assert django_settings.SESSION_COOKIE_AGE == 1800
    assert django_settings.SESSION_SAVE_EVERY_REQUEST is True
    assert django_settings.TUGI_SESSION_ABSOLUTE_SECONDS == 12 * 3600


def test_idle_session_ends_after_30_minutes(org, client):
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=UTC), tick=False) as traveller:
        log_in(client, org.counsellor)
        for _ in range(3):  # activity renews the idle limit
            traveller.shift(timedelta(minutes=29))
            assert client.get("/").status_code == 200
        traveller.shift(timedelta(minutes=31))
        assert is_login_redirect(client.get("/"))


def test_absolute_timeout_12_hours_after_login(org, client):
    login_at = datetime(2026, 3, 2, 7, 0, tzinfo=UTC)
    with time_machine.travel(login_at, tick=False) as traveller:
        log_in(client, org.counsellor)
        # The person keeps working, never idle for 30 minutes; the first click comes a while after login.
        traveller.shift(timedelta(minutes=20))
        while True:
            assert client.get("/").status_code == 200
            if traveller_now() + timedelta(minutes=25) > login_at + timedelta(hours=12):
                break
            traveller.shift(timedelta(minutes=25))
        traveller.move_to(login_at + timedelta(hours=12, minutes=1))

        response = client.get("/")

        assert is_login_redirect(response)
        page = client.get(response["Location"])
    assert page.status_code == 200
    assert html_text(gettext_lazy("Your session reached its time limit. Please log in again.")) in page.content.decode()
    assert events("accounts.session.logged_out", org.counsellor).exists()
    assert is_login_redirect(client.get("/"))


# --- Language -----------------------------------------------------------------------------------------


def test_language_switch_is_stored_and_used(org, login):
    client = login(org.counsellor)
    assert '<html lang="et">' in client.get("/").content.decode()

    response = client.post("/i18n/language/", {"language": "ru", "next": "/manage/org/"})

    assert response.status_code == 302
    assert response["Location"] == "/manage/org/"
    assert User.objects.get(pk=org.counsellor.pk).language == "ru"
    event = events("accounts.user.language_changed", org.counsellor).get()
    assert (event.actor, event.data) == (org.counsellor, {"language": "ru"})
    # The choice follows the person, not the browser: a fresh browser gets Russian after login.
    for browser in (client, log_in(Client(), org.counsellor)):
        page = browser.get("/")
        assert '<html lang="ru">' in page.content.decode()
        assert page["Content-Language"] == "ru"


def test_unknown_language_is_refused(org, login):
    client = login(org.counsellor)

    response = client.post("/i18n/language/", {"language": "xx", "next": "/"})

    assert response.status_code == 400
    assert User.objects.get(pk=org.counsellor.pk).language == "et"
    assert not events("accounts.user.language_changed").exists()
    assert django_settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "http://testserver.evil.example/"])
def test_off_site_next_goes_home(org, login, target):
    client = login(org.counsellor)

    response = client.post("/i18n/language/", {"language": "en", "next": target})

    assert (response.status_code, response["Location"]) == (302, "/")
    assert User.objects.get(pk=org.counsellor.pk).language == "en"


def test_language_switch_needs_post(org, login):
    client = login(org.counsellor)

    assert client.get("/i18n/language/?language=ru").status_code == 405
    assert User.objects.get(pk=org.counsellor.pk).language == "et"


def test_anonymous_language_switch_sets_the_cookie(db, client):
    response = client.post("/i18n/language/", {"language": "ru", "next": "/accounts/login/"})

    assert (response.status_code, response["Location"]) == (302, "/accounts/login/")
    assert response.cookies[django_settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert '<html lang="ru">' in client.get("/accounts/login/").content.decode()
    assert not events("accounts.user.language_changed").exists()


def test_password_change_is_audited(org, login):
    from tugi.audit.models import AuditEvent

    client = login(org.counsellor)
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": "correct horse battery staple",
            "password1": "a new long passphrase 42",
            "password2": "a new long passphrase 42",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="accounts.password.changed", actor=org.counsellor).count() == 1
