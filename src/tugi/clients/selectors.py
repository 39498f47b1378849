"""Reading client records: possible duplicates, picking a client, and who has seen a person's data.

Every list here that shows a client's name to the user is a "search hit list" (ENGINEERING rule 2):
each shown hit writes an access event about that client. Matches the user may not see are only
counted, never described.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.postgres.search import TrigramWordSimilarity
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tugi.access.policies_cases import visible_cases, visible_clients
from tugi.accounts.models import OrgUnit
from tugi.audit import services as audit
from tugi.audit.models import AuditEvent
from tugi.cases.models import Case
from tugi.clients.models import Client, IdentityDocument, SamePersonLink, normalise

# word_similarity of the typed name within a record's search text. With the same date of birth a
# generous threshold is safe: the date already narrows the candidates to a handful.
NAME_SIMILARITY = 0.5
DUPLICATE_LIMIT = 20

REASONS = {
    "code": _("same personal code"),
    "document": _("same identity document"),
    "name": _("similar name and the same date of birth"),
}


def document_number(number: str) -> str:
    """One spelling of a document number: "ab 123-456" and "AB123-456" are the same document."""
    return re.sub(r"\s+", "", number).upper()


@dataclass
class Duplicates:
    """Records that may be the same person: those the user may see, and how many they may not."""

    visible: list[Client] = field(default_factory=list)
    hidden: int = 0
    # client pk → why it matched, in words (in the language of the request)
    reasons: dict[int, list[str]] = field(default_factory=dict)
    # Some match (seen or not) has the same personal code: that person is registered already.
    same_code: bool = False

    def __bool__(self) -> bool:
        return bool(self.visible) or self.hidden > 0

    def rows(self) -> list[tuple[Client, list[str]]]:
        """The visible matches with why each matched, in words."""
        return [(c, self.reasons.get(c.pk, [])) for c in self.visible]

    @property
    def signature(self) -> str:
        """What was shown, so a confirmation can tell whether new matches appeared since."""
        return ",".join(str(c.pk) for c in sorted(self.visible, key=lambda c: c.pk)) + f"/{self.hidden}"


def _matches(
    *,
    agency: OrgUnit | int,
    personal_code: str,
    documents: Sequence[tuple[str, str, str]],
    given_name: str,
    family_name: str,
    birth_date: date | None,
) -> dict[int, list[str]]:
    agency_id = agency.pk if isinstance(agency, OrgUnit) else agency
    found: dict[int, list[str]] = {}
    in_agency = Client.objects.filter(agency_id=agency_id)
    code = "".join(personal_code.split())
    if code:
        for pk in in_agency.filter(personal_code=code).values_list("pk", flat=True)[:DUPLICATE_LIMIT]:
            found.setdefault(pk, []).append("code")
    doc_q = Q(pk__in=[])
    for _doc_type, number, country in documents:
        if number and country:
            doc_q |= Q(number=document_number(number), country=str(country))
    if doc_q != Q(pk__in=[]):
        docs = IdentityDocument.objects.filter(doc_q, client__agency_id=agency_id)
        for pk in docs.values_list("client_id", flat=True).distinct()[:DUPLICATE_LIMIT]:
            found.setdefault(pk, []).append("document")
    name = normalise(f"{given_name} {family_name}")
    if name and birth_date is not None:
        similar = (
            in_agency.filter(birth_date=birth_date)
            .annotate(score=TrigramWordSimilarity(name, "search_text"))
            .filter(score__gte=NAME_SIMILARITY)
            .order_by("-score")
        )
        for pk in similar.values_list("pk", flat=True)[:DUPLICATE_LIMIT]:
            found.setdefault(pk, []).append("name")
    return found


def possible_duplicates(
    user: Any,
    *,
    agency: OrgUnit | int,
    personal_code: str = "",
    documents: Sequence[tuple[str, str, str]] = (),
    given_name: str = "",
    family_name: str = "",
    birth_date: date | None = None,
    exclude_pk: int | None = None,
) -> Duplicates:
    """Clients of the agency that may be the person being registered: the same personal code, the
    same document (number and issuing country), or a similar name with the same date of birth.

    ``documents``: ``[(doc_type, number, country), ...]`` (the type is not compared: a number and
    country name one document). The visible hits are audited as read; the others are only counted.
    """
    found = _matches(
        agency=agency,
        personal_code=personal_code,
        documents=documents,
        given_name=given_name,
        family_name=family_name,
        birth_date=birth_date,
    )
    if exclude_pk is not None:
        found.pop(exclude_pk, None)
    if not found:
        return Duplicates()
    shown = list(visible_clients(user).filter(pk__in=list(found)).order_by("family_name", "given_name", "pk"))
    result = Duplicates(
        visible=shown,
        hidden=len(found) - len(shown),
        reasons={c.pk: [str(REASONS[code]) for code in found[c.pk]] for c in shown},
        same_code=any("code" in reasons for reasons in found.values()),
    )
    for client in shown:
        _record_hit(user, client, "duplicates")
    return result


def _record_hit(user: Any, client: Client, context: str) -> None:
    audit.record_read(
        "clients.client.listed",
        actor=user,
        obj=client,
        subject=("clients.client", str(client.pk)),
        data={"in": context},
    )


def search_visible(user: Any, q: str, limit: int = 20, *, exclude_pk: int | None = None) -> list[Client]:
    """Clients the user may see whose name, alias, personal code or document number resembles ``q``
    (best first). For picking a client, e.g. when linking two records of the same person."""
    text = normalise(q)
    if len(text) < 2:
        return []
    number = document_number(q).lower()
    clients = (
        visible_clients(user)
        .annotate(score=TrigramWordSimilarity(text, "search_text"))
        # "%>" (word similarity above pg_trgm's threshold, 0.6) and LIKE both use the trigram index.
        .filter(
            Q(search_text__contains=text) | Q(search_text__contains=number) | Q(search_text__trigram_word_similar=text)
        )
        .order_by("-score", "family_name", "given_name", "pk")
    )
    if exclude_pk is not None:
        clients = clients.exclude(pk=exclude_pk)
    hits: list[Client] = list(clients[:limit])
    for client in hits:
        _record_hit(user, client, "search")
    return hits


# --- the client page ---------------------------------------------------------------------------------


def client_cases(user: Any, client: Client) -> QuerySet[Case]:
    """The person's cases the user may see (the others stay out of sight)."""
    return visible_cases(user).filter(client_id=client.pk).select_related("case_type", "team").order_by("-pk")


@dataclass
class LinkedRecord:
    link: SamePersonLink
    other: Client | None  # None: a record the user may not see


def same_person_links(user: Any, client: Client) -> list[LinkedRecord]:
    links = list(
        SamePersonLink.objects.filter(Q(first_id=client.pk) | Q(second_id=client.pk)).select_related("linked_by")
    )
    other_ids = [link.second_id if link.first_id == client.pk else link.first_id for link in links]
    seen = {c.pk: c for c in visible_clients(user).filter(pk__in=other_ids)}
    return [LinkedRecord(link=link, other=seen.get(pk)) for link, pk in zip(links, other_ids, strict=True)]


def linked_ids(client: Client) -> set[int]:
    pairs = SamePersonLink.objects.filter(Q(first_id=client.pk) | Q(second_id=client.pk)).values_list(
        "first_id", "second_id"
    )
    return {pk for pair in pairs for pk in pair} - {client.pk}


def access_events(client: Client) -> QuerySet[AuditEvent]:
    """Every audit event about this person (reads, changes, exports), newest first along the
    (subject_type, subject_id, at, id) index."""
    return (
        AuditEvent.objects.filter(subject_type="clients.client", subject_id=str(client.pk))
        .select_related("actor")
        .order_by("-at", "-id")
    )
