"""TEMPORARY (cases_core helper): screenshots and axe of the intake and case pages at 360 px."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser
WIDTH, HEIGHT = 360, 740


def test_shots(org, new_page, log_in, assert_accessible):
    from tugi.accounts.models import User

    User.objects.update(language="en")
    page = new_page(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True)
    log_in(page, "counsellor")
    page.goto("/cases/intake/")
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.screenshot(path="/tmp/shots/cc_intake.png", full_page=True)
    assert page.evaluate("document.activeElement.name") == "caller_name"
    assert_accessible(page)
    page.locator("input[name=caller_name]").fill("Tiit Kuusk")
    page.locator("label[for=id_source_0]").tap()
    page.locator("input[name=given_name]").fill("Olga")
    page.locator("input[name=family_name]").fill("Petrova")
    page.locator("input[name=age]").fill("27")
    page.select_option("#id_language", "ru")
    page.locator("label[for=id_interpreter_needed]").tap()
    page.locator("label[for=id_presumed_victim]").tap()
    page.locator("label[for=id_high_risk]").tap()
    page.locator("label[for=id_needs_0]").tap()
    with page.expect_navigation():
        page.locator("form.intake .actions button").last.tap()
    if page.url.endswith("/intake/"):
        open("/tmp/shots/cc_cc_intake_after.html", "w").write(page.content())
    assert page.url.rstrip("/").split("/")[-1].isdigit(), page.url
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
    page.screenshot(path="/tmp/shots/cc_detail.png", full_page=True)
    assert_accessible(page)
    page.goto(page.url + "close/")
    page.screenshot(path="/tmp/shots/cc_close.png", full_page=True)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
