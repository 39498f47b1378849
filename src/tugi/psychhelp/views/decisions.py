"""A case's psychological-help tab, and making, correcting and notifying a decision.

Reading needs ``view`` on the case; deciding, correcting and recording notification need ``decide``
(the case's workers, its service lead and unit head). A decision is reached only through its case.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from tugi.access.policies_cases import case_decision, get_case_for
from tugi.access.policies_psychhelp import can_read_caps
from tugi.cases.models import Case
from tugi.cases.views.common import case_context
from tugi.core.models import StaleVersion
from tugi.psychhelp import selectors, services
from tugi.psychhelp.forms import DecisionEditForm, DecisionForm, NotifyForm
from tugi.psychhelp.models import PsychHelpDecision
from tugi.psychhelp.texts import NOTICE_LANGUAGES, appeal_for, standard_appeal
from tugi.psychhelp.views.common import actor, apply_errors, decision_of


def _ui_language() -> str:
    lang = (translation.get_language() or "et")[:2]
    return lang if lang in NOTICE_LANGUAGES else "et"


def _tab_url(case: Case) -> str:
    return reverse("psychhelp:case", args=[case.pk])


def _detail_url(decision: PsychHelpDecision) -> str:
    return reverse("psychhelp:detail", args=[decision.case_id, decision.pk])


@login_required
@require_GET
def case_tab(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "view")
    decisions = selectors.case_decisions(case)
    this_year = timezone.localdate().year
    years = sorted({this_year} | {d.cap_year for d in decisions if d.cap_year}, reverse=True)
    context = case_context(
        request,
        case,
        "psychhelp",
        decisions=decisions,
        summaries=[selectors.cap_summary(case, year) for year in years],
        can_decide=bool(case_decision(request.user, "decide", case)),
        can_read_caps=can_read_caps(request.user),
    )
    return render(request, "psychhelp/case.html", context)


def _form_page(request: HttpRequest, case: Case, form: Any, **extra: Any) -> HttpResponse:
    summary = selectors.cap_summary(case, timezone.localdate().year)
    context = case_context(request, case, "psychhelp", form=form, summary=summary, **extra)
    return render(request, "psychhelp/decision_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "decide")
    initial = {"decided_on": timezone.localdate(), "appeal_info": standard_appeal(_ui_language())}
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_make(actor=actor(request), case=case, values=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decision %(number)s saved.") % {"number": decision.number})
            return redirect(_detail_url(decision))
    return _form_page(request, case, form, title=_("New psychological help decision"), cancel_url=_tab_url(case))


@login_required
@require_GET
def detail(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "view")
    decision = decision_of(case, pk)
    can_decide = bool(case_decision(request.user, "decide", case))
    pending = []
    if can_decide and decision.notified_victim_on is None:
        pending.append(("victim", _("Record that the victim was notified")))
    if can_decide and decision.is_granted and decision.notified_provider_on is None:
        pending.append(("provider", _("Record that the provider was notified")))
    context = case_context(
        request,
        case,
        "psychhelp",
        decision=decision,
        appeal_text=appeal_for(decision.appeal_info, _ui_language()),
        appeal_is_standard=not decision.appeal_info,
        summary=selectors.cap_summary(case, decision.cap_year) if decision.cap_year else None,
        can_decide=can_decide,
        can_edit=can_decide and not decision.is_notified and not case.is_closed,
        pending=pending,
        today=timezone.localdate(),
        languages=[("et", "Eesti keeles"), ("en", "In English"), ("ru", "На русском")],
    )
    return render(request, "psychhelp/detail.html", context)


def _edit_initial(decision: PsychHelpDecision) -> dict[str, Any]:
    initial = {name: getattr(decision, name) for name in services.DECISION_FIELDS}
    initial["appeal_info"] = appeal_for(decision.appeal_info, _ui_language())
    initial["version"] = decision.version
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "decide")
    decision = decision_of(case, pk)
    if decision.is_notified:
        messages.error(
            request, _("This decision has been notified and can no longer be changed. Make a new decision instead.")
        )
        return redirect(_detail_url(decision))
    form = DecisionEditForm(request.POST or None, initial=_edit_initial(decision))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_update(
                actor=actor(request), decision=decision, expected_version=data["version"], values=data
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Decision %(number)s corrected.") % {"number": decision.number})
            return redirect(_detail_url(decision))
    title = _("Correct decision %(number)s") % {"number": decision.number}
    return _form_page(request, case, form, title=title, cancel_url=_detail_url(decision), decision=decision)


@login_required
@require_http_methods(["GET", "POST"])
def notify(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "decide")
    decision = decision_of(case, pk)
    initial = {"whom": request.GET.get("whom", "victim"), "on": timezone.localdate(), "version": decision.version}
    form = NotifyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.decision_notify(
                actor=actor(request),
                decision=decision,
                whom=data["whom"],
                on=data["on"],
                expected_version=data["version"],
            )
        except StaleVersion as exc:
            form.add_error(None, str(exc.message))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Notification recorded."))
            return redirect(_detail_url(decision))
    context = {
        "form": form,
        "title": _("Record notification of decision %(number)s") % {"number": decision.number},
        "intro": _("The day the decision was handed or sent to the victim or the provider."),
        "submit_label": _("Record"),
        "cancel_url": _detail_url(decision),
    }
    return render(request, "core/form_page.html", context)
