"""Forms of the safe-accommodation pages. Choices are limited to what the acting user may use."""

from __future__ import annotations

from typing import Any

import phonenumbers
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import Region
from tugi.core.widgets import DayInput
from tugi.shelters.models import AccommodationPlace, Suitability

NOTE_MAX = 4000


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


def e164(value: str) -> str:
    """A phone number as typed (Estonian by default) → E.164, or a clear error."""
    value = value.strip()
    if not value:
        return ""
    try:
        number = phonenumbers.parse(value, "EE")
    except phonenumbers.NumberParseException as exc:
        raise forms.ValidationError(_("Enter a phone number, for example +372 5123 4567.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise forms.ValidationError(_("This is not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


class PlaceForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    provider = forms.CharField(label=_("Service provider"), max_length=200)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    capacity = forms.IntegerField(label=_("Beds"), min_value=1, max_value=1000)
    address = forms.CharField(
        label=_("Address"),
        max_length=300,
        help_text=_("Shown only to those who take people there: counsellors, service leads, unit heads."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    suitable_for = forms.MultipleChoiceField(
        label=_("Suitable for"), choices=Suitability.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=NOTE_MAX)

    def clean_name(self) -> str:
        name = str(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Give the place a name."))
        return name

    def clean_phone(self) -> str:
        return e164(self.cleaned_data["phone"])

    def clean_suitable_for(self) -> list[str]:
        chosen = set(self.cleaned_data["suitable_for"])
        return [value for value in Suitability.values if value in chosen]


class PlaceEditForm(VersionedForm, PlaceForm):
    is_active = forms.BooleanField(
        label=_("Takes people"), required=False, help_text=_("Untick to stop new placements here.")
    )


class PlaceFilterForm(forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"), queryset=Region.objects.all(), required=False, empty_label=_("All regions")
    )
    free = forms.BooleanField(label=_("Only with free beds now"), required=False)


class PlacementForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=AccommodationPlace.objects.none())
    starts_on = forms.DateField(label=_("Moves in on"), widget=DayInput())
    ends_on = forms.DateField(
        label=_("Moves out on"),
        required=False,
        widget=DayInput(),
        help_text=_("The day the person leaves; their bed is free from that day. Leave empty if not known."),
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=NOTE_MAX)

    def __init__(self, *args: Any, places: QuerySet[AccommodationPlace], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places  # type: ignore[attr-defined]
        self.fields["place"].label_from_instance = _place_label  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The move-out date cannot be before the move-in date."))
        return data


def _place_label(place: AccommodationPlace) -> str:
    free = getattr(place, "free", None)
    if free is None:
        return str(place)
    return gettext("%(name)s (%(free)s of %(beds)s beds free now)") % {
        "name": place.name,
        "free": max(free, 0),
        "beds": place.capacity,
    }


class PlacementEditForm(VersionedForm, PlacementForm):
    pass


class PlacementEndForm(VersionedForm):
    ends_on = forms.DateField(label=_("Moved out on"), widget=DayInput())
    ended_note = forms.CharField(
        label=_("Why the stay ended"), widget=forms.Textarea, required=False, max_length=NOTE_MAX
    )

    def __init__(self, *args: Any, starts_on: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starts_on = starts_on

    def clean_ends_on(self) -> Any:
        ends = self.cleaned_data["ends_on"]
        if ends < self.starts_on:
            raise forms.ValidationError(_("The move-out date cannot be before the move-in date."))
        return ends
