"""Who may read and change the yearly cap table of psychological help (issue 3).

The table holds no personal data (one amount per calendar year, the minimum monthly wage), so every
logged-in user "sees" its rows and the answer is about the action:

- ``view``: staff who work cases (counsellors, service leads, unit heads), the service managers and
  administrators;
- ``edit`` (add a year, change one): service managers and administrators.

Everyone else gets 403 (existence of a yearly amount is no secret). The decisions themselves are
records of a case: their pages load the case through ``policies_cases`` with ``view`` or ``decide``.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from tugi.access.base import ALLOW, Decision, Policy, deny, load_for, register
from tugi.access.roles import has_role
from tugi.accounts.models import Role
from tugi.psychhelp.models import YearlyCap

READ_ROLES = (Role.COUNSELLOR, Role.SERVICE_LEAD, Role.UNIT_HEAD, Role.SERVICE_MANAGER, Role.ADMIN)
EDIT_ROLES = (Role.SERVICE_MANAGER, Role.ADMIN)


class YearlyCapPolicy(Policy[YearlyCap]):
    kind = "psychhelp.yearlycap"
    model = YearlyCap

    def scope(self, user: Any) -> QuerySet[YearlyCap]:
        return YearlyCap.objects.all()

    def decide(self, user: Any, action: str, obj: YearlyCap) -> Decision:
        if action == "view":
            return ALLOW if has_role(user, *READ_ROLES) else deny(_("The cap table is for staff who work cases."))
        if action == "edit":
            if has_role(user, *EDIT_ROLES):
                return ALLOW
            return deny(_("Only a service manager or an administrator can change the yearly caps."))
        return deny(_("This action is not available."))

    def url_of(self, obj: YearlyCap) -> str:
        return reverse("psychhelp:caps")


CAPS = register(YearlyCapPolicy())


def can_read_caps(user: Any) -> bool:
    return has_role(user, *READ_ROLES)


def can_edit_caps(user: Any) -> bool:
    return has_role(user, *EDIT_ROLES)


def get_cap_for(user: Any, pk: object, action: str) -> YearlyCap:
    """404 when there is no such year row, 403 when the user may not do ``action``."""
    return load_for(CAPS, user, pk, action)
