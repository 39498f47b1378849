"""The agency's accommodation places: the list with free beds, a place's page, adding and editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tugi.access.policies_shelters import (
    can_manage_places,
    can_see_address,
    can_see_places,
    get_place_for,
    place_agencies,
    place_decision,
)
from tugi.accounts.models import OrgUnit
from tugi.core.models import StaleVersion
from tugi.shelters import selectors, services
from tugi.shelters.forms import PlaceEditForm, PlaceFilterForm, PlaceForm
from tugi.shelters.views.common import apply_errors


@login_required
@require_GET
def place_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not can_see_places(user):
        raise PermissionDenied(_("Accommodation places are shown to the agency's staff."))
    form = PlaceFilterForm(request.GET or None)
    places = selectors.places_with_beds(user, timezone.localdate())
    if form.is_valid():
        if form.cleaned_data["region"] is not None:
            places = places.filter(region=form.cleaned_data["region"])
        if form.cleaned_data["free"]:
            # ``free`` is an annotation of the selector, unknown to the type checker.
            places = places.filter(free__gt=0)  # type: ignore[misc]
    rows = list(places)
    context = {
        "form": form,
        "places": rows,
        "free_total": sum(max(p.free, 0) for p in rows),  # type: ignore[attr-defined]
        "can_create": can_manage_places(user),
    }
    return render(request, "shelters/list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def place_new(request: HttpRequest) -> HttpResponse:
    agencies = place_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Only service leads, unit heads and administrators change accommodation places."))
    own = getattr(request.user, "agency_id", None)
    agency_id = own if own in agencies else min(agencies)
    form = PlaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            place = services.place_create(
                actor=request.user,  # type: ignore[arg-type]
                agency=OrgUnit.objects.get(pk=agency_id),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Accommodation place added."))
            return redirect("shelters:detail", place.pk)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("New accommodation place"), "cancel_url": reverse("shelters:list")},
    )


@login_required
@require_GET
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    place = get_place_for(user, pk, "view")
    today = timezone.localdate()
    stays = selectors.current_and_upcoming(user, place, today)
    context = {
        "place": place,
        "stays": stays,
        "today": today,
        "show_address": can_see_address(user, place),
        "can_edit": bool(place_decision(user, "edit", place)),
    }
    return render(request, "shelters/detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def place_edit(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_place_for(request.user, pk, "edit")
    initial = {name: getattr(place, name) for name in services.PLACE_FIELDS} | {"version": place.version}
    form = PlaceEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.place_update(
                actor=request.user,  # type: ignore[arg-type]
                place=place,
                expected_version=data["version"],
                changes={name: data[name] for name in services.PLACE_FIELDS},
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("shelters:detail", place.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": place.name},
            "cancel_url": reverse("shelters:detail", args=[place.pk]),
        },
    )


urlpatterns = [
    path("shelters/", place_list, name="list"),
    path("shelters/new/", place_new, name="new"),
    path("shelters/<int:pk>/", place_detail, name="detail"),
    path("shelters/<int:pk>/edit/", place_edit, name="edit"),
]
