"""The case list as a file: CSV and XLSX of the rows ``selectors.case_list`` gives (at most
``selectors.EXPORT_LIMIT``). The view checks access and writes the audit event; this module only
writes files. Every text cell goes through ``core.exports.defuse`` (no formulas from client names).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date
from typing import Any

import xlsxwriter
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from tugi.cases.selectors import CaseRow
from tugi.core.exports import defuse

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [
        _("Reference"),
        _("Client"),
        _("Type"),
        _("Team"),
        _("Status"),
        _("Responsible worker"),
        _("Trafficking status"),
        _("Safety risk"),
        _("High risk"),
        _("Opened on"),
        _("Service period ends"),
        _("Closed on"),
    ]


def _values(row: CaseRow) -> list[Any]:
    """One row's cells: text or dates (None for an empty date)."""
    case = row.case
    return [
        case.reference,
        row.client_name,
        case.case_type.name,
        case.team.name,
        case.get_status_display(),
        row.responsible,
        case.get_victim_status_display() if case.victim_status else "",
        case.get_risk_level_display() if case.risk_level else "",
        _("yes") if row.high_risk else "",
        case.opened_on,
        case.service_period_end,
        case.closed_on,
    ]


def _filename(extension: str) -> str:
    return f"tugi-cases-{timezone.localtime():%Y%m%d-%H%M}.{extension}"


def csv_response(rows: Sequence[CaseRow]) -> HttpResponse:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # the byte-order mark: spreadsheets then read the file as UTF-8
    writer = csv.writer(buffer)
    writer.writerow([defuse(h) for h in _headers()])
    for row in rows:
        writer.writerow([v.strftime("%d.%m.%Y") if isinstance(v, date) else defuse(v or "") for v in _values(row)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename("csv")}"'
    return response


def xlsx_response(rows: Sequence[CaseRow]) -> HttpResponse:
    buffer = io.BytesIO()
    # Text stays text: no formulas, links or numbers made out of what someone typed.
    workbook = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    sheet = workbook.add_worksheet(_("Cases")[:31])
    bold = workbook.add_format({"bold": True})
    day = workbook.add_format({"num_format": "dd.mm.yyyy"})
    for col, header in enumerate(_headers()):
        sheet.write_string(0, col, defuse(header), bold)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(_values(row)):
            if isinstance(value, date):
                sheet.write_datetime(r, col, value, day)
            elif value:
                sheet.write_string(r, col, defuse(str(value)))
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(rows), 1), len(_headers()) - 1)
    sheet.set_column(0, 0, 14)
    sheet.set_column(1, 1, 28)
    sheet.set_column(2, len(_headers()) - 1, 16)
    workbook.close()
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename("xlsx")}"'
    return response
