"""The case: type, reference, team and workers, confidentiality, lifecycle, trafficking status.

Lifecycle: intake → active → suspended → closed, and reopening (closed → active). ``TRANSITIONS`` is
the whole rule; ``cases.services.case_transition`` refuses anything else with a reason. The current
state lives on the case (``status``, ``victim_status``, ``risk_level``) so lists filter on indexed
columns; the dated history of each lives in its own table and in the timeline.
"""

from __future__ import annotations

from datetime import date, timedelta

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from tugi.accounts.models import OrgUnit, Service
from tugi.clients.models import Client
from tugi.core.models import Versioned


class Confidentiality(models.TextChoices):
    NORMAL = "normal", _("normal")
    HIGH = "high", _("high")
    # Only the named workers (and grants): a staff member or their relative as the client.
    RESTRICTED = "restricted", _("restricted to named workers")


class CaseType(models.Model):
    """Kinds of case as data: more services add rows, not code."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    prefix = models.CharField(_("reference prefix"), max_length=6, unique=True)
    name_et = models.CharField(_("name in Estonian"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    name_ru = models.CharField(_("name in Russian"), max_length=120)
    service = models.CharField(_("service"), max_length=30, choices=Service.choices)
    default_confidentiality = models.CharField(
        _("default confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    trafficking = models.BooleanField(_("trafficking case"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("case type")
        verbose_name_plural = _("case types")
        constraints = [models.CheckConstraint(condition=Q(prefix__regex=r"^[A-Z]{1,6}$"), name="case_type_prefix")]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        lang = (translation.get_language() or "et")[:2]
        return str(getattr(self, f"name_{lang}", "") or self.name_et)


class CaseCounter(models.Model):
    """The last reference number given per agency, type and year (locked while a case is opened)."""

    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "case_type", "year"], name="case_counter_unique")]

    def __str__(self) -> str:
        return f"{self.case_type_id}/{self.year}: {self.last}"


class CaseStatus(models.TextChoices):
    INTAKE = "intake", _("intake")
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    CLOSED = "closed", _("closed")


TRANSITIONS: dict[str, frozenset[str]] = {
    CaseStatus.INTAKE: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.ACTIVE: frozenset({CaseStatus.SUSPENDED, CaseStatus.CLOSED}),
    CaseStatus.SUSPENDED: frozenset({CaseStatus.ACTIVE, CaseStatus.CLOSED}),
    CaseStatus.CLOSED: frozenset({CaseStatus.ACTIVE}),  # reopening
}


class RiskLevel(models.TextChoices):
    NONE = "", _("not assessed")
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


class VictimStatus(models.TextChoices):
    NONE = "", _("no trafficking status")
    PRESUMED = "presumed", _("presumed victim")
    IDENTIFIED = "identified", _("identified victim")


class CloseReason(models.TextChoices):
    RETURN_HOME = "return_home", _("return home organised")
    NEEDS_MET = "needs_met", _("needs met")
    CONTACT_LOST = "contact_lost", _("contact lost")
    REFERRED = "referred", _("referred to another service")
    DECLINED = "declined", _("client declined further help")
    NOT_VICTIM = "not_victim", _("not a victim of trafficking")
    DIED = "died", _("client died")
    OTHER = "other", _("other")


class CaseQuerySet(models.QuerySet["Case"]):
    def open(self) -> CaseQuerySet:
        return self.exclude(status=CaseStatus.CLOSED)


@pghistory.track(exclude=["last_activity_at"])
class Case(Versioned):
    reference = models.CharField(_("reference"), max_length=30, editable=False)
    case_type = models.ForeignKey(CaseType, on_delete=models.PROTECT, related_name="cases", verbose_name=_("type"))
    # Copied from the type: the permission filter of counsellors (team + service) is one index.
    service = models.CharField(max_length=30, choices=Service.choices, editable=False)
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    team = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="cases", verbose_name=_("team"))
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="cases", verbose_name=_("client"))
    confidentiality = models.CharField(
        _("confidentiality"), max_length=12, choices=Confidentiality.choices, default=Confidentiality.NORMAL
    )
    status = models.CharField(_("status"), max_length=12, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    status_changed_at = models.DateTimeField(_("status changed"), auto_now_add=True)
    opened_on = models.DateField(_("opened on"), default=date.today)
    risk_level = models.CharField(_("safety risk"), max_length=8, choices=RiskLevel.choices, blank=True, default="")
    victim_status = models.CharField(
        _("trafficking status"), max_length=12, choices=VictimStatus.choices, blank=True, default=""
    )
    # A presumed victim outside criminal proceedings gets services for a limited time (a setting).
    service_period_start = models.DateField(_("service period starts"), null=True, blank=True)
    service_period_days = models.PositiveSmallIntegerField(_("service period, days"), null=True, blank=True)
    # The end date of the service period a warning was sent for (the daily task sends one per period).
    service_warning_sent_for = models.DateField(null=True, blank=True, editable=False)
    review_on = models.DateField(_("next review"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(_("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)
    return_country = CountryField(_("returned to"), blank=True)
    return_date = models.DateField(_("date of return"), null=True, blank=True)
    return_partner = models.CharField(_("return organised with"), max_length=200, blank=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = CaseQuerySet.as_manager()

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(fields=["agency", "reference"], name="case_reference_unique_in_agency"),
            models.CheckConstraint(
                condition=(Q(status="closed") & Q(closed_on__isnull=False) & ~Q(close_reason=""))
                | (~Q(status="closed") & Q(closed_on__isnull=True)),
                name="case_closed_has_date_and_reason",
            ),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="case_status_known"),
            models.CheckConstraint(
                condition=Q(confidentiality__in=Confidentiality.values), name="case_confidentiality_known"
            ),
            models.CheckConstraint(condition=Q(risk_level__in=RiskLevel.values), name="case_risk_level_known"),
            models.CheckConstraint(
                condition=Q(service_period_start__isnull=True) | Q(service_period_days__gt=0),
                name="case_service_period_has_length",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "service", "-id"], name="case_team_service_id"),
            models.Index(fields=["agency", "-id"], name="case_agency_id"),
            models.Index(fields=["client"], name="case_client"),
            models.Index(fields=["agency", "reference"], name="case_agency_reference"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return self.status == CaseStatus.CLOSED

    @property
    def high_risk(self) -> bool:
        return self.risk_level == RiskLevel.HIGH or self.client.high_risk

    @property
    def service_period_end(self) -> date | None:
        if self.service_period_start is None or not self.service_period_days:
            return None
        return self.service_period_start + timedelta(days=self.service_period_days - 1)

    @property
    def in_proceedings(self) -> bool:
        """An identified victim is in criminal proceedings: the service period's limit does not apply."""
        return self.victim_status == VictimStatus.IDENTIFIED

    def service_days_left(self, today: date) -> int | None:
        """Days of the service period left after ``today`` (0 on its last day, negative past it)."""
        end = self.service_period_end
        return None if end is None else (end - today).days

    def allowed_transitions(self) -> frozenset[str]:
        return TRANSITIONS[self.status]


class WorkerRole(models.TextChoices):
    RESPONSIBLE = "responsible", _("responsible")
    CO_WORKER = "co_worker", _("co-worker")


@pghistory.track()
class CaseWorker(models.Model):
    """A named worker of a case: sees it wherever they work (restricted cases: only they do)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="workers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_work")
    role = models.CharField(_("role"), max_length=12, choices=WorkerRole.choices, default=WorkerRole.CO_WORKER)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["role", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_worker_unique"),
            models.UniqueConstraint(
                fields=["case"], condition=Q(role="responsible"), name="case_one_responsible_worker"
            ),
        ]
        indexes = [models.Index(fields=["user", "case"], name="case_worker_user_case")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class IntakeSource(models.TextChoices):
    POLICE = "police", _("Police and Border Guard (PPA)")
    NGO = "ngo", _("non-governmental organisation")
    FOREIGN = "foreign", _("foreign authority")
    MUNICIPALITY = "municipality", _("local government")
    SELF = "self", _("the person themself")
    OTHER = "other", _("other")


class Need(models.TextChoices):
    SHELTER = "shelter", _("safe accommodation")
    MEDICAL = "medical", _("medical help")
    FOOD = "food", _("food and clothing")
    INTERPRETER = "interpreter", _("interpreter")
    CRISIS = "crisis", _("crisis counselling")
    DOCUMENTS = "documents", _("documents")
    MONEY = "money", _("money for basic needs")
    CHILDREN = "children", _("care of children")
    SAFETY = "safety", _("protection from the perpetrator")


@pghistory.track()
class Intake(models.Model):
    """How the case came in: the on-call counsellor's first record after a call."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="intake")
    received_at = models.DateTimeField(_("call received"))
    source = models.CharField(_("source"), max_length=15, choices=IntakeSource.choices)
    caller_name = models.CharField(_("who called"), max_length=200, blank=True)
    caller_organisation = models.CharField(_("caller's organisation"), max_length=200, blank=True)
    caller_phone = models.CharField(_("caller's phone"), max_length=20, blank=True)
    location = models.CharField(_("where the person is now"), max_length=300, blank=True)
    needs = models.JSONField(_("immediate needs"), default=list, blank=True)
    needs_note = models.TextField(_("about the needs"), blank=True)
    on_call = models.BooleanField(_("taken on on-call duty"), default=False)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(caller_phone="") | Q(caller_phone__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="intake_caller_phone_e164",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.received_at:%Y-%m-%d %H:%M}"


class PenalSection(models.TextChoices):
    S133 = "133", "§ 133"
    S133_1 = "133-1", "§ 133¹"
    S133_2 = "133-2", "§ 133²"
    S133_3 = "133-3", "§ 133³"
    S138 = "138", "§ 138"
    S139 = "139", "§ 139"
    S140 = "140", "§ 140"
    S175 = "175", "§ 175"


@pghistory.track()
class VictimStatusRecord(models.Model):
    """A dated change of trafficking status with its basis (presumed → identified, or withdrawn)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="victim_statuses")
    status = models.CharField(_("trafficking status"), max_length=12, choices=VictimStatus.choices, blank=True)
    on = models.DateField(_("date"))
    basis = models.CharField(_("basis"), max_length=300)
    proceedings_number = models.CharField(_("criminal proceedings number"), max_length=40, blank=True)
    penal_section = models.CharField(_("Penal Code section"), max_length=8, choices=PenalSection.choices, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(basis=""), name="victim_status_basis_given"),
            models.CheckConstraint(
                condition=~Q(status="identified") | (~Q(proceedings_number="") & ~Q(penal_section="")),
                name="identified_victim_has_proceedings",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} {self.on}"


@pghistory.track()
class ReflectionPeriod(Versioned):
    """A foreign victim's reflection period decided by the prosecutor (30–60 days; may end early)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reflection_periods")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    decided_by = models.CharField(_("decided by"), max_length=200, blank=True)
    ended_early_on = models.DateField(_("ended early on"), null=True, blank=True)
    ended_early_note = models.CharField(_("why it ended early"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)
    # The end date a warning was sent for (the daily task sends one per period).
    warning_sent_for = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=models.F("starts_on")), name="reflection_end_after_start"),
            models.CheckConstraint(
                condition=Q(ended_early_on__isnull=True)
                | (Q(ended_early_on__gte=models.F("starts_on")) & Q(ended_early_on__lt=models.F("ends_on"))),
                name="reflection_ended_early_inside",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on:%d.%m.%Y}–{self.effective_end:%d.%m.%Y}"

    @property
    def effective_end(self) -> date:
        return self.ended_early_on or self.ends_on

    @property
    def length_days(self) -> int:
        """Days of the period as decided, the first and the last day both counted."""
        return (self.ends_on - self.starts_on).days + 1

    def is_current(self, today: date) -> bool:
        return self.starts_on <= today <= self.effective_end

    def days_left(self, today: date) -> int:
        return (self.effective_end - today).days
