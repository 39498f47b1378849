"""A phone in the hand at night: 360 px wide, no sideways scrolling, the menu within reach."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 360, 740


def assert_no_sideways_scroll(page) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= WIDTH, f"{page.url} is {scroll_width}px wide on a {WIDTH}px screen"


def test_home_and_people_fit_a_phone(org, new_page, log_in, assert_accessible, translated):
    page = new_page(viewport={"width": WIDTH, "height": HEIGHT}, is_mobile=True, has_touch=True)
    page.goto("/accounts/login/")
    assert_no_sideways_scroll(page)
    log_in(page, "admin")
    assert page.title().startswith(translated("et", "My work"))
    assert_no_sideways_scroll(page)
    assert_accessible(page)

    # Every menu entry is on the screen (wrapped, not pushed off to the side) and can be tapped.
    links = page.locator("nav.main a")
    assert links.count() >= 4
    for index in range(links.count()):
        link = links.nth(index)
        link.scroll_into_view_if_needed()
        assert link.is_visible()
        box = link.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTH, link.inner_text()
        assert box["height"] >= 24, f"{link.inner_text()!r} is too small to tap"
    for selector in ("#lang-switch", "header form[action$='/accounts/logout/'] button", "a.notices"):
        box = page.locator(selector).bounding_box()
        assert box is not None and box["x"] + box["width"] <= WIDTH, selector

    page.get_by_role("link", name=translated("et", "People"), exact=True).tap()
    page.wait_for_url("**/manage/users/")
    assert page.locator("h1").inner_text() == translated("et", "People")
    assert page.locator("tbody tr").count() == 6
    assert_no_sideways_scroll(page)
    assert_accessible(page)
