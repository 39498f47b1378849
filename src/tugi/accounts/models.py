"""Users, the organisation (agency → department → unit → team, plus regions) and role assignments.

A role is held *in* an organisation unit and reaches that unit's whole subtree: a unit head of a unit
sees its teams, an administrator assigned at the agency manages the agency. ``OrgUnit.path`` is a
materialised path (``/1/4/9/``) so "everything under this unit" is one indexed prefix match.
"""

from __future__ import annotations

from typing import ClassVar

import pghistory
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tugi.core.models import Versioned


class Language(models.TextChoices):
    ET = "et", _("Estonian")
    EN = "en", _("English")
    RU = "ru", _("Russian")


@pghistory.track()
class Region(Versioned):
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    AGENCY = "agency", _("Agency")
    DEPARTMENT = "department", _("Department")
    UNIT = "unit", _("Unit")
    TEAM = "team", _("Team")


# Which kinds may sit under which: agency → department → unit → team.
ALLOWED_PARENT_KIND = {
    UnitKind.DEPARTMENT: UnitKind.AGENCY,
    UnitKind.UNIT: UnitKind.DEPARTMENT,
    UnitKind.TEAM: UnitKind.UNIT,
}


class OrgUnitQuerySet(models.QuerySet["OrgUnit"]):
    def under(self, unit: OrgUnit) -> OrgUnitQuerySet:
        """The unit and everything below it."""
        return self.filter(path__startswith=unit.path)

    def teams(self) -> OrgUnitQuerySet:
        return self.filter(kind=UnitKind.TEAM)


@pghistory.track()
class OrgUnit(Versioned):
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("belongs to"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    region = models.ForeignKey(Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.PROTECT)
    path = models.CharField(max_length=255, editable=False, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects: ClassVar[OrgUnitQuerySet] = OrgUnitQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["path"]
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="agency", parent__isnull=True) | (~Q(kind="agency") & Q(parent__isnull=False)),
                name="orgunit_only_agency_is_root",
            ),
            models.CheckConstraint(condition=Q(kind__in=UnitKind.values), name="orgunit_kind_valid"),
            models.CheckConstraint(condition=~Q(name=""), name="orgunit_name_not_empty"),
            models.UniqueConstraint(fields=["parent", "name"], name="orgunit_unique_name_in_parent"),
        ]
        indexes = [models.Index(fields=["path"], name="orgunit_path_prefix", opclasses=["text_pattern_ops"])]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    @property
    def agency_id(self) -> int:
        return int(self.path.strip("/").split("/")[0])

    def ancestor_ids(self) -> list[int]:
        """Ids from the agency down to and including this unit."""
        return [int(part) for part in self.path.strip("/").split("/") if part]


class Role(models.TextChoices):
    COUNSELLOR = "counsellor", _("Counsellor")
    SERVICE_LEAD = "service_lead", _("Service lead")
    UNIT_HEAD = "unit_head", _("Unit head")
    SERVICE_MANAGER = "service_manager", _("Service manager")
    RJ_COORDINATOR = "rj_coordinator", _("Restorative justice and volunteer coordinator")
    VOLUNTEER = "volunteer", _("Volunteer")
    DPO = "dpo", _("Data protection officer")
    ADMIN = "admin", _("Administrator")


class Service(models.TextChoices):
    TRAFFICKING = "trafficking", _("Trafficking victim support")
    VICTIM_SUPPORT = "victim_support", _("Victim support")
    HELPLINE = "helpline", _("Helpline")
    PASTORAL_CARE = "pastoral_care", _("Pastoral care")


# Roles that are held for one service (a counsellor counsels in a service; a lead leads one).
SERVICE_ROLES = {Role.COUNSELLOR, Role.SERVICE_LEAD}


# Row history of accounts, without the password hash and the login time (a row per login is noise).
@pghistory.track(exclude=["password", "last_login"])
class User(AbstractUser):
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ET)
    phone = models.CharField(_("work phone"), max_length=32, blank=True)
    agency = models.ForeignKey(
        OrgUnit,
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": UnitKind.AGENCY},
    )
    is_demo = models.BooleanField(_("demo account"), default=False, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        ordering = ["last_name", "first_name", "username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.CheckConstraint(condition=Q(language__in=["et", "en", "ru"]), name="user_language_valid")]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def mfa_exempt(self) -> bool:
        from django.conf import settings

        return bool(self.is_demo and settings.TUGI_DEMO)


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def active(self) -> RoleAssignmentQuerySet:
        return self.filter(user__is_active=True, unit__is_active=True)


@pghistory.track()
class RoleAssignment(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    service = models.CharField(_("service"), max_length=30, choices=Service.choices, blank=True)
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="role_assignments", verbose_name=_("unit"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT, related_name="+")

    objects: ClassVar[RoleAssignmentQuerySet] = RoleAssignmentQuerySet.as_manager()  # type: ignore[assignment]

    class Meta:
        ordering = ["role", "unit__path"]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "service", "unit"], name="roleassignment_unique"),
            models.CheckConstraint(condition=Q(role__in=Role.values), name="roleassignment_role_valid"),
            models.CheckConstraint(
                condition=Q(role="counsellor", service__in=Service.values)
                | Q(role="service_lead", service__in=Service.values)
                | (~Q(role__in=["counsellor", "service_lead"]) & Q(service="")),
                name="roleassignment_service_matches_role",
            ),
        ]

    def __str__(self) -> str:
        label = self.get_role_display()
        if self.service:
            label = f"{label} ({self.get_service_display()})"
        return f"{label}, {self.unit}"
