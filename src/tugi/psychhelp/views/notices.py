"""The two notices of a decision, as PDFs: the decision for the victim (in the language they read,
``?lang=et|en|ru``, whatever the user's own language) and the notice for the provider, which carries
only what the provider needs to give the help and send the invoice: no case, no reasons.

Printing needs ``work`` on the case (staff of the case); each PDF writes an export event."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from tugi.access.policies_cases import get_case_for
from tugi.clients.models import Client
from tugi.core.pdf import pdf_response
from tugi.psychhelp import services
from tugi.psychhelp.models import PsychHelpDecision
from tugi.psychhelp.texts import appeal_for, notice_language
from tugi.psychhelp.views.common import actor, decision_of


def person_name(client: Client) -> str:
    """The name a notice is addressed to: the legal name when known, else the pseudonym."""
    return " ".join(p for p in (client.given_name, client.family_name) if p) or client.pseudonym


def _decider(decision: PsychHelpDecision) -> dict[str, str]:
    user = decision.decided_by
    return {"name": user.get_full_name() or user.get_username(), "email": user.email, "phone": user.phone}


def _client_languages(client: Client) -> list[str]:
    return list(client.languages.order_by("-native", "language").values_list("language", flat=True))


def _render(template: str, context: dict[str, Any], lang: str, filename: str) -> HttpResponse:
    # The whole notice in its own language: texts, dates and number formats.
    with translation.override(lang):
        return pdf_response(
            f"psychhelp/pdf/{template}_{lang}.html", context | {"pdf_language": lang, "LANGUAGE_CODE": lang}, filename
        )


@login_required
@require_GET
def victim_notice(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    decision = decision_of(case, pk)
    client = decision.client
    lang = notice_language(request.GET.get("lang"), _client_languages(client))
    context = {
        "d": decision,
        "agency": decision.agency.name,
        "person": person_name(client),
        "personal_code": client.personal_code,
        "birth_date": client.birth_date,
        "appeal": appeal_for(decision.appeal_info, lang),
        "decider": _decider(decision),
    }
    response = _render("victim_notice", context, lang, f"decision-{decision.number}-{lang}.pdf")
    services.decision_notice_exported(actor=actor(request), decision=decision, notice="victim", lang=lang)
    return response


@login_required
@require_GET
def provider_notice(request: HttpRequest, case_pk: int, pk: int) -> HttpResponse:
    case = get_case_for(request.user, case_pk, "work")
    decision = decision_of(case, pk)
    if not decision.is_granted:
        messages.error(request, _("A refused decision has no notice for a provider."))
        return redirect("psychhelp:detail", case.pk, decision.pk)
    lang = notice_language(request.GET.get("lang"), ["et"])
    context = {
        "d": decision,
        "agency": decision.agency.name,
        "person": person_name(decision.client),
        "decider": _decider(decision),
    }
    response = _render("provider_notice", context, lang, f"provider-notice-{decision.number}-{lang}.pdf")
    services.decision_notice_exported(actor=actor(request), decision=decision, notice="provider", lang=lang)
    return response
