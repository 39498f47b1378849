"""The shell's pages: my work, language switch, health check and the translated error pages."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tugi.access import policies as access
from tugi.access.base import REGISTRY, NotVisible
from tugi.access.policies_cases import can_open_cases
from tugi.access.roles import held_roles
from tugi.accounts import selectors as accounts_selectors
from tugi.accounts import services as accounts_services
from tugi.cases import selectors as cases_selectors


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    since = timezone.now() - timedelta(days=7)
    grants = access.visible_grants(user).select_related("grantee")
    context = {
        "roles": accounts_selectors.role_summary(held_roles(user)),
        "notices": access.visible_notifications(user).unread()[:5],
        "my_grants": grants.in_force().filter(grantee_id=user.pk)[:10],
        "emergencies": grants.filter(kind="emergency", created_at__gte=since).exclude(grantee_id=user.pk)[:10]
        if access.can_give_grants(user) or access.can_view_audit(user)
        else [],
        "can_manage": access.can_manage_accounts(user),
        "can_audit": access.can_view_audit(user),
        # My cases, tasks and deadlines: for case workers and volunteers (named on cases), not for
        # staff whose roles never reach a case (administrators, data protection officers).
        "work": cases_selectors.my_work(user, timezone.localdate())
        if can_open_cases(user) or not access.is_staff(user)
        else None,
        "can_open_cases": can_open_cases(user),
        "service_warning_days": settings.TUGI_SERVICE_PERIOD_WARNING_DAYS,
        "reflection_warning_days": settings.TUGI_REFLECTION_WARNING_DAYS,
    }
    return render(request, "core/home.html", context)


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest("unknown language")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    if request.user.is_authenticated:
        accounts_services.user_set_language(user=request.user, language=language)
    translation.activate(language)
    response = HttpResponseRedirect(target)
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=365 * 24 * 3600, samesite="Lax")
    return response


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the load balancer: the app answers and reaches its database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    reason = str(exception) if exception and str(exception) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    emergency = None
    if isinstance(exception, NotVisible) and request.user.is_authenticated:
        policy = REGISTRY.get(exception.kind)
        if policy is not None and policy.personal_data and policy.may_break_glass(request.user):
            emergency = {"kind": exception.kind, "pk": exception.pk}
    return render(request, "404.html", {"emergency": emergency}, status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
