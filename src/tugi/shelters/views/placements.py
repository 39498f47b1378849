"""Stays of a case's client: the case's accommodation tab, placing the person, ending and correcting a stay.

Every page starts from the case (``get_case_for``); a stay is found among the case's own placements,
never by its id alone.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tugi.access.policies_cases import get_case_for
from tugi.access.policies_shelters import can_see_address
from tugi.cases.models import Case
from tugi.cases.views.common import case_context
from tugi.core.models import StaleVersion
from tugi.shelters import selectors, services
from tugi.shelters.forms import PlacementEditForm, PlacementEndForm, PlacementForm
from tugi.shelters.models import Placement
from tugi.shelters.views.common import apply_errors


def _places_for(request: HttpRequest, case: Case, keep: int | None = None) -> Any:
    """Places the case's client may be put up in (the case agency's active ones; ``keep``: the stay's
    own place, even if it no longer takes people)."""
    places = selectors.places_with_beds(request.user, timezone.localdate(), active_only=False)
    return places.filter(Q(is_active=True) | Q(pk=keep), agency_id=case.agency_id)


def _form_page(request: HttpRequest, case: Case, form: Any, title: str, submit: str) -> HttpResponse:
    # Under the case header, like every page of the case: its risk badge shows here too.
    context = case_context(
        request,
        case,
        "accommodation",
        form=form,
        title=title,
        submit_label=submit,
        cancel_url=reverse("shelters:case", args=[case.pk]),
    )
    return render(request, "cases/timeline_form.html", context)


@login_required
@require_GET
def case_tab(request: HttpRequest, case_pk: int) -> HttpResponse:
    user = request.user
    case = get_case_for(user, case_pk, "view")
    today = timezone.localdate()
    stays = selectors.client_stays(user, case, today)
    address_places = {
        s.placement.place_id for s in stays if s.case_visible and can_see_address(user, s.placement.place)
    }
    context = case_context(request, case, "accommodation", stays=stays, address_places=address_places, today=today)
    return render(request, "shelters/case.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def placement_new(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    form = PlacementForm(
        request.POST or None, places=_places_for(request, case), initial={"starts_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_start(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                place=data["place"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The person is placed."))
            return redirect("shelters:case", case.pk)
    return _form_page(request, case, form, _("Place in safe accommodation"), _("Place the person"))


def _placement(case: Case, pk: int) -> Placement:
    return get_object_or_404(Placement.objects.filter(case=case).select_related("place"), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def placement_end(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    placement = _placement(case, pk)
    initial = {"ends_on": max(timezone.localdate(), placement.starts_on), "version": placement.version}
    form = PlacementEndForm(request.POST or None, initial=initial, starts_on=placement.starts_on)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_end(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                placement=placement,
                ends_on=data["ends_on"],
                ended_note=data["ended_note"],
                expected_version=data["version"],
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The stay is ended."))
            return redirect("shelters:case", case.pk)
    title = _("End the stay in %(place)s") % {"place": placement.place.name}
    return _form_page(request, case, form, title, _("End the stay"))


@login_required
@require_http_methods(["GET", "POST"])
def placement_edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    placement = _placement(case, pk)
    initial = {name: getattr(placement, name) for name in services.PLACEMENT_FIELDS}
    form = PlacementEditForm(
        request.POST or None,
        places=_places_for(request, case, keep=placement.place_id),
        initial=initial | {"place": placement.place_id, "version": placement.version},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_update(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                placement=placement,
                expected_version=data["version"],
                changes={name: data[name] for name in services.PLACEMENT_FIELDS},
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("shelters:case", case.pk)
    return _form_page(request, case, form, _("Correct the placement"), _("Save"))


urlpatterns = [
    path("cases/<int:case_pk>/accommodation/", case_tab, name="case"),
    path("cases/<int:case_pk>/accommodation/place/", placement_new, name="place"),
    path("cases/<int:case_pk>/accommodation/<int:pk>/end/", placement_end, name="end"),
    path("cases/<int:case_pk>/accommodation/<int:pk>/edit/", placement_edit, name="placement_edit"),
]
