"""Helpers of the case list, search, export and "my work" tests (no tests here).

Cases are opened through the real services (``case_open``: reference, responsible worker, audit);
the states a test needs (closed, high risk, service period...) are then set directly on the row.
"""

from __future__ import annotations

import re
from typing import Any

from tugi.cases.models import Case, CaseType
from tugi.cases.services import case_open
from tugi.clients.models import Client, ClientAlias, IdentityDocument
from tugi.clients.services import client_create, refresh_search_text


def open_case(
    org: Any,
    *,
    actor: Any = None,
    team: Any = None,
    type_code: str = "trafficking",
    client: Client | None = None,
    **client_fields: Any,
) -> Case:
    """A case opened by ``actor`` (default: the counsellor of team A) in ``team`` (default: the
    actor's team A, or team B for the outsider); the actor is its responsible worker."""
    actor = actor or org.counsellor
    if team is None:
        team = org.team_b if actor == org.outsider else org.team_a
    if client is None:
        client_fields.setdefault("given_name", "Test")
        client_fields.setdefault("family_name", "Person")
        client = client_create(actor=actor, agency=org.agency, **client_fields)
    return case_open(actor=actor, case_type=CaseType.objects.get(code=type_code), team=team, client=client)


def change(case: Case, **fields: Any) -> Case:
    """Put the case into a state (the services of other slices do this in real life)."""
    Case.objects.filter(pk=case.pk).update(**fields)
    case.refresh_from_db()
    return case


def close(case: Case) -> Case:
    return change(case, status="closed", closed_on=case.opened_on, close_reason="needs_met")


def add_alias(client: Client, name: str) -> None:
    ClientAlias.objects.create(client=client, name=name)
    refresh_search_text(client)


def add_document(client: Client, number: str) -> None:
    IdentityDocument.objects.create(client=client, doc_type="passport", number=number, country="UA")
    refresh_search_text(client)


def references(html: str) -> list[str]:
    """Case references in a page's table rows, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0] if "<tbody>" in html else ""
    return re.findall(r">([A-Z]{1,6}-\d{4}-\d{4})</a>", body)


def row_of(html: str, reference: str) -> str:
    """The table row (``<tr>...</tr>``) of the case with ``reference``."""
    for part in html.split("<tr>")[1:]:
        row = part.split("</tr>", 1)[0]
        if f">{reference}</a>" in row:
            return row
    raise AssertionError(f"no row of {reference}")


def english(*users: Any) -> None:
    """Pages in English for these users (the tests read the English texts)."""
    from tugi.accounts.models import User

    User.objects.filter(pk__in=[u.pk for u in users]).update(language="en")
