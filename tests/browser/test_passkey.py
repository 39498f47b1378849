"""Passkeys in the browser: adding one through allauth's MFA pages, then logging in with it alone.

Chromium's virtual authenticator (DevTools protocol, ``WebAuthn`` domain) stands in for the phone or
security key: it holds resident keys, verifies the user and answers every ceremony on its own. WebAuthn
needs a secure context; the live server is on ``localhost``, which browsers treat as one.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tugi.core.tests.personas import totp_now

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "Kolm kassi katusel 2026"
MFA_INDEX = "/accounts/2fa/"
ADD_KEY = "/accounts/2fa/webauthn/add/"
REAUTHENTICATE = "/accounts/reauthenticate/"


def path_of(page) -> str:
    return urlsplit(page.url).path


def add_virtual_authenticator(page) -> tuple[object, str]:
    """A platform authenticator with resident keys that verifies the user without asking."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    added = cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return cdp, added["authenticatorId"]


@pytest.fixture
def staff(org):
    """A counsellor in team A who is not a demo account, with an authenticator app already set up."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from tugi.accounts.models import Role, Service
    from tugi.core.tests.personas import make_user

    roles = [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)]
    user = make_user(
        "kadri.kask", org.agency, roles, demo=False, password=STAFF_PASSWORD, first_name="Kadri", last_name="Kask"
    )
    assert not user.is_demo
    user.totp_secret = generate_totp_secret()
    TOTP.activate(user, user.totp_secret)
    return user


def test_add_a_passkey_and_log_in_with_it(staff, page, log_in, assert_accessible, translated):
    from allauth.mfa.models import Authenticator

    from tugi.audit.models import AuditEvent

    cdp, authenticator_id = add_virtual_authenticator(page)

    # In with password and authenticator code, as every day.
    log_in(page, "kadri.kask", STAFF_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    code = page.locator("input[name=code]")
    code.fill(totp_now(staff.totp_secret))
    with page.expect_navigation():
        code.press("Enter")
    assert path_of(page) == "/"

    # Account security → security keys → add.
    page.goto(MFA_INDEX)
    with page.expect_navigation():
        page.locator(f"main a[href='{ADD_KEY}']").click()
    # Adding a factor is a sensitive change: allauth may ask for the password once more first.
    if path_of(page) == REAUTHENTICATE:
        page.locator("input[name=password]").fill(STAFF_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    assert path_of(page) == ADD_KEY
    assert_accessible(page)

    page.locator("input[name=name]").fill("Kadri's phone")
    page.locator("input[name=passwordless]").check()  # a passkey: it alone logs her in
    with page.expect_navigation():
        page.locator("#mfa_webauthn_add").click()
    assert path_of(page) != ADD_KEY, page.inner_text("main")

    key = Authenticator.objects.get(user=staff, type=Authenticator.Type.WEBAUTHN)
    assert key.wrap().name == "Kadri's phone"
    assert key.wrap().is_passwordless is True
    credentials = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert len(credentials) == 1 and credentials[0]["isResidentCredential"]
    signatures_so_far = credentials[0]["signCount"]
    added = AuditEvent.objects.filter(action="accounts.mfa.added", object_id=str(staff.pk))
    assert [event.data for event in added.filter(data__type="webauthn")] == [{"type": "webauthn"}]
    # allauth hands out recovery codes along with a first key when none exist yet; that is logged too.
    assert sorted(event.data["type"] for event in added) == ["recovery_codes", "webauthn"]

    # Out, and back in with nothing but the passkey: no username, no password, no code.
    page.goto("/")
    with page.expect_navigation(url="**/accounts/login/"):
        page.locator("header form[action$='/accounts/logout/'] button").click()
    page.goto("/")
    assert path_of(page) == "/accounts/login/"  # really out: home sends her to the login page
    with page.expect_navigation(url=lambda url: urlsplit(url).path == "/"):
        page.locator("#passkey_login").click()
    assert page.title().startswith(translated("et", "My work"))
    assert "Kadri" in page.locator("h1").inner_text()
    assert page.locator("nav.main a[aria-current=page]").inner_text() == translated("et", "My work")
    signed = cdp.send("WebAuthn.getCredentials", {"authenticatorId": authenticator_id})["credentials"]
    assert signed[0]["signCount"] > signatures_so_far  # the authenticator really signed the login challenge
