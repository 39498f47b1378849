"""The indicator lists and the combination rule: read by those who work cases, kept by the service
leads of trafficking victim support and administrators (``access.policies_assessments``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_assessments import (
    can_edit_indicators,
    can_read_indicators,
    get_indicator_for,
    visible_indicators,
)
from tugi.assessments import services
from tugi.assessments.forms import IndicatorEditForm, IndicatorNewForm, ScreeningSetForm
from tugi.assessments.models import CombinationGroup, Dimension, DimensionRule, Exploitation, Target
from tugi.core.models import StaleVersion


def _list_url(target: str, exploitation: str) -> str:
    return reverse("assessments:indicator_list") + f"?target={target}&exploitation={exploitation}"


@login_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    if not can_read_indicators(request.user):
        raise PermissionDenied(_("The indicator lists are for those who work cases."))
    chooser = ScreeningSetForm(request.GET if "target" in request.GET else None)
    if chooser.is_valid():
        target, exploitation = chooser.cleaned_data["target"], chooser.cleaned_data["exploitation"]
    else:
        target, exploitation = Target.ADULT, Exploitation.LABOUR
        chooser = ScreeningSetForm(initial={"target": target, "exploitation": exploitation})
    indicators = visible_indicators(request.user).filter(target=target, exploitation=exploitation)
    sections = [
        {"label": label, "items": [i for i in indicators if i.dimension == dim]} for dim, label in Dimension.choices
    ]
    labels = dict(Dimension.choices)
    context = {
        "chooser": chooser,
        "set_label": f"{Target(target).label}, {Exploitation(exploitation).label}",
        "sections": sections,
        "rules": DimensionRule.objects.all(),
        "groups": [
            {"name": g.name, "dimensions": [labels[d] for d in g.dimensions if d in labels]}
            for g in CombinationGroup.objects.filter(target=target)
        ],
        "can_edit": can_edit_indicators(request.user),
    }
    return render(request, "assessments/indicator_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request: HttpRequest) -> HttpResponse:
    if not can_edit_indicators(request.user):
        raise PermissionDenied(
            _("Only a service lead of trafficking victim support or an administrator can change indicators.")
        )
    form = IndicatorNewForm(
        request.POST or None,
        initial={"target": request.GET.get("target"), "exploitation": request.GET.get("exploitation")},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        indicator = services.indicator_create(actor=request.user, **data)  # type: ignore[arg-type]
        messages.success(request, _("Indicator %(code)s added.") % {"code": indicator.code})
        return redirect(_list_url(indicator.target, indicator.exploitation))
    context = {
        "form": form,
        "title": _("New indicator"),
        "cancel_url": reverse("assessments:indicator_list"),
        "intro": _(
            "Add an indicator only when the ILO–EU lists or the agency's method change. "
            "It cannot be deleted later, only taken out of use."
        ),
    }
    return render(request, "core/form_page.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    indicator = get_indicator_for(request.user, pk, "edit")
    initial = {f: getattr(indicator, f) for f in services.INDICATOR_EDITABLE} | {"version": indicator.version}
    form = IndicatorEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.indicator_update(
                actor=request.user,  # type: ignore[arg-type]
                indicator=indicator,
                expected_version=data["version"],
                changes={f: data[f] for f in services.INDICATOR_EDITABLE},
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Indicator %(code)s saved.") % {"code": indicator.code})
            return redirect(_list_url(indicator.target, indicator.exploitation))
    context = {
        "form": form,
        "title": _("Indicator %(code)s") % {"code": indicator.code},
        "intro": ", ".join(
            [indicator.get_target_display(), indicator.get_exploitation_display(), indicator.get_dimension_display()]
        ),
        "cancel_url": _list_url(indicator.target, indicator.exploitation),
    }
    return render(request, "core/form_page.html", context, status=400 if form.errors else 200)


urlpatterns = [
    path("indicators/", indicator_list, name="indicator_list"),
    path("indicators/new/", indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/edit/", indicator_edit, name="indicator_edit"),
]
