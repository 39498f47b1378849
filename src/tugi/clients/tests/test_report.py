"""The data-subject report: a real PDF, for the DPO and unit heads, itself audited; its content found
generically through the foreign keys to the client and their cases."""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from tugi.audit.models import AuditEvent, EventKind
from tugi.cases.models import Hearing, Proceeding, TimelineEntry
from tugi.clients.models import Client, ClientAlias, Consent
from tugi.clients.report import build_report
from tugi.clients.services import alias_add, alias_remove
from tugi.clients.tests.conftest import snapshot, text


def test_report_is_a_pdf_without_the_name_in_its_filename(org: Any, login: Any, anna: Any) -> None:
    client = login(org.head)
    response = client.get(f"/clients/{anna.pk}/subject-report/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and f"subject-report-{anna.pk}-" in disposition
    assert "Tamm" not in disposition and "Anna" not in disposition
    assert response["Cache-Control"] == "no-store"
    event = AuditEvent.objects.get(action="clients.client.subject_report")
    assert (event.kind, event.actor_id, event.subject_id) == (EventKind.EXPORT, org.head.pk, str(anna.pk))
    assert event.data["rows"] >= 2  # the client and the case at least


def test_report_is_for_the_dpo_and_unit_heads(org: Any, login: Any, anna: Any, mari: Any) -> None:
    assert login(org.dpo).get(f"/clients/{mari.pk}/subject-report/").status_code == 200
    before = snapshot()
    assert login(org.counsellor).get(f"/clients/{anna.pk}/subject-report/").status_code == 403
    assert login(org.outsider).get(f"/clients/{anna.pk}/subject-report/").status_code == 404
    assert login(org.head).get(f"/clients/{mari.pk}/subject-report/").status_code == 404
    assert snapshot() == before


def test_report_holds_every_row_about_the_person(org: Any, anna: Any, mari: Any) -> None:
    case = anna.cases.get()
    proceeding = Proceeding.objects.create(case=case, number="24230000123", investigating_body="PPA", stage="pre_trial")
    Hearing.objects.create(proceeding=proceeding, at=timezone.now(), place="Harju County Court", kind="preliminary")
    Consent.objects.create(
        client=anna,
        scope="Name",
        recipient="Shelter X",
        given_on=timezone.localdate(),
        method="oral",
        evidence="Call",
        recorded_by=org.counsellor,
    )
    removed = alias_add(actor=org.counsellor, client=anna, name="Anja", kind="alias")
    alias_remove(actor=org.counsellor, alias=removed)
    ClientAlias.objects.create(client=mari, name="Maarja")  # another person's: never in Anna's report

    report = build_report(anna)
    titles = [s.title for s in report.sections]
    assert titles[0] == text(Client._meta.verbose_name_plural).capitalize()
    values = {value for section in report.sections for row in section.rows for _label, value in row}
    assert case.reference in values
    assert "24230000123" in values  # a proceeding: points at the case
    assert "Harju County Court" in values  # a hearing: points at the proceeding
    assert "Shelter X" in values
    assert TimelineEntry.objects.get(case=case).title in values  # "Case opened", written by case_open
    assert "Maarja" not in values and "search_text" not in str(report.sections)
    # The removed alias is gone from the rows but its history is counted.
    assert "Anja" not in values
    assert report.history and all(count > 0 for _title, count in report.history)
    html = render_to_string(
        "clients/subject_report_pdf.html",
        {
            "report": report,
            "client": anna,
            "made_by": org.dpo,
            "made_at": timezone.now(),
            "pdf_language": "et",
            "LANGUAGE_CODE": "et",
        },
    )
    assert "Harju County Court" in html and "Anna Tamm" in html
