"""What a counsellor records about one case: indicator screenings, needs assessments, safety-risk
assessments and the action plan (goals with actions). Every record belongs to a case and is reached
through it (``policies_cases.get_case_for``), never by its own id alone."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tugi.assessments.models.reference import Dimension, Exploitation, Indicator, Strength, Target
from tugi.cases.models import Case
from tugi.core.models import Versioned

# --- Identification screening --------------------------------------------------------------------


@pghistory.track()
class Screening(models.Model):
    """One screening against the ILO–EU indicators. The result is computed when it is saved and kept
    as it was (``results``), with the strength and dimension each ticked indicator had then: later
    edits of the reference data do not change a past screening."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="screenings")
    target = models.CharField(_("person"), max_length=5, choices=Target.choices)
    exploitation = models.CharField(_("exploitation"), max_length=6, choices=Exploitation.choices)
    screened_on = models.DateField(_("screened on"))
    screened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("screened by")
    )
    note = models.TextField(_("note"), blank=True)
    # {"dimensions": {dim: {strong, medium, weak, offered, positive}}, "groups": [...], "rules": [...]}
    results = models.JSONField(default=dict, editable=False)
    likely = models.BooleanField(_("indicators of trafficking present"), default=False, editable=False)
    indicators = models.ManyToManyField(Indicator, through="ScreeningMark", related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-screened_on", "-pk"]
        verbose_name = _("indicator screening")
        verbose_name_plural = _("indicator screenings")
        constraints = [
            models.CheckConstraint(condition=Q(target__in=Target.values), name="screening_target_known"),
            models.CheckConstraint(
                condition=Q(exploitation__in=Exploitation.values), name="screening_exploitation_known"
            ),
        ]
        indexes = [models.Index(fields=["case", "-screened_on", "-id"], name="screening_case_date")]

    def __str__(self) -> str:
        return f"{self.get_target_display()}, {self.get_exploitation_display()} {self.screened_on}"


class ScreeningMark(models.Model):
    """An indicator ticked in a screening, with its dimension and strength at that moment."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="marks")
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="marks")
    dimension = models.CharField(max_length=30, choices=Dimension.choices)
    strength = models.CharField(max_length=6, choices=Strength.choices)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["screening", "indicator"], name="screening_mark_unique")]

    def __str__(self) -> str:
        return f"{self.screening_id}: {self.indicator_id}"


# --- Needs assessment ----------------------------------------------------------------------------


class NeedDomain(models.TextChoices):
    SAFETY = "safety", _("safety")
    ACCOMMODATION = "accommodation", _("accommodation")
    HEALTH = "health", _("physical health")
    MENTAL_HEALTH = "mental_health", _("mental health")
    LEGAL_STATUS = "legal_status", _("legal status and residence")
    DOCUMENTS = "documents", _("identity documents")
    FINANCES = "finances", _("money and subsistence")
    EMPLOYMENT = "employment", _("work and education")
    LANGUAGE = "language", _("language and interpretation")
    CHILDREN = "children", _("children")
    FAMILY = "family", _("family and contacts")
    RETURN = "return_home", _("return home")


class NeedLevel(models.TextChoices):
    NONE = "none", _("no need")
    SOME = "some", _("some need")
    URGENT = "urgent", _("urgent need")


@pghistory.track()
class NeedsAssessment(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="needs_assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    note = models.TextField(_("summary"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("needs assessment")
        verbose_name_plural = _("needs assessments")
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=models.F("assessed_on")),
                name="needs_review_after_assessment",
            )
        ]
        indexes = [models.Index(fields=["case", "-assessed_on", "-id"], name="needs_case_date")]

    def __str__(self) -> str:
        return f"{self.assessed_on}"


class NeedItem(models.Model):
    assessment = models.ForeignKey(NeedsAssessment, on_delete=models.CASCADE, related_name="items")
    domain = models.CharField(_("domain"), max_length=20, choices=NeedDomain.choices)
    level = models.CharField(_("need"), max_length=6, choices=NeedLevel.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "domain"], name="need_item_unique"),
            models.CheckConstraint(condition=Q(domain__in=NeedDomain.values), name="need_item_domain_known"),
            models.CheckConstraint(condition=Q(level__in=NeedLevel.values), name="need_item_level_known"),
        ]

    def __str__(self) -> str:
        return f"{self.domain}: {self.level}"


# --- Initial safety-risk assessment --------------------------------------------------------------


class RiskFactor(models.TextChoices):
    """The fixed checklist of the initial safety-risk assessment (weights in ``assessments.risk``)."""

    PERPETRATOR_KNOWS = "perpetrator_knows", _("The perpetrator knows or can find out where the person is")
    THREATS_PERSON = "threats_person", _("Threats to the person")
    THREATS_FAMILY = "threats_family", _("Threats to the person's family or children")
    VIOLENCE = "violence", _("Violence against the person")
    SELF_HARM = "self_harm", _("Risk of suicide or self-harm")
    PERPETRATOR_CONTACT = "perpetrator_contact", _("The perpetrator is at large or in contact with the person")
    DEBT_BONDAGE = "debt_bondage", _("Debt bondage: the person is made to pay off a debt")
    DOCUMENTS_HELD = "documents_held", _("Identity or travel documents held by others")
    MINOR = "minor", _("The person is under 18")
    NO_LEGAL_STATUS = "no_legal_status", _("No legal status in the country")
    NO_SAFE_PLACE = "no_safe_place", _("No safe place to stay")
    FAMILY_INVOLVED = "family_involved", _("Family members are involved in the exploitation")
    WANTS_TO_RETURN = "wants_to_return", _("Wishes to go back to the exploiters")
    PREGNANCY = "pregnancy", _("Pregnancy")
    ADDICTION = "addiction", _("Alcohol or drug addiction")
    HEALTH = "health", _("Serious health problems")
    NO_MEANS = "no_means", _("No money or means of subsistence")
    ISOLATION = "isolation", _("No trusted contacts or common language")


class RiskAssessmentLevel(models.TextChoices):
    LOW = "low", _("low")
    MEDIUM = "medium", _("medium")
    HIGH = "high", _("high")


@pghistory.track()
class RiskAssessment(models.Model):
    """The factors found and the level the counsellor chose (``suggested_level``: what the factors
    suggested; the counsellor may decide otherwise). Saving one sets the case's risk level."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="risk_assessments")
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    factors = ArrayField(
        models.CharField(max_length=30, choices=RiskFactor.choices),
        default=list,
        blank=True,
        verbose_name=_("risk factors"),
    )
    suggested_level = models.CharField(_("suggested level"), max_length=6, choices=RiskAssessmentLevel.choices)
    level = models.CharField(_("risk level"), max_length=6, choices=RiskAssessmentLevel.choices)
    note = models.TextField(_("notes"), blank=True)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-assessed_on", "-pk"]
        verbose_name = _("safety-risk assessment")
        verbose_name_plural = _("safety-risk assessments")
        constraints = [
            models.CheckConstraint(condition=Q(level__in=RiskAssessmentLevel.values), name="risk_level_known"),
            models.CheckConstraint(condition=Q(factors__contained_by=RiskFactor.values), name="risk_factors_known"),
            models.CheckConstraint(
                condition=Q(suggested_level__in=RiskAssessmentLevel.values), name="risk_suggested_level_known"
            ),
            models.CheckConstraint(
                condition=Q(next_review_on__isnull=True) | Q(next_review_on__gte=models.F("assessed_on")),
                name="risk_review_after_assessment",
            ),
        ]
        indexes = [models.Index(fields=["case", "-assessed_on", "-id"], name="risk_case_date")]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.assessed_on}"


# --- Action plan ---------------------------------------------------------------------------------


class GoalStatus(models.TextChoices):
    ACTIVE = "active", _("in progress")
    ACHIEVED = "achieved", _("achieved")
    DROPPED = "dropped", _("dropped")


@pghistory.track()
class Goal(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("goal"), max_length=300)
    domain = models.CharField(_("domain"), max_length=20, choices=NeedDomain.choices, blank=True)
    review_on = models.DateField(_("review on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=GoalStatus.choices, default=GoalStatus.ACTIVE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["status", "review_on", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=GoalStatus.values), name="goal_status_known"),
            models.CheckConstraint(condition=Q(domain="") | Q(domain__in=NeedDomain.values), name="goal_domain_known"),
        ]
        indexes = [
            models.Index(fields=["case", "status"], name="goal_case_status"),
            models.Index(fields=["review_on"], condition=Q(status="active"), name="goal_active_review"),
        ]

    def __str__(self) -> str:
        return self.text


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DROPPED = "dropped", _("dropped")


@pghistory.track()
class Action(Versioned):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("action to take"), max_length=300)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_actions", verbose_name=_("responsible")
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["status", "due_on", "pk"]
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_known"),
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | (~Q(status="open") & Q(done_at__isnull=False)),
                name="action_done_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["responsible", "due_on"], condition=Q(status="open"), name="action_open_by_person")
        ]

    def __str__(self) -> str:
        return self.text
