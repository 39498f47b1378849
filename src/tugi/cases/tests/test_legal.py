"""Rights and proceedings of a case, through HTTP: rights notices, the rights leaflet PDF in three
languages (audited), criminal proceedings (unique numbers, stages, no lost updates), hearings and
interviews; the outsider and a named volunteer."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tugi.audit.models import AuditEvent
from tugi.cases.models import Case, Hearing, InterviewParticipation, Proceeding, RightsNotice, TimelineEntry
from tugi.cases.services import hearing_add, proceeding_add
from tugi.cases.tests.test_timeline_kit import actions, errors, name_on, open_case, work_rows

pytestmark = pytest.mark.django_db

RIGHTS = {
    "informed_on": "01.03.2025",
    "language": "ru",
    "other_language": "",
    "leaflet_given": "on",
    "interpreter": "Tõlkebüroo OÜ",
    "note": "Understood everything.",
}
PROCEEDING = {
    "number": "25230100123",
    "investigating_body": "Police and Border Guard Board",
    "investigator": "Investigator Tamm",
    "prosecutor": "",
    "stage": "pre_trial",
    "started_on": "01.03.2025",
    "note": "",
}


def url(case: Case, what: str = "") -> str:
    return f"/cases/{case.pk}/legal/{what}"


def day(offset: int) -> str:
    return (timezone.localdate() + timedelta(days=offset)).strftime("%d.%m.%Y")


def proceedings(case: Case, org: Any, number: str = "25230100001") -> Proceeding:
    return proceeding_add(
        actor=org.counsellor, case=case, values={"number": number, "investigating_body": "PPA", "stage": "pre_trial"}
    )


def test_record_that_rights_were_explained(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    form = client.get(url(case, "rights/new/")).context["form"]
    assert form["informed_by"].value() == org.counsellor.pk
    response = client.post(url(case, "rights/new/"), {**RIGHTS, "informed_by": org.head.pk})
    assert response.status_code == 302 and response["Location"] == url(case)
    notice = RightsNotice.objects.get(case=case)
    assert (notice.language, notice.informed_by, notice.leaflet_given, notice.interpreter) == (
        "ru",
        org.head,
        True,
        "Tõlkebüroo OÜ",
    )
    assert "cases.rights.recorded" in actions()
    assert TimelineEntry.objects.filter(case=case, kind="status", data__event="rights").exists()
    page = client.get(url(case))
    assert page.status_code == 200 and "Understood everything." in page.content.decode()


def test_another_language_by_its_code(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    data = {**RIGHTS, "language": "other", "other_language": "uk", "informed_by": org.counsellor.pk}
    assert client.post(url(case, "rights/new/"), data).status_code == 302
    assert RightsNotice.objects.get(case=case).language == "uk"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"informed_on": day(1)}, "informed_on"),
        ({"informed_on": ""}, "informed_on"),
        ({"language": "other", "other_language": ""}, "other_language"),
        ({"language": "other", "other_language": "Ukrainian"}, "other_language"),
        ({"language": "xx"}, "language"),
        ({"informed_by": "outsider"}, "informed_by"),
    ],
)
def test_bad_rights_notice_is_refused(org: Any, client: Any, login: Any, change: dict[str, str], field: str) -> None:
    case = open_case(org)
    login(org.counsellor)
    data = {**RIGHTS, "informed_by": org.counsellor.pk, **change}
    if data["informed_by"] == "outsider":
        data["informed_by"] = org.outsider.pk
    before = work_rows()
    response = client.post(url(case, "rights/new/"), data)
    assert response.status_code == 200 and field in errors(response)
    assert response.context["form"]["note"].value() == "Understood everything."
    assert work_rows() == before


@pytest.mark.parametrize("lang", ["et", "en", "ru"])
def test_the_leaflet_is_a_real_pdf_in_each_language(org: Any, client: Any, login: Any, lang: str) -> None:
    case = open_case(org)
    login(org.counsellor)
    response = client.get(url(case, "rights/leaflet/"), {"lang": lang})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "no-store"
    body = response.content
    assert body.startswith(b"%PDF-") and body.rstrip().endswith(b"%%EOF") and len(body) > 10_000
    event = AuditEvent.objects.get(action="cases.rights.leaflet_printed")
    assert (event.actor_id, event.object_id, event.subject_id, event.data) == (
        org.counsellor.pk,
        str(case.pk),
        str(case.client_id),
        {"language": lang},
    )


def test_leaflets_differ_by_language_and_default_to_the_page_language(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    sizes = {lang: len(client.get(url(case, "rights/leaflet/"), {"lang": lang}).content) for lang in ("et", "en", "ru")}
    assert len(set(sizes.values())) == 3
    client.get(url(case, "rights/leaflet/"))  # the counsellor's page language: Estonian
    assert list(AuditEvent.objects.filter(action="cases.rights.leaflet_printed").values_list("data", flat=True))[
        -1
    ] == {"language": "et"}


def test_the_leaflet_in_an_unknown_language_is_refused(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    response = client.get(url(case, "rights/leaflet/"), {"lang": "de"})
    assert response.status_code == 400
    assert not AuditEvent.objects.filter(action="cases.rights.leaflet_printed").exists()


def test_proceedings_numbers_are_unique_in_a_case(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    other = open_case(org, given_name="Second", family_name="Person")
    login(org.counsellor)
    assert client.post(url(case, "proceedings/new/"), PROCEEDING).status_code == 302
    assert "cases.proceeding.added" in actions()
    before = work_rows()
    response = client.post(url(case, "proceedings/new/"), {**PROCEEDING, "number": " 25230100123 "})
    assert response.status_code == 200
    assert "25230100123" in errors(response)["number"][0]
    assert response.context["form"]["investigator"].value() == "Investigator Tamm"
    assert work_rows() == before
    # The same number in another case is another person's part in the same proceedings: allowed.
    assert client.post(url(other, "proceedings/new/"), PROCEEDING).status_code == 302


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"number": ""}, "number"),
        ({"investigating_body": ""}, "investigating_body"),
        ({"stage": "finished"}, "stage"),
        ({"started_on": day(1)}, "started_on"),
    ],
)
def test_bad_proceedings_are_refused(org: Any, client: Any, login: Any, change: dict[str, str], field: str) -> None:
    case = open_case(org)
    login(org.counsellor)
    before = work_rows()
    response = client.post(url(case, "proceedings/new/"), {**PROCEEDING, **change})
    assert response.status_code == 200 and field in errors(response)
    assert work_rows() == before


def test_edit_proceedings_stage_and_number(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    first, second = proceedings(case, org, "111"), proceedings(case, org, "222")
    login(org.counsellor)
    edit = {**PROCEEDING, "number": "111", "stage": "court", "prosecutor": "Prosecutor Kask", "version": 1}
    assert client.post(url(case, f"proceedings/{first.pk}/edit/"), edit).status_code == 302
    first.refresh_from_db()
    assert (first.stage, first.prosecutor, first.version) == ("court", "Prosecutor Kask", 2)
    assert TimelineEntry.objects.filter(case=case, data__event="proceeding_stage", data__to="court").exists()
    before = work_rows()
    response = client.post(url(case, f"proceedings/{second.pk}/edit/"), {**edit, "version": 1})
    assert response.status_code == 200 and "number" in errors(response)
    assert work_rows() == before
    assert "cases.proceeding.edited" in actions()


def test_stale_proceedings_edit_keeps_input(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    first = proceedings(case, org, "111")
    edit = {**PROCEEDING, "number": "111", "version": 1}
    login(org.head)
    assert client.post(url(case, f"proceedings/{first.pk}/edit/"), {**edit, "stage": "court"}).status_code == 302
    login(org.counsellor)
    response = client.post(url(case, f"proceedings/{first.pk}/edit/"), {**edit, "note": "My note"})
    assert response.status_code == 200 and errors(response)["__all__"]
    assert response.context["form"]["note"].value() == "My note"
    first.refresh_from_db()
    assert (first.stage, first.note, first.version) == ("court", "", 2)


def test_hearings_added_and_removed(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    first = proceedings(case, org)
    login(org.counsellor)
    data = {"at": "01.06.2099 10:00", "place": "Harju County Court", "kind": "court session", "note": ""}
    assert client.post(url(case, f"proceedings/{first.pk}/hearings/new/"), data).status_code == 302
    hearing = Hearing.objects.get(proceeding=first)
    assert "Harju County Court" in client.get(url(case)).content.decode()
    response = client.post(url(case, f"proceedings/{first.pk}/hearings/new/"), {**data, "at": "", "place": ""})
    assert {"at", "place"} <= set(errors(response))
    assert client.get(url(case, f"hearings/{hearing.pk}/remove/")).status_code == 405
    assert client.post(url(case, f"hearings/{hearing.pk}/remove/")).status_code == 302
    assert not Hearing.objects.exists()
    assert actions("cases.hearing.") == ["cases.hearing.added", "cases.hearing.removed"]


def test_records_of_another_case_are_not_found(org: Any, client: Any, login: Any) -> None:
    mine = open_case(org)
    theirs = open_case(org, actor=org.outsider, team=org.team_b, code="victim_support")
    foreign = proceeding_add(
        actor=org.outsider, case=theirs, values={"number": "9", "investigating_body": "PPA", "stage": "pre_trial"}
    )
    hearing = hearing_add(actor=org.outsider, proceeding=foreign, at=timezone.now(), place="Court", kind="session")
    login(org.counsellor)
    before = work_rows()
    assert client.get(url(mine, f"proceedings/{foreign.pk}/edit/")).status_code == 404
    assert client.get(url(mine, f"proceedings/{foreign.pk}/hearings/new/")).status_code == 404
    assert client.post(url(mine, f"hearings/{hearing.pk}/remove/")).status_code == 404
    assert work_rows() == before


def test_interview_participation(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    login(org.counsellor)
    data = {"on": "05.03.2025", "place": "Children's House", "role": "support person", "note": ""}
    assert client.post(url(case, "interviews/new/"), {**data, "participant": org.counsellor.pk}).status_code == 302
    interview = InterviewParticipation.objects.get(case=case)
    assert (interview.role, interview.participant) == ("support person", org.counsellor)
    assert "cases.interview.recorded" in actions()
    before = work_rows()
    response = client.post(url(case, "interviews/new/"), {**data, "role": "", "participant": org.outsider.pk})
    assert {"role", "participant"} <= set(errors(response))
    assert work_rows() == before


def test_outsider_gets_404_everywhere_and_changes_nothing(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    first = proceedings(case, org)
    hearing = hearing_add(actor=org.counsellor, proceeding=first, at=timezone.now(), place="Court", kind="session")
    login(org.outsider)
    before = work_rows()
    pages = [
        "",
        "rights/new/",
        "rights/leaflet/?lang=en",
        "proceedings/new/",
        f"proceedings/{first.pk}/edit/",
        f"proceedings/{first.pk}/hearings/new/",
        "interviews/new/",
    ]
    for page in pages:
        assert client.get(url(case, page)).status_code == 404, page
    for page in pages[1:2] + pages[3:] + [f"hearings/{hearing.pk}/remove/"]:
        assert client.post(url(case, page), {**PROCEEDING, "version": 1}).status_code == 404, page
    assert work_rows() == before
    assert not AuditEvent.objects.filter(action="cases.rights.leaflet_printed").exists()


def test_named_volunteer_reads_but_does_not_write(org: Any, client: Any, login: Any) -> None:
    case = open_case(org)
    first = proceedings(case, org)
    name_on(case, org.volunteer)
    login(org.volunteer)
    page = client.get(url(case))
    assert page.status_code == 200 and "/edit/" not in page.content.decode()
    before = work_rows()
    for what in ("rights/new/", "proceedings/new/", f"proceedings/{first.pk}/edit/", "interviews/new/"):
        assert client.get(url(case, what)).status_code == 403, what
        assert client.post(url(case, what), {**PROCEEDING, "version": 1}).status_code == 403, what
    assert work_rows() == before
