"""Forms of the work recorded in a case: the timeline (its filter and one form per kind of entry),
tasks, rights notices, criminal proceedings, hearings and interviews.

Forms validate what a person typed; the views hand ``cleaned_data`` to the services. People to
choose (assignee, who informed, who took part) come from ``case_assignable_users``.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tugi.cases.models import (
    Hearing,
    InterviewParticipation,
    Proceeding,
    SessionType,
    Task,
    TimelineEntry,
    TimelineKind,
)
from tugi.core.widgets import DayInput, MomentInput

MAX_MINUTES = 1440  # a session or meeting is recorded per day

# A clock a few minutes fast, or a form opened just before saving, is not "the future".
FUTURE_SLACK = timedelta(minutes=5)

LANGUAGE_CODE = RegexValidator(
    r"^[a-z]{2,3}$", _("Write a two- or three-letter ISO language code in small letters, for example uk or vi.")
)


def now_to_the_minute() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def not_in_future(value: datetime) -> None:
    if value > timezone.now() + FUTURE_SLACK:
        raise forms.ValidationError(_("The time cannot be in the future."))


def date_not_in_future(value: date) -> None:
    if value > timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the future."))


def date_not_in_past(value: date) -> None:
    if value < timezone.localdate():
        raise forms.ValidationError(_("The date cannot be in the past."))


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Staff members by their names (the user model's own string is the username)."""

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.get_username())


def people_field(label: Any, people: QuerySet[Any], **kwargs: Any) -> PersonChoiceField:
    return PersonChoiceField(label=label, queryset=people, **kwargs)


# --- timeline: the filter --------------------------------------------------------------------------


class TimelineFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *TimelineKind.choices], required=False)
    session_type = forms.ChoiceField(
        label=_("Session type"), choices=[("", _("All")), *SessionType.choices], required=False
    )
    author = PersonChoiceField(label=_("Written by"), queryset=None, required=False, empty_label=_("Anyone"))
    date_from = forms.DateField(label=_("From"), required=False, widget=DayInput)
    date_to = forms.DateField(label=_("To"), required=False, widget=DayInput)

    def __init__(self, *args: Any, authors: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["author"].queryset = authors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data

    def apply(self, entries: QuerySet[TimelineEntry]) -> QuerySet[TimelineEntry]:
        """The entries matching a valid filter. Dates are days in the agency's time zone: bounds are
        computed here so the database compares plain timestamps (the timeline index stays usable)."""
        data = self.cleaned_data
        if data.get("kind"):
            entries = entries.filter(kind=data["kind"])
        if data.get("session_type"):
            entries = entries.filter(session_type=data["session_type"])
        if data.get("author"):
            entries = entries.filter(author=data["author"])
        zone = timezone.get_current_timezone()
        if data.get("date_from"):
            entries = entries.filter(occurred_at__gte=datetime.combine(data["date_from"], time.min, tzinfo=zone))
        if data.get("date_to"):
            end = datetime.combine(data["date_to"] + timedelta(days=1), time.min, tzinfo=zone)
            entries = entries.filter(occurred_at__lt=end)
        return entries


# --- timeline: one form per kind -------------------------------------------------------------------


class TimelineEntryForm(forms.ModelForm):  # type: ignore[type-arg]
    """The fields every kind has; each kind's form adds its own (``Meta.fields``), says which of them
    it requires and may relabel ``counterpart`` and ``title``."""

    required_fields: tuple[str, ...] = ()
    counterpart_label: Any = None
    title_label: Any = None

    class Meta:
        model = TimelineEntry
        fields = ["occurred_at", "title", "body"]
        widgets = {"occurred_at": MomentInput, "body": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_at"].validators.append(not_in_future)
        if not self.is_bound and not self.initial.get("occurred_at"):
            self.initial["occurred_at"] = now_to_the_minute()
        for name in self.required_fields:
            self.fields[name].required = True
        if self.counterpart_label and "counterpart" in self.fields:
            self.fields["counterpart"].label = self.counterpart_label
        if self.title_label:
            self.fields["title"].label = self.title_label
        if "duration_minutes" in self.fields:
            field = self.fields["duration_minutes"]
            field.validators += [MinValueValidator(1), MaxValueValidator(MAX_MINUTES)]
            field.widget.attrs.update(min=1, max=MAX_MINUTES)
        if "interpreter_language" in self.fields:
            field = self.fields["interpreter_language"]
            field.validators.append(LANGUAGE_CODE)
            field.help_text = _("If an interpreter took part: the language as an ISO code, for example ru.")

    def clean_interpreter_language(self) -> str:
        return str(self.cleaned_data.get("interpreter_language") or "").strip().lower()

    def to_values(self) -> dict[str, Any]:
        """What the service takes: the kind's fields, nothing else."""
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}


class SessionForm(TimelineEntryForm):
    required_fields = ("session_type", "mode", "duration_minutes")
    counterpart_label = _("Who else took part")
    title_label = _("Subject")

    class Meta(TimelineEntryForm.Meta):
        fields = [
            "occurred_at",
            "session_type",
            "mode",
            "duration_minutes",
            "interpreter_language",
            "counterpart",
            "title",
            "body",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        self.fields["title"].help_text = _("Optional: the session type is shown when left empty.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("title") and data.get("session_type"):
            data["title"] = str(SessionType(data["session_type"]).label).capitalize()
        return data


class AuthorityContactForm(TimelineEntryForm):
    required_fields = ("counterpart",)
    counterpart_label = _("Authority and contact person")
    title_label = _("Subject")

    class Meta(TimelineEntryForm.Meta):
        fields = ["occurred_at", "counterpart", "mode", "title", "body"]
        labels = {"mode": _("Channel")}


class MeetingForm(TimelineEntryForm):
    counterpart_label = _("Participants")
    title_label = _("Subject")

    class Meta(TimelineEntryForm.Meta):
        fields = ["occurred_at", "counterpart", "duration_minutes", "interpreter_language", "title", "body"]


class DocumentForm(TimelineEntryForm):
    counterpart_label = _("From or to whom")
    title_label = _("Document")

    class Meta(TimelineEntryForm.Meta):
        fields = ["occurred_at", "counterpart", "title", "body"]


class NoteForm(TimelineEntryForm):
    class Meta(TimelineEntryForm.Meta):
        fields = ["occurred_at", "title", "body"]


# STATUS is absent on purpose: those lines are written by the services.
ENTRY_FORMS: dict[str, type[TimelineEntryForm]] = {
    TimelineKind.SESSION: SessionForm,
    TimelineKind.AUTHORITY: AuthorityContactForm,
    TimelineKind.MEETING: MeetingForm,
    TimelineKind.DOCUMENT: DocumentForm,
    TimelineKind.NOTE: NoteForm,
}


def entry_form_class(kind: str, *, versioned: bool = False) -> type[TimelineEntryForm] | None:
    base = ENTRY_FORMS.get(kind)
    if base is None or not versioned:
        return base
    return type(f"Edit{base.__name__}", (base,), {"version": forms.IntegerField(widget=forms.HiddenInput)})


# --- tasks ---------------------------------------------------------------------------------------


class TaskForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Task
        fields = ["title", "due_on", "assignee"]
        widgets = {"due_on": DayInput}

    def __init__(self, *args: Any, people: QuerySet[Any], keep_due_on: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keep_due_on = keep_due_on
        self.fields["assignee"] = people_field(_("Assignee"), people)
        self.fields["assignee"].help_text = _("Someone who works with this case.")

    def clean_due_on(self) -> date | None:
        due_on: date | None = self.cleaned_data.get("due_on")
        # An overdue task may be edited without moving its date; a new or moved date is never past.
        if due_on is not None and due_on != self.keep_due_on:
            date_not_in_past(due_on)
        return due_on


class TaskEditForm(TaskForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- rights --------------------------------------------------------------------------------------

OTHER = "other"


class RightsNoticeForm(forms.Form):
    informed_on = forms.DateField(label=_("Informed on"), validators=[date_not_in_future], widget=DayInput)
    language = forms.ChoiceField(
        label=_("Language"),
        choices=[("et", _("Estonian")), ("en", _("English")), ("ru", _("Russian")), (OTHER, _("Another language"))],
    )
    other_language = forms.CharField(
        label=_("Other language"),
        max_length=3,
        required=False,
        validators=[LANGUAGE_CODE],
        help_text=_("For another language: its ISO code, for example uk."),
    )
    informed_by = PersonChoiceField(label=_("Informed by"), queryset=None)
    leaflet_given = forms.BooleanField(label=_("The rights leaflet was given"), required=False)
    interpreter = forms.CharField(
        label=_("Interpreter"), max_length=200, required=False, help_text=_("Name, or the interpreting service.")
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["informed_by"] = people_field(_("Informed by"), people)
        if not self.is_bound and "informed_on" not in self.initial:
            self.initial["informed_on"] = timezone.localdate()

    def clean_other_language(self) -> str:
        return str(self.cleaned_data.get("other_language") or "").strip().lower()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("language") == OTHER:
            if not data.get("other_language"):
                if "other_language" not in self.errors:
                    self.add_error("other_language", _("Give the language's ISO code."))
            else:
                data["language"] = data["other_language"]
        return data


# --- criminal proceedings --------------------------------------------------------------------------


class ProceedingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Proceeding
        fields = ["number", "investigating_body", "investigator", "prosecutor", "stage", "started_on", "note"]
        widgets = {"started_on": DayInput, "note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "number": _("As the investigating body gives it, for example 24230100123."),
            "investigating_body": _("For example: Police and Border Guard Board, Central Criminal Police."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].validators.append(date_not_in_future)

    def clean_number(self) -> str:
        return " ".join(str(self.cleaned_data.get("number") or "").split())

    def validate_unique(self) -> None:
        """The number is checked by the service, which knows the case."""


class ProceedingEditForm(ProceedingForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class HearingForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Hearing
        fields = ["at", "place", "kind", "note"]
        widgets = {"at": MomentInput, "note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"kind": _("For example: preliminary hearing, court session, hearing of the victim.")}


class InterviewForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = InterviewParticipation
        fields = ["on", "place", "role", "participant", "note"]
        widgets = {"on": DayInput, "note": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"role": _("For example: support person, child protection specialist, observer.")}

    def __init__(self, *args: Any, people: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"] = people_field(_("Who took part"), people)
