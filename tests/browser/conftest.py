"""Browser harness: Debian's chromium driven by Playwright (sync API) against pytest-django's live server.

One browser per session, a fresh context (cookies, storage) per page a test asks for. Every page a
journey shows is checked with axe-core (``assert_accessible``). When a test fails, a screenshot and the
HTML of each of its open pages go to ``test-artifacts/`` at the project root.

Never downloads a browser: without ``/usr/bin/chromium`` the tests here are skipped with the reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent
PROJECT_ROOT = HERE.parent.parent
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
DEFAULT_TIMEOUT_MS = 10_000
LOGIN_PATH = "/accounts/login/"

_pages_key = pytest.StashKey[list[Any]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(
        reason=f"Debian's chromium is missing at {CHROMIUM}: browser tests skipped "
        "(install it with `apt-get install chromium` or `make browser-deps`; no browser is downloaded)"
    )
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[Any]:
    report = yield
    if report.failed and report.when in {"setup", "call"}:
        _save_artifacts(item)
    return report


def _save_artifacts(item: pytest.Item) -> None:
    pages = item.stash.get(_pages_key, [])
    if not pages:
        return
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", item.nodeid)[-150:]
    for number, page in enumerate(pages, start=1):
        if page.is_closed():
            continue
        base = f"{stem}-{number}"
        try:
            page.screenshot(path=str(ARTIFACTS / f"{base}.png"), full_page=True)
            (ARTIFACTS / f"{base}.html").write_text(page.content(), encoding="utf-8")
        except Exception as exc:  # the artifact is a courtesy; the failure itself is already reported
            (ARTIFACTS / f"{base}.txt").write_text(f"could not save the page: {exc!r}\n", encoding="utf-8")


@pytest.fixture(autouse=True)
def _fresh_cache(transactional_db: Any) -> None:
    """Empty the database cache before each journey: Django's flush between tests leaves the cache table
    alone, and allauth keeps its login rate limits there, so one test's failed logins would block the next.
    The flush also empties the migrations' reference data (case types, indicators, caps): seed it again."""
    from django.core.cache import cache

    from tugi.core.tests.reference import seed_reference_data

    cache.clear()
    seed_reference_data()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"Debian's chromium is missing at {CHROMIUM}: browser tests skipped")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an asyncio loop in the test thread while the browser lives, and Django
    # then refuses ORM calls from that thread. The tests' own ORM calls (fixtures, checks, pytest-django's
    # flush) are plain synchronous code that never runs inside the loop, so the guard is lifted exactly
    # as long as the loop exists (browser tests run last: testpaths lists src before tests).
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser: Any, live_server: Any, request: pytest.FixtureRequest) -> Iterator[Callable[..., Any]]:
    """``new_page(**context_options)`` → a page in a fresh context (own cookies) on the live server.

    Contexts speak Estonian and live in Tallinn unless told otherwise, like the agency's browsers.
    """
    contexts: list[Any] = []
    pages = request.node.stash.setdefault(_pages_key, [])

    def _new_page(**options: Any) -> Any:
        options = {
            "base_url": live_server.url,
            "locale": "et-EE",
            "timezone_id": "Europe/Tallinn",
            "viewport": {"width": 1280, "height": 800},
        } | options
        context = browser.new_context(**options)
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.csp_violations = []  # type: ignore[attr-defined]
        page.on("console", lambda message: _note_csp(page, message))
        pages.append(page)
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page: Callable[..., Any]) -> Any:
    return new_page()


def _note_csp(page: Any, message: Any) -> None:
    if message.type == "error" and "Content Security Policy" in message.text:
        page.csp_violations.append(message.text)


# --- Helpers the journeys share (fixtures: this directory is no package, so nothing is imported) ------


@pytest.fixture(scope="session")
def password() -> str:
    """The personas' password (tugi.core.tests.personas makes them)."""
    from tugi.core.tests.personas import PASSWORD

    return PASSWORD


@pytest.fixture
def log_in(password: str) -> Callable[..., None]:
    """``log_in(page, username, password=<personas' password>)``: fill and send the login form."""

    def _log_in(page: Any, username: str, secret: str = password) -> None:
        if path_of(page) != LOGIN_PATH:
            page.goto(LOGIN_PATH)
        page.locator("input[name=login]").fill(username)
        page.locator("input[name=password]").fill(secret)
        with page.expect_navigation():
            page.locator("form.stacked button[type=submit]").first.click()

    return _log_in


@pytest.fixture
def log_out() -> Callable[[Any], None]:
    def _log_out(page: Any) -> None:
        page.locator("header form[action$='/accounts/logout/'] button").click()
        page.wait_for_url(f"**{LOGIN_PATH}")

    return _log_out


@pytest.fixture
def translated() -> Callable[[str, str], str]:
    """``translated(language, message)``: what the page should say (catalogues may be incomplete)."""
    from django.utils import translation

    def _translated(language: str, message: str) -> str:
        with translation.override(language):
            return translation.gettext(message)

    return _translated


def path_of(page: Any) -> str:
    return urlsplit(page.url).path


# --- Accessibility ------------------------------------------------------------------------------------

BLOCKING_IMPACTS = {"serious", "critical"}


def check_accessible(page: Any) -> None:
    """axe-core finds no serious or critical violation on the page as shown now.

    It also fails when the browser refused something under the site's Content Security Policy: a
    blocked script or style means the page does not work the way it was checked.
    """
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state()
    results = Axe().run(page)
    blocking = [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]
    lines = []
    for violation in blocking:
        targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} → {targets}")
    assert not lines, f"axe-core on {page.url}:\n" + "\n".join(lines)
    violations = getattr(page, "csp_violations", [])
    assert not violations, f"CSP refused something on {page.url}:\n" + "\n".join(violations)


@pytest.fixture
def assert_accessible() -> Callable[[Any], None]:
    """``assert_accessible(page)``: see ``check_accessible``."""
    return check_accessible
