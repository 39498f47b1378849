"""Forms of identification and assessments. Dates are typed dd.mm.yyyy; every error keeps the input."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import User
from tugi.assessments.models import (
    ActionStatus,
    Dimension,
    Exploitation,
    GoalStatus,
    Indicator,
    NeedDomain,
    NeedLevel,
    RiskAssessmentLevel,
    RiskFactor,
    Strength,
    Target,
)
from tugi.core.widgets import DayInput


def date_field(label: Any, *, required: bool = True, help_text: Any = "", initial: Any = None) -> forms.DateField:
    widget = DayInput()
    return forms.DateField(label=label, required=required, widget=widget, help_text=help_text, initial=initial)


def check_not_future(form: forms.Form, field: str) -> date | None:
    value: date | None = form.cleaned_data.get(field)
    if value is not None and value > timezone.localdate():
        form.add_error(field, _("The date cannot be later than today."))
    return value


def check_review_after(form: forms.Form, review_field: str, value: date | None) -> None:
    review: date | None = form.cleaned_data.get(review_field)
    if review is not None and value is not None and review < value:
        form.add_error(review_field, _("The review cannot be before the assessment."))


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


# --- Reference data ------------------------------------------------------------------------------


class IndicatorTextsForm(forms.Form):
    strength = forms.ChoiceField(label=_("Strength"), choices=Strength.choices)
    text_et = forms.CharField(label=_("Text in Estonian"), max_length=300)
    text_en = forms.CharField(label=_("Text in English"), max_length=300)
    text_ru = forms.CharField(label=_("Text in Russian"), max_length=300)
    order = forms.IntegerField(label=_("Order in the list"), min_value=0, max_value=999, initial=99)


class IndicatorNewForm(IndicatorTextsForm):
    target = forms.ChoiceField(label=_("Person"), choices=Target.choices)
    exploitation = forms.ChoiceField(label=_("Exploitation"), choices=Exploitation.choices)
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    field_order = ["target", "exploitation", "dimension", "strength", "text_et", "text_en", "text_ru", "order"]


class IndicatorEditForm(IndicatorTextsForm, VersionedForm):
    active = forms.BooleanField(
        label=_("In use"),
        required=False,
        help_text=_("An indicator no longer in use is left off new screenings; past screenings keep it."),
    )


# --- Screening -----------------------------------------------------------------------------------


class ScreeningSetForm(forms.Form):
    """Step one: which list of indicators (chosen with a GET, so it works without JavaScript)."""

    target = forms.ChoiceField(label=_("The person is"), choices=Target.choices, widget=forms.RadioSelect)
    exploitation = forms.ChoiceField(label=_("Exploitation"), choices=Exploitation.choices, widget=forms.RadioSelect)


class ScreeningForm(forms.Form):
    target = forms.ChoiceField(choices=Target.choices, widget=forms.HiddenInput)
    exploitation = forms.ChoiceField(choices=Exploitation.choices, widget=forms.HiddenInput)
    screened_on = date_field(_("Screened on"))
    indicators = forms.TypedMultipleChoiceField(label=_("Indicators"), coerce=int, required=False)
    none_observed = forms.BooleanField(
        label=_("None of these indicators applies"),
        required=False,
        help_text=_("Tick this to record a screening in which no indicator was found."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def __init__(self, *args: Any, offered: QuerySet[Indicator], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicators"].choices = [(i.pk, i.text) for i in offered]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        check_not_future(self, "screened_on")
        if "indicators" in data:
            ticked, none = data["indicators"], data.get("none_observed")
            if not ticked and not none:
                self.add_error(
                    "indicators",
                    _("Tick the indicators found, or tick “None of these indicators applies” if there are none."),
                )
            if ticked and none:
                self.add_error("none_observed", _("You ticked indicators and also that none applies. Choose one."))
        return data


# --- Needs assessment ----------------------------------------------------------------------------


class NeedsForm(forms.Form):
    assessed_on = date_field(_("Assessed on"))
    next_review_on = date_field(_("Next review"), required=False)
    note = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        level_choices = [("", _("not assessed")), *NeedLevel.choices]
        for domain, label in NeedDomain.choices:
            self.fields[f"level_{domain}"] = forms.ChoiceField(label=label, choices=level_choices, required=False)
            self.fields[f"note_{domain}"] = forms.CharField(
                label=_("Note: %(domain)s") % {"domain": label}, required=False, max_length=2000
            )

    def domain_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        return [(str(label), self[f"level_{d}"], self[f"note_{d}"]) for d, label in NeedDomain.choices]

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        assessed_on = check_not_future(self, "assessed_on")
        check_review_after(self, "next_review_on", assessed_on)
        if not self.items():
            self.add_error(None, _("Assess at least one area of need."))
        for domain in NeedDomain.values:
            if data.get(f"note_{domain}") and not data.get(f"level_{domain}"):
                self.add_error(f"level_{domain}", _("Choose the level of need for the note you wrote."))
        return data

    def items(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            d: (data[f"level_{d}"], data.get(f"note_{d}", "").strip())
            for d in NeedDomain.values
            if data.get(f"level_{d}")
        }


# --- Safety-risk assessment ----------------------------------------------------------------------


class RiskForm(forms.Form):
    assessed_on = date_field(_("Assessed on"))
    factors = forms.MultipleChoiceField(
        label=_("Risk factors found"), choices=RiskFactor.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    level = forms.ChoiceField(
        label=_("Risk level"),
        choices=RiskAssessmentLevel.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("You decide the level; the suggestion from the factors is only a help."),
    )
    note = forms.CharField(label=_("Notes"), widget=forms.Textarea(attrs={"rows": 4}), required=False)
    next_review_on = date_field(_("Next review"), required=False)

    def __init__(self, *args: Any, saving: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.saving = saving

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        assessed_on = check_not_future(self, "assessed_on")
        check_review_after(self, "next_review_on", assessed_on)
        if self.saving and not data.get("level"):
            self.add_error("level", _("Choose the risk level."))
        return data


# --- Action plan ---------------------------------------------------------------------------------


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Goal"), max_length=300)
    domain = forms.ChoiceField(label=_("Area"), choices=[("", "—"), *NeedDomain.choices], required=False)
    review_on = date_field(_("Review on"), required=False)


class GoalEditForm(GoalForm, VersionedForm):
    status = forms.ChoiceField(label=_("Status"), choices=GoalStatus.choices)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action to take"), max_length=300)
    responsible = forms.ModelChoiceField(label=_("Responsible"), queryset=User.objects.none())
    due_on = date_field(_("Due on"), required=False)

    def __init__(self, *args: Any, workers: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = workers  # type: ignore[attr-defined]


class ActionStatusForm(VersionedForm):
    status = forms.ChoiceField(choices=ActionStatus.choices)
