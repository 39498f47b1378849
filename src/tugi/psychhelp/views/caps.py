"""The yearly cap table: staff who work cases read it; service managers and administrators keep it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tugi.access.policies_psychhelp import can_edit_caps, can_read_caps, get_cap_for
from tugi.core.models import StaleVersion
from tugi.psychhelp import selectors, services
from tugi.psychhelp.forms import CapEditForm, CapForm
from tugi.psychhelp.views.common import actor, apply_errors


@login_required
@require_GET
def caps(request: HttpRequest) -> HttpResponse:
    if not can_read_caps(request.user):
        raise PermissionDenied(_("The cap table is for staff who work cases."))
    return render(request, "psychhelp/caps.html", {"caps": selectors.caps(), "can_edit": can_edit_caps(request.user)})


@login_required
@require_http_methods(["GET", "POST"])
def cap_new(request: HttpRequest) -> HttpResponse:
    if not can_edit_caps(request.user):
        raise PermissionDenied(_("Only a service manager or an administrator can change the yearly caps."))
    form = CapForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cap_create(
                actor=actor(request), year=data["year"], amount=data["amount"], basis=data["basis"], note=data["note"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cap for %(year)s is saved.") % {"year": data["year"]})
            return redirect("psychhelp:caps")
    context = {
        "form": form,
        "title": _("New yearly cap"),
        "intro": _("One minimum monthly wage of the year, per person and calendar year."),
        "cancel_url": reverse("psychhelp:caps"),
    }
    return render(request, "core/form_page.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def cap_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cap = get_cap_for(request.user, pk, "edit")
    initial = {"amount": cap.amount, "basis": cap.basis, "note": cap.note, "version": cap.version}
    form = CapEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.cap_update(
                actor=actor(request),
                cap=cap,
                expected_version=data["version"],
                amount=data["amount"],
                basis=data["basis"],
                note=data["note"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The cap for %(year)s is saved.") % {"year": cap.year})
            return redirect("psychhelp:caps")
    context = {
        "form": form,
        "title": _("Yearly cap %(year)s") % {"year": cap.year},
        "intro": _("Decisions already made stay as they are; the new amount applies to the next ones."),
        "cancel_url": reverse("psychhelp:caps"),
    }
    return render(request, "core/form_page.html", context)
