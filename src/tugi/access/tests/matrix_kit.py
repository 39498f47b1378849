"""The building blocks of the permission matrix, shared by ``matrix.py`` and the matrices of the
domain apps (``matrix_<area>.py`` in this folder, merged into ``MATRIX``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PERSONAS = ("anonymous", "counsellor", "outsider", "head", "admin", "dpo", "volunteer")


@dataclass(frozen=True)
class Redirect:
    """A 302 whose Location starts with ``to`` (or equals it, when ``exact``).

    ``to`` may name the case's URL arguments: ``"/manage/users/{pk}/"``.
    """

    to: str
    exact: bool = False

    def __str__(self) -> str:
        return f"302→{self.to}{'' if self.exact else '…'}"


Expect = int | Redirect

LOGIN = Redirect("/accounts/login/?next=")
HOME = Redirect("/", exact=True)
ADMIN_LOGIN = Redirect("/django-admin/login/?next=")


@dataclass(frozen=True)
class Ref:
    """A record of the test world, resolved per request.

    what: "user" (a persona's or the leaver's pk; "self" is the requester, the counsellor for the
    anonymous), "user_version", "unit" / "unit_version" (an attribute of ``org``), "assignment" (the
    persona's first role assignment), "grant", "notice"; "record" / "version": the pk / version of
    ``world.records[which]`` (the domain records, see ``conftest.build_world``).
    """

    what: str
    which: str = ""


@dataclass(frozen=True)
class Case:
    method: str
    expect: dict[str, Expect]
    label: str = ""
    kwargs: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    # POST only. True: an accepted POST (a redirect other than to the login page) must change the
    # data, and anything else must leave it as it was. None: an accepted POST is not checked (the
    # change depends on who asks); a refused one still must change nothing.
    writes: bool | None = True


@dataclass(frozen=True)
class NotRequested:
    reason: str


def row(default: Expect | None = None, **by_persona: Expect) -> dict[str, Expect]:
    """Every persona's answer: ``default`` unless named. Fails at import on a typo or a gap."""
    unknown = set(by_persona) - set(PERSONAS)
    if unknown:
        raise ValueError(f"unknown personas: {sorted(unknown)}")
    expect = {p: by_persona.get(p, default) for p in PERSONAS}
    missing = [p for p, v in expect.items() if v is None]
    if missing:
        raise ValueError(f"no expectation for {missing}")
    return expect  # type: ignore[return-value]


# Denied to everyone logged in but the named personas; anonymous to the login page.
def only(status_for_others: int, **allowed: Expect) -> dict[str, Expect]:
    return row(status_for_others, anonymous=LOGIN, **allowed)


def post_only(**kwargs: Any) -> Case:
    """A GET of a POST-only endpoint: the login comes first, then 405."""
    return Case("GET", row(405, anonymous=LOGIN), label="GET refused", kwargs=kwargs)
