"""The on-call counsellor's intake and a new case for a registered client, through HTTP.

Who may open cases, the defaults of the form, the whole record made in one go (client, case,
intake, language, presumed-victim status and service period), the duplicate check with nothing
typed lost, and bad input refused with nothing changed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone

from tugi.access.tests.conftest import base_cases
from tugi.access.tests.test_permission_matrix import snapshot
from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, CaseStatus, Confidentiality, VictimStatus, VictimStatusRecord, WorkerRole
from tugi.clients.models import Client, ClientLanguage

URL = "/cases/intake/"


def now_text(delta: timedelta = timedelta(0)) -> str:
    return f"{timezone.localtime() + delta:%d.%m.%Y %H:%M}"


def intake_data(org: Any, **overrides: Any) -> dict[str, Any]:
    from tugi.cases.models import CaseType

    data = {
        "case_type": CaseType.objects.get(code="trafficking").pk,
        "team": org.team_a.pk,
        "received_at": now_text(-timedelta(minutes=20)),
        "source": "police",
        "caller_name": "Tiit Kuusk",
        "caller_organisation": "PPA",
        "caller_phone": "5123 4567",
        "location": "Tallinn police station",
        "needs": ["shelter", "interpreter"],
        "needs_note": "No documents",
        "given_name": "Olga",
        "family_name": "Petrova",
        "pseudonym": "",
        "personal_code": "",
        "age": "27",
        "birth_date": "",
        "gender": "female",
        "citizenship": "UA",
        "language": "ru",
        "interpreter_needed": "on",
        "presumed_victim": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture(autouse=True)
def english(org: Any) -> None:
    """The pages in English, the language of the texts asserted here (personas default to Estonian)."""
    from tugi.accounts.models import User

    User.objects.update(language="en")


@pytest.fixture
def cases(org: Any) -> dict[str, Any]:
    return base_cases(org)


# --- who may open cases ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "status"),
    [("counsellor", 200), ("head", 200), ("outsider", 200), ("admin", 403), ("dpo", 403), ("volunteer", 403)],
)
def test_who_gets_the_form(org: Any, login: Any, persona: str, status: int) -> None:
    response = login(getattr(org, persona)).get(URL)
    assert response.status_code == status


def test_anonymous_goes_to_login(client: Any, org: Any) -> None:
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_form_defaults_for_a_trafficking_counsellor(org: Any, login: Any) -> None:
    from tugi.cases.models import CaseType

    response = login(org.counsellor).get(URL)
    form = response.context["form"]
    assert form.initial["case_type"] == CaseType.objects.get(code="trafficking").pk
    assert form.initial["team"] == org.team_a.pk
    assert list(form.fields["team"].queryset) == [org.team_a]
    received = form.initial["received_at"]
    assert abs((timezone.localtime() - received).total_seconds()) < 120
    html = response.content.decode()
    assert 'name="caller_name"' in html and "autofocus" in html
    assert 'name="needs" value="shelter"' in html  # checkboxes, not a multi-select


# --- a new person ----------------------------------------------------------------------------------


def test_intake_makes_client_case_language_and_presumed_status(org: Any, login: Any) -> None:
    response = login(org.counsellor).post(URL, intake_data(org))
    case = Case.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/cases/{case.pk}/"
    client = case.client
    assert (client.given_name, client.family_name, client.gender, str(client.citizenship)) == (
        "Olga",
        "Petrova",
        "female",
        "UA",
    )
    assert client.estimated_birth_year == timezone.localdate().year - 27
    assert case.team == org.team_a and case.case_type.code == "trafficking"
    assert case.confidentiality == Confidentiality.HIGH  # the trafficking type's default
    assert case.status == CaseStatus.INTAKE
    assert case.reference == f"IK-{case.opened_on.year}-0001"
    assert case.workers.get().user == org.counsellor and case.workers.get().role == WorkerRole.RESPONSIBLE
    intake = case.intake
    assert intake.source == "police" and intake.caller_phone == "+37251234567"
    assert intake.needs == ["shelter", "interpreter"]
    language = ClientLanguage.objects.get(client=client)
    assert language.language == "ru" and language.interpreter_needed
    assert case.victim_status == VictimStatus.PRESUMED
    record = VictimStatusRecord.objects.get(case=case)
    assert record.status == VictimStatus.PRESUMED and "PPA" in record.basis
    assert case.service_period_start == case.opened_on
    assert case.service_period_days == settings.TUGI_PRESUMED_SERVICE_DAYS
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {
        "clients.client.created",
        "cases.case.opened",
        "cases.case.intake",
        "cases.victim_status.recorded",
    } <= actions
    page = login(org.counsellor).get(response["Location"])
    assert page.status_code == 200 and "Petrova" in page.content.decode()


def test_pseudonym_only_and_few_fields_are_enough(org: Any, login: Any) -> None:
    data = {
        "case_type": intake_data(org)["case_type"],
        "team": org.team_a.pk,
        "received_at": now_text(),
        "source": "ngo",
        "pseudonym": "K.",
        "gender": "unknown",
    }
    response = login(org.counsellor).post(URL, data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.client.pseudonym == "K." and case.victim_status == "" and case.service_period_start is None


def test_staff_related_client_gets_a_restricted_case(org: Any, login: Any) -> None:
    login(org.counsellor).post(URL, intake_data(org, staff_related="on"))
    assert Case.objects.get().confidentiality == Confidentiality.RESTRICTED


def test_personal_code_gives_birth_date_and_gender(org: Any, login: Any) -> None:
    response = login(org.counsellor).post(URL, intake_data(org, personal_code="37605030299", gender="unknown"))
    assert response.status_code == 302
    client = Client.objects.get()
    assert str(client.birth_date) == "1976-05-03" and client.gender == "male"


def test_head_opens_in_a_team_of_the_unit(org: Any, login: Any) -> None:
    response = login(org.head).post(URL, intake_data(org))
    assert response.status_code == 302
    assert Case.objects.get().workers.get().user == org.head


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("received_at", "FUTURE", "cannot be in the future"),
        ("received_at", "31.02.2026 10:00", "Enter a valid date/time"),
        ("caller_phone", "12", "valid phone number"),
        ("personal_code", "37605030290", "not a valid Estonian personal code"),
        ("birth_date", "01.01.2999", "cannot be in the future"),
        ("age", "150", "less than or equal to 120"),
        ("source", "", "This field is required"),
    ],
)
def test_bad_input_is_refused_and_kept(org: Any, login: Any, field: str, value: str, message: str) -> None:
    if value == "FUTURE":
        value = now_text(timedelta(days=1))
    before = snapshot()
    response = login(org.counsellor).post(URL, intake_data(org, **{field: value}))
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    html = response.content.decode()
    assert 'value="Petrova"' in html and 'value="Tallinn police station"' in html  # nothing typed is lost
    assert snapshot() == before


def test_name_or_pseudonym_required(org: Any, login: Any) -> None:
    response = login(org.counsellor).post(URL, intake_data(org, given_name="", family_name=""))
    assert "Give a name or a pseudonym." in str(response.context["form"].errors)
    assert not Case.objects.exists()


def test_interpreter_needs_a_language(org: Any, login: Any) -> None:
    response = login(org.counsellor).post(URL, intake_data(org, language=""))
    assert "Which language" in str(response.context["form"].errors["language"])
    assert not Client.objects.exists()


def test_presumed_victim_only_in_trafficking_cases(org: Any, login: Any) -> None:
    from tugi.cases.models import CaseType

    support = CaseType.objects.get(code="victim_support").pk
    response = login(org.counsellor).post(URL, intake_data(org, case_type=support))
    assert "only be recorded in a trafficking case" in str(response.context["form"].errors["presumed_victim"])
    assert not Case.objects.exists()


def test_outsider_cannot_open_in_another_team(org: Any, login: Any) -> None:
    before = snapshot()
    response = login(org.outsider).post(URL, intake_data(org))
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["admin", "dpo", "volunteer"])
def test_non_openers_post_is_refused(org: Any, login: Any, persona: str) -> None:
    before = snapshot()
    response = login(getattr(org, persona)).post(URL, intake_data(org))
    assert response.status_code == 403
    assert snapshot() == before


# --- the duplicate check ---------------------------------------------------------------------------


def test_duplicate_shown_then_case_opened_for_the_existing_client(org: Any, login: Any, cases: Any) -> None:
    existing = cases["client_a"]
    Client.objects.filter(pk=existing.pk).update(personal_code="37605030299")
    data = intake_data(org, personal_code="37605030299", given_name="Anna", family_name="Tamm")
    client = login(org.counsellor)
    before = snapshot()
    shown = client.post(URL, data)
    assert shown.status_code == 200
    assert [c.pk for c in shown.context["duplicates"].visible] == [existing.pk]
    html = shown.content.decode()
    assert f'name="existing" id="existing-{existing.pk}" value="{existing.pk}"' in html
    assert 'value="Tallinn police station"' in html  # nothing typed is lost
    assert snapshot()["cases.Case"] == before["cases.Case"]  # only the hit list was audited as read

    opened = client.post(URL, {**data, "existing": str(existing.pk), "duplicates_seen": "x"})
    assert opened.status_code == 302
    case = Case.objects.latest("pk")
    assert case.client_id == existing.pk
    assert Client.objects.count() == 2  # no new client
    assert ClientLanguage.objects.filter(client=existing, language="ru", interpreter_needed=True).exists()


def test_duplicate_declared_a_different_person(org: Any, login: Any, cases: Any) -> None:
    Client.objects.filter(pk=cases["client_a"].pk).update(personal_code="37605030299")
    data = intake_data(org, personal_code="37605030299")
    client = login(org.counsellor)
    shown = client.post(URL, data)
    signature = shown.context["duplicates"].signature
    # A confirmation of another list than the one shown is asked again.
    again = client.post(URL, {**data, "existing": "new", "duplicates_seen": "stale"})
    assert again.status_code == 200 and "More possible matches" in again.content.decode()
    # The database refuses a second client with the same personal code: shown as a field error.
    refused = client.post(URL, {**data, "existing": "new", "duplicates_seen": signature})
    assert refused.status_code == 200 and "personal_code" in refused.context["form"].errors
    assert Client.objects.count() == 2


def test_similar_name_same_birth_date_then_new_person(org: Any, login: Any, cases: Any) -> None:
    Client.objects.filter(pk=cases["client_a"].pk).update(birth_date="1990-04-01")
    data = intake_data(org, given_name="Anna", family_name="Tamm", birth_date="01.04.1990", age="")
    client = login(org.counsellor)
    shown = client.post(URL, data)
    assert [c.pk for c in shown.context["duplicates"].visible] == [cases["client_a"].pk]
    done = client.post(URL, {**data, "existing": "new", "duplicates_seen": shown.context["duplicates"].signature})
    assert done.status_code == 302
    new = Case.objects.latest("pk").client
    assert new.pk != cases["client_a"].pk
    event = AuditEvent.objects.get(action="clients.client.created", object_id=str(new.pk))
    assert event.data["different_from"] == [cases["client_a"].pk]


def test_hidden_duplicate_is_only_counted(org: Any, login: Any, cases: Any) -> None:
    # The outsider's client B has the code; the counsellor cannot see it: only a count, no name.
    Client.objects.filter(pk=cases["client_b"].pk).update(personal_code="37605030299")
    response = login(org.counsellor).post(URL, intake_data(org, personal_code="37605030299"))
    assert response.status_code == 200
    duplicates = response.context["duplicates"]
    assert duplicates.visible == [] and duplicates.hidden == 1
    html = response.content.decode()
    assert "Mari B" not in html and "cannot see" in html


def test_choosing_a_client_not_shown_is_refused(org: Any, login: Any, cases: Any) -> None:
    Client.objects.filter(pk=cases["client_a"].pk).update(personal_code="37605030299")
    data = intake_data(org, personal_code="37605030299", existing=str(cases["client_b"].pk))
    before = Case.objects.count()
    response = login(org.counsellor).post(URL, data)
    assert response.status_code == 200 and "Choose one of the records shown" in response.content.decode()
    assert Case.objects.count() == before


# --- a new case for a registered client ------------------------------------------------------------


def new_for(client_pk: int) -> str:
    return f"/cases/new/client/{client_pk}/"


@pytest.mark.parametrize(
    ("persona", "status"),
    [("counsellor", 200), ("head", 200), ("outsider", 404), ("admin", 404), ("dpo", 403), ("volunteer", 404)],
)
def test_new_for_client_who(org: Any, login: Any, cases: Any, persona: str, status: int) -> None:
    response = login(getattr(org, persona)).get(new_for(cases["client_a"].pk))
    assert response.status_code == status


def test_new_for_client_opens_a_second_case(org: Any, login: Any, cases: Any) -> None:
    from tugi.cases.models import CaseType

    data = {
        "case_type": CaseType.objects.get(code="trafficking").pk,
        "team": org.team_a.pk,
        "received_at": now_text(),
        "source": "municipality",
        "needs": ["food"],
        "presumed_victim": "on",
    }
    response = login(org.counsellor).post(new_for(cases["client_a"].pk), data)
    assert response.status_code == 302
    case = Case.objects.latest("pk")
    assert case.client_id == cases["client_a"].pk and case.reference.endswith("-0002")
    assert case.intake.source == "municipality" and case.victim_status == VictimStatus.PRESUMED


def test_new_for_client_outsider_post_changes_nothing(org: Any, login: Any, cases: Any) -> None:
    before = snapshot()
    response = login(org.outsider).post(new_for(cases["client_a"].pk), {"source": "self"})
    assert response.status_code == 404
    assert snapshot() == before


def test_new_for_client_future_time_refused(org: Any, login: Any, cases: Any) -> None:
    from tugi.cases.models import CaseType

    data = {
        "case_type": CaseType.objects.get(code="trafficking").pk,
        "team": org.team_a.pk,
        "received_at": now_text(timedelta(hours=3)),
        "source": "self",
    }
    before = Case.objects.count()
    response = login(org.counsellor).post(new_for(cases["client_a"].pk), data)
    assert response.status_code == 200 and "received_at" in response.context["form"].errors
    assert Case.objects.count() == before


def test_a_refused_intake_puts_the_cursor_on_the_first_field_to_fix(org: Any, login: Any) -> None:
    from tugi.cases.forms.case import IntakeForm
    from tugi.cases.models import CaseType

    form = IntakeForm(
        {"source": "police", "received_at": "22.11.2026 02:40"},
        case_types=CaseType.objects.all(),
        teams=type(org.team_a).objects.filter(pk=org.team_a.pk),
    )
    assert not form.is_valid()
    assert "given_name" in form.errors
    focused = [name for name, field in form.fields.items() if field.widget.attrs.get("autofocus")]
    assert focused == [next(name for name in form.fields if name in form.errors)]
    assert "autofocus" not in form.fields["caller_name"].widget.attrs or "caller_name" in form.errors
