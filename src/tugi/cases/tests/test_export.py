"""Exports of the case list (CSV, XLSX): the same filters and visibility as the list, a row cap,
formula-safe cells, one audit event per export."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest

from tugi.audit.models import AuditEvent, EventKind
from tugi.cases import selectors
from tugi.cases.tests.test_list_kit import change, close, english, open_case

CSV_URL = "/cases/export.csv"
XLSX_URL = "/cases/export.xlsx"


@pytest.fixture(autouse=True)
def _english(org):
    english(org.counsellor, org.outsider, org.head, org.volunteer, org.admin)


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def xlsx_rows(response) -> list[list[object]]:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def refs(rows: list[list[object]]) -> list[object]:
    return [row[0] for row in rows[1:]]


@pytest.fixture
def cases(org):
    a1 = open_case(org, given_name="Anna", family_name="Tamm")
    a2 = change(open_case(org, given_name="Mari", family_name="Jõgi"), risk_level="high")
    b1 = open_case(org, actor=org.outsider, type_code="victim_support", given_name="Boris", family_name="B")
    return a1, a2, b1


def test_csv_has_the_visible_cases_with_their_columns(org, login, cases):
    a1, a2, _b1 = cases

    rows = csv_rows(login(org.counsellor).get(CSV_URL))

    assert rows[0][:3] == ["Reference", "Client", "Type"]
    assert refs(rows) == [a2.reference, a1.reference]
    by_ref = {row[0]: row for row in rows[1:]}
    assert by_ref[a1.reference][1] == "Anna Tamm"
    assert by_ref[a2.reference][8] == "yes"  # high risk
    assert by_ref[a1.reference][8] == ""
    assert by_ref[a1.reference][9] == f"{a1.opened_on:%d.%m.%Y}"


def test_xlsx_is_a_real_workbook_with_the_same_rows(org, login, cases):
    a1, a2, _b1 = cases

    rows = xlsx_rows(login(org.counsellor).get(XLSX_URL))

    assert rows[0][0] == "Reference"
    assert refs(rows) == [a2.reference, a1.reference]
    opened = rows[1][9]
    assert opened.date() == a2.opened_on  # a real date cell, not text
    assert rows[2][1] == "Anna Tamm"


@pytest.mark.parametrize(("url", "read"), [(CSV_URL, csv_rows), (XLSX_URL, xlsx_rows)])
def test_outsider_exports_none_of_team_a(org, login, cases, url, read):
    a1, a2, b1 = cases

    for query in ("", "?status=all", f"?team={org.team_a.pk}", "?q=Tamm", "?case_type=trafficking"):
        rows = read(login(org.outsider).get(url + query))
        assert a1.reference not in refs(rows) and a2.reference not in refs(rows), query
        assert all("Tamm" not in str(cell) for row in rows for cell in row), query
    assert refs(read(login(org.outsider).get(url))) == [b1.reference]


@pytest.mark.parametrize(("url", "read"), [(CSV_URL, csv_rows), (XLSX_URL, xlsx_rows)])
def test_exports_follow_the_filters(org, login, cases, url, read):
    a1, a2, _b1 = cases
    closed = close(open_case(org))
    client = login(org.counsellor)

    assert refs(read(client.get(url + "?risk=high"))) == [a2.reference]
    assert refs(read(client.get(url + "?status=closed"))) == [closed.reference]
    assert refs(read(client.get(url + "?q=Tamm"))) == [a1.reference]


def test_confidential_names_are_shortened_in_exports_too(org, login, cases):
    a1, _a2, _b1 = cases

    rows = csv_rows(login(org.head).get(CSV_URL))

    by_ref = {row[0]: row for row in rows[1:]}
    assert by_ref[a1.reference][1] == "A. T."


@pytest.mark.parametrize(("url", "read"), [(CSV_URL, csv_rows), (XLSX_URL, xlsx_rows)])
def test_formula_cells_are_defused(org, login, url, read):
    case = open_case(org, given_name='=HYPERLINK("http://x")', family_name="", pseudonym="")
    other = open_case(org, given_name="+372", family_name="-1", pseudonym="")

    rows = read(login(org.counsellor).get(url))

    by_ref = {row[0]: row for row in rows[1:]}
    assert by_ref[case.reference][1] == '\'=HYPERLINK("http://x")'
    assert by_ref[other.reference][1] == "'+372 -1"


@pytest.mark.parametrize(("url", "fmt"), [(CSV_URL, "csv"), (XLSX_URL, "xlsx")])
def test_each_export_writes_one_export_event(org, login, cases, url, fmt):
    client = login(org.counsellor)
    before = set(AuditEvent.objects.values_list("pk", flat=True))

    client.get(url + "?risk=high&status=all")

    events = list(AuditEvent.objects.exclude(pk__in=before))
    assert len(events) == 1
    event = events[0]
    assert (event.action, event.kind, event.actor_id) == ("cases.case.exported", EventKind.EXPORT, org.counsellor.pk)
    assert event.data["format"] == fmt
    assert event.data["rows"] == 1
    assert event.data["filters"] == {"risk": "high", "status": "all"}
    assert event.data["truncated"] is False


def test_exports_are_capped(org, login, monkeypatch):
    monkeypatch.setattr(selectors, "EXPORT_LIMIT", 2)
    made = [open_case(org) for _ in range(3)]
    client = login(org.counsellor)

    rows = csv_rows(client.get(CSV_URL))

    assert refs(rows) == [made[2].reference, made[1].reference]
    event = AuditEvent.objects.filter(action="cases.case.exported").latest("pk")
    assert event.data["rows"] == 2 and event.data["truncated"] is True
    assert "at most 2 rows" in client.get("/cases/").content.decode()


def test_volunteer_may_not_export_and_nothing_is_recorded(org, login, cases):
    client = login(org.volunteer)
    before = AuditEvent.objects.filter(action="cases.case.exported").count()

    assert client.get(CSV_URL).status_code == 403
    assert client.get(XLSX_URL).status_code == 403
    assert AuditEvent.objects.filter(action="cases.case.exported").count() == before
    assert "export.csv" not in client.get("/cases/").content.decode()


def test_admin_without_cases_exports_an_empty_list(org, login, cases):
    rows = csv_rows(login(org.admin).get(CSV_URL))

    assert rows[1:] == []


@pytest.mark.parametrize("url", [CSV_URL, XLSX_URL])
def test_bad_filters_refuse_the_export(org, login, cases, url):
    client = login(org.counsellor)
    before = AuditEvent.objects.filter(action="cases.case.exported").count()

    response = client.get(url + "?opened_from=32.13.2026")

    assert response.status_code == 400
    assert "Write the date as dd.mm.yyyy." in response.content.decode()
    assert AuditEvent.objects.filter(action="cases.case.exported").count() == before


def test_dates_of_the_service_period_are_exported(org, login):
    case = change(
        open_case(org), victim_status="presumed", service_period_start=date(2026, 3, 1), service_period_days=60
    )

    rows = csv_rows(login(org.counsellor).get(CSV_URL))

    row = rows[1]
    assert row[0] == case.reference
    assert row[6] == "presumed victim"
    assert row[10] == "29.04.2026"
