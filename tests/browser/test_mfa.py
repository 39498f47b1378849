"""Second factor in the browser: logging in with an authenticator code, and setting one up at first login.

The ``org`` personas are demo accounts (exempt from MFA), so these journeys use a real staff account.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from tugi.core.tests.personas import totp_now

pytestmark = pytest.mark.browser

STAFF_PASSWORD = "Kolm kassi katusel 2026"


def path_of(page) -> str:
    return urlsplit(page.url).path


@pytest.fixture
def staff(org):
    """A counsellor in team A who is not a demo account: the second factor is required of her."""
    from tugi.accounts.models import Role, Service
    from tugi.core.tests.personas import make_user

    roles = [(Role.COUNSELLOR, Service.TRAFFICKING, org.team_a)]
    user = make_user(
        "kadri.kask", org.agency, roles, demo=False, password=STAFF_PASSWORD, first_name="Kadri", last_name="Kask"
    )
    assert not user.is_demo
    return user


def test_log_in_with_an_authenticator_code(staff, page, log_in, assert_accessible, translated):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)

    page.goto("/accounts/login/")
    assert_accessible(page)
    log_in(page, "kadri.kask", STAFF_PASSWORD)

    page.wait_for_url("**/accounts/2fa/authenticate/")
    assert_accessible(page)
    code = page.locator("input[name=code]")
    code.fill(totp_now(secret))
    code.press("Enter")

    page.wait_for_url(lambda url: url.endswith("/") and "/accounts/" not in url)
    assert page.title().startswith(translated("et", "My work"))
    assert "Kadri" in page.locator("h1").inner_text()
    assert page.locator("nav.main a[aria-current=page]").inner_text() == translated("et", "My work")
    assert_accessible(page)


def test_a_wrong_authenticator_code_keeps_the_person_out(staff, page, log_in, translated):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(staff, secret)
    log_in(page, "kadri.kask", STAFF_PASSWORD)
    page.wait_for_url("**/accounts/2fa/authenticate/")
    right = totp_now(secret)
    code = page.locator("input[name=code]")
    code.fill(f"{(int(right) + 1) % 10**6:06d}")
    with page.expect_navigation():
        code.press("Enter")
    assert page.url.endswith("/accounts/2fa/authenticate/")

    page.goto("/")
    assert path_of(page) in {"/accounts/login/", "/accounts/2fa/authenticate/"}
    assert not page.title().startswith(translated("et", "My work"))


def test_first_login_sets_up_an_authenticator(staff, page, log_in, assert_accessible, translated):
    from allauth.mfa.models import Authenticator

    log_in(page, "kadri.kask", STAFF_PASSWORD)

    # Without a second factor the only way on is setting one up; a message says why.
    assert translated("et", "Set up a second factor (authenticator app or passkey) to continue.") in page.inner_text(
        "main"
    )
    assert_accessible(page)
    page.goto("/manage/org/")
    assert path_of(page) in {"/accounts/2fa/totp/activate/", "/accounts/reauthenticate/"}

    # Setting up a factor is a sensitive change: allauth asks for the password once more first.
    if path_of(page) == "/accounts/reauthenticate/":
        assert_accessible(page)
        page.locator("input[name=password]").fill(STAFF_PASSWORD)
        with page.expect_navigation():
            page.locator("main form button[type=submit]").first.click()
    assert path_of(page) == "/accounts/2fa/totp/activate/"
    assert_accessible(page)

    # The person copies the secret into an app, which then shows the code.
    secret = page.locator("#authenticator_secret").input_value()
    code = page.locator("input[name=code]")
    code.fill(totp_now(secret))
    with page.expect_navigation():
        code.press("Enter")
    assert "/accounts/2fa/totp/activate/" not in page.url
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()
    assert_accessible(page)

    page.goto("/")
    assert page.title().startswith(translated("et", "My work"))
