"""The header's language switcher: the page changes language, and the choice stays with the person."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def switch_language(page, code: str) -> None:
    page.locator("#lang-switch").select_option(code)
    with page.expect_navigation():
        page.locator("header form[action$='/i18n/language/'] button[type=submit]").click()


@pytest.mark.usefixtures("org")
def test_switching_language_changes_the_page_and_is_remembered(
    new_page, log_in, log_out, assert_accessible, translated
):
    from tugi.accounts.models import User

    page = new_page()
    log_in(page, "counsellor")
    assert page.locator("html").get_attribute("lang") == "et"
    titles = {"et": page.title()}

    for code in ("en", "ru"):
        switch_language(page, code)
        assert page.url.endswith("/"), "the switcher brings the person back to the page they were on"
        assert page.locator("html").get_attribute("lang") == code
        assert page.locator("#lang-switch").input_value() == code
        titles[code] = page.title()
        assert titles[code].startswith(translated(code, "My work"))
        assert page.locator("nav.main a[aria-current=page]").inner_text() == translated(code, "My work")
        assert_accessible(page)
    # Estonian is the first language, so its catalogue is never empty: the words really changed.
    assert titles["et"] != titles["en"]

    # "My account" shows the stored choice, in the chosen language.
    page.goto("/me/")
    assert translated("ru", "Russian") in page.locator("dl.facts").inner_text()
    assert_accessible(page)
    assert User.objects.get(username="counsellor").language == "ru"

    log_out(page)
    assert page.locator("html").get_attribute("lang") == "ru"

    # Another browser without the language cookie: the login page follows the browser (Estonian),
    # the pages after login follow the person's stored choice.
    other = new_page()
    other.goto("/accounts/login/")
    assert other.locator("html").get_attribute("lang") == "et"
    log_in(other, "counsellor")
    assert other.locator("html").get_attribute("lang") == "ru"
    assert other.title().startswith(translated("ru", "My work"))

    # Back to Estonian, also stored.
    switch_language(other, "et")
    assert other.locator("html").get_attribute("lang") == "et"
    assert User.objects.get(username="counsellor").language == "et"
