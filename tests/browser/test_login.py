"""Logging in and out: lock-out after repeated failures, and a session that really ends."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_five_wrong_passwords_lock_the_account(org, page, log_in, assert_accessible, translated):
    page.goto("/accounts/login/")
    assert_accessible(page)
    for attempt in range(1, 6):
        log_in(page, "counsellor", f"not the password {attempt}")

    locked_title = translated("et", "Too many failed log-in attempts")
    assert page.locator("h1").inner_text() == locked_title
    alert = page.get_by_role("alert")
    assert "15" in alert.inner_text()  # the cool-off time, in minutes
    assert_accessible(page)

    # The right password is refused as long as the lock lasts, with the same lock page.
    page.goto("/accounts/login/")
    log_in(page, "counsellor")
    assert "/accounts/login/" in page.url
    assert page.locator("h1").inner_text() == locked_title
    assert_accessible(page)
    page.goto("/")
    assert "/accounts/login/" in page.url

    # Another person's account (and the same office address) is not locked.
    log_in(page, "head")
    assert page.title().startswith(translated("et", "My work"))


@pytest.mark.usefixtures("org")
def test_after_logging_out_the_home_page_asks_for_a_login(page, log_in, log_out, assert_accessible, translated):
    log_in(page, "counsellor")
    assert page.title().startswith(translated("et", "My work"))
    assert_accessible(page)

    log_out(page)
    assert_accessible(page)
    page.goto("/")
    assert "/accounts/login/" in page.url
    assert "next=/" in page.url.replace("%2F", "/")
    assert page.locator("input[name=password]").is_visible()

    # Going back in the history shows nothing that needs the ended session either.
    page.go_back()
    page.reload()
    assert "/accounts/login/" in page.url


def test_an_address_outside_ones_role_shows_the_not_allowed_page(org, page, log_in, assert_accessible, translated):
    log_in(page, "counsellor")
    response = page.goto("/audit/")
    assert response is not None and response.status == 403
    assert page.locator("h1").inner_text() == translated("et", "You are not allowed to do this")
    assert translated("et", "The audit trail is for the data protection officer.") in page.inner_text("main")
    assert_accessible(page)
    page.get_by_role("link", name=translated("et", "Back to my work")).click()
    assert page.title().startswith(translated("et", "My work"))
