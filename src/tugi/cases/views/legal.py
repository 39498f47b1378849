"""Rights and proceedings of a case: rights notices and the printable rights leaflet, criminal
proceedings with their hearings, and interviews of minors or persons of restricted legal capacity."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access.policies_cases import case_assignable_users, get_case_for
from tugi.cases import services
from tugi.cases.forms.work import (
    HearingForm,
    InterviewForm,
    ProceedingEditForm,
    ProceedingForm,
    RightsNoticeForm,
)
from tugi.cases.models import Hearing, Proceeding
from tugi.cases.views.common import case_context
from tugi.cases.views.timeline import apply_errors, current_version, render_case_form, stale_form
from tugi.core.models import StaleVersion
from tugi.core.pdf import pdf_response

# The leaflet's own language, chosen apart from the page's: each has its template (leaflet_<code>.html).
LEAFLET_LANGUAGES = {"et": "Eesti keeles", "en": "In English", "ru": "На русском языке"}


def _legal_url(pk: int) -> str:
    return reverse("cases:legal", args=[pk])


@login_required
def legal(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "view")
    context = case_context(
        request,
        case,
        "legal",
        notices=case.rights_notices.select_related("informed_by"),
        proceedings=case.proceedings.prefetch_related("hearings"),
        interviews=case.interviews.select_related("participant"),
        leaflet_languages=LEAFLET_LANGUAGES.items(),
    )
    return render(request, "cases/legal.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rights_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    people = case_assignable_users(case)
    initial = {"informed_by": request.user.pk} if people.filter(pk=request.user.pk).exists() else {}
    form = RightsNoticeForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rights_notice_record(
                actor=request.user,  # type: ignore[arg-type]
                case=case,
                informed_on=data["informed_on"],
                language=data["language"],
                informed_by=data["informed_by"],
                leaflet_given=data["leaflet_given"],
                interpreter=data["interpreter"],
                note=data["note"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Recorded: the person was informed of their rights."))
            return redirect("cases:legal", case.pk)
    return render_case_form(
        request,
        case,
        "legal",
        form,
        title=_("Informed of rights"),
        intro=_("Record when, in which language and by whom the person was informed of their rights."),
        cancel_url=_legal_url(case.pk),
    )


@login_required
def rights_leaflet(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable rights leaflet (PDF) in Estonian, English or Russian (``?lang=``; default: the
    page's language). It names no one, so it is safe in the person's pocket; printing it is recorded."""
    case = get_case_for(request.user, pk, "view")
    lang = request.GET.get("lang") or (translation.get_language() or "et")[:2]
    if lang not in LEAFLET_LANGUAGES:
        return HttpResponseBadRequest(_("The rights leaflet is available in Estonian, English and Russian."))
    user: Any = request.user
    context = {
        "pdf_language": lang,
        "LANGUAGE_CODE": lang,  # core/pdf_base.html falls back to it; no request, no context processor
        "agency": case.agency,
        "contact_name": user.get_full_name() or user.get_username(),
        "contact_phone": getattr(user, "phone", ""),
        "contact_email": getattr(user, "email", ""),
        "printed_on": timezone.localdate(),
        "service_days": settings.TUGI_PRESUMED_SERVICE_DAYS,
    }
    with translation.override(lang):
        response = pdf_response(f"cases/leaflet_{lang}.html", context, f"rights-{lang}.pdf")
    services.rights_leaflet_printed(actor=request.user, case=case, language=lang)  # type: ignore[arg-type]
    return response


@login_required
@require_http_methods(["GET", "POST"])
def proceeding_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    form = ProceedingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form._meta.fields or ()}
        try:
            services.proceeding_add(actor=request.user, case=case, values=values)  # type: ignore[arg-type]
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Criminal proceedings recorded."))
            return redirect("cases:legal", case.pk)
    return render_case_form(
        request, case, "legal", form, title=_("New criminal proceedings"), cancel_url=_legal_url(case.pk)
    )


@login_required
@require_http_methods(["GET", "POST"])
def proceeding_edit(request: HttpRequest, pk: int, proceeding_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    proceeding = get_object_or_404(Proceeding.objects.filter(case=case), pk=proceeding_pk)
    fields = list(ProceedingEditForm.Meta.fields)
    initial = {name: getattr(proceeding, name) for name in fields} | {"version": proceeding.version}
    form = ProceedingEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.proceeding_edit(
                actor=request.user,  # type: ignore[arg-type]
                proceeding=proceeding,
                expected_version=form.cleaned_data["version"],
                changes={name: form.cleaned_data[name] for name in fields},
            )
        except StaleVersion:
            form = stale_form(ProceedingEditForm, request.POST, current_version(proceeding), initial=initial)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Criminal proceedings saved."))
            return redirect("cases:legal", case.pk)
    return render_case_form(
        request,
        case,
        "legal",
        form,
        title=_("Criminal proceedings %(number)s") % {"number": proceeding.number},
        cancel_url=_legal_url(case.pk),
    )


@login_required
@require_http_methods(["GET", "POST"])
def hearing_new(request: HttpRequest, pk: int, proceeding_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    proceeding = get_object_or_404(Proceeding.objects.filter(case=case), pk=proceeding_pk)
    form = HearingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.hearing_add(
            actor=request.user,  # type: ignore[arg-type]
            proceeding=proceeding,
            at=data["at"],
            place=data["place"],
            kind=data["kind"],
            note=data["note"],
        )
        messages.success(request, _("Hearing added."))
        return redirect("cases:legal", case.pk)
    return render_case_form(
        request,
        case,
        "legal",
        form,
        title=_("New hearing in proceedings %(number)s") % {"number": proceeding.number},
        cancel_url=_legal_url(case.pk),
    )


@login_required
@require_POST
def hearing_remove(request: HttpRequest, pk: int, hearing_pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    hearing = get_object_or_404(
        Hearing.objects.filter(proceeding__case=case).select_related("proceeding"), pk=hearing_pk
    )
    services.hearing_remove(actor=request.user, hearing=hearing)  # type: ignore[arg-type]
    messages.success(request, _("Hearing removed."))
    return redirect("cases:legal", case.pk)


@login_required
@require_http_methods(["GET", "POST"])
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_case_for(request.user, pk, "work")
    people = case_assignable_users(case)
    initial = {"participant": request.user.pk} if people.filter(pk=request.user.pk).exists() else {}
    form = InterviewForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.interview_record(
            actor=request.user,  # type: ignore[arg-type]
            case=case,
            on=data["on"],
            place=data["place"],
            role=data["role"],
            participant=data["participant"],
            note=data["note"],
        )
        messages.success(request, _("Interview recorded."))
        return redirect("cases:legal", case.pk)
    return render_case_form(
        request,
        case,
        "legal",
        form,
        title=_("Interview of a minor or a person of restricted legal capacity"),
        cancel_url=_legal_url(case.pk),
    )


urlpatterns = [
    path("<int:pk>/legal/", legal, name="legal"),
    path("<int:pk>/legal/rights/new/", rights_new, name="rights_new"),
    path("<int:pk>/legal/rights/leaflet/", rights_leaflet, name="rights_leaflet"),
    path("<int:pk>/legal/proceedings/new/", proceeding_new, name="proceeding_new"),
    path("<int:pk>/legal/proceedings/<int:proceeding_pk>/edit/", proceeding_edit, name="proceeding_edit"),
    path("<int:pk>/legal/proceedings/<int:proceeding_pk>/hearings/new/", hearing_new, name="hearing_new"),
    path("<int:pk>/legal/hearings/<int:hearing_pk>/remove/", hearing_remove, name="hearing_remove"),
    path("<int:pk>/legal/interviews/new/", interview_new, name="interview_new"),
]
