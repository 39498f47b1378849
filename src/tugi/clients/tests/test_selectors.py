"""``possible_duplicates`` and ``search_visible`` below the pages: the case intake calls the first too."""

from __future__ import annotations

from datetime import date
from typing import Any

from tugi.clients.models import IdentityDocument
from tugi.clients.selectors import REASONS, possible_duplicates, search_visible
from tugi.clients.tests.conftest import client_with_case

BORN = date(1990, 5, 17)


def test_names_meet_without_diacritics_and_in_any_order(org: Any) -> None:
    person = client_with_case(org, given_name="Jüri", family_name="Jõgi", birth_date=BORN)
    found = possible_duplicates(
        org.counsellor, agency=org.agency, given_name="Juri", family_name="Jogi", birth_date=BORN
    )
    assert [c.pk for c in found.visible] == [person.pk] and found.hidden == 0
    assert found.reasons[person.pk] == [str(REASONS["name"])]
    swapped = possible_duplicates(
        org.counsellor, agency=org.agency.pk, given_name="Jõgi", family_name="Jüri", birth_date=BORN
    )
    assert [c.pk for c in swapped.visible] == [person.pk]


def test_a_similar_name_alone_or_another_name_is_no_match(org: Any) -> None:
    client_with_case(org, given_name="Jüri", family_name="Jõgi", birth_date=BORN)
    assert not possible_duplicates(org.counsellor, agency=org.agency, given_name="Jüri", family_name="Jõgi")
    assert not possible_duplicates(
        org.counsellor, agency=org.agency, given_name="Peeter", family_name="Saar", birth_date=BORN
    )


def test_document_and_code_matches_and_exclude(org: Any) -> None:
    person = client_with_case(org, team="b", pseudonym="K", personal_code="39001010011")
    IdentityDocument.objects.create(client=person, doc_type="passport", number="AB123", country="LV")
    by_doc = possible_duplicates(org.counsellor, agency=org.agency, documents=[("id_card", "ab 123", "LV")])
    assert (by_doc.visible, by_doc.hidden, by_doc.same_code) == ([], 1, False)
    assert not possible_duplicates(org.counsellor, agency=org.agency, documents=[("passport", "AB123", "LT")])
    by_code = possible_duplicates(org.outsider, agency=org.agency, personal_code="39001010011")
    assert [c.pk for c in by_code.visible] == [person.pk] and by_code.same_code
    assert not possible_duplicates(org.outsider, agency=org.agency, personal_code="39001010011", exclude_pk=person.pk)


def test_search_visible(org: Any) -> None:
    seen = client_with_case(org, given_name="Olga", family_name="Ivanova")
    client_with_case(org, team="b", given_name="Olga", family_name="Ivanova")
    assert [c.pk for c in search_visible(org.counsellor, "olga ivanova")] == [seen.pk]
    assert [c.pk for c in search_visible(org.counsellor, "Ivanov")] == [seen.pk]
    assert search_visible(org.counsellor, "o") == []
    assert search_visible(org.volunteer, "Olga") == []
