"""The client page, editing with versions, and "who has accessed this person's data"."""

from __future__ import annotations

from typing import Any

from tugi.audit import services as audit
from tugi.audit.models import AuditEvent
from tugi.clients.models import Client
from tugi.clients.tests.conftest import snapshot, text
from tugi.core.models import StaleVersion


def edit_data(client: Any, **overrides: Any) -> dict[str, Any]:
    data = {
        "given_name": client.given_name,
        "family_name": client.family_name,
        "pseudonym": client.pseudonym,
        "personal_code": client.personal_code,
        "birth_date": client.birth_date.strftime("%d.%m.%Y") if client.birth_date else "",
        "gender": client.gender,
        "safe_contact": client.safe_contact,
        "version": client.version,
    }
    data.update(overrides)
    return data


def test_detail_shows_the_record_flags_and_cases(org: Any, login: Any, anna: Any) -> None:
    Client.objects.filter(pk=anna.pk).update(high_risk=True, perpetrator_may_search=True, safe_contact="Never after 18")
    client = login(org.counsellor)
    response = client.get(f"/clients/{anna.pk}/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Anna Tamm" in body and "49403136515" in body and "13.03.1994" in body
    assert text("HIGH RISK") in body
    assert text("The perpetrator may look for them") in body
    assert "Never after 18" in body
    assert anna.cases.get().reference in body
    # The opening is an access event about the person, written by the loader.
    event = AuditEvent.objects.filter(action="clients.client.viewed").latest("id")
    assert (event.actor_id, event.subject_id) == (org.counsellor.pk, str(anna.pk))


def test_access_log_shows_own_and_others_reads(org: Any, login: Any, anna: Any) -> None:
    client = login(org.head)
    assert client.get(f"/clients/{anna.pk}/").status_code == 200
    client = login(org.counsellor)
    body = client.get(f"/clients/{anna.pk}/").content.decode()
    log = body[body.index('id="access-title"') :]
    assert str(org.head) in log and str(org.counsellor) in log
    assert log.count(text("opened the client record")) == 2
    # Newest first: the counsellor's own read above the head's.
    assert log.index(str(org.counsellor)) < log.index(str(org.head))


def test_access_log_marks_flagged_events_and_pages(org: Any, login: Any, anna: Any) -> None:
    audit.record_read(
        "clients.client.viewed", actor=org.outsider, obj=anna, subject=("clients.client", str(anna.pk)), flagged=True
    )
    for _i in range(55):
        audit.record_read("cases.case.viewed", actor=org.head, obj=anna, subject=("clients.client", str(anna.pk)))
    client = login(org.dpo)
    body = client.get(f"/clients/{anna.pk}/").content.decode()
    assert f'href="/clients/{anna.pk}/access/"' in body  # more than fifty: the rest on their own page
    first = client.get(f"/clients/{anna.pk}/access/")
    assert first.status_code == 200
    cursor = first.context["page"].next_cursor
    assert cursor
    second = client.get(f"/clients/{anna.pk}/access/?after={cursor}").content.decode()
    assert text("flagged") in second and str(org.outsider) in second


def test_outsider_gets_404_everywhere(org: Any, login: Any, anna: Any) -> None:
    client = login(org.outsider)
    before = snapshot()
    for url in ("", "edit/", "access/", "subject-report/", "same-person/", "consents/new/"):
        assert client.get(f"/clients/{anna.pk}/{url}").status_code == 404, url
    assert client.post(f"/clients/{anna.pk}/edit/", edit_data(anna, family_name="Changed")).status_code == 404
    assert snapshot() == before
    assert not AuditEvent.objects.filter(actor=org.outsider, subject_id=str(anna.pk)).exists()


def test_edit_saves_a_new_version(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    response = client.post(f"/clients/{anna.pk}/edit/", edit_data(anna, family_name="Tamm-Kask", high_risk="on"))
    assert response.status_code == 302
    anna.refresh_from_db()
    assert (anna.family_name, anna.high_risk, anna.version) == ("Tamm-Kask", True, 2)
    assert "tamm-kask" in anna.search_text
    event = AuditEvent.objects.get(action="clients.client.updated")
    assert event.data == {"fields": ["family_name", "high_risk"]}


def test_edit_with_a_stale_version_is_refused_and_keeps_input(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    stale = edit_data(anna, family_name="Mine")
    Client.objects.filter(pk=anna.pk).update(version=2, family_name="Theirs")
    before = snapshot()
    response = client.post(f"/clients/{anna.pk}/edit/", stale)
    body = response.content.decode()
    assert response.status_code == 200
    assert text(StaleVersion.message) in body
    assert 'value="Mine"' in body
    assert snapshot() == before


def test_edit_checks_the_personal_code(org: Any, login: Any, anna: Any) -> None:
    client = login(org.counsellor)
    before = snapshot()
    response = client.post(f"/clients/{anna.pk}/edit/", edit_data(anna, personal_code="49403136516"))
    assert response.status_code == 200
    assert 'id="id_personal_code_error"' in response.content.decode()
    assert snapshot() == before


def test_dpo_reads_but_may_not_edit(org: Any, login: Any, anna: Any) -> None:
    client = login(org.dpo)
    assert client.get(f"/clients/{anna.pk}/").status_code == 200
    before = snapshot()
    assert client.get(f"/clients/{anna.pk}/edit/").status_code == 403
    assert client.post(f"/clients/{anna.pk}/edit/", edit_data(anna, family_name="X")).status_code == 403
    assert snapshot() == before
    body = client.get(f"/clients/{anna.pk}/").content.decode()
    assert f'href="/clients/{anna.pk}/edit/"' not in body
    assert f'href="/clients/{anna.pk}/subject-report/"' in body
