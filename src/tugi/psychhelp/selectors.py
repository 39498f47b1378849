"""Reading psychological-help data: a person's yearly cap and what remains of it.

The sums count every granted decision about the person, in every case, also cases the user does not
see: the cap is the person's, not the case's. Only totals leave this module for those; the decisions
themselves are listed per case, through the case the user was let into.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, Sum

from tugi.cases.models import Case
from tugi.clients.models import SamePersonLink
from tugi.psychhelp.models import PsychHelpDecision, YearlyCap

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class CapSummary:
    year: int
    cap: Decimal | None  # None: no cap set for the year
    used: Decimal
    used_here: Decimal  # of ``used``: in the case being looked at

    @property
    def remaining(self) -> Decimal | None:
        return None if self.cap is None else self.cap - self.used

    @property
    def used_elsewhere(self) -> Decimal:
        return self.used - self.used_here

    @property
    def over(self) -> bool:
        return self.remaining is not None and self.remaining < 0


def person_client_ids(client_id: int) -> list[int]:
    """The client record and every record linked to it as the same person (links are pairs; the
    person is their connected whole). Sorted, so locks are always taken in one order."""
    seen = {client_id}
    frontier = {client_id}
    while frontier:
        pairs = SamePersonLink.objects.filter(Q(first_id__in=frontier) | Q(second_id__in=frontier)).values_list(
            "first_id", "second_id"
        )
        found = {pk for pair in pairs for pk in pair} - seen
        seen |= found
        frontier = found
    return sorted(seen)


def cap_for_year(year: int) -> YearlyCap | None:
    return YearlyCap.objects.filter(year=year).first()


def used_in_year(client_ids: list[int], year: int, *, exclude_pk: int | None = None) -> Decimal:
    """Granted amounts of the person whose validity starts in ``year``."""
    qs = PsychHelpDecision.objects.granted().filter(client_id__in=client_ids, valid_from__year=year)
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.aggregate(total=Sum("amount"))["total"] or ZERO


def cap_summary(case: Case, year: int) -> CapSummary:
    ids = person_client_ids(case.client_id)
    cap = cap_for_year(year)
    here = (
        PsychHelpDecision.objects.granted()
        .filter(case_id=case.pk, valid_from__year=year)
        .aggregate(total=Sum("amount"))["total"]
    )
    return CapSummary(year=year, cap=cap.amount if cap else None, used=used_in_year(ids, year), used_here=here or ZERO)


def case_decisions(case: Case) -> list[PsychHelpDecision]:
    return list(
        PsychHelpDecision.objects.filter(case_id=case.pk).select_related("decided_by").order_by("-decided_on", "-pk")
    )


def caps() -> list[YearlyCap]:
    return list(YearlyCap.objects.select_related("updated_by").order_by("-year"))
