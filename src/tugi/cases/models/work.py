"""The work recorded in a case: the timeline, tasks, rights notices, criminal proceedings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pghistory
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tugi.cases.models.case import Case
from tugi.core.models import Versioned


class TimelineKind(models.TextChoices):
    SESSION = "session", _("counselling session")
    AUTHORITY = "authority", _("contact with an authority")
    MEETING = "meeting", _("meeting")
    DOCUMENT = "document", _("document")
    NOTE = "note", _("note")
    STATUS = "status", _("status change")  # written by the services, never typed


class SessionType(models.TextChoices):
    CRISIS = "crisis", _("crisis counselling")
    SOCIAL = "social", _("social counselling")
    LEGAL = "legal", _("legal counselling")


class SessionMode(models.TextChoices):
    PHONE = "phone", _("phone")
    WEB = "web", _("web")
    IN_PERSON = "in_person", _("in person")
    VIDEO = "video", _("video")


def language_name(code: str) -> str:
    """ "Russian" for ``ru`` (in the language of the page); the code itself for one Django does not know."""
    info = LANG_INFO.get(code)
    return gettext(info["name"]) if info and "name" in info else code.upper()


class TimelineQuerySet(models.QuerySet["TimelineEntry"]):
    def for_listing(self) -> TimelineQuerySet:
        return self.select_related("author")


@pghistory.track()
class TimelineEntry(Versioned):
    """One thing that happened in a case. Sessions carry type, mode, duration and interpreter."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="timeline")
    kind = models.CharField(_("kind"), max_length=10, choices=TimelineKind.choices)
    occurred_at = models.DateTimeField(_("when"))
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("notes"), blank=True)
    session_type = models.CharField(_("session type"), max_length=10, choices=SessionType.choices, blank=True)
    mode = models.CharField(_("mode"), max_length=10, choices=SessionMode.choices, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration, minutes"), null=True, blank=True)
    interpreter_language = models.CharField(_("interpreted into"), max_length=8, blank=True)
    counterpart = models.CharField(_("with whom"), max_length=200, blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    data = models.JSONField(default=dict, blank=True, editable=False)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline entries")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=TimelineKind.values), name="timeline_kind_known"),
            models.CheckConstraint(
                condition=~Q(kind="session") | (~Q(session_type="") & ~Q(mode="")),
                name="timeline_session_has_type_and_mode",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__isnull=True) | Q(duration_minutes__gte=1, duration_minutes__lte=1440),
                name="timeline_duration_within_a_day",
            ),
        ]
        indexes = [models.Index(fields=["case", "-occurred_at", "-id"], name="timeline_case_when")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_system(self) -> bool:
        """Written by the services (status changes and the like): never edited by hand."""
        return self.kind == TimelineKind.STATUS

    def editable_by(self, user_id: int | None, *, manages_case: bool) -> bool:
        """The row's own rule on top of the case's "work" permission: its author, or someone who
        manages the case (``case_decision(user, "manage", case)``), and never a system line."""
        if self.is_system:
            return False
        return manages_case or (user_id is not None and self.author_id == user_id)

    @property
    def interpreter_language_name(self) -> str:
        return language_name(self.interpreter_language) if self.interpreter_language else ""


class TaskStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class TaskQuerySet(models.QuerySet["Task"]):
    """Read queries on tasks; the "my work" page builds on ``open_for`` and ``due_by``."""

    def open(self) -> TaskQuerySet:
        return self.filter(status=TaskStatus.OPEN)

    def open_for(self, user: Any) -> TaskQuerySet:
        """The user's open tasks, soonest due first (undated last), with their cases.

        Uses the partial index ``task_open_by_assignee``. It does not check that the user still sees
        each case: a caller showing the tasks chains ``.filter(case__in=visible_cases(user))``."""
        return self.filter(status=TaskStatus.OPEN, assignee_id=user.pk).select_related("case", "case__client").by_due()

    def due_by(self, day: date) -> TaskQuerySet:
        """Open tasks due on or before ``day`` (so overdue ones too)."""
        return self.filter(status=TaskStatus.OPEN, due_on__lte=day)

    def overdue(self, today: date | None = None) -> TaskQuerySet:
        return self.filter(status=TaskStatus.OPEN, due_on__lt=today or timezone.localdate())

    def by_due(self) -> TaskQuerySet:
        """Soonest due first, undated last."""
        return self.order_by(F("due_on").asc(nulls_last=True), "pk")

    def closed(self) -> TaskQuerySet:
        """Done and cancelled, the latest first."""
        return self.exclude(status=TaskStatus.OPEN).order_by("-done_at", "-pk")


@pghistory.track()
class Task(Versioned):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=300)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_tasks", verbose_name=_("assignee")
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = TaskQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open", done_at__isnull=True) | (~Q(status="open") & Q(done_at__isnull=False)),
                name="task_done_at_matches_status",
            ),
        ]
        indexes = [
            models.Index(fields=["assignee", "due_on"], condition=Q(status="open"), name="task_open_by_assignee"),
            models.Index(fields=["case", "status"], name="task_case_status"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == TaskStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


@pghistory.track()
class RightsNotice(models.Model):
    """The victim was informed of their rights: when, in which language, by whom."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="rights_notices")
    informed_on = models.DateField(_("informed on"))
    language = models.CharField(_("language"), max_length=8)
    informed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    leaflet_given = models.BooleanField(_("leaflet given"), default=False)
    interpreter = models.CharField(_("interpreter"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-informed_on", "-pk"]
        constraints = [models.CheckConstraint(condition=Q(language__regex=r"^[a-z]{2,3}$"), name="rights_language")]

    def __str__(self) -> str:
        return f"{self.language} {self.informed_on}"

    @property
    def language_name(self) -> str:
        return language_name(self.language)


class ProceedingStage(models.TextChoices):
    PRE_TRIAL = "pre_trial", _("pre-trial investigation")
    PROSECUTION = "prosecution", _("with the prosecutor")
    COURT = "court", _("in court")
    APPEAL = "appeal", _("appeal")
    ENDED = "ended", _("ended")


@pghistory.track()
class Proceeding(Versioned):
    """Criminal proceedings the victim takes part in."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="proceedings")
    number = models.CharField(_("proceedings number"), max_length=40)
    investigating_body = models.CharField(_("investigating body"), max_length=200)
    investigator = models.CharField(_("investigator"), max_length=200, blank=True)
    prosecutor = models.CharField(_("prosecutor"), max_length=200, blank=True)
    stage = models.CharField(_("stage"), max_length=12, choices=ProceedingStage.choices)
    started_on = models.DateField(_("started on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-pk"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="proceeding_number_unique_in_case"),
            models.CheckConstraint(condition=~Q(number=""), name="proceeding_number_given"),
        ]

    def __str__(self) -> str:
        return self.number


@pghistory.track()
class Hearing(models.Model):
    proceeding = models.ForeignKey(Proceeding, on_delete=models.CASCADE, related_name="hearings")
    at = models.DateTimeField(_("when"))
    place = models.CharField(_("where"), max_length=200)
    kind = models.CharField(_("kind of hearing"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.at:%Y-%m-%d}"


@pghistory.track()
class InterviewParticipation(models.Model):
    """Taking part in the interview of a minor or a person of restricted legal capacity."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="interviews")
    on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    role = models.CharField(_("role in the interview"), max_length=200)
    participant = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"{self.role} {self.on}"
