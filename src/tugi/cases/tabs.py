"""The tabs of a case page. Each area of the case file (in this app or another) is one entry; a tab
whose page does not exist in this installation is left out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tab:
    key: str
    url_name: str
    label: str | Promise


TABS = [
    Tab("overview", "cases:detail", _("Overview")),
    Tab("timeline", "cases:timeline", _("Timeline")),
    Tab("tasks", "cases:tasks", _("Tasks")),
    Tab("assessments", "assessments:case", _("Identification and assessments")),
    Tab("accommodation", "shelters:case", _("Accommodation")),
    Tab("psychhelp", "psychhelp:case", _("Psychological help")),
    Tab("legal", "cases:legal", _("Rights and proceedings")),
]


def tabs_for(case_pk: int, current: str) -> list[dict[str, Any]]:
    out = []
    for tab in TABS:
        try:
            url = reverse(tab.url_name, args=[case_pk])
        except NoReverseMatch:
            continue
        out.append({"key": tab.key, "url": url, "label": tab.label, "current": tab.key == current})
    return out
