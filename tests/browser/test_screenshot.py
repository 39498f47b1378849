"""The README's picture: the demo administrator's home page at 1280×800.

The journey always runs (the page must look right and pass axe); the picture in ``docs/`` is rewritten
only when asked, ``TUGI_UPDATE_SCREENSHOT=1``, so an ordinary test run leaves the checkout clean.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"


@pytest.mark.usefixtures("django_db_reset_sequences")  # record numbers on the picture start at 1
def test_demo_admin_home_for_the_readme(new_page, log_in, assert_accessible, translated):
    from django.conf import settings

    from tugi.access.services import emergency_access_open
    from tugi.accounts.models import User
    from tugi.core.demo import load_demo

    load_demo()
    # A week's worth of life on the page: one emergency access the administrator should know about.
    emergency_access_open(
        user=User.objects.get(username="helpline"),
        kind="accounts.user",
        target_id=User.objects.get(username="counsellor").pk,
        reason="Ööpäevasel liinil helistas Kadri klient, kes on ohus; Kadri ei vasta.",
    )

    page = new_page(viewport={"width": 1280, "height": 800}, device_scale_factor=1)
    log_in(page, "admin", settings.TUGI_DEMO_PASSWORD)
    assert page.title().startswith(translated("et", "My work"))
    assert "Andres" in page.locator("h1").inner_text()
    assert page.locator("section[aria-labelledby=h-emerg]").is_visible()
    assert_accessible(page)

    # The login message has done its job; the picture shows the page as it is on every later visit.
    page.goto("/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "readme-home.png"))
    if os.environ.get("TUGI_UPDATE_SCREENSHOT") == "1":
        page.screenshot(path=str(PROJECT_ROOT / "docs" / "screenshot.png"))
