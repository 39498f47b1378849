"""Other names, documents, languages and contacts; consents and their withdrawal."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from tugi.audit.models import AuditEvent
from tugi.clients.models import Client, ClientAlias, ClientContact, ClientLanguage, Consent, IdentityDocument
from tugi.clients.tests.conftest import snapshot, text
from tugi.core.models import StaleVersion


def test_alias_add_and_remove_feed_the_search(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    response = client.post(f"/clients/{anna.pk}/names/add/", {"name": "  Anja   Tamm ", "kind": "spelling"})
    assert response.status_code == 302 and response["Location"] == f"/clients/{anna.pk}/#names"
    alias = ClientAlias.objects.get(client=anna)
    assert alias.name == "Anja Tamm"
    assert "anja tamm" in Client.objects.get(pk=anna.pk).search_text
    assert AuditEvent.objects.filter(action="clients.alias.added", subject_id=str(anna.pk)).exists()
    # The same name twice: a clear error, nothing changes.
    before = snapshot()
    again = client.post(f"/clients/{anna.pk}/names/add/", {"name": "Anja Tamm", "kind": "alias"})
    assert again.status_code == 200
    assert text("This name is already recorded for the person.") in again.content.decode()
    assert snapshot() == before
    assert client.post(f"/clients/{anna.pk}/names/{alias.pk}/remove/").status_code == 302
    assert not ClientAlias.objects.exists()
    assert "anja" not in Client.objects.get(pk=anna.pk).search_text
    assert AuditEvent.objects.filter(action="clients.alias.removed", subject_id=str(anna.pk)).exists()


def test_document_number_is_normalised_and_searchable(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    data = {"doc_type": "passport", "number": "fp 12-34", "country": "UA", "valid_until": "01.01.2030"}
    assert client.post(f"/clients/{anna.pk}/documents/add/", data).status_code == 302
    doc = IdentityDocument.objects.get(client=anna)
    assert (doc.number, doc.valid_until) == ("FP12-34", date(2030, 1, 1))
    assert "fp12-34" in Client.objects.get(pk=anna.pk).search_text
    before = snapshot()
    response = client.post(f"/clients/{anna.pk}/documents/add/", {**data, "number": "FP1234", "country": ""})
    assert 'id="id_country_error"' in response.content.decode()
    assert snapshot() == before


def test_contacts_phone_in_e164_and_email_checked(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    url = f"/clients/{anna.pk}/contacts/add/"
    assert (
        client.post(url, {"kind": "phone", "value": "+371 2012 3456", "instructions": "Text only"}).status_code == 302
    )
    assert client.post(url, {"kind": "phone", "value": "5123 4567"}).status_code == 302
    assert client.post(url, {"kind": "address", "value": "Tallinn, somewhere"}).status_code == 302
    values = set(ClientContact.objects.filter(client=anna).values_list("value", flat=True))
    assert values == {"+37120123456", "+37251234567", "Tallinn, somewhere"}
    before = snapshot()
    bad_mail = client.post(url, {"kind": "email", "value": "not-an-address"})
    assert text("This is not a valid e-mail address.") in bad_mail.content.decode()
    assert 'value="not-an-address"' in bad_mail.content.decode()
    bad_phone = client.post(url, {"kind": "phone", "value": "123"})
    assert 'id="id_value_error"' in bad_phone.content.decode()
    assert snapshot() == before
    body = client.get(f"/clients/{anna.pk}/").content.decode()
    assert 'href="tel:+37120123456"' in body and "Text only" in body


def test_language_with_interpreter(org: Any, login: Any, anna: Any) -> None:
    client = login(org.head)
    response = client.post(f"/clients/{anna.pk}/languages/add/", {"language": "ru", "interpreter_needed": "on"})
    assert response.status_code == 302
    row = ClientLanguage.objects.get(client=anna)
    assert (row.language, row.interpreter_needed) == ("ru", True)
    assert text("needs an interpreter") in client.get(f"/clients/{anna.pk}/").content.decode()
    before = snapshot()
    assert client.post(f"/clients/{anna.pk}/languages/add/", {"language": "xx"}).status_code == 200
    assert snapshot() == before
    assert client.post(f"/clients/{anna.pk}/languages/{row.pk}/remove/").status_code == 302
    assert not ClientLanguage.objects.exists()


def test_parts_refused_to_outsider_and_dpo(org: Any, login: Any, anna: Any) -> None:
    alias = ClientAlias.objects.create(client=anna, name="Anja")
    for user, status in ((org.outsider, 404), (org.dpo, 403), (org.volunteer, 404)):
        client = login(user)
        before = snapshot()
        assert client.post(f"/clients/{anna.pk}/names/add/", {"name": "X", "kind": "alias"}).status_code == status
        assert client.post(f"/clients/{anna.pk}/names/{alias.pk}/remove/").status_code == status
        assert client.post(f"/clients/{anna.pk}/contacts/add/", {"kind": "other", "value": "x"}).status_code == status
        assert snapshot() == before


def test_removing_another_clients_row_is_404(org: Any, login: Any, anna: Any, mari: Any) -> None:
    alias = ClientAlias.objects.create(client=mari, name="Maarja")
    client = login(org.counsellor)
    before = snapshot()
    assert client.post(f"/clients/{anna.pk}/names/{alias.pk}/remove/").status_code == 404
    assert snapshot() == before


# --- consents -----------------------------------------------------------------------------------


def consent_data(**overrides: Any) -> dict[str, Any]:
    data = {
        "scope": "Name, needs and where she stays",
        "recipient": "Police and Border Guard Board",
        "given_on": "01.03.2025",
        "method": "written",
        "evidence": "Signed form in the file",
    }
    data.update(overrides)
    return data


def test_consent_recorded_and_shown_in_force(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    response = client.post(f"/clients/{anna.pk}/consents/new/", consent_data())
    assert response.status_code == 302
    consent = Consent.objects.get(client=anna)
    assert (consent.given_on, consent.recorded_by, consent.in_force) == (date(2025, 3, 1), org.counsellor, True)
    assert AuditEvent.objects.filter(action="clients.consent.recorded", subject_id=str(anna.pk)).exists()
    body = client.get(f"/clients/{anna.pk}/").content.decode()
    assert "Police and Border Guard Board" in body
    assert f"/clients/{anna.pk}/consents/{consent.pk}/withdraw/" in body


def test_consent_needs_its_facts_and_no_future_date(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    before = snapshot()
    future = (timezone.localdate() + timedelta(days=2)).strftime("%d.%m.%Y")
    response = client.post(f"/clients/{anna.pk}/consents/new/", consent_data(evidence="", given_on=future))
    body = response.content.decode()
    assert 'id="id_evidence_error"' in body and 'id="id_given_on_error"' in body
    assert text("This date is in the future.") in body
    assert snapshot() == before


def test_consent_withdrawal(org: Any, login: Any, anna: Any) -> None:
    consent = Consent.objects.create(
        client=anna,
        scope="All",
        recipient="Shelter",
        given_on=date(2025, 3, 1),
        method="oral",
        evidence="Call",
        recorded_by=org.counsellor,
    )
    client = login(org.counsellor)
    url = f"/clients/{anna.pk}/consents/{consent.pk}/withdraw/"
    before = snapshot()
    early = client.post(url, {"withdrawn_on": "28.02.2025", "withdrawal_note": "", "version": 1})
    assert 'id="id_withdrawn_on_error"' in early.content.decode()
    stale = client.post(url, {"withdrawn_on": "02.03.2025", "withdrawal_note": "x", "version": 7})
    assert text(StaleVersion.message) in stale.content.decode()
    assert snapshot() == before
    done = client.post(url, {"withdrawn_on": "02.03.2025", "withdrawal_note": "Said so on the phone", "version": 1})
    assert done.status_code == 302
    consent.refresh_from_db()
    assert (consent.withdrawn_on, consent.withdrawal_note, consent.in_force) == (
        date(2025, 3, 2),
        "Said so on the phone",
        False,
    )
    assert AuditEvent.objects.filter(action="clients.consent.withdrawn", subject_id=str(anna.pk)).exists()
    # A withdrawn consent cannot be withdrawn again.
    assert client.get(url).status_code == 404
