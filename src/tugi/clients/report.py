"""The data-subject report: everything the agency holds about one person, and who accessed it.

The records are found generically, so apps added later are included without a change here: starting
from the client and their cases, every model of the domain apps with a foreign key to a record
already found contributes the rows pointing at it, until nothing new turns up (a hearing of a
proceeding of a case is found too). Each row is written as its fields' names and values. Earlier
versions of the rows (kept by pghistory) are counted, not printed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pghistory.models
from django.apps import apps
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from tugi.audit.models import AuditEvent
from tugi.cases.models import Case
from tugi.clients.models import Client
from tugi.clients.selectors import access_events

# The platform's own apps: staff, organisation, grants, notices and the audit trail. The audit
# events about the person are reported in their own section.
PLATFORM_APPS = {"core", "accounts", "access", "audit", "notifications"}
# Fields that hold no information about the person: search helpers and bookkeeping.
INTERNAL_FIELDS = {"search_text", "version"}
JSON_LIMIT = 600
MAX_ROUNDS = 6


@dataclass
class Section:
    title: str
    rows: list[list[tuple[str, str]]]


@dataclass
class Report:
    client: Client
    sections: list[Section] = field(default_factory=list)
    history: list[tuple[str, int]] = field(default_factory=list)  # (records, earlier versions kept)
    events: list[AuditEvent] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        return sum(len(s.rows) for s in self.sections)


def _domain_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("tugi.") and config.label not in PLATFORM_APPS
        for model in config.get_models()
        if not issubclass(model, pghistory.models.Event)
    ]


def _foreign_keys(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [f for f in model._meta.concrete_fields if f.many_to_one or f.one_to_one]


def collect(client: Client) -> dict[type[models.Model], set[Any]]:
    """Primary keys of every domain row about the person, by model (the client and its cases first)."""
    found: dict[type[models.Model], set[Any]] = {
        Client: {client.pk},
        Case: set(Case.objects.filter(client_id=client.pk).values_list("pk", flat=True)),
    }
    candidates = [m for m in _domain_models() if m not in (Client, Case)]
    for _round in range(MAX_ROUNDS):
        grew = False
        for model in candidates:
            condition = _pointing_at(model, found)
            if condition is None:
                continue
            pks = set(model._default_manager.filter(condition).values_list("pk", flat=True))
            if pks - found.get(model, set()):
                found[model] = found.get(model, set()) | pks
                grew = True
        if not grew:
            break
    return {model: pks for model, pks in found.items() if pks}


def _value(row: models.Model, f: models.Field[Any, Any]) -> str | None:
    """One field of a row as text, or None when it holds nothing."""
    if f.many_to_one or f.one_to_one:
        related = getattr(row, f.name)
        return None if related is None else str(related)
    value = getattr(row, f.attname)
    if value is None or value in ("", {}, []):
        return None
    if f.choices:
        return str(getattr(row, f"get_{f.name}_display")())
    if hasattr(value, "name") and f.get_internal_type() == "CharField":  # a django-countries Country
        return str(value.name)
    return _plain(value)


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, dict | list):
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)
        return text if len(text) <= JSON_LIMIT else text[:JSON_LIMIT] + " …"
    return str(value)


def _rows(model: type[models.Model], pks: set[Any]) -> list[list[tuple[str, str]]]:
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in INTERNAL_FIELDS]
    related = [f.name for f in fields if f.many_to_one or f.one_to_one]
    rows = []
    for row in model._default_manager.filter(pk__in=pks).select_related(*related).order_by("pk"):
        cells = [(str(capfirst(f.verbose_name)), _value(row, f)) for f in fields]
        rows.append([(label, value) for label, value in cells if value is not None])
    return rows


def _title(model: type[models.Model]) -> str:
    return str(capfirst(model._meta.verbose_name_plural))


def _pointing_at(model: type[models.Model], found: dict[type[models.Model], set[Any]]) -> models.Q | None:
    """Rows of ``model`` with a foreign key to a record already found (None: it has no such key)."""
    condition = None
    for fk in _foreign_keys(model):
        pks = found.get(fk.related_model)  # type: ignore[arg-type]
        if pks:
            q = models.Q(**{f"{fk.name}__in": list(pks)})
            condition = q if condition is None else condition | q
    return condition


def _history(found: dict[type[models.Model], set[Any]]) -> list[tuple[str, int]]:
    """Versions kept by pghistory: of the rows found, and of rows since deleted (a removed alias
    still names the client in its history rows)."""
    out = []
    for config in apps.get_app_configs():
        for event_model in config.get_models():
            tracked = getattr(event_model, "pgh_tracked_model", None)
            if not issubclass(event_model, pghistory.models.Event) or tracked is None:
                continue
            condition = _pointing_at(event_model, found)
            count = event_model._default_manager.filter(condition).count() if condition is not None else 0
            if count:
                out.append((_title(tracked), count))
    return out


def build_report(client: Client) -> Report:
    found = collect(client)
    order = {model: i for i, model in enumerate(_domain_models())}
    report = Report(client=client)
    for model in sorted(found, key=lambda m: (m is not Client, order.get(m, len(order)))):
        report.sections.append(Section(title=_title(model), rows=_rows(model, found[model])))
    report.history = _history(found)
    report.events = list(access_events(client))
    return report
