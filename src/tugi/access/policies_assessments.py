"""Who reads and keeps the identification reference data (issue 3): the ILO–EU indicators.

Screenings, needs and risk assessments and the action plan are part of a case file and are reached
through the case (``policies_cases.get_case_for``); this module is about the reference data only.

- reading the indicator lists and the combination rule: everyone who works cases or oversees the
  service (counsellors and service leads of any service, unit heads, service managers) and
  administrators. The DPO and volunteers have no use for them;
- adding, editing and deactivating indicators: service leads of the trafficking service (they answer
  for the identification method) and administrators.

The lists are one set for the installation (an international standard, not an agency's own data).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tugi.access.base import ALLOW, Decision, Policy, deny, load_for, register
from tugi.access.roles import has_role, held_roles
from tugi.accounts.models import Role, Service
from tugi.assessments.models import Indicator

READ_ROLES = (Role.COUNSELLOR, Role.SERVICE_LEAD, Role.UNIT_HEAD, Role.SERVICE_MANAGER, Role.ADMIN)


def _may_read(user: Any) -> bool:
    return has_role(user, *READ_ROLES)


def _may_edit(user: Any) -> bool:
    return any(
        h.role == Role.ADMIN or (h.role == Role.SERVICE_LEAD and h.service == Service.TRAFFICKING)
        for h in held_roles(user)
    )


class IndicatorPolicy(Policy[Indicator]):
    kind = "assessments.indicator"
    model = Indicator

    def scope(self, user: Any) -> QuerySet[Indicator]:
        return Indicator.objects.all() if _may_read(user) else Indicator.objects.none()

    def decide(self, user: Any, action: str, obj: Indicator) -> Decision:
        if action == "view":
            return ALLOW
        if action == "edit":
            if _may_edit(user):
                return ALLOW
            return deny(
                _("Only a service lead of trafficking victim support or an administrator can change indicators.")
            )
        return deny(_("This action is not available."))

    def url_of(self, obj: Indicator) -> str:
        return reverse("assessments:indicator_edit", args=[obj.pk])


INDICATORS = register(IndicatorPolicy())


# --- public API --------------------------------------------------------------------------------


def visible_indicators(user: Any) -> QuerySet[Indicator]:
    return INDICATORS.visible(user)


def get_indicator_for(user: Any, pk: object, action: str) -> Indicator:
    return load_for(INDICATORS, user, pk, action)


def can_read_indicators(user: Any) -> bool:
    return _may_read(user)


def can_edit_indicators(user: Any) -> bool:
    return _may_edit(user)
