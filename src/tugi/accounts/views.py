"""Administration of staff accounts, roles and the organisation; the user's own profile."""

from __future__ import annotations

from allauth.mfa.models import Authenticator
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access import policies as access
from tugi.accounts import services
from tugi.accounts.forms import (
    OrgUnitEditForm,
    OrgUnitForm,
    RegionForm,
    RoleAssignForm,
    UserCreateForm,
    UserEditForm,
    UserFilterForm,
)
from tugi.accounts.models import Region, RoleAssignment, UnitKind, User
from tugi.accounts.selectors import org_tree
from tugi.audit import services as audit
from tugi.audit.models import EventKind
from tugi.core.models import StaleVersion
from tugi.core.pagination import keyset_page

PAGE_SIZE = 50


def _apply_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError on the form, field by field, keeping the user's input."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    profile = access.get_user_for(request.user, request.user.pk, "view")
    return render(
        request, "accounts/me.html", {"profile": profile, "roles": profile.role_assignments.select_related("unit")}
    )


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    form = UserFilterForm(request.GET or None)
    users = access.visible_users(request.user).select_related("agency")
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            for word in q.split():
                users = users.filter(
                    Q(first_name__icontains=word) | Q(last_name__icontains=word) | Q(username__icontains=word)
                )
        if form.cleaned_data["role"]:
            users = users.filter(role_assignments__role=form.cleaned_data["role"]).distinct()
        if form.cleaned_data["active"] in {"0", "1"}:
            users = users.filter(is_active=form.cleaned_data["active"] == "1")
    else:
        users = users.filter(is_active=True)
    page = keyset_page(users, order=["username"], cursor=request.GET.get("after"), size=PAGE_SIZE)
    if form.is_valid() and form.cleaned_data["q"].strip():
        audit.record(
            "accounts.user.searched",
            actor=request.user,
            kind=EventKind.READ,
            data={"q": form.cleaned_data["q"].strip()[:100], "hits": [u.pk for u in page.items]},
        )
    params = request.GET.copy()
    params.pop("after", None)
    return render(
        request,
        "accounts/user_list.html",
        {
            "form": form,
            "page": page,
            "params": params.urlencode(),
            "can_create": access.can_manage_accounts(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_new(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied(_("Only an administrator can create staff accounts."))
    agencies = access.visible_org_units(request.user).filter(kind=UnitKind.AGENCY)
    form = UserCreateForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_create(
                actor=request.user,  # type: ignore[arg-type]
                username=data["username"],
                password=data["password"],
                agency=data["agency"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                phone=data["phone"],
                language=data["language"],
            )
        except ValidationError as exc:
            if not hasattr(exc, "error_dict"):
                exc = ValidationError({"password": exc.messages})
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Account created. Now give the person a role."))
            return redirect("accounts:user_detail", user.pk)
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": _("New staff account"), "cancel_url": reverse("accounts:user_list")},
    )


def _render_detail(
    request: HttpRequest, profile: User, role_form: RoleAssignForm | None, status: int = 200
) -> HttpResponse:
    can_roles = access.USERS.decide(request.user, "roles", profile).allowed
    if can_roles and role_form is None:
        role_form = RoleAssignForm(units=access.visible_org_units(request.user).filter(is_active=True))
    context = {
        "profile": profile,
        "roles": profile.role_assignments.select_related("unit"),
        "can_edit": access.USERS.decide(request.user, "edit", profile).allowed,
        "can_roles": can_roles,
        "role_form": role_form if can_roles else None,
        "has_mfa": Authenticator.objects.filter(user_id=profile.pk).exists(),
    }
    return render(request, "accounts/user_detail.html", context, status=status)


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_detail(request, access.get_user_for(request.user, pk, "view"), None)


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access.get_user_for(request.user, pk, "edit")
    initial = {k: getattr(profile, k) for k in services.USER_EDITABLE} | {"version": profile.version}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_update(
                actor=request.user,  # type: ignore[arg-type]
                user=profile,
                expected_version=data["version"],
                changes={k: data[k] for k in services.USER_EDITABLE},
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:user_detail", profile.pk)
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Edit %(name)s") % {"name": profile},
            "cancel_url": reverse("accounts:user_detail", args=[profile.pk]),
        },
    )


@login_required
@require_POST
def user_set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    profile = access.get_user_for(request.user, pk, "deactivate")
    services.user_set_active(actor=request.user, user=profile, active=active)  # type: ignore[arg-type]
    if active:
        messages.success(request, _("The account is active again."))
    else:
        messages.success(request, _("The account is deactivated and its sessions have ended."))
    return redirect("accounts:user_detail", profile.pk)


@login_required
@require_POST
def role_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = access.get_user_for(request.user, pk, "roles")
    units = access.visible_org_units(request.user).filter(is_active=True)
    form = RoleAssignForm(request.POST, units=units)
    if form.is_valid():
        unit = access.get_org_unit_for(request.user, form.cleaned_data["unit"].pk, "edit")
        try:
            services.role_assign(
                actor=request.user,  # type: ignore[arg-type]
                user=profile,
                role=form.cleaned_data["role"],
                unit=unit,
                service=form.cleaned_data["service"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Role added."))
            return redirect("accounts:user_detail", profile.pk)
    return _render_detail(request, profile, form, status=400)


@login_required
@require_POST
def role_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    profile = access.get_user_for(request.user, pk, "roles")
    assignment = RoleAssignment.objects.filter(pk=assignment_pk, user=profile).select_related("unit", "user").first()
    if assignment is None:
        raise Http404("role assignment")
    access.get_org_unit_for(request.user, assignment.unit_id, "edit")
    services.role_remove(actor=request.user, assignment=assignment)  # type: ignore[arg-type]
    messages.success(request, _("Role removed."))
    return redirect("accounts:user_detail", profile.pk)


@login_required
def org(request: HttpRequest) -> HttpResponse:
    if not access.is_staff(request.user):
        raise PermissionDenied(_("The organisation is shown to staff members."))
    units = access.visible_org_units(request.user).select_related("region")
    return render(
        request,
        "accounts/org.html",
        {
            "tree": org_tree(units),
            "can_manage": access.can_manage_accounts(request.user),
            "regions": Region.objects.all(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_new(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied(_("Only an administrator can change the organisation."))
    parents = access.visible_org_units(request.user).exclude(kind=UnitKind.TEAM)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent", "").isdigit() else {}
    form = OrgUnitForm(request.POST or None, initial=initial, parents=parents, allow_agency=request.user.is_superuser)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        parent = data["parent"]
        if parent is not None:
            access.get_org_unit_for(request.user, parent.pk, "add_child")
        try:
            services.org_unit_create(
                actor=request.user,  # type: ignore[arg-type]
                name=data["name"],
                kind=data["kind"],
                parent=parent,
                region=data["region"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Unit added."))
            return redirect("accounts:org")
    return render(
        request, "core/form_page.html", {"cancel_url": reverse("accounts:org"), "form": form, "title": _("New unit")}
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.get_org_unit_for(request.user, pk, "edit")
    parents = access.visible_org_units(request.user).exclude(kind=UnitKind.TEAM).exclude(path__startswith=unit.path)
    initial = {"name": unit.name, "parent": unit.parent_id, "region": unit.region_id, "is_active": unit.is_active}
    form = OrgUnitEditForm(request.POST or None, initial=initial | {"version": unit.version}, parents=parents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.org_unit_update(
                actor=request.user,  # type: ignore[arg-type]
                unit=unit,
                expected_version=data["version"],
                name=data["name"],
                parent=data["parent"],
                region=data["region"],
                is_active=data["is_active"],
            )
        except StaleVersion as exc:
            form.add_error(None, exc.message)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("accounts:org")
    return render(
        request,
        "core/form_page.html",
        {"cancel_url": reverse("accounts:org"), "form": form, "title": _("Edit %(name)s") % {"name": unit.name}},
    )


@login_required
@require_http_methods(["GET", "POST"])
def region_new(request: HttpRequest) -> HttpResponse:
    if not access.can_manage_accounts(request.user):
        raise PermissionDenied(_("Only an administrator can change the organisation."))
    form = RegionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.region_create(actor=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Region added."))
            return redirect("accounts:org")
    return render(
        request, "core/form_page.html", {"cancel_url": reverse("accounts:org"), "form": form, "title": _("New region")}
    )
