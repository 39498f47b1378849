"""Forms of the administration pages. Choices are limited to what the acting user may see."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from tugi.accounts.models import Language, OrgUnit, Region, Role, Service, UnitKind


class VersionedForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class UserCreateForm(forms.Form):
    username = forms.RegexField(
        label=_("Username"),
        max_length=150,
        regex=r"^[a-z0-9._-]+$",
        error_messages={"invalid": _("Use lower-case letters, digits, dots, dashes and underscores.")},
    )
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Work phone"), max_length=32, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=OrgUnit.objects.none())
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=True),
        help_text=_("At least 12 characters. Give it to the person over a separate channel."),
    )

    def __init__(self, *args: Any, agencies: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies  # type: ignore[attr-defined]


class UserEditForm(VersionedForm):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Work phone"), max_length=32, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices)


class RoleAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    service = forms.ChoiceField(
        label=_("Service"),
        choices=[("", _("— not tied to a service —")), *Service.choices],
        required=False,
        help_text=_("Counsellors and service leads work in one service."),
    )
    unit = forms.ModelChoiceField(label=_("Unit or team"), queryset=OrgUnit.objects.none())

    def __init__(self, *args: Any, units: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]


class OrgUnitForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    parent = forms.ModelChoiceField(label=_("Belongs to"), queryset=OrgUnit.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)

    def __init__(self, *args: Any, parents: QuerySet[OrgUnit], allow_agency: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]
        if not allow_agency:
            self.fields["kind"].choices = [c for c in UnitKind.choices if c[0] != UnitKind.AGENCY]  # type: ignore[attr-defined]


class OrgUnitEditForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    parent = forms.ModelChoiceField(label=_("Belongs to"), queryset=OrgUnit.objects.none(), required=False)
    region = forms.ModelChoiceField(label=_("Region"), queryset=Region.objects.all(), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False)

    def __init__(self, *args: Any, parents: QuerySet[OrgUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents  # type: ignore[attr-defined]


class RegionForm(forms.Form):
    code = forms.SlugField(label=_("Code"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=120)


class UserFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or username"), required=False, max_length=100)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("Any")), *Role.choices], required=False)
    active = forms.ChoiceField(
        label=_("Status"), choices=[("1", _("Active")), ("0", _("Deactivated")), ("", _("Any"))], required=False
    )
