"""Safe accommodation: the places the agency can put a person up in, and who stays where when.

Dates of a placement are a half-open range ``[starts_on, ends_on)``: ``ends_on`` is the day the person
leaves, and their bed is free for someone else from that day on. So a person may leave one place and
move into the next on the same day (adjacent placements), and "occupied on day D" means
``starts_on <= D < ends_on`` (an open-ended placement has no ``ends_on``). The database refuses two
overlapping placements of one person (an exclusion constraint over the client and the date range);
capacity is checked by ``services`` with the place's row locked.
"""

from __future__ import annotations

from datetime import date

import pghistory
from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import ArrayField, DateRangeField, RangeOperators
from django.db import models
from django.db.models import F, Func, Q
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import OrgUnit, Region
from tugi.cases.models import Case
from tugi.clients.models import Client
from tugi.core.models import Versioned

E164 = r"^\+[1-9][0-9]{6,14}$"


class DateRange(Func):
    """``daterange(start, end, '[)')``: the nights a placement takes (``end`` NULL: open-ended)."""

    function = "daterange"
    output_field = DateRangeField()


class Suitability(models.TextChoices):
    WOMEN = "women", _("women")
    MEN = "men", _("men")
    FAMILIES = "families", _("families with children")
    CHILDREN = "children", _("unaccompanied children")


def occupied_on(day: date, prefix: str = "") -> Q:
    """Placements taking a bed on ``day`` (``prefix``: the path to the placement, e.g. "placements__")."""
    return Q(**{f"{prefix}starts_on__lte": day}) & (
        Q(**{f"{prefix}ends_on__isnull": True}) | Q(**{f"{prefix}ends_on__gt": day})
    )


class AccommodationPlaceQuerySet(models.QuerySet["AccommodationPlace"]):
    def with_occupancy(self, day: date) -> AccommodationPlaceQuerySet:
        """``occupied`` and ``free`` beds on ``day``, computed in the same query as the places."""
        occupied = models.Count("placements", filter=occupied_on(day, "placements__"))
        return self.annotate(occupied=occupied, free=F("capacity") - occupied)


@pghistory.track()
class AccommodationPlace(Versioned):
    agency = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency"))
    name = models.CharField(_("name"), max_length=200)
    provider = models.CharField(_("service provider"), max_length=200)
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    capacity = models.PositiveSmallIntegerField(_("beds"))
    # Where the people in danger sleep: shown only to those who take them there (access.policies_shelters).
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    suitable_for = ArrayField(
        models.CharField(max_length=12, choices=Suitability.choices), verbose_name=_("suitable for"), default=list
    )
    note = models.TextField(_("note"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    objects = AccommodationPlaceQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("accommodation place")
        verbose_name_plural = _("accommodation places")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gt=0), name="place_capacity_positive"),
            models.CheckConstraint(condition=~Q(name=""), name="place_name_not_empty"),
            models.CheckConstraint(condition=Q(phone="") | Q(phone__regex=E164), name="place_phone_e164"),
            models.CheckConstraint(
                condition=Q(suitable_for__contained_by=Suitability.values), name="place_suitable_for_known"
            ),
            models.UniqueConstraint(fields=["agency", "name"], name="place_name_unique_in_agency"),
        ]
        indexes = [models.Index(fields=["agency", "name"], name="place_agency_name")]

    def __str__(self) -> str:
        return self.name

    def suitable_for_labels(self) -> list[str]:
        labels = dict(Suitability.choices)
        return [str(labels.get(value, value)) for value in self.suitable_for]


@pghistory.track()
class Placement(Versioned):
    place = models.ForeignKey(
        AccommodationPlace, on_delete=models.PROTECT, related_name="placements", verbose_name=_("place")
    )
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="placements", verbose_name=_("case"))
    # The case's client, copied so the database can refuse overlapping stays of one person across cases.
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="placements", verbose_name=_("client"))
    starts_on = models.DateField(_("moves in on"))
    ends_on = models.DateField(_("moves out on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    ended_note = models.TextField(_("why the stay ended"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["-starts_on", "-pk"]
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="placement_ends_after_start"
            ),
            ExclusionConstraint(
                name="placement_no_overlap_per_client",
                expressions=[
                    (F("client"), RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on", models.Value("[)")), RangeOperators.OVERLAPS),
                ],
            ),
        ]
        indexes = [
            models.Index(fields=["place", "starts_on"], name="placement_place_start"),
            models.Index(fields=["case", "-starts_on"], name="placement_case_start"),
        ]

    def __str__(self) -> str:
        return f"{self.place} {self.starts_on:%d.%m.%Y}"

    def is_current(self, day: date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on > day)

    def is_upcoming(self, day: date) -> bool:
        return self.starts_on > day

    def is_past(self, day: date) -> bool:
        return self.ends_on is not None and self.ends_on <= day
