"""Reading identification and assessment records: the case tab, and the reviews due for "my work".

Everything starts from the cases the user may see (``policies_cases``); the records of a case are
then filtered by that case."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tugi.access.policies_cases import visible_cases
from tugi.assessments.models import Action, Goal, GoalStatus, NeedsAssessment, RiskAssessment, Screening
from tugi.cases.models import Case, CaseStatus


@dataclass(frozen=True)
class ReviewDue:
    kind: str  # "needs", "risk" or "goal"
    label: str
    due_on: date
    case_id: int
    case_reference: str
    url: str

    @property
    def overdue(self) -> bool:
        return self.due_on < timezone.localdate()


def _latest(model: Any, cases: QuerySet[Any]) -> QuerySet[Any]:
    """The newest assessment (needs or risk) of each case: an older one's review date is superseded
    by the newer one's."""
    newest = model.objects.filter(case_id__in=cases).order_by("case_id", "-assessed_on", "-pk").distinct("case_id")
    return model.objects.filter(pk__in=newest.values("pk"))  # type: ignore[no-any-return]


def reviews_due(user: Any, until: date, *, limit: int | None = None) -> list[ReviewDue]:
    """Needs and risk assessments (the newest of each open case) and goals in progress whose review
    date is on or before ``until``, on the open cases the user sees; oldest due first."""
    cases = visible_cases(user).exclude(status=CaseStatus.CLOSED).values("pk")
    out: list[ReviewDue] = []
    needs = _latest(NeedsAssessment, cases).filter(next_review_on__lte=until).select_related("case")
    for n in needs[:limit] if limit else needs:
        url = reverse("assessments:needs_detail", args=[n.case_id, n.pk])
        out.append(ReviewDue("needs", _("Needs assessment review"), n.next_review_on, n.case_id, n.case.reference, url))
    risks = _latest(RiskAssessment, cases).filter(next_review_on__lte=until).select_related("case")
    for r in risks[:limit] if limit else risks:
        url = reverse("assessments:risk_detail", args=[r.case_id, r.pk])
        out.append(ReviewDue("risk", _("Safety-risk review"), r.next_review_on, r.case_id, r.case.reference, url))
    goals = Goal.objects.filter(case_id__in=cases, status=GoalStatus.ACTIVE, review_on__lte=until).select_related(
        "case"
    )
    for g in goals[:limit] if limit else goals:
        url = reverse("assessments:case", args=[g.case_id]) + f"#goal-{g.pk}"
        label = _("Goal review: %(goal)s") % {"goal": g.text}
        out.append(ReviewDue("goal", label, g.review_on, g.case_id, g.case.reference, url))  # type: ignore[arg-type]
    out.sort(key=lambda item: (item.due_on, item.case_id))
    return out[:limit] if limit else out


@dataclass
class CaseAssessments:
    screenings: list[Screening]
    needs: list[NeedsAssessment]
    risks: list[RiskAssessment]
    goals: list[Goal]
    today: date

    @property
    def latest_needs(self) -> NeedsAssessment | None:
        return self.needs[0] if self.needs else None

    @property
    def latest_risk(self) -> RiskAssessment | None:
        return self.risks[0] if self.risks else None


def case_assessments(case: Case) -> CaseAssessments:
    """All the records of the case tab (the case was loaded through access), newest first."""
    actions = Action.objects.select_related("responsible")
    return CaseAssessments(
        screenings=list(Screening.objects.filter(case=case).select_related("screened_by")),
        needs=list(NeedsAssessment.objects.filter(case=case).select_related("assessed_by").prefetch_related("items")),
        risks=list(RiskAssessment.objects.filter(case=case).select_related("assessed_by")),
        goals=list(Goal.objects.filter(case=case).prefetch_related(Prefetch("actions", queryset=actions))),
        today=timezone.localdate(),
    )
