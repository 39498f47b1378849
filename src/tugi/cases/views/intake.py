"""Opening cases: the on-call counsellor's quick intake after a call, and a new case for a person
already registered.

Before a new client is saved the possible duplicates are shown (``clients.selectors``); the user then
opens the case for one of them or confirms a different person. The form is shown again with all that
was typed, so nothing is lost on the way.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from tugi.access.policies_cases import can_open_cases, case_teams, get_client_for
from tugi.accounts.models import OrgUnit, Role, RoleAssignment, UnitKind
from tugi.cases.forms.case import CaseForClientForm, IntakeForm
from tugi.cases.models import Case, CaseType
from tugi.cases.services import case_intake
from tugi.cases.views.common import apply_errors
from tugi.clients.models import Client
from tugi.clients.selectors import Duplicates, possible_duplicates

NEW_PERSON = "new"


def _require_opener(user: Any) -> None:
    if not can_open_cases(user):
        raise PermissionDenied(_("Cases are opened by counsellors, service leads and unit heads."))


def _choices(user: Any) -> tuple[QuerySet[CaseType], QuerySet[OrgUnit], dict[str, Any]]:
    """Types and teams to offer, and the defaults: the type of the user's own service (a trafficking
    counsellor gets a trafficking case) and the team they work in."""
    reach = case_teams(user)
    teams = reach.filter(kind=UnitKind.TEAM) if reach.filter(kind=UnitKind.TEAM).exists() else reach
    types = CaseType.objects.filter(is_active=True)
    own = list(
        RoleAssignment.objects.active()
        .filter(user_id=user.pk, role__in=[Role.COUNSELLOR, Role.SERVICE_LEAD])
        .order_by("pk")
        .values_list("service", "unit_id")
    )
    team_ids = set(teams.values_list("pk", flat=True))
    initial: dict[str, Any] = {}
    own_team = next((unit for _service, unit in own if unit in team_ids), None)
    if own_team is not None:
        initial["team"] = own_team
    elif len(team_ids) == 1:
        initial["team"] = next(iter(team_ids))
    own_type = types.filter(service__in=[service for service, _unit in own]).first() or types.first()
    if own_type is not None:
        initial["case_type"] = own_type.pk
    return types, teams, initial


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    user = request.user
    _require_opener(user)
    types, teams, initial = _choices(user)
    form = IntakeForm(request.POST or None, case_types=types, teams=teams, initial=initial)
    duplicates: Duplicates | None = None
    problem = ""
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        duplicates = possible_duplicates(
            user,
            agency=data["team"].agency_id,
            personal_code=data["personal_code"],
            given_name=data["given_name"],
            family_name=data["family_name"],
            birth_date=data["birth_date"],
        )
        choice = request.POST.get("existing", "")
        client, go, problem = _decide(user, duplicates, choice, request.POST.get("duplicates_seen", ""))
        if go:
            case = _open(request, form, client, duplicates)
            if case is not None:
                return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/intake.html",
        {
            "form": form,
            "duplicates": duplicates or None,
            "candidates": [(c, duplicates.reasons.get(c.pk, [])) for c in duplicates.visible] if duplicates else [],
            "duplicate_problem": problem,
            "new_person": NEW_PERSON,
        },
    )


def _decide(user: Any, duplicates: Duplicates, choice: str, seen: str) -> tuple[Client | None, bool, str]:
    """(existing client, go ahead, problem) from the answer to the duplicate check."""
    if not duplicates:
        return None, True, ""
    if choice == NEW_PERSON:
        if seen != duplicates.signature:
            return None, False, _("More possible matches were found since the list was shown. Check them again.")
        return None, True, ""
    if choice:
        if choice.isdigit() and int(choice) in {c.pk for c in duplicates.visible}:
            return get_client_for(user, int(choice), "view"), True, ""
        return None, False, _("Choose one of the records shown, or confirm that this is a different person.")
    return None, False, ""


def _open(request: HttpRequest, form: IntakeForm, client: Client | None, duplicates: Duplicates) -> Case | None:
    data = form.cleaned_data
    try:
        case = case_intake(
            actor=request.user,  # type: ignore[arg-type]
            case_type=data["case_type"],
            team=data["team"],
            intake=form.intake_data(),
            client=client,
            person=None if client else form.person_data(),
            language=data["language"],
            interpreter_needed=data["interpreter_needed"],
            presumed=data["presumed_victim"],
            confirmed_duplicates=[c.pk for c in duplicates.visible] if duplicates and client is None else None,
        )
    except ValidationError as exc:
        apply_errors(form, exc)
        return None
    if client is None:
        messages.success(request, _("Case %(reference)s opened for a new client.") % {"reference": case.reference})
    else:
        messages.success(
            request,
            _("Case %(reference)s opened for %(name)s.") % {"reference": case.reference, "name": client.display_name},
        )
    return case


@login_required
@require_http_methods(["GET", "POST"])
def new_for_client(request: HttpRequest, client_pk: int) -> HttpResponse:
    user = request.user
    client = get_client_for(user, client_pk, "view")
    _require_opener(user)
    types, teams, initial = _choices(user)
    form = CaseForClientForm(request.POST or None, case_types=types, teams=teams, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = case_intake(
                actor=user,  # type: ignore[arg-type]
                case_type=data["case_type"],
                team=data["team"],
                intake=form.intake_data(),
                client=client,
                presumed=data["presumed_victim"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Case %(reference)s opened.") % {"reference": case.reference})
            return redirect("cases:detail", case.pk)
    return render(request, "cases/new_for_client.html", {"form": form, "client": client})


urlpatterns = [
    path("intake/", intake, name="intake"),
    path("new/client/<int:client_pk>/", new_for_client, name="new_for_client"),
]
