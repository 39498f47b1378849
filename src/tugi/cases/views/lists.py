"""The case list with its filters and search, and its exports (CSV, XLSX).

Everything comes from ``selectors.case_list``, which starts from ``visible_cases``: a case the user
does not see is not listed, not found and not exported. A search hit list and every export write an
audit event (ENGINEERING rule 2).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tugi.access import policies as access
from tugi.accounts.models import UnitKind
from tugi.audit import services as audit
from tugi.audit.models import EventKind
from tugi.cases import exports, selectors
from tugi.cases.forms.lists import CaseFilterForm
from tugi.core.pagination import Page, keyset_page


def _form(request: HttpRequest) -> CaseFilterForm:
    teams = access.visible_org_units(request.user).filter(kind=UnitKind.TEAM, is_active=True)
    return CaseFilterForm(request.GET or None, teams=teams)


def _filters(form: CaseFilterForm) -> dict[str, Any] | None:
    """The cleaned filters; the defaults for an empty form; None when a value is bad."""
    if not form.is_bound:
        return {"status": selectors.STATUS_OPEN}
    return form.cleaned_data if form.is_valid() else None


def _page(request: HttpRequest, listing: selectors.CaseListing) -> Page:
    cursor = request.GET.get("after") or None
    try:
        return keyset_page(listing.cases, order=listing.order, cursor=cursor, size=selectors.LIST_SIZE)
    except (ValueError, TypeError, ValidationError):
        # A cursor decoded but holding the wrong kind of values: someone edited the link.
        messages.warning(request, _("The page link was not valid; showing the first page."))
        return keyset_page(listing.cases, order=listing.order, cursor=None, size=selectors.LIST_SIZE)


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    filters = _filters(form)
    page: Page | None = None
    rows: list[selectors.CaseRow] = []
    if filters is None:
        messages.error(request, _("Some filters are not valid: see the messages at the fields."))
    else:
        page = _page(request, selectors.case_list(request.user, filters))
        rows = selectors.rows(page.items, timezone.localdate())
        if filters.get("q"):
            # The hit list shows people's names: who searched for what and saw whom is recorded.
            audit.record(
                "cases.case.searched",
                actor=request.user,
                kind=EventKind.READ,
                data={
                    "q": filters["q"],
                    "clients": sorted({r.case.client_id for r in rows}),
                    "cases": [r.case.pk for r in rows],
                },
            )
    params = request.GET.copy()
    params.pop("after", None)
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "params": params.urlencode(),
        "export_limit": selectors.EXPORT_LIMIT,
        "can_export": access.is_staff(request.user),
        "today": timezone.localdate(),
        "searching": bool(filters and filters.get("q")),
        "shortened": any(r.name_shortened for r in rows),
    }
    return render(request, "cases/list.html", context)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    if not access.is_staff(request.user):
        raise PermissionDenied(_("Volunteers cannot export case lists."))
    form = _form(request)
    filters = _filters(form)
    if filters is None:
        messages.error(request, _("Some filters are not valid: see the messages at the fields."))
        context: dict[str, Any] = {
            "form": form,
            "page": None,
            "rows": [],
            "params": "",
            "export_limit": selectors.EXPORT_LIMIT,
        }
        return render(request, "cases/list.html", context, status=400)
    listing = selectors.case_list(request.user, filters)
    fetched = list(listing.cases.order_by(*listing.order)[: selectors.EXPORT_LIMIT + 1])
    rows = selectors.rows(fetched[: selectors.EXPORT_LIMIT], timezone.localdate())
    audit.record(
        "cases.case.exported",
        actor=request.user,
        kind=EventKind.EXPORT,
        data={
            "format": kind,
            "filters": form.described(),
            "rows": len(rows),
            "truncated": len(fetched) > selectors.EXPORT_LIMIT,
        },
    )
    return exports.csv_response(rows) if kind == "csv" else exports.xlsx_response(rows)


@login_required
@require_GET
def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
@require_GET
def export_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")


urlpatterns = [
    path("", case_list, name="list"),
    path("export.csv", export_csv, name="export_csv"),
    path("export.xlsx", export_xlsx, name="export_xlsx"),
]
