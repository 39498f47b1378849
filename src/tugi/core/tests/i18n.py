"""Expected texts of translated pages, taken from the shipped catalogues."""

from __future__ import annotations

from django.utils import translation
from django.utils.html import escape


def translated(msgid: str, language: str) -> str:
    """``msgid`` in ``language``, escaped as a template prints it; fails if the catalogue lacks it."""
    with translation.override(language):
        text = translation.gettext(msgid)
    assert text != msgid, f"{msgid!r} has no {language} translation"
    return escape(text)
