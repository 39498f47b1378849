"""The yearly cap table: seeded, read by case staff, kept by service managers and administrators."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from tugi.accounts.models import Role
from tugi.audit.models import AuditEvent
from tugi.core.tests.personas import make_user
from tugi.psychhelp.models import YearlyCap
from tugi.psychhelp.tests.conftest import form_data, said, state


@pytest.fixture
def manager(org: Any) -> Any:
    return make_user("manager", org.agency, [(Role.SERVICE_MANAGER, "", org.department)])


def test_the_known_years_are_seeded_and_the_unsure_ones_marked(db: Any) -> None:
    caps = {c.year: c for c in YearlyCap.objects.all()}
    assert caps[2023].amount == Decimal("725.00")
    assert caps[2024].amount == Decimal("820.00")
    assert caps[2025].amount == Decimal("886.00") and "verify" in caps[2025].note
    assert caps[2026].amount == Decimal("886.00") and "verify" in caps[2026].note
    assert caps[2024].note == ""


def test_case_staff_read_the_table_and_others_are_refused(org: Any, login: Any) -> None:
    for persona in (org.counsellor, org.outsider, org.head, org.admin):
        page = login(persona).get("/psychological-help/caps/")
        assert page.status_code == 200, persona
        assert "820,00" in page.content.decode()
    for persona in (org.dpo, org.volunteer):
        assert login(persona).get("/psychological-help/caps/").status_code == 403, persona


def test_a_service_manager_adds_a_year_and_decisions_may_then_use_it(world: Any, manager: Any, login: Any) -> None:
    client = login(manager)
    assert client.get("/psychological-help/caps/new/").status_code == 200
    response = client.post("/psychological-help/caps/new/", {"year": "2099", "amount": "1000,50", "basis": "Test"})
    assert response.status_code == 302 and response["Location"] == "/psychological-help/caps/"
    cap = YearlyCap.objects.get(year=2099)
    assert cap.amount == Decimal("1000.50") and cap.updated_by == manager
    event = AuditEvent.objects.get(action="psychhelp.cap.created")
    assert event.data["amount"] == "1000.50"
    counsellor = login(world.org.counsellor)
    url = f"/cases/{world.case_a.pk}/psychological-help/new/"
    assert counsellor.post(url, form_data(valid_from="01.01.2099", valid_until="31.12.2099")).status_code == 302


def test_a_year_is_added_once_and_a_cap_is_more_than_zero(org: Any, login: Any) -> None:
    client = login(org.admin)
    before = state()
    duplicate = client.post("/psychological-help/caps/new/", {"year": "2024", "amount": "900"})
    assert duplicate.status_code == 200
    assert said("A cap for %(year)s already exists: change that one.", year=2024) in duplicate.content.decode()
    zero = client.post("/psychological-help/caps/new/", {"year": "2098", "amount": "0"})
    assert said("The cap must be more than zero.") in zero.content.decode()
    assert client.post("/psychological-help/caps/new/", {"year": "1999", "amount": "10"}).status_code == 200
    assert state() == before


def test_an_administrator_changes_a_year_and_a_stale_form_is_refused(org: Any, login: Any) -> None:
    cap = YearlyCap.objects.get(year=2026)
    url = f"/psychological-help/caps/{cap.pk}/edit/"
    client = login(org.admin)
    assert client.get(url).status_code == 200
    data = {"amount": "900", "basis": "Töötasu alammäär 2026", "note": "checked", "version": cap.version}
    assert client.post(url, data).status_code == 302
    cap.refresh_from_db()
    assert cap.amount == Decimal("900.00") and cap.note == "checked" and cap.version == 2
    event = AuditEvent.objects.get(action="psychhelp.cap.updated")
    assert event.data["from"] == "886.00" and event.data["to"] == "900"
    before = state()
    stale = client.post(url, data | {"amount": "950", "version": 1})
    assert stale.status_code == 200 and "950" in stale.content.decode()
    assert state() == before


def test_a_counsellor_cannot_change_the_table(world: Any, login: Any) -> None:
    org = world.org
    cap = YearlyCap.objects.get(year=2024)
    before = state()
    for persona in (org.counsellor, org.head, org.outsider, org.dpo, org.volunteer):
        client = login(persona)
        assert client.get("/psychological-help/caps/new/").status_code == 403
        assert client.post("/psychological-help/caps/new/", {"year": "2097", "amount": "1"}).status_code == 403
        assert client.get(f"/psychological-help/caps/{cap.pk}/edit/").status_code == 403
        edit = {"amount": "1", "basis": "", "note": "", "version": cap.version}
        assert client.post(f"/psychological-help/caps/{cap.pk}/edit/", edit).status_code == 403
    assert state() == before


def test_lowering_a_cap_leaves_decisions_and_shows_the_excess(world: Any, login: Any) -> None:
    from tugi.psychhelp.tests.conftest import grant

    decision = grant(world.case_a, world.org.counsellor, "800", date(2024, 3, 1))
    YearlyCap.objects.filter(year=2024).update(amount=Decimal("700"))
    page = login(world.org.counsellor).get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/")
    text = page.content.decode()
    assert "−100,00" in text or "-100,00" in text
    decision.refresh_from_db()
    assert decision.amount == Decimal("800.00")
