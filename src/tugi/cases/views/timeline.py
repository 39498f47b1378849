"""The timeline of a case: one newest-first list of sessions, contacts, meetings, documents, notes and
the system's status lines; filters, keyset pages, and adding and correcting entries."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_cases import case_decision, get_case_for
from tugi.accounts.models import User
from tugi.cases import services
from tugi.cases.forms.work import ENTRY_FORMS, TimelineFilterForm, entry_form_class
from tugi.cases.models import Case, TimelineEntry, TimelineKind
from tugi.cases.views.common import case_context
from tugi.core.models import StaleVersion
from tugi.core.pagination import keyset_page

PAGE_SIZE = 50


def apply_errors(form: BaseForm, exc: ValidationError) -> None:
    """A service's ValidationError onto the form, field by field; the user's input stays."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def stale_form(form_class: type[Any], data: Any, current_version: int, **kwargs: Any) -> Any:
    """The form again after a stale save: what the user typed, the stale-version message, and the
    record's current version, so a second save (after checking the current values) goes through."""
    data = data.copy()
    data["version"] = str(current_version)
    form = form_class(data, **kwargs)
    form.is_valid()
    form.add_error(None, str(StaleVersion.message))
    return form


def current_version(obj: Any) -> int:
    return int(type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).get())


def render_case_form(
    request: HttpRequest, case: Case, tab: str, form: BaseForm, *, title: str, cancel_url: str, **extra: Any
) -> HttpResponse:
    """A form page inside a case: the case header and tabs, then the form (shared by the work areas)."""
    context = case_context(request, case, tab, form=form, title=title, cancel_url=cancel_url, **extra)
    return render(request, "cases/timeline_form.html", context)


@login_required
def timeline(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "view")
    entries: QuerySet[TimelineEntry] = TimelineEntry.objects.filter(case=case).for_listing()
    authors = User.objects.filter(pk__in=TimelineEntry.objects.filter(case=case).values("author_id")).order_by(
        "first_name", "last_name", "pk"
    )
    form = TimelineFilterForm(request.GET or None, authors=authors)
    filter_failed = form.is_bound and not form.is_valid()
    if form.is_bound and not filter_failed:
        entries = form.apply(entries)
    page = keyset_page(entries, order=["-occurred_at", "-id"], cursor=request.GET.get("after"), size=PAGE_SIZE)
    context = case_context(request, case, "timeline", form=form, page=page, filter_failed=filter_failed)
    may_edit = context["can_work"]
    rows = [
        {
            "entry": entry,
            "can_edit": may_edit and entry.editable_by(request.user.pk, manages_case=context["can_manage"]),
        }
        for entry in page.items
    ]
    params = request.GET.copy()
    params.pop("after", None)
    kinds = [(kind, label) for kind, label in TimelineKind.choices if kind in ENTRY_FORMS]
    context |= {
        "rows": rows,
        "params": params.urlencode(),
        "kinds": kinds,
        "filtered": any(params.get(name) for name in form.fields),
    }
    return render(request, "cases/timeline.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def timeline_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    kind = request.POST.get("kind") or request.GET.get("kind") or ""
    form_class = entry_form_class(kind)
    if form_class is None:
        kinds = [(k, label) for k, label in TimelineKind.choices if k in ENTRY_FORMS]
        context = case_context(request, case, "timeline", kinds=kinds, unknown_kind=bool(kind))
        return render(request, "cases/timeline_new.html", context, status=400 if request.method == "POST" else 200)
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.timeline_entry_add(actor=request.user, case=case, kind=kind, values=form.to_values())  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry is added to the timeline."))
            return redirect("cases:timeline", case.pk)
    return render_case_form(
        request,
        case,
        "timeline",
        form,
        title=_("New entry: %(kind)s") % {"kind": TimelineKind(kind).label},
        cancel_url=reverse("cases:timeline", args=[case.pk]),
        kind=kind,
    )


@login_required
@require_http_methods(["GET", "POST"])
def timeline_edit(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    entry = get_object_or_404(TimelineEntry.objects.filter(case=case), pk=entry_pk)
    if entry.is_system:
        raise PermissionDenied(_("Entries written by the system cannot be edited."))
    if not entry.editable_by(request.user.pk, manages_case=bool(case_decision(request.user, "manage", case))):
        raise PermissionDenied(_("Only the author of an entry and the managers of the case can correct it."))
    form_class = entry_form_class(entry.kind, versioned=True)
    assert form_class is not None  # every kind but STATUS has a form
    fields = list(form_class._meta.fields or ())
    initial = {name: getattr(entry, name) for name in fields} | {"version": entry.version}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.timeline_entry_edit(
                actor=request.user,  # type: ignore[arg-type]
                entry=entry,
                expected_version=form.cleaned_data["version"],
                changes=form.to_values(),
            )
        except StaleVersion:
            form = stale_form(form_class, request.POST, current_version(entry), initial=initial)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The entry is corrected."))
            return redirect("cases:timeline", case.pk)
    return render_case_form(
        request,
        case,
        "timeline",
        form,
        title=_("Correct the entry: %(kind)s") % {"kind": entry.get_kind_display()},
        cancel_url=reverse("cases:timeline", args=[case.pk]),
    )


urlpatterns = [
    path("<int:pk>/timeline/", timeline, name="timeline"),
    path("<int:pk>/timeline/new/", timeline_new, name="timeline_new"),
    path("<int:pk>/timeline/<int:entry_pk>/edit/", timeline_edit, name="timeline_edit"),
]
