"""The audit viewer of the data protection officer, and its CSV export (itself audited)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tugi.access import policies as access
from tugi.audit import selectors, services
from tugi.audit.forms import AuditFilterForm
from tugi.audit.models import EventKind
from tugi.core.pagination import keyset_page

PAGE_SIZE = 50
EXPORT_LIMIT = 100_000


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, Any, dict[str, Any]]:
    if not access.can_view_audit(request.user):
        raise PermissionDenied(_("The audit trail is for the data protection officer."))
    agencies = access.audit_agencies(request.user)
    form = AuditFilterForm(request.GET or None, actors=access.visible_users(request.user))
    events = selectors.events_in(agencies)
    data: dict[str, Any] = {}
    if form.is_bound and not form.is_valid():
        events = events.none()
    else:
        data = form.cleaned_data if form.is_bound else {}
        events = selectors.filter_events(events, data)
    return form, events.select_related("actor"), data


def _described(data: dict[str, Any]) -> dict[str, str]:
    return {k: str(v.pk if hasattr(v, "pk") else v) for k, v in data.items() if v not in (None, "", False)}


@login_required
@require_GET
def event_list(request: HttpRequest) -> HttpResponse:
    form, events, data = _filtered(request)
    page = keyset_page(events, order=["-at", "-id"], cursor=request.GET.get("after"), size=PAGE_SIZE)
    services.record(selectors.VIEWED, actor=request.user, kind=EventKind.READ, data={"filters": _described(data)})
    params = request.GET.copy()
    params.pop("after", None)
    return render(request, "audit/list.html", {"form": form, "page": page, "params": params.urlencode()})


# A cell starting with one of these is a formula to a spreadsheet (CSV injection): reasons and typed
# user names are anyone's text, so such a cell is written with a leading apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(events: Any) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield writer.writerow(
        ["seq", "time", "kind", "action", "user", "record", "person", "flagged", "reason", "ip", "data", "hash"]
    )
    for e in events.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                _cell(v)
                for v in (
                    e.seq,
                    timezone.localtime(e.at).strftime("%d.%m.%Y %H:%M:%S"),
                    e.kind,
                    e.action,
                    e.actor_label,
                    f"{e.object_type}:{e.object_id}" if e.object_type else "",
                    f"{e.subject_type}:{e.subject_id}" if e.subject_type else "",
                    "yes" if e.flagged else "",
                    e.reason,
                    e.ip or "",
                    e.data,
                    e.hash,
                )
            ]
        )


@login_required
@require_GET
def event_export(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    form, events, data = _filtered(request)
    if form.is_bound and not form.is_valid():
        return render(request, "audit/list.html", {"form": form, "page": None, "params": ""}, status=400)
    services.record(
        "audit.trail.exported", actor=request.user, kind=EventKind.EXPORT, data={"filters": _described(data)}
    )
    rows = events.order_by("-at", "-id")[:EXPORT_LIMIT]
    response = StreamingHttpResponse(_csv_rows(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="tugi-audit-{stamp}.csv"'
    return response
