"""The client record: registering (duplicates first), the client page, editing, the access log and
the data-subject report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tugi.access.policies_cases import can_open_cases, client_decision, get_client_for
from tugi.accounts.models import OrgUnit
from tugi.audit import services as audit
from tugi.clients import selectors, services
from tugi.clients.forms import AliasForm, ClientEditForm, ClientNewForm, ContactForm, DocumentForm, LanguageForm
from tugi.clients.languages import language_name
from tugi.clients.models import Client
from tugi.clients.report import build_report
from tugi.clients.selectors import Duplicates
from tugi.clients.views.common import apply_errors, case_url, field_groups
from tugi.core.models import StaleVersion
from tugi.core.pagination import keyset_page
from tugi.core.pdf import pdf_response

ACCESS_SHOWN = 50  # events on the client page; the rest on the access-log page
PAGE_SIZE = 50


def _agency(request: HttpRequest) -> OrgUnit:
    """The agency a new client belongs to: the registering worker's."""
    agency = getattr(request.user, "agency", None)
    if not can_open_cases(request.user) or not isinstance(agency, OrgUnit):
        raise PermissionDenied(_("Clients are registered by the staff who work cases."))
    return agency


def _duplicates_for(request: HttpRequest, form: ClientNewForm, agency: OrgUnit) -> Duplicates:
    data = form.cleaned_data
    return selectors.possible_duplicates(
        request.user,
        agency=agency,
        personal_code=data["personal_code"],
        documents=[(d["doc_type"], d["number"], d["country"]) for d in form.documents()],
        given_name=data["given_name"],
        family_name=data["family_name"],
        birth_date=data["birth_date"],
    )


def _show_duplicates(request: HttpRequest, form: ClientNewForm, duplicates: Duplicates) -> None:
    """The form again, as typed, with the matches; the confirmation is asked for (again)."""
    if form.cleaned_data.get("confirm_different"):
        form.add_error(None, _("Other possible matches were found meanwhile: look at them again."))
    data = request.POST.copy()
    data["duplicates_seen"] = duplicates.signature
    data.pop("confirm_different", None)
    form.data = data


@login_required
@require_http_methods(["GET", "POST"])
def client_new(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = ClientNewForm(request.POST or None)
    duplicates = None
    if request.method == "POST" and form.is_valid():
        found = _duplicates_for(request, form, agency)
        confirmed = form.cleaned_data["confirm_different"] and form.cleaned_data["duplicates_seen"] == found.signature
        if found.same_code:
            form.add_error("personal_code", services.code_taken_message())
            duplicates = found
        elif found and not confirmed:
            _show_duplicates(request, form, found)
            duplicates = found
        else:
            client = _create(request, form, found, agency)
            if client is not None:
                messages.success(request, _("The person is registered."))
                return redirect("clients:detail", client.pk)
    context = {
        "form": form,
        "groups": field_groups(form, first_details=True),
        "duplicates": duplicates,
        "title": _("Register a client"),
        "cancel_url": reverse("core:home"),
    }
    return render(request, "clients/client_form.html", context)


def _create(request: HttpRequest, form: ClientNewForm, found: Duplicates, agency: OrgUnit) -> Client | None:
    data = form.cleaned_data
    try:
        return services.client_create(
            actor=request.user,  # type: ignore[arg-type]
            agency=agency,
            documents=form.documents(),
            contacts=form.contacts(),
            languages=form.languages(),
            confirmed_duplicates=[c.pk for c in found.visible] if found else None,
            **{k: data[k] for k in services.CLIENT_FIELDS},
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None


def _detail_context(request: HttpRequest, client: Client) -> dict[str, Any]:
    user = request.user
    can_edit = bool(client_decision(user, "edit", client))
    events = list(selectors.access_events(client)[: ACCESS_SHOWN + 1])
    consents = list(client.consents.select_related("recorded_by"))
    return {
        "client": client,
        "aliases": client.aliases.all(),
        "documents": client.documents.all(),
        "languages": [(row, language_name(row.language)) for row in client.languages.all()],
        "contacts": client.contacts.all(),
        "consents_in_force": [c for c in consents if c.in_force],
        "consents_withdrawn": [c for c in consents if not c.in_force],
        "cases": [(case, case_url(case.pk)) for case in selectors.client_cases(user, client)],
        "links": selectors.same_person_links(user, client),
        "events": events[:ACCESS_SHOWN],
        "more_events": len(events) > ACCESS_SHOWN,
        "can_edit": can_edit,
        "can_link": bool(client_decision(user, "link", client)),
        "can_report": bool(client_decision(user, "subject_report", client)),
        "forms": {
            # Own ids per form: several forms on one page share field names ("kind").
            "alias": AliasForm(auto_id="alias_%s"),
            "document": DocumentForm(auto_id="document_%s"),
            "language": LanguageForm(auto_id="language_%s"),
            "contact": ContactForm(auto_id="contact_%s"),
        }
        if can_edit
        else None,
    }


@login_required
@require_GET
def client_detail(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "view")
    return render(request, "clients/client_detail.html", _detail_context(request, client))


@login_required
@require_http_methods(["GET", "POST"])
def client_edit(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "edit")
    initial = {k: getattr(client, k) for k in services.CLIENT_FIELDS} | {"version": client.version}
    form = ClientEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.client_update(
                actor=request.user,  # type: ignore[arg-type]
                client=client,
                expected_version=data["version"],
                changes={k: data[k] for k in services.CLIENT_FIELDS},
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("clients:detail", client.pk)
    context = {
        "form": form,
        "groups": field_groups(form, first_details=False),
        "title": _("Edit %(name)s") % {"name": client.display_name},
        "cancel_url": reverse("clients:detail", args=[client.pk]),
    }
    return render(request, "clients/client_form.html", context)


@login_required
@require_GET
def access_log(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "access_log")
    page = keyset_page(
        selectors.access_events(client), order=["-at", "-id"], cursor=request.GET.get("after"), size=PAGE_SIZE
    )
    # The page names the person: a read of their data like any other.
    audit.record_read(
        "clients.client.access_log_viewed", actor=request.user, obj=client, subject=services.subject(client)
    )
    return render(request, "clients/access_log.html", {"client": client, "page": page})


@login_required
@require_GET
def subject_report(request: HttpRequest, pk: int) -> HttpResponse:
    client = get_client_for(request.user, pk, "subject_report")
    report = build_report(client)
    context = {
        "report": report,
        "client": client,
        "made_by": request.user,
        "made_at": timezone.now(),
        # No request, so no context processors: the language of the document is given here.
        "pdf_language": translation.get_language(),
        "LANGUAGE_CODE": translation.get_language(),
    }
    filename = f"subject-report-{client.pk}-{timezone.localdate():%Y%m%d}.pdf"
    response = pdf_response("clients/subject_report_pdf.html", context, filename, inline=False)
    services.subject_report_made(
        actor=request.user,  # type: ignore[arg-type]
        client=client,
        sections=len(report.sections),
        rows=report.row_count,
    )
    return response


urlpatterns = [
    path("new/", client_new, name="new"),
    path("<int:pk>/", client_detail, name="detail"),
    path("<int:pk>/edit/", client_edit, name="edit"),
    path("<int:pk>/access/", access_log, name="access_log"),
    path("<int:pk>/subject-report/", subject_report, name="subject_report"),
]
