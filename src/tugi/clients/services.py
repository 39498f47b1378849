"""Changes to client records. Each writes its audit event about the client (the data subject).

Input is validated by the forms; a uniqueness the database finds (a personal code registered in the
meantime, the same alias twice) comes back as a ``ValidationError`` naming the field.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tugi.accounts.models import OrgUnit, User
from tugi.audit import services as audit
from tugi.audit.models import EventKind
from tugi.clients.models import (
    Client,
    ClientAlias,
    ClientContact,
    ClientLanguage,
    Consent,
    IdentityDocument,
    SamePersonLink,
)
from tugi.core.models import save_versioned

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


def subject(client: Client | int) -> tuple[str, str]:
    return ("clients.client", str(client.pk if isinstance(client, Client) else client))


def refresh_search_text(client: Client) -> None:
    client.search_text = client.compute_search_text()
    Client.objects.filter(pk=client.pk).update(search_text=client.search_text)


@contextmanager
def _unique(field: str, message: str) -> Iterator[None]:
    """A unique constraint the database enforces, as a form error on ``field``."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError as exc:
        if "unique" not in str(exc).lower():
            raise
        raise ValidationError({field: message}) from exc


def code_taken_message() -> str:
    return _(
        "A client with this personal code is already registered. One person is registered once: open the "
        "existing record, or ask your unit head if you cannot see it."
    )


@transaction.atomic
def client_create(
    *,
    actor: User | None,
    agency: OrgUnit,
    documents: list[dict[str, Any]] | None = None,
    contacts: list[dict[str, Any]] | None = None,
    languages: list[dict[str, Any]] | None = None,
    confirmed_duplicates: list[int] | None = None,
    **fields: Any,
) -> Client:
    """A new client record, with its first documents, contacts and languages if given.

    ``confirmed_duplicates``: the possible duplicates the user was shown and declared a different
    person (kept in the audit event, so the decision can be reviewed)."""
    client = Client(agency=agency, created_by=actor, **{k: v for k, v in fields.items() if k in CLIENT_FIELDS})
    client.search_text = client.compute_search_text(aliases=[], documents=[])
    with _unique("personal_code", code_taken_message()):
        client.save()
    for doc in documents or []:
        IdentityDocument.objects.create(client=client, **doc)
    for contact in contacts or []:
        ClientContact.objects.create(client=client, **contact)
    for language in languages or []:
        ClientLanguage.objects.create(client=client, **language)
    if documents:
        refresh_search_text(client)
    data: dict[str, Any] = {}
    if confirmed_duplicates is not None:
        data["different_from"] = confirmed_duplicates
    audit.record("clients.client.created", actor=actor, obj=client, subject=subject(client), data=data)
    return client


@transaction.atomic
def client_update(*, actor: User, client: Client, expected_version: int, changes: dict[str, Any]) -> list[str]:
    """Change the identity and protective flags (refused with ``StaleVersion`` when the record
    changed meanwhile). Returns the names of the fields that changed."""
    changed = [name for name in CLIENT_FIELDS if name in changes and getattr(client, name) != changes[name]]
    for name in changed:
        setattr(client, name, changes[name])
    aliases = list(client.aliases.values_list("name", flat=True))
    documents = list(client.documents.values_list("number", flat=True))
    client.search_text = client.compute_search_text(aliases=aliases, documents=documents)
    with _unique("personal_code", code_taken_message()):
        save_versioned(client, expected_version=expected_version, fields=[*CLIENT_FIELDS, "search_text"])
    audit.record("clients.client.updated", actor=actor, obj=client, subject=subject(client), data={"fields": changed})
    return changed


# --- parts of the record: other names, documents, languages, contacts ---------------------------


@transaction.atomic
def alias_add(*, actor: User, client: Client, name: str, kind: str) -> ClientAlias:
    with _unique("name", _("This name is already recorded for the person.")):
        alias = ClientAlias.objects.create(client=client, name=name, kind=kind)
    refresh_search_text(client)
    audit.record("clients.alias.added", actor=actor, obj=alias, subject=subject(client))
    return alias


@transaction.atomic
def alias_remove(*, actor: User, alias: ClientAlias) -> None:
    client = alias.client
    audit.record("clients.alias.removed", actor=actor, obj=alias, subject=subject(client))
    alias.delete()
    refresh_search_text(client)


@transaction.atomic
def document_add(
    *, actor: User, client: Client, doc_type: str, number: str, country: str, valid_until: date | None
) -> IdentityDocument:
    with _unique("number", _("This document is already recorded for the person.")):
        doc = IdentityDocument.objects.create(
            client=client, doc_type=doc_type, number=number, country=country, valid_until=valid_until
        )
    refresh_search_text(client)
    audit.record("clients.document.added", actor=actor, obj=doc, subject=subject(client))
    return doc


@transaction.atomic
def document_remove(*, actor: User, document: IdentityDocument) -> None:
    client = document.client
    audit.record("clients.document.removed", actor=actor, obj=document, subject=subject(client))
    document.delete()
    refresh_search_text(client)


@transaction.atomic
def language_add(
    *, actor: User, client: Client, language: str, native: bool, interpreter_needed: bool
) -> ClientLanguage:
    with _unique("language", _("This language is already recorded for the person.")):
        row = ClientLanguage.objects.create(
            client=client, language=language, native=native, interpreter_needed=interpreter_needed
        )
    audit.record(
        "clients.language.added",
        actor=actor,
        obj=row,
        subject=subject(client),
        data={"language": language, "interpreter": interpreter_needed},
    )
    return row


@transaction.atomic
def language_remove(*, actor: User, language: ClientLanguage) -> None:
    audit.record("clients.language.removed", actor=actor, obj=language, subject=subject(language.client_id))
    language.delete()


@transaction.atomic
def contact_add(*, actor: User, client: Client, kind: str, value: str, instructions: str) -> ClientContact:
    contact = ClientContact.objects.create(client=client, kind=kind, value=value, instructions=instructions)
    audit.record("clients.contact.added", actor=actor, obj=contact, subject=subject(client), data={"kind": kind})
    return contact


@transaction.atomic
def contact_remove(*, actor: User, contact: ClientContact) -> None:
    audit.record("clients.contact.removed", actor=actor, obj=contact, subject=subject(contact.client_id))
    contact.delete()


# --- consents ----------------------------------------------------------------------------------


@transaction.atomic
def consent_record(
    *,
    actor: User,
    client: Client,
    scope: str,
    recipient: str,
    given_on: date,
    method: str,
    evidence: str,
) -> Consent:
    consent = Consent.objects.create(
        client=client,
        scope=scope,
        recipient=recipient,
        given_on=given_on,
        method=method,
        evidence=evidence,
        recorded_by=actor,
    )
    audit.record("clients.consent.recorded", actor=actor, obj=consent, subject=subject(client))
    return consent


@transaction.atomic
def consent_withdraw(*, actor: User, consent: Consent, expected_version: int, withdrawn_on: date, note: str) -> None:
    """The client took the consent back (from ``withdrawn_on``); the record stays as proof."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent is already withdrawn."))
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_note = note
    save_versioned(consent, expected_version=expected_version, fields=["withdrawn_on", "withdrawal_note"])
    audit.record("clients.consent.withdrawn", actor=actor, obj=consent, subject=subject(consent.client_id))


# --- the same person under two records ---------------------------------------------------------


@transaction.atomic
def same_person_link(*, actor: User, client: Client, other: Client, note: str) -> SamePersonLink:
    if client.pk == other.pk:
        raise ValidationError(_("A record cannot be linked to itself."))
    if client.agency_id != other.agency_id:
        raise ValidationError(_("Only records of the same agency can be linked."))
    first, second = sorted((client.pk, other.pk))
    with _unique("other", _("These two records are already linked.")):
        link = SamePersonLink.objects.create(first_id=first, second_id=second, note=note, linked_by=actor)
    for pk, partner in ((client.pk, other.pk), (other.pk, client.pk)):
        audit.record("clients.same_person.linked", actor=actor, obj=link, subject=subject(pk), data={"with": partner})
    return link


@transaction.atomic
def same_person_unlink(*, actor: User, link: SamePersonLink) -> None:
    for pk, partner in ((link.first_id, link.second_id), (link.second_id, link.first_id)):
        audit.record("clients.same_person.unlinked", actor=actor, obj=link, subject=subject(pk), data={"with": partner})
    link.delete()


# --- the data-subject report -------------------------------------------------------------------


def subject_report_made(*, actor: User, client: Client, sections: int, rows: int) -> None:
    """The report left the system: an export event about the person (who made it, how much it held)."""
    audit.record(
        "clients.client.subject_report",
        actor=actor,
        kind=EventKind.EXPORT,
        obj=client,
        subject=subject(client),
        data={"sections": sections, "rows": rows},
    )
