"""Registering a client through the page: personal code checked and decoded, pseudonyms, the first
language, document and phone, and possible duplicates shown before anything is saved."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tugi.audit.models import AuditEvent
from tugi.clients.models import Client, ClientContact, ClientLanguage, IdentityDocument
from tugi.clients.services import client_create
from tugi.clients.tests.conftest import client_with_case, hidden_text, snapshot, text

URL = "/clients/new/"


def form(**overrides: Any) -> dict[str, Any]:
    data = {"given_name": "Svetlana", "family_name": "Uus", "gender": "unknown"}
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_valid_personal_code_fills_birth_date_and_gender(org: Any, login: Any) -> None:
    client = login(org.counsellor)
    response = client.post(URL, form(personal_code="4940 3136 515"))
    person = Client.objects.get(family_name="Uus")
    assert response.status_code == 302
    assert response["Location"] == f"/clients/{person.pk}/"
    assert (person.personal_code, person.birth_date, person.gender) == ("49403136515", date(1994, 3, 13), "female")
    assert person.created_by == org.counsellor
    assert "49403136515" in person.search_text
    event = AuditEvent.objects.get(action="clients.client.created")
    assert (event.subject_type, event.subject_id, event.actor_id) == (
        "clients.client",
        str(person.pk),
        org.counsellor.pk,
    )
    # Registered without a case yet: the one who registered sees the record.
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("49403136516", "The check digit of this personal code is wrong: check the number on the document."),
        ("4940313651", "A personal code has 11 digits."),
        ("4940313651X", "A personal code has digits only."),
        ("49413136512", "This personal code does not hold a valid date of birth."),
    ],
)
def test_invalid_personal_code_is_refused(org: Any, login: Any, code: str, message: str) -> None:
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(URL, form(personal_code=code))
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="id_personal_code_error"' in body
    assert text(message) in body
    assert f'value="{code}"' in body  # what was typed stays
    assert snapshot() == before


def test_birth_date_and_gender_must_match_the_code(org: Any, login: Any) -> None:
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(URL, form(personal_code="49403136515", birth_date="14.03.1994", gender="male"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_birth_date_error"' in body
    assert text("The date of birth does not match the personal code, which gives %(date)s.", date="13.03.1994") in body
    assert 'id="id_gender_error"' in body
    assert snapshot() == before


def test_pseudonym_only_client(org: Any, login: Any) -> None:
    client = login(org.outsider)
    response = client.post(URL, {"pseudonym": "Caller 17", "gender": "unknown", "estimated_birth_year": "1990"})
    assert response.status_code == 302
    person = Client.objects.get(pseudonym="Caller 17")
    assert (person.given_name, person.family_name, person.personal_code) == ("", "", "")
    assert person.estimated_birth_year == 1990
    assert person.display_name == "Caller 17"


def test_a_name_or_pseudonym_is_required(org: Any, login: Any) -> None:
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(URL, {"gender": "unknown", "safe_contact": "Only by e-mail"})
    assert response.status_code == 200
    assert text("Give a name or, for a person who stays anonymous, a pseudonym.") in response.content.decode()
    assert "Only by e-mail" in response.content.decode()
    assert snapshot() == before


def test_first_language_document_and_phone(org: Any, login: Any) -> None:
    client = login(org.counsellor)
    response = client.post(
        URL,
        form(
            language="ru",
            interpreter_needed="on",
            doc_type="passport",
            doc_number="fp 123 456",
            doc_country="UA",
            phone="5123 4567",
            phone_instructions="Only text messages",
            perpetrator_may_search="on",
            citizenship="UA",
        ),
    )
    assert response.status_code == 302
    person = Client.objects.get(family_name="Uus")
    assert person.perpetrator_may_search is True
    assert str(person.citizenship) == "UA"
    assert list(ClientLanguage.objects.filter(client=person).values_list("language", "interpreter_needed")) == [
        ("ru", True)
    ]
    doc = IdentityDocument.objects.get(client=person)
    assert (doc.doc_type, doc.number, str(doc.country)) == ("passport", "FP123456", "UA")
    assert "fp123456" in Client.objects.get(pk=person.pk).search_text
    contact = ClientContact.objects.get(client=person)
    assert (contact.kind, contact.value, contact.instructions) == ("phone", "+37251234567", "Only text messages")


def test_half_a_document_and_a_bad_phone_are_refused(org: Any, login: Any) -> None:
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(URL, form(doc_number="AB1", phone="12", interpreter_needed="on"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_doc_type_error"' in body and 'id="id_doc_country_error"' in body
    assert 'id="id_phone_error"' in body
    assert 'id="id_language_error"' in body
    assert snapshot() == before


def test_who_may_register(org: Any, login: Any) -> None:
    for user in (org.admin, org.dpo, org.volunteer):
        client = login(user)
        before = snapshot()
        assert client.get(URL).status_code == 403
        assert client.post(URL, form()).status_code == 403
        assert snapshot() == before


# --- duplicates ---------------------------------------------------------------------------------


def test_duplicates_visible_and_hidden_are_shown_before_saving(org: Any, login: Any) -> None:
    born = date(1994, 3, 13)
    seen = client_with_case(org, given_name="Svetlana", family_name="Uus", birth_date=born)
    unseen = client_with_case(org, team="b", given_name="Svetlana", family_name="Uuss", birth_date=born)
    other_birthday = client_with_case(org, given_name="Svetlana", family_name="Uus", birth_date=date(1995, 1, 1))
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(URL, form(birth_date="13.03.1994", safe_contact="Never call after 18"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/clients/{seen.pk}/"' in body
    assert f"/clients/{unseen.pk}/" not in body and "Uuss" not in body
    assert f"/clients/{other_birthday.pk}/" not in body
    assert hidden_text(1) in body
    assert 'name="confirm_different"' in body
    assert "Never call after 18" in body  # nothing typed is lost
    assert snapshot() == before
    # The shown hit is an access event about that person; the unseen one is not named anywhere.
    assert AuditEvent.objects.filter(action="clients.client.listed", subject_id=str(seen.pk)).count() == 1
    assert not AuditEvent.objects.filter(subject_id=str(unseen.pk), actor=org.counsellor).exists()


def test_confirming_a_different_person_saves(org: Any, login: Any) -> None:
    seen = client_with_case(org, given_name="Svetlana", family_name="Uus", birth_date=date(1994, 3, 13))
    client = login(org.counsellor)
    first = client.post(URL, form(birth_date="13.03.1994"))
    signature = first.context["form"].data["duplicates_seen"]
    # Without ticking the box the form comes back again; ticked, the record is saved.
    assert client.post(URL, form(birth_date="13.03.1994", duplicates_seen=signature)).status_code == 200
    assert Client.objects.filter(family_name="Uus").count() == 1
    response = client.post(URL, form(birth_date="13.03.1994", duplicates_seen=signature, confirm_different="on"))
    assert response.status_code == 302
    assert Client.objects.filter(family_name="Uus").count() == 2
    event = AuditEvent.objects.filter(action="clients.client.created").latest("id")
    assert event.data == {"different_from": [seen.pk]}
    assert event.subject_id == str(Client.objects.filter(family_name="Uus").latest("pk").pk)


def test_a_new_match_since_the_confirmation_is_shown_again(org: Any, login: Any) -> None:
    client_with_case(org, given_name="Svetlana", family_name="Uus", birth_date=date(1994, 3, 13))
    client = login(org.counsellor)
    signature = client.post(URL, form(birth_date="13.03.1994")).context["form"].data["duplicates_seen"]
    client_with_case(org, team="b", given_name="Svetlana", family_name="Uus", birth_date=date(1994, 3, 13))
    response = client.post(URL, form(birth_date="13.03.1994", duplicates_seen=signature, confirm_different="on"))
    assert response.status_code == 200
    assert text("Other possible matches were found meanwhile: look at them again.") in response.content.decode()
    assert Client.objects.filter(family_name="Uus").count() == 2


def test_same_personal_code_cannot_be_saved_twice(org: Any, login: Any) -> None:
    hidden = client_with_case(org, team="b", given_name="Sveta", personal_code="49403136515")
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(URL, form(personal_code="49403136515", confirm_different="on"))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="id_personal_code_error"' in body
    assert 'name="confirm_different"' not in body
    assert "Sveta" not in body and f"/clients/{hidden.pk}/" not in body
    assert snapshot() == before


def test_same_document_is_a_duplicate(org: Any, login: Any) -> None:
    other = client_with_case(org, given_name="Olena", family_name="Koval")
    IdentityDocument.objects.create(client=other, doc_type="passport", number="FP123456", country="UA")
    client = login(org.head)
    response = client.post(URL, form(doc_type="id_card", doc_number="fp123456", doc_country="UA"))
    assert response.status_code == 200
    assert f'href="/clients/{other.pk}/"' in response.content.decode()


def test_outsider_sees_only_the_count(org: Any, login: Any) -> None:
    born = date(1994, 3, 13)
    team_a = client_with_case(org, given_name="Svetlana", family_name="Uus", birth_date=born)
    no_case = client_create(
        actor=org.counsellor, agency=org.agency, given_name="Svetlana", family_name="Uus", birth_date=born
    )
    client = login(org.outsider)
    response = client.post(URL, form(birth_date="13.03.1994"))
    body = response.content.decode()
    assert response.status_code == 200
    assert f"/clients/{team_a.pk}/" not in body and f"/clients/{no_case.pk}/" not in body
    assert hidden_text(2) in body
