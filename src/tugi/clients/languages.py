"""Languages a client speaks, by ISO 639 code, with names in the user's language.

Django's own list of languages comes translated into Estonian and Russian; the few languages often
needed in victim support that it lacks are added here.
"""

from __future__ import annotations

from django.conf import global_settings
from django.utils.translation import gettext, gettext_noop

_ = gettext_noop  # English names here; translated when shown (Django's catalogue has its own names)

EXTRA: dict[str, str] = {
    "am": _("Amharic"),
    "eso": _("Estonian Sign Language"),
    "prs": _("Dari"),
    "ps": _("Pashto"),
    "rom": _("Romani"),
    "si": _("Sinhala"),
    "so": _("Somali"),
    "ti": _("Tigrinya"),
    "tl": _("Tagalog"),
    "zh": _("Chinese"),
}


def _known() -> dict[str, str]:
    # Regional variants ("en-gb", "zh-hans") are left out.
    names: dict[str, str] = {code: name for code, name in global_settings.LANGUAGES if "-" not in code}
    names.update(EXTRA)
    return names


KNOWN = _known()


def language_name(code: str) -> str:
    name = KNOWN.get(code)
    return gettext(name) if name is not None else code


def language_choices() -> list[tuple[str, str]]:
    """(code, name) sorted by the name in the current language; the languages of the service first."""
    first = ["et", "ru", "en", "uk"]
    head = [(code, language_name(code)) for code in first]
    rest = sorted(((c, language_name(c)) for c in KNOWN if c not in first), key=lambda item: item[1].casefold())
    return head + rest
