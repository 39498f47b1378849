"""Changes to client records. Each writes its audit event about the client (the data subject)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from tugi.accounts.models import OrgUnit, User
from tugi.audit import services as audit
from tugi.clients.models import Client

CLIENT_FIELDS = [
    "given_name",
    "family_name",
    "pseudonym",
    "personal_code",
    "birth_date",
    "estimated_birth_year",
    "gender",
    "citizenship",
    "safe_contact",
    "high_risk",
    "perpetrator_may_search",
    "staff_related",
]


def subject(client: Client) -> tuple[str, str]:
    return ("clients.client", str(client.pk))


def refresh_search_text(client: Client) -> None:
    client.search_text = client.compute_search_text()
    Client.objects.filter(pk=client.pk).update(search_text=client.search_text)


@transaction.atomic
def client_create(*, actor: User | None, agency: OrgUnit, **fields: Any) -> Client:
    """A new client record. Validation (personal code, names) is the form's; the database backs it up."""
    client = Client(agency=agency, created_by=actor, **{k: v for k, v in fields.items() if k in CLIENT_FIELDS})
    client.search_text = client.compute_search_text(aliases=[], documents=[])
    client.save()
    audit.record("clients.client.created", actor=actor, obj=client, subject=subject(client))
    return client
