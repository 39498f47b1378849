"""Making, correcting and notifying psychological-help decisions through the pages; the yearly cap."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, TimelineEntry
from tugi.psychhelp.models import PsychHelpDecision
from tugi.psychhelp.tests.conftest import dmy, form_data, grant, said, state


def _new(client: Any, case: Any, **overrides: Any) -> Any:
    return client.post(f"/cases/{case.pk}/psychological-help/new/", form_data(**overrides))


def test_counsellor_grants_help_and_the_tab_shows_what_remains(world: Any, login: Any) -> None:
    org = world.org
    client = login(org.counsellor)
    assert client.get(f"/cases/{world.case_a.pk}/psychological-help/new/").status_code == 200
    response = _new(client, world.case_a)
    decision = PsychHelpDecision.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/"
    assert decision.number == "PA-2024-0001"
    assert decision.client_id == world.client_a.pk and decision.decided_by == org.counsellor
    assert decision.amount == Decimal("300.00") and decision.provider_phone == "+37251234567"
    assert decision.appeal_info == ""  # the standard text, printed in each notice's language
    event = AuditEvent.objects.get(action="psychhelp.decision.made")
    assert (event.subject_type, event.subject_id) == ("clients.client", str(world.client_a.pk))
    assert event.data["amount"] == "300.00"
    line = TimelineEntry.objects.get(case=world.case_a, data__event="psychhelp_decision")
    assert "PA-2024-0001" in line.title

    page = client.get(f"/cases/{world.case_a.pk}/psychological-help/").content.decode()
    assert "PA-2024-0001" in page
    detail = client.get(response["Location"]).content.decode()
    assert "Tasakaal Therapy Centre" in detail and "300,00" in detail and "520,00" in detail  # 820 − 300


def test_the_cap_counts_every_case_of_the_person_and_refuses_beyond_it(world: Any, login: Any) -> None:
    org = world.org
    # 500 € granted in the client's other case (team B), which the counsellor cannot see.
    grant(world.case_a2, org.outsider, "500", date(2024, 4, 1), provider_name="Secret Clinic", reasons="Hidden why")
    client = login(org.counsellor)
    assert _new(client, world.case_a).status_code == 302  # 300 more: 800 of 820
    before = state()
    response = _new(client, world.case_a, amount="30")
    assert response.status_code == 200
    page = response.content.decode()
    for number in ("820,00", "800,00", "20,00"):  # cap, already granted, remaining
        assert number in page
    assert state() == before
    assert _new(client, world.case_a, amount="20").status_code == 302  # exactly what remains
    assert PsychHelpDecision.objects.filter(client=world.client_a).count() == 3

    tab = client.get(f"/cases/{world.case_a.pk}/psychological-help/").content.decode()
    assert "500,00" in tab  # the other case's amount counts, as a total
    assert "Secret Clinic" not in tab and "Hidden why" not in tab and world.case_a2.reference not in tab


def test_the_cap_year_is_the_year_the_validity_starts(world: Any, login: Any) -> None:
    org = world.org
    # 820 € from December 2024 into 2025: the whole 2024 cap.
    grant(world.case_a, org.counsellor, "820", date(2024, 12, 20), date(2025, 1, 31))
    client = login(org.counsellor)
    refused = _new(client, world.case_a, amount="1", valid_from="31.12.2024", valid_until="31.01.2025")
    assert refused.status_code == 200 and "0,00" in refused.content.decode()
    accepted = _new(
        client, world.case_a, amount="886", decided_on="02.01.2025", valid_from="02.01.2025", valid_until="30.06.2025"
    )
    assert accepted.status_code == 302  # 2025 has its own cap (886 €)
    assert PsychHelpDecision.objects.get(valid_from=date(2025, 1, 2)).number == "PA-2025-0001"
    over = _new(
        client, world.case_a, amount="0,01", decided_on="03.01.2025", valid_from="03.01.2025", valid_until="04.01.2025"
    )
    assert over.status_code == 200
    assert PsychHelpDecision.objects.count() == 2


def test_a_year_without_a_cap_is_refused(world: Any, login: Any) -> None:
    client = login(world.org.counsellor)
    before = state()
    response = _new(client, world.case_a, valid_from="01.01.2099", valid_until="31.01.2099")
    assert response.status_code == 200
    assert (
        said("No cap is set for %(year)s: ask the service manager to add it.", year=2099) in response.content.decode()
    )
    assert state() == before


def test_a_same_person_link_shares_the_cap(world: Any, login: Any) -> None:
    from tugi.clients.models import SamePersonLink
    from tugi.clients.services import client_create

    org = world.org
    other = client_create(actor=org.outsider, agency=org.agency, pseudonym="Anna T")
    first, second = sorted([world.client_a.pk, other.pk])
    SamePersonLink.objects.create(first_id=first, second_id=second, linked_by=org.head)
    from tugi.cases.models import CaseType
    from tugi.cases.services import case_open

    other_case = case_open(
        actor=org.outsider, case_type=CaseType.objects.get(code="victim_support"), team=org.team_b, client=other
    )
    grant(other_case, org.outsider, "700", date(2024, 2, 1))
    client = login(org.counsellor)
    assert _new(client, world.case_a, amount="121").status_code == 200  # 700 + 121 > 820
    assert _new(client, world.case_a, amount="120").status_code == 302


def test_a_refused_decision_needs_no_amount_and_covers_nothing(world: Any, login: Any) -> None:
    client = login(world.org.counsellor)
    refusal = {
        "outcome": "refused",
        "help_form": "",
        "provider_name": "",
        "provider_email": "",
        "provider_phone": "",
        "sessions": "",
        "amount": "",
        "valid_from": "",
        "valid_until": "",
        "reasons": "The person is already in therapy paid by the health insurance fund.",
    }
    before = state()
    with_amount = _new(client, world.case_a, **(refusal | {"amount": "100"}))
    assert with_amount.status_code == 200
    assert said("A refused decision covers no amount: leave it empty.") in with_amount.content.decode()
    assert state() == before
    assert _new(client, world.case_a, **refusal).status_code == 302
    decision = PsychHelpDecision.objects.get()
    assert decision.outcome == "refused" and decision.amount is None and decision.valid_from is None
    # A refusal uses nothing of the cap: the whole 820 € can still be granted.
    assert _new(client, world.case_a, amount="820").status_code == 302


def test_missing_reasons_and_incomplete_grants_are_refused(world: Any, login: Any) -> None:
    client = login(world.org.counsellor)
    before = state()
    response = _new(client, world.case_a, reasons="  ")
    assert response.status_code == 200
    assert "Nightmares and panic attacks" in response.content.decode()  # what was typed is kept
    response = _new(client, world.case_a, provider_name="", amount="", valid_until="01.02.2024")
    page = response.content.decode()
    assert said("Name the provider who gives the help.") in page
    assert said("Give the covered amount in euros (more than zero).") in page
    assert said("The validity cannot end before it starts.") in page
    future = dmy(timezone.localdate() + timedelta(days=2))
    assert (
        said("A decision cannot be dated in the future.")
        in _new(client, world.case_a, decided_on=future).content.decode()
    )
    assert _new(client, world.case_a, provider_phone="12").status_code == 200
    assert state() == before


def test_correcting_a_decision_rechecks_the_cap_without_counting_itself(world: Any, login: Any) -> None:
    org = world.org
    decision = grant(world.case_a, org.counsellor, "800", date(2024, 3, 1), date(2024, 4, 1))
    url = f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/edit/"
    client = login(org.head)  # the unit head over the team may decide too
    assert client.get(url).status_code == 200
    base = form_data(valid_from="01.03.2024", valid_until="01.04.2024", version=decision.version)
    assert client.post(url, base | {"amount": "820,01"}).status_code == 200
    decision.refresh_from_db()
    assert decision.amount == Decimal("800.00") and decision.version == 1
    assert client.post(url, base | {"amount": "820"}).status_code == 302
    decision.refresh_from_db()
    assert decision.amount == Decimal("820.00") and decision.version == 2
    assert AuditEvent.objects.filter(action="psychhelp.decision.updated", object_id=str(decision.pk)).count() == 1


def test_a_stale_correction_is_refused_and_keeps_the_input(world: Any, login: Any) -> None:
    org = world.org
    decision = grant(world.case_a, org.counsellor, "100", date(2024, 3, 1))
    url = f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/edit/"
    client = login(org.counsellor)
    data = form_data(valid_from="01.03.2024", valid_until="01.03.2024")
    assert client.post(url, data | {"amount": "150", "version": 1}).status_code == 302
    before = state()
    response = client.post(url, data | {"amount": "175", "reasons": "My own reasons", "version": 1})
    assert response.status_code == 200
    page = response.content.decode()
    assert (
        said(
            "Someone else changed this record while you were editing it. Your input is kept below; "
            "check the current values and save again."
        )
        in page
    )
    assert "My own reasons" in page and "175" in page
    assert state() == before


def test_notification_is_recorded_once_and_freezes_the_decision(world: Any, login: Any) -> None:
    org = world.org
    decision = grant(world.case_a, org.counsellor, "100", date(2024, 3, 1))
    base = f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/"
    client = login(org.counsellor)
    assert client.get(f"{base}notify/?whom=victim").status_code == 200
    future = dmy(timezone.localdate() + timedelta(days=1))
    before = state()
    assert client.post(f"{base}notify/", {"whom": "victim", "on": future, "version": 1}).status_code == 200
    assert client.post(f"{base}notify/", {"whom": "victim", "on": "01.01.2020", "version": 1}).status_code == 200
    assert state() == before
    response = client.post(f"{base}notify/", {"whom": "victim", "on": "05.03.2024", "version": 1})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.notified_victim_on == date(2024, 3, 5)
    event = AuditEvent.objects.get(action="psychhelp.decision.notified")
    assert event.data["whom"] == "victim"
    assert TimelineEntry.objects.filter(case=world.case_a, data__event="psychhelp_notified").count() == 1

    before = state()
    again = client.post(f"{base}notify/", {"whom": "victim", "on": "06.03.2024", "version": decision.version})
    assert again.status_code == 200
    # Notified: the decision is final; correcting it is refused and changes nothing.
    edit = client.get(f"{base}edit/")
    assert edit.status_code == 302 and edit["Location"] == base
    posted = client.post(f"{base}edit/", form_data(amount="50", version=decision.version))
    assert posted.status_code == 302
    assert state() == before
    assert client.post(f"{base}notify/", {"whom": "provider", "on": "06.03.2024", "version": 2}).status_code == 302
    decision.refresh_from_db()
    assert decision.notified_provider_on == date(2024, 3, 6)


def test_a_refused_decision_is_not_notified_to_a_provider(world: Any, login: Any) -> None:
    org = world.org
    client = login(org.counsellor)
    _new(client, world.case_a, outcome="refused", amount="", sessions="", valid_from="", valid_until="")
    decision = PsychHelpDecision.objects.get()
    before = state()
    url = f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/notify/"
    response = client.post(url, {"whom": "provider", "on": "21.02.2024", "version": 1})
    assert response.status_code == 200
    assert said("A refused decision is not sent to a provider.") in response.content.decode()
    assert state() == before


def test_a_closed_case_takes_no_new_decision(world: Any, login: Any) -> None:
    Case.objects.filter(pk=world.case_a.pk).update(
        status="closed", closed_on=date(2024, 5, 1), close_reason="needs_met"
    )
    client = login(world.org.counsellor)
    before = state()
    response = _new(client, world.case_a)
    assert response.status_code == 200
    assert said("The case is closed: reopen it to make or change a decision.") in response.content.decode()
    assert state() == before


def test_the_outsider_gets_404_on_every_page_and_changes_nothing(world: Any, login: Any) -> None:
    org = world.org
    decision = grant(world.case_a, org.counsellor, "100", date(2024, 3, 1))
    base = f"/cases/{world.case_a.pk}/psychological-help/"
    one = f"{base}{decision.pk}/"
    client = login(org.outsider)
    before = state()
    for url in (
        base,
        f"{base}new/",
        one,
        f"{one}edit/",
        f"{one}notify/",
        f"{one}decision.pdf",
        f"{one}provider-notice.pdf",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{base}new/", form_data(amount="10")).status_code == 404
    assert client.post(f"{one}edit/", form_data(amount="10", version=1)).status_code == 404
    assert client.post(f"{one}notify/", {"whom": "victim", "on": "05.03.2024", "version": 1}).status_code == 404
    # Through a case the outsider does see, the decision of another case is still not found.
    other = f"/cases/{world.case_a2.pk}/psychological-help/{decision.pk}/"
    assert client.get(other).status_code == 404
    assert client.post(f"{other}edit/", form_data(amount="10", version=1)).status_code == 404
    assert state() == before


def test_a_volunteer_named_on_the_case_reads_but_cannot_decide(world: Any, login: Any) -> None:
    from tugi.cases.models import CaseWorker

    org = world.org
    CaseWorker.objects.create(case=world.case_a, user=org.volunteer, role="co_worker", added_by=org.counsellor)
    decision = grant(world.case_a, org.counsellor, "100", date(2024, 3, 1))
    client = login(org.volunteer)
    before = state()
    assert client.get(f"/cases/{world.case_a.pk}/psychological-help/").status_code == 200
    assert client.get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/").status_code == 200
    assert client.post(f"/cases/{world.case_a.pk}/psychological-help/new/", form_data()).status_code == 403
    assert client.get(f"/cases/{world.case_a.pk}/psychological-help/{decision.pk}/decision.pdf").status_code == 403
    assert state() == before
