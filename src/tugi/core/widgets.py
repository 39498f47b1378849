"""Date and time inputs as the agency writes them: dd.mm.yyyy (and HH:MM), in every language.

Plain text inputs with a numeric keyboard on phones, not ``type=date``: the browser's own date
input shows the date in the browser's locale (11/22/2026 in an English Chromium), against rule 7.
ISO dates are still accepted (``config/formats``), so a pasted 2026-11-22 works.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class DayInput(forms.DateInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "placeholder": _("dd.mm.yyyy"), "autocomplete": "off"}
        super().__init__(base | (attrs or {}), format="%d.%m.%Y")


class MomentInput(forms.DateTimeInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"inputmode": "numeric", "placeholder": _("dd.mm.yyyy hh:mm"), "autocomplete": "off"}
        super().__init__(base | (attrs or {}), format="%d.%m.%Y %H:%M")
