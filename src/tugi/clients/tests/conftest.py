"""Fixtures of the client tests: clients made visible the way the system does it (through a case),
and the texts the pages print, in the personas' language (Estonian)."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation
from django.utils.html import escape

from tugi.cases.models import CaseType
from tugi.cases.services import case_open
from tugi.clients.services import client_create


def text(message: Any, language: str = "et", **params: Any) -> str:
    """What ``message`` reads like on a page in ``language`` (escaped as templates print it)."""
    with translation.override(language):
        translated = translation.gettext(message) if isinstance(message, str) else str(message)
        value = translated % params if params else translated
    return escape(value)


HIDDEN_ONE = "%(counter)s matching record exists that you cannot see: ask your unit head or use emergency access."
HIDDEN_MANY = "%(counter)s matching records exist that you cannot see: ask your unit head or use emergency access."


def hidden_text(count: int, language: str = "et") -> str:
    """The duplicate panel's line about records the user cannot see (a plural message)."""
    with translation.override(language):
        return escape(translation.ngettext(HIDDEN_ONE, HIDDEN_MANY, count) % {"counter": count})


def client_with_case(org: Any, *, team: str = "a", **fields: Any) -> Any:
    """A client with a case: team A (the counsellor's, the head above) or team B (the outsider's)."""
    actor = org.counsellor if team == "a" else org.outsider
    client = client_create(actor=actor, agency=org.agency, **fields)
    code = "trafficking" if team == "a" else "victim_support"
    case_open(
        actor=actor,
        case_type=CaseType.objects.get(code=code),
        team=org.team_a if team == "a" else org.team_b,
        client=client,
    )
    return client


@pytest.fixture
def anna(org: Any) -> Any:
    """A team-A client: the counsellor, the head and the DPO see her."""
    return client_with_case(
        org, given_name="Anna", family_name="Tamm", personal_code="49403136515", birth_date=_born(), gender="female"
    )


@pytest.fixture
def mari(org: Any) -> Any:
    """A team-B client: the outsider and the DPO see her."""
    return client_with_case(org, team="b", given_name="Mari", family_name="Kask", pseudonym="M")


def _born() -> Any:
    from datetime import date

    return date(1994, 3, 13)


def snapshot() -> dict[str, list[Any]]:
    """Every client and case row and every change event: what a refused request must not touch."""
    from django.apps import apps

    from tugi.audit.models import AuditEvent, EventKind

    rows = {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for label in ("clients", "cases")
        for model in apps.get_app_config(label).get_models()
    }
    changes = AuditEvent.objects.exclude(kind__in=[EventKind.READ, EventKind.AUTH])
    rows["events"] = list(changes.order_by("pk").values_list("action", "object_id"))
    return rows
