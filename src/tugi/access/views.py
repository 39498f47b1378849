"""Access grants and emergency access pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from tugi.access import policies as access
from tugi.access import services
from tugi.access.base import REGISTRY, NotVisible
from tugi.access.forms import EmergencyForm, GrantForm
from tugi.core.pagination import keyset_page


def _grant_kinds() -> list[tuple[str, str]]:
    return [(kind, str(p.model._meta.verbose_name)) for kind, p in sorted(REGISTRY.items()) if p.personal_data]


@login_required
def grant_list(request: HttpRequest) -> HttpResponse:
    if not access.is_staff(request.user):
        raise PermissionDenied(_("Access grants are for staff members."))
    grants = access.visible_grants(request.user).select_related("grantee", "granted_by", "revoked_by")
    if request.GET.get("kind") in {"grant", "emergency"}:
        grants = grants.filter(kind=request.GET["kind"])
    page = keyset_page(grants, order=["-created_at", "-id"], cursor=request.GET.get("after"), size=50)
    return render(
        request,
        "access/grant_list.html",
        {"page": page, "can_grant": access.can_give_grants(request.user), "kind": request.GET.get("kind", "")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def grant_new(request: HttpRequest) -> HttpResponse:
    if not access.can_give_grants(request.user):
        raise PermissionDenied(_("Only unit heads and administrators grant access."))
    grantees = access.visible_users(request.user).filter(is_active=True)
    form = GrantForm(request.POST or None, grantees=grantees, kinds=_grant_kinds())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_create(
                granter=request.user,  # type: ignore[arg-type]
                grantee=data["grantee"],
                kind=data["kind"],
                target_id=data["target_id"],
                reason=data["reason"],
                valid_until=data["valid_until"],
            )
        except NotVisible:
            form.add_error("target_id", _("No such record within your access."))
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Access granted. The person has been told."))
            return redirect("access:grant_list")
    return render(
        request,
        "core/form_page.html",
        {
            "form": form,
            "title": _("Grant access"),
            "intro": _(
                "A grant lets one person open one record until the given time. It is recorded in the audit trail."
            ),
            "submit_label": _("Grant access"),
            "cancel_url": reverse("access:grant_list"),
        },
    )


@login_required
@require_POST
def grant_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    grant = access.get_grant_for(request.user, pk, "revoke")
    services.grant_revoke(actor=request.user, grant=grant)  # type: ignore[arg-type]
    messages.success(request, _("Access revoked."))
    return redirect("access:grant_list")


@login_required
@require_http_methods(["GET", "POST"])
def emergency(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Break the glass. The form reveals nothing about the record until a reason is given."""
    policy = REGISTRY.get(kind)
    if policy is None or not policy.personal_data:
        raise NotVisible(kind, pk)
    decision = policy.may_break_glass(request.user)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = EmergencyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            grant, url = services.emergency_access_open(
                user=request.user,  # type: ignore[arg-type]
                kind=kind,
                target_id=pk,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            form.add_error("reason", exc)
        else:
            if grant is None:
                messages.info(request, _("This record is within your access: no emergency access was needed."))
            else:
                messages.warning(request, _("Emergency access is open and recorded. Your unit head has been told."))
            return redirect(url)
    return render(
        request, "access/emergency.html", {"form": form, "kind_label": policy.model._meta.verbose_name, "pk": pk}
    )
