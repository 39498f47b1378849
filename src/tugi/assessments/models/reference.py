"""Reference data of identification: the ILO–EU operational indicators of trafficking in human beings
(ILO and European Commission, 2009) and the rules that combine them.

Everything here is data, seeded by a migration and kept by the service leads: four sets of indicators
(adult or child × labour or sexual exploitation), six dimensions, each indicator strong, medium or
weak. ``DimensionRule`` rows say when a dimension counts as positive; ``CombinationGroup`` rows say
which positive dimensions together make the overall screening result. Indicators are never deleted:
screenings refer to them, so an outdated one is deactivated instead.

The result of a screening is a screening aid for the counsellor, never a legal determination.
"""

from __future__ import annotations

import pghistory
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tugi.core.models import Versioned


class Target(models.TextChoices):
    ADULT = "adult", _("adult")
    CHILD = "child", _("child (under 18)")


class Exploitation(models.TextChoices):
    LABOUR = "labour", _("labour exploitation")
    SEXUAL = "sexual", _("sexual exploitation")


class Dimension(models.TextChoices):
    DECEPTIVE = "deceptive_recruitment", _("Deceptive recruitment")
    COERCIVE = "coercive_recruitment", _("Coercive recruitment")
    VULNERABILITY = "vulnerability_recruitment", _("Recruitment by abuse of vulnerability")
    EXPLOITATION = "exploitation", _("Exploitative conditions of work")
    COERCION_DESTINATION = "coercion_destination", _("Coercion at destination")
    VULNERABILITY_DESTINATION = "vulnerability_destination", _("Abuse of vulnerability at destination")


class Strength(models.TextChoices):
    STRONG = "strong", _("strong")
    MEDIUM = "medium", _("medium")
    WEAK = "weak", _("weak")


def in_language(obj: object, field: str) -> str:
    """The ``<field>_<lang>`` text of the current language, Estonian when that one is empty."""
    lang = (translation.get_language() or "et")[:2]
    return str(getattr(obj, f"{field}_{lang}", "") or getattr(obj, f"{field}_et"))


@pghistory.track()
class Indicator(Versioned):
    target = models.CharField(_("person"), max_length=5, choices=Target.choices)
    exploitation = models.CharField(_("exploitation"), max_length=6, choices=Exploitation.choices)
    dimension = models.CharField(_("dimension"), max_length=30, choices=Dimension.choices)
    strength = models.CharField(_("strength"), max_length=6, choices=Strength.choices)
    code = models.CharField(_("code"), max_length=20, unique=True)
    text_et = models.CharField(_("text in Estonian"), max_length=300)
    text_en = models.CharField(_("text in English"), max_length=300)
    text_ru = models.CharField(_("text in Russian"), max_length=300)
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["target", "exploitation", "dimension", "order", "pk"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(condition=Q(target__in=Target.values), name="indicator_target_known"),
            models.CheckConstraint(
                condition=Q(exploitation__in=Exploitation.values), name="indicator_exploitation_known"
            ),
            models.CheckConstraint(condition=Q(dimension__in=Dimension.values), name="indicator_dimension_known"),
            models.CheckConstraint(condition=Q(strength__in=Strength.values), name="indicator_strength_known"),
            models.CheckConstraint(condition=~Q(text_et="") & ~Q(text_en="") & ~Q(text_ru=""), name="indicator_texts"),
        ]
        indexes = [models.Index(fields=["target", "exploitation", "active"], name="indicator_set")]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"

    @property
    def text(self) -> str:
        return in_language(self, "text")


class DimensionRule(models.Model):
    """One way a dimension becomes positive: at least this many strong, medium and weak indicators
    (counted separately). A dimension is positive when any rule holds."""

    min_strong = models.PositiveSmallIntegerField(_("strong indicators, at least"), default=0)
    min_medium = models.PositiveSmallIntegerField(_("medium indicators, at least"), default=0)
    min_weak = models.PositiveSmallIntegerField(_("weak indicators, at least"), default=0)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("dimension rule")
        verbose_name_plural = _("dimension rules")
        constraints = [
            # A rule needing nothing would make every dimension positive.
            models.CheckConstraint(
                condition=Q(min_strong__gt=0) | Q(min_medium__gt=0) | Q(min_weak__gt=0),
                name="dimension_rule_needs_some",
            ),
            models.UniqueConstraint(fields=["min_strong", "min_medium", "min_weak"], name="dimension_rule_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.min_strong}/{self.min_medium}/{self.min_weak}"

    @property
    def counts(self) -> tuple[int, int, int]:
        return (self.min_strong, self.min_medium, self.min_weak)


class CombinationGroup(models.Model):
    """One element of the overall result: positive when any of its dimensions is. The overall
    screening result for a person (adult or child) is positive when all of their groups are."""

    target = models.CharField(_("person"), max_length=5, choices=Target.choices)
    key = models.SlugField(_("key"), max_length=30)
    dimensions = ArrayField(models.CharField(max_length=30, choices=Dimension.choices), verbose_name=_("dimensions"))
    name_et = models.CharField(_("name in Estonian"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    name_ru = models.CharField(_("name in Russian"), max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["target", "order", "pk"]
        verbose_name = _("combination group")
        verbose_name_plural = _("combination groups")
        constraints = [
            models.UniqueConstraint(fields=["target", "key"], name="combination_group_unique"),
            models.CheckConstraint(condition=Q(dimensions__len__gt=0), name="combination_group_has_dimensions"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.key}"

    @property
    def name(self) -> str:
        return in_language(self, "name")
