"""Psychological help: the counsellor's decision to grant or refuse it, and the yearly cap per person.

The agency pays contracted providers directly, up to a cap per person and calendar year (one minimum
monthly wage: a yearly table, ``YearlyCap``, edited by the service managers). A granted decision counts
against the cap of the year its validity starts in. The arithmetic and its lock live in
``services``; the rules of one decision are backed up by the constraints below.
"""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import OrgUnit
from tugi.cases.models import Case
from tugi.clients.models import Client
from tugi.core.models import Versioned

MIN_YEAR = 2000
MAX_YEAR = 2100


@pghistory.track()
class YearlyCap(Versioned):
    """How much psychological help the agency pays for one person in one calendar year."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    amount = models.DecimalField(_("cap per person, EUR"), max_digits=9, decimal_places=2)
    basis = models.CharField(
        _("basis"), max_length=300, blank=True, help_text=_("For example: the minimum monthly wage of the year.")
    )
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly cap")
        verbose_name_plural = _("yearly caps")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="psych_cap_amount_positive"),
            models.CheckConstraint(condition=Q(year__gte=MIN_YEAR, year__lte=MAX_YEAR), name="psych_cap_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount}"


class Outcome(models.TextChoices):
    GRANTED = "granted", _("granted")
    REFUSED = "refused", _("refused")


class HelpForm(models.TextChoices):
    INDIVIDUAL = "individual", _("individual therapy")
    FAMILY = "family", _("family therapy")
    GROUP = "group", _("group therapy")
    CRISIS = "crisis", _("crisis psychological help")
    COUNSELLING = "counselling", _("psychological counselling")
    OTHER = "other", _("other psychological help")


class DecisionCounter(models.Model):
    """The last decision number given per agency and year (locked while a decision is made)."""

    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="psych_counter_unique")]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.year}: {self.last}"


class DecisionQuerySet(models.QuerySet["PsychHelpDecision"]):
    def granted(self) -> DecisionQuerySet:
        return self.filter(outcome=Outcome.GRANTED)


@pghistory.track()
class PsychHelpDecision(Versioned):
    """One decision on psychological help for the client of a case."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="psych_help_decisions")
    # The case's client, copied: the yearly cap sums over the person, across all their cases.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="+")
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    # Its own number (PA-2026-0007): the provider's notice must not carry the case reference.
    number = models.CharField(_("decision number"), max_length=30, editable=False)
    need_assessment = models.TextField(_("assessment of need"))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=Outcome.choices)
    provider_name = models.CharField(_("provider"), max_length=200, blank=True)
    provider_email = models.EmailField(_("provider's e-mail"), blank=True)
    provider_phone = models.CharField(_("provider's phone"), max_length=20, blank=True)
    help_form = models.CharField(_("form of help"), max_length=20, choices=HelpForm.choices, blank=True)
    sessions = models.PositiveSmallIntegerField(_("sessions"), null=True, blank=True)
    amount = models.DecimalField(_("covered amount, EUR"), max_digits=9, decimal_places=2, null=True, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    reasons = models.TextField(_("reasons"))
    # Empty: the standard text, printed in the language of each notice (``texts.standard_appeal``).
    appeal_info = models.TextField(_("how to challenge the decision"), blank=True)
    notified_victim_on = models.DateField(_("victim notified on"), null=True, blank=True)
    notified_provider_on = models.DateField(_("provider notified on"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", editable=False)

    objects = DecisionQuerySet.as_manager()

    class Meta:
        ordering = ["-decided_on", "-pk"]
        verbose_name = _("psychological help decision")
        verbose_name_plural = _("psychological help decisions")
        constraints = [
            models.UniqueConstraint(fields=["agency", "number"], name="psych_decision_number_unique"),
            models.CheckConstraint(condition=Q(outcome__in=Outcome.values), name="psych_decision_outcome_known"),
            models.CheckConstraint(
                condition=Q(help_form="") | Q(help_form__in=HelpForm.values), name="psych_decision_help_form_known"
            ),
            models.CheckConstraint(
                condition=~Q(reasons="") & ~Q(need_assessment=""), name="psych_decision_reasons_given"
            ),
            models.CheckConstraint(
                condition=~Q(outcome="granted")
                | (
                    ~Q(provider_name="")
                    & ~Q(help_form="")
                    & Q(amount__gt=0)
                    & Q(valid_from__isnull=False)
                    & Q(valid_until__gte=models.F("valid_from"))
                ),
                name="psych_decision_granted_complete",
            ),
            models.CheckConstraint(
                condition=~Q(outcome="refused")
                | (
                    (Q(amount__isnull=True) | Q(amount=0))
                    & Q(sessions__isnull=True)
                    & Q(valid_from__isnull=True)
                    & Q(valid_until__isnull=True)
                    & Q(notified_provider_on__isnull=True)
                ),
                name="psych_decision_refused_covers_nothing",
            ),
            models.CheckConstraint(
                condition=Q(sessions__isnull=True) | Q(sessions__gt=0), name="psych_decision_sessions_positive"
            ),
            models.CheckConstraint(
                condition=Q(provider_phone="") | Q(provider_phone__regex=r"^\+[1-9][0-9]{6,14}$"),
                name="psych_decision_provider_phone_e164",
            ),
        ]
        indexes = [
            models.Index(fields=["case", "-decided_on"], name="psych_decision_case"),
            # The cap sums: a person's granted amounts by the year their validity starts.
            models.Index(fields=["client", "valid_from"], condition=Q(outcome="granted"), name="psych_granted_client"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_granted(self) -> bool:
        return self.outcome == Outcome.GRANTED

    @property
    def is_notified(self) -> bool:
        """Once the victim or the provider has been told, the decision is final: a change is a new one."""
        return self.notified_victim_on is not None or self.notified_provider_on is not None

    @property
    def cap_year(self) -> int | None:
        return self.valid_from.year if self.is_granted and self.valid_from else None
