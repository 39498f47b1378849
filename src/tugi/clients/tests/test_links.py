"""Two records of the same person: searching among the visible records only, linking, unlinking."""

from __future__ import annotations

from typing import Any

from tugi.audit.models import AuditEvent
from tugi.clients.models import SamePersonLink
from tugi.clients.services import same_person_link
from tugi.clients.tests.conftest import client_with_case, snapshot, text


def test_search_shows_only_visible_records(org: Any, login: Any, anna: Any) -> None:
    seen = client_with_case(org, given_name="Anna", family_name="Tamme")
    unseen = client_with_case(org, team="b", given_name="Anna", family_name="Tamm")
    client = login(org.counsellor)
    response = client.get(f"/clients/{anna.pk}/same-person/?q=anna tamm")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'name="other" value="{seen.pk}"' in body
    assert f'value="{unseen.pk}"' not in body
    assert f'name="other" value="{anna.pk}"' not in body  # not the record itself
    # The hit list is an access event about each person shown.
    assert AuditEvent.objects.filter(action="clients.client.listed", subject_id=str(seen.pk)).exists()
    assert not AuditEvent.objects.filter(action="clients.client.listed", subject_id=str(unseen.pk)).exists()


def test_link_and_unlink(org: Any, login: Any, anna: Any) -> None:
    other = client_with_case(org, given_name="Anna", family_name="Tamme")
    client = login(org.counsellor)
    response = client.post(f"/clients/{other.pk}/same-person/", {"other": anna.pk, "note": "The same passport"})
    assert response.status_code == 302
    link = SamePersonLink.objects.get()
    assert (link.first_id, link.second_id, link.note) == (anna.pk, other.pk, "The same passport")  # ordered pair
    for person in (anna, other):
        assert AuditEvent.objects.filter(action="clients.same_person.linked", subject_id=str(person.pk)).exists()
    body = client.get(f"/clients/{anna.pk}/").content.decode()
    assert f'href="/clients/{other.pk}/"' in body
    # Linking again is refused with a message.
    before = snapshot()
    again = client.post(f"/clients/{anna.pk}/same-person/", {"other": other.pk, "note": ""})
    assert text("These two records are already linked.") in again.content.decode()
    assert snapshot() == before
    assert client.post(f"/clients/{anna.pk}/same-person/{link.pk}/remove/").status_code == 302
    assert not SamePersonLink.objects.exists()
    assert AuditEvent.objects.filter(action="clients.same_person.unlinked").count() == 2


def test_linking_to_an_invisible_record_is_refused(org: Any, login: Any, anna: Any, mari: Any) -> None:
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(f"/clients/{anna.pk}/same-person/", {"other": mari.pk, "note": ""})
    assert response.status_code == 200
    assert text("Choose the other record from the search results.") in response.content.decode()
    assert f'value="{mari.pk}"' not in response.content.decode()
    assert snapshot() == before


def test_link_to_a_record_one_may_see_but_not_change(org: Any, login: Any, anna: Any, mari: Any) -> None:
    # The DPO sees both but works no case: she may link neither.
    client = login(org.dpo)
    before = snapshot()
    assert client.post(f"/clients/{anna.pk}/same-person/", {"other": mari.pk}).status_code == 403
    assert snapshot() == before


def test_unlink_needs_both_records(org: Any, login: Any, anna: Any, mari: Any) -> None:
    link = same_person_link(actor=org.dpo, client=anna, other=mari, note="")
    body = login(org.counsellor).get(f"/clients/{anna.pk}/").content.decode()
    assert text("a record that you cannot see") in body and f'href="/clients/{mari.pk}/"' not in body
    client = login(org.counsellor)
    before = snapshot()
    assert client.post(f"/clients/{anna.pk}/same-person/{link.pk}/remove/").status_code == 403
    assert login(org.outsider).post(f"/clients/{anna.pk}/same-person/{link.pk}/remove/").status_code == 404
    assert snapshot() == before
