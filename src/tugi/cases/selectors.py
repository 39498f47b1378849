"""Reading cases: the case list with its filters and search, and the "my work" page (issue 3).

Every query starts from ``visible_cases(user)``: what is not visible is never listed, found, counted
or exported. Other apps may import these functions.

Search (``search``) looks in four places at once, each with its own index:

- the reference, exact or its beginning (``IK-2026`` finds every trafficking case of 2026);
- the Estonian personal code, exact;
- identity document numbers, exact;
- names, pseudonyms and aliases, fuzzy: ``Client.search_text`` (lower case, no diacritics, see
  ``clients.models.normalise``) against the trigram index ``client_search_trgm``. The operator is
  pg_trgm's word similarity (``<%``), not the whole-string ``%``: a person's search text holds all
  their names, so "Tamn" against "anna tamm" has a whole-string similarity of 0.25 (under the 0.3
  limit) but a word similarity of 0.6 (at the 0.6 limit). Both operators use the same GIN index.

A query with a digit in it (or shaped like a reference, ``IK-``) is a code, a document number or a
reference, never a name: fuzzy matching of numbers would list people whose codes differ by one digit.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import TrigramWordSimilarity
from django.db import models
from django.db.models import (
    CharField,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Concat

from tugi.access.policies_cases import case_agencies, visible_cases
from tugi.accounts.models import Role, RoleAssignment
from tugi.cases.models import (
    Case,
    CaseStatus,
    CaseWorker,
    Confidentiality,
    ReflectionPeriod,
    RiskLevel,
    Task,
    TaskStatus,
    VictimStatus,
    WorkerRole,
)
from tugi.clients.models import Client, IdentityDocument, normalise

# Values of the list's filters (``forms.lists.CaseFilterForm``) beyond the model's own choices.
STATUS_OPEN = "open"
STATUS_ALL = "all"
RISK_HIGH = "high"
RISK_NONE = "none"

# Rows per page of the case list, and the most rows one export holds (said on the page).
LIST_SIZE = 50
EXPORT_LIMIT = 10_000
# Bounds of the "my work" lists: a counsellor has tens of open cases, not thousands.
MY_CASES_LIMIT = 50
MY_ITEMS_LIMIT = 50

RANK_EXACT = 10_000
_REFERENCE = re.compile(r"^[A-Z]{1,6}-[0-9-]*$")
_DOCUMENT = re.compile(r"^[A-Z0-9-]{4,60}$")
_PERSONAL_CODE = re.compile(r"^[1-6][0-9]{10}$")


# --- the case list ------------------------------------------------------------------------------------


@dataclass
class CaseListing:
    cases: QuerySet[Case]
    order: list[str]  # the keyset order: newest first, or best match first when searching


def search(user: Any, q: str) -> QuerySet[Case]:
    """Visible cases matching ``q``, annotated with ``rank``: 10000 for an exact or reference hit,
    else the name's word similarity in ten-thousandths.

    The rank is a whole number because it is part of the page cursor: a float similarity sent back
    as a query parameter does not compare equal to itself (PostgreSQL reads it as numeric and the
    real it came from rounds differently), and a page would repeat the row it ended with."""
    q = " ".join(q.split())[:100]
    upper = q.upper()
    exact = Q(pk__in=[])
    reference = bool(_REFERENCE.match(upper))
    if reference:
        exact |= Q(reference__startswith=upper)
    if _PERSONAL_CODE.match(q):
        exact |= Q(client__personal_code=q)
    has_digit = any(ch.isdigit() for ch in q)
    if has_digit and _DOCUMENT.match(upper):
        documents = IdentityDocument.objects.filter(number__in=sorted({q, upper})).values("client_id")
        exact |= Q(client_id__in=documents)
    cases = visible_cases(user)
    if has_digit or reference:
        return cases.filter(exact).annotate(rank=Value(RANK_EXACT, output_field=IntegerField()))
    text = normalise(q)
    # Names within the agencies the user can see cases of: the (agency, name) trigram index, so a
    # common surname across a hundred agencies is not fetched to be thrown away.
    named = Client.objects.filter(agency_id__in=case_agencies(user), search_text__trigram_word_similar=text).values(
        "pk"
    )
    similarity = Cast(TrigramWordSimilarity(text, "client__search_text") * RANK_EXACT, output_field=IntegerField())
    return cases.filter(exact | Q(client_id__in=named)).annotate(
        rank=models.Case(When(exact, then=Value(RANK_EXACT)), default=similarity, output_field=IntegerField())
    )


def _filtered(cases: QuerySet[Case], filters: Mapping[str, Any], user: Any) -> QuerySet[Case]:
    status = filters.get("status") or STATUS_OPEN
    if status == STATUS_OPEN:
        cases = cases.exclude(status=CaseStatus.CLOSED)
    elif status != STATUS_ALL:
        cases = cases.filter(status=status)
    if filters.get("case_type"):
        cases = cases.filter(case_type=filters["case_type"])
    if filters.get("team"):
        cases = cases.filter(team=filters["team"])
    if filters.get("mine"):
        cases = cases.filter(pk__in=CaseWorker.objects.filter(user_id=user.pk).values("case_id"))
    if filters.get("worker"):
        cases = cases.filter(pk__in=CaseWorker.objects.filter(user__username=filters["worker"]).values("case_id"))
    risk = filters.get("risk")
    # "High" is what the HIGH RISK badge says: the case's assessed level or the client's flag.
    if risk == RISK_HIGH:
        cases = cases.filter(Q(risk_level=RiskLevel.HIGH) | Q(client__high_risk=True))
    elif risk == RISK_NONE:
        cases = cases.filter(risk_level=RiskLevel.NONE, client__high_risk=False)
    elif risk:
        cases = cases.filter(risk_level=risk, client__high_risk=False)
    if filters.get("opened_from"):
        cases = cases.filter(opened_on__gte=filters["opened_from"])
    if filters.get("opened_to"):
        cases = cases.filter(opened_on__lte=filters["opened_to"])
    return cases


def with_row_data(cases: QuerySet[Case], user: Any) -> QuerySet[Case]:
    """What a row of the list shows, in the one query of the page: type, team, client, the
    responsible worker's name and whether the user is a named worker (``named``)."""
    responsible = (
        CaseWorker.objects.filter(case_id=OuterRef("pk"), role=WorkerRole.RESPONSIBLE)
        .annotate(name=Concat("user__first_name", Value(" "), "user__last_name", output_field=CharField()))
        .values("name")[:1]
    )
    return cases.select_related("case_type", "team", "client").annotate(
        responsible_name=Subquery(responsible, output_field=CharField()),
        named=Exists(CaseWorker.objects.filter(case_id=OuterRef("pk"), user_id=user.pk)),
    )


def case_list(user: Any, filters: Mapping[str, Any]) -> CaseListing:
    """The visible cases under ``filters`` (the cleaned data of ``CaseFilterForm``), with row data."""
    q = filters.get("q") or ""
    cases = search(user, q) if q else visible_cases(user)
    cases = with_row_data(_filtered(cases, filters, user), user)
    return CaseListing(cases=cases, order=["-rank", "-id"] if q else ["-id"])


@dataclass(frozen=True)
class CaseRow:
    """One row of the list or the export."""

    case: Case
    client_name: str
    responsible: str
    service_period_end: date | None  # set when it ends within the warning days (or has ended)

    @property
    def high_risk(self) -> bool:
        return self.case.risk_level == RiskLevel.HIGH or self.case.client.high_risk

    @property
    def name_shortened(self) -> bool:
        return self.client_name != self.case.client.display_name


def shown_name(case: Case, named: bool) -> str:
    """The client's name as lists show it.

    In a case of high (or restricted) confidentiality, whoever sees the case without being one of its
    named workers (a unit head from above, a colleague of the team, a grant holder) sees the
    pseudonym, or else the initials: enough to recognise a case they know, not enough to learn who
    the person is from a glance at a list. The full name is one click away, on the case itself, where
    the opening is recorded in the audit trail.
    """
    client = case.client
    if named or case.confidentiality == Confidentiality.NORMAL:
        return client.display_name
    if client.pseudonym:
        return client.pseudonym
    initials = [f"{part[0].upper()}." for part in (client.given_name, client.family_name) if part]
    return " ".join(initials) or "—"


def service_warning(case: Case, today: date) -> date | None:
    """The end of a presumed victim's service period when it ends within the warning days."""
    end = case.service_period_end
    if end is None or case.status == CaseStatus.CLOSED or case.victim_status != VictimStatus.PRESUMED:
        return None
    return end if end <= today + timedelta(days=settings.TUGI_SERVICE_PERIOD_WARNING_DAYS) else None


def rows(cases: Iterable[Case], today: date) -> list[CaseRow]:
    """Rows of cases fetched through ``case_list`` (their ``named`` and ``responsible_name``)."""
    return [
        CaseRow(
            case=case,
            client_name=shown_name(case, bool(getattr(case, "named", False))),
            responsible=(getattr(case, "responsible_name", "") or "").strip(),
            service_period_end=service_warning(case, today),
        )
        for case in cases
    ]


# --- my work ------------------------------------------------------------------------------------------


@dataclass
class UnitRisk:
    unit: str
    high: int = 0
    medium: int = 0
    low: int = 0
    none: int = 0

    @property
    def total(self) -> int:
        return self.high + self.medium + self.low + self.none


@dataclass
class MyWork:
    today: date
    cases: list[CaseRow] = field(default_factory=list)
    more_cases: bool = False  # more open cases than shown: the list has them all
    overdue: list[Task] = field(default_factory=list)
    due_today: list[Task] = field(default_factory=list)
    due_soon: list[Task] = field(default_factory=list)
    reviews: list[Case] = field(default_factory=list)
    assessment_reviews: list[Any] = field(default_factory=list)
    reflections: list[ReflectionPeriod] = field(default_factory=list)
    service_periods: list[CaseRow] = field(default_factory=list)
    units: list[UnitRisk] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.cases or self.overdue or self.due_today or self.due_soon or self.reviews)


def _my_open_cases(visible: QuerySet[Case], user: Any) -> QuerySet[Case]:
    mine = CaseWorker.objects.filter(user_id=user.pk).values("case_id")
    return visible.exclude(status=CaseStatus.CLOSED).filter(pk__in=mine)


def _service_end() -> ExpressionWrapper[Any]:
    # date + integer is a date in PostgreSQL: the last day of the period, as Case.service_period_end.
    return ExpressionWrapper(F("service_period_start") + F("service_period_days") - 1, output_field=DateField())


def _my_tasks(visible: QuerySet[Case], user: Any, today: date) -> tuple[list[Task], list[Task], list[Task]]:
    """My open tasks due up to a week ahead (overdue, today, the next 7 days), in visible cases."""
    tasks = list(
        Task.objects.filter(
            assignee_id=user.pk,
            status=TaskStatus.OPEN,
            due_on__lte=today + timedelta(days=7),
            case__in=visible,
        )
        .select_related("case")
        .order_by("due_on", "pk")[:MY_ITEMS_LIMIT]
    )
    overdue: list[Task] = []
    due_today: list[Task] = []
    due_soon: list[Task] = []
    for task in tasks:
        if task.due_on is None:
            continue
        (overdue if task.due_on < today else due_today if task.due_on == today else due_soon).append(task)
    return overdue, due_today, due_soon


def _attention(mine: QuerySet[Case], work: MyWork) -> None:
    """Reviews due within a week and presumed victims' service periods ending within the warning days
    (or already ended), in one query: the period's end is computed by the database."""
    today = work.today
    week = today + timedelta(days=7)
    service_until = today + timedelta(days=settings.TUGI_SERVICE_PERIOD_WARNING_DAYS)
    cases = list(
        mine.annotate(service_end=_service_end())
        .filter(
            Q(review_on__lte=week)
            | Q(victim_status=VictimStatus.PRESUMED, service_period_start__isnull=False, service_end__lte=service_until)
        )
        .order_by("pk")[:MY_ITEMS_LIMIT]
    )
    work.reviews = sorted((c for c in cases if c.review_on and c.review_on <= week), key=lambda c: c.review_on or week)
    service = [r for r in rows(cases, today) if r.service_period_end]
    work.service_periods = sorted(service, key=lambda r: r.service_period_end or today)


def _assessment_reviews(user: Any, until: date) -> list[Any]:
    """Reviews of assessments and goals due, from the assessments app when this installation has it:
    ``reviews_due(user, until, limit=...)`` gives items with ``due_on``, ``overdue``, ``label``,
    ``case_reference`` and ``url``."""
    try:
        module = importlib.import_module("tugi.assessments.selectors")
    except ModuleNotFoundError as exc:
        if exc.name not in {"tugi.assessments", "tugi.assessments.selectors"}:
            raise
        return []
    reviews_due = getattr(module, "reviews_due", None)
    return list(reviews_due(user, until, limit=MY_ITEMS_LIMIT))[:MY_ITEMS_LIMIT] if reviews_due is not None else []


def _unit_risks(visible: QuerySet[Case], user: Any) -> list[UnitRisk]:
    """Open cases in the units the user heads, by risk (counted over those units only)."""
    units = list(
        RoleAssignment.objects.active()
        .filter(user_id=user.pk, role=Role.UNIT_HEAD)
        .order_by("unit__path")
        .values_list("unit__path", "unit__name")
    )
    if not units:
        return []
    under = Q(pk__in=[])
    for path, _name in units:
        under |= Q(team__path__startswith=path)
    counts = (
        visible.exclude(status=CaseStatus.CLOSED)
        .filter(under)
        .annotate(
            bucket=models.Case(
                When(Q(risk_level=RiskLevel.HIGH) | Q(client__high_risk=True), then=Value(RISK_HIGH)),
                When(risk_level=RiskLevel.NONE, then=Value(RISK_NONE)),
                default=F("risk_level"),
                output_field=CharField(),
            )
        )
        .values("team__path", "bucket")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = [UnitRisk(unit=name) for _path, name in units]
    for row in counts:
        # A team under two units the user heads (one inside the other) counts in the first, the outer.
        for (path, _name), unit in zip(units, out, strict=True):
            if row["team__path"].startswith(path):
                setattr(unit, row["bucket"], getattr(unit, row["bucket"]) + row["n"])
                break
    return out


def my_work(user: Any, today: date) -> MyWork:
    """The home page of case workers: my open cases, my tasks, what is due or ending soon; for unit
    heads also their units' open cases by risk. Every list is bounded."""
    work = MyWork(today=today)
    visible = visible_cases(user)
    mine = with_row_data(_my_open_cases(visible, user), user)
    cases = list(mine.order_by("-id")[: MY_CASES_LIMIT + 1])
    work.more_cases = len(cases) > MY_CASES_LIMIT
    work.cases = rows(cases[:MY_CASES_LIMIT], today)
    work.overdue, work.due_today, work.due_soon = _my_tasks(visible, user, today)
    _attention(mine, work)
    work.assessment_reviews = _assessment_reviews(user, today + timedelta(days=7))
    work.reflections = list(
        ReflectionPeriod.objects.filter(
            case__in=_my_open_cases(visible, user),
            ended_early_on__isnull=True,
            ends_on__gte=today,
            ends_on__lte=today + timedelta(days=settings.TUGI_REFLECTION_WARNING_DAYS),
        )
        .select_related("case")
        .order_by("ends_on", "pk")[:MY_ITEMS_LIMIT]
    )
    work.units = _unit_risks(visible, user)
    return work
