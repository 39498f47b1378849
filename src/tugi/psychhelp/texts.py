"""Texts of the notices that do not follow the user's language: the notice goes out in the language
the victim reads (et, en or ru), chosen when it is printed. The legal wording of each language lives
in its own template (``templates/psychhelp/texts``, ``templates/psychhelp/pdf``), reviewed as a whole."""

from __future__ import annotations

from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import formats, translation

NOTICE_LANGUAGES = ("et", "en", "ru")


def standard_appeal(lang: str) -> str:
    """How to challenge a decision (Administrative Procedure Act and administrative court, 30 days)."""
    if lang not in NOTICE_LANGUAGES:
        lang = "et"
    return render_to_string(f"psychhelp/texts/appeal_{lang}.txt").strip()


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def is_standard_appeal(text: str) -> bool:
    """The form offers the standard text in the user's language; sent back unchanged it is stored as
    empty, so each notice prints it in its own language."""
    squeezed = _squeeze(text)
    return not squeezed or any(squeezed == _squeeze(standard_appeal(lang)) for lang in NOTICE_LANGUAGES)


def appeal_for(stored: str, lang: str) -> str:
    return stored.strip() or standard_appeal(lang)


def notice_language(requested: str | None, preferred: list[str]) -> str:
    """The notice's language: the one asked for, else the person's first known language among the
    notice languages, else the user's."""
    if requested in NOTICE_LANGUAGES:
        return str(requested)
    for lang in preferred:
        if lang in NOTICE_LANGUAGES:
            return lang
    current = (translation.get_language() or "et")[:2]
    return current if current in NOTICE_LANGUAGES else "et"


def eur(amount: Decimal | int | None) -> str:
    """A sum of money in the service's number format (the same in every language): "820,00 €"."""
    if amount is None:
        return "—"
    number = formats.number_format(Decimal(amount), 2, use_l10n=True, force_grouping=True)
    return f"{number}\u00a0€"
