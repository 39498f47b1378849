"""What every page's shell needs: the menu for the user's roles, unread notices, demo notes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from tugi.access import policies as access
from tugi.access.policies_assessments import can_edit_indicators
from tugi.access.policies_cases import can_open_cases
from tugi.access.policies_psychhelp import can_edit_caps
from tugi.access.policies_shelters import can_see_places

# The quick intake after a police call (cases.views.intake).
INTAKE_URL = "cases:intake"


def _nav(request: HttpRequest) -> list[dict[str, Any]]:
    user = request.user
    items = [("core:home", _("My work"), True)]
    case_worker = can_open_cases(user)
    items.append(("cases:list", _("Cases"), case_worker))
    items.append((INTAKE_URL, _("New intake"), case_worker))
    items.append(("shelters:list", _("Safe accommodation"), can_see_places(user)))
    # Reference data: those who keep it find it in the menu; readers reach it from the case pages.
    items.append(("assessments:indicator_list", _("Indicators"), can_edit_indicators(user)))
    items.append(("psychhelp:caps", _("Yearly caps"), can_edit_caps(user)))
    items.append(("accounts:user_list", _("People"), access.can_manage_accounts(user) or access.can_give_grants(user)))
    items.append(("accounts:org", _("Organisation"), access.is_staff(user)))
    items.append(("access:grant_list", _("Access grants"), access.is_staff(user)))
    items.append(("audit:list", _("Audit trail"), access.can_view_audit(user)))
    nav: list[dict[str, Any]] = []
    for name, label, shown in items:
        if shown:
            try:
                url = reverse(name)
            except NoReverseMatch:  # a page this installation does not have (yet)
                continue
            current = request.path == url if url == "/" else request.path.startswith(url)
            nav.append({"url": url, "label": label, "current": current})
    # Only the most specific entry is current: the intake page lies under the case list's /cases/.
    longest = max((len(item["url"]) for item in nav if item["current"]), default=0)
    for item in nav:
        item["current"] = item["current"] and len(item["url"]) == longest
    return nav


def _demo_logins() -> list[tuple[str, str]]:
    from tugi.core.demo import DEMO_LOGINS

    return [(username, str(label)) for username, label in DEMO_LOGINS]


def shell(request: HttpRequest) -> dict[str, Any]:
    def build() -> dict[str, Any]:
        data: dict[str, Any] = {"demo": settings.TUGI_DEMO, "nav": [], "unread": 0}
        if settings.TUGI_DEMO:
            data["demo_password"] = settings.TUGI_DEMO_PASSWORD
            data["demo_logins"] = _demo_logins()
        if request.user.is_authenticated:
            from tugi.notifications.selectors import unread_count

            data["nav"] = _nav(request)
            data["unread"] = unread_count(request.user)
        return data

    return {"shell": SimpleLazyObject(build)}
