from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from tugi.access import policies as access
from tugi.core.pagination import keyset_page
from tugi.notifications.services import notification_mark_read


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    page = keyset_page(
        access.visible_notifications(request.user),
        order=["-created_at", "-id"],
        cursor=request.GET.get("after"),
        size=50,
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notice = access.get_notification_for(request.user, pk)
    notification_mark_read(notification=notice)
    if notice.url and url_has_allowed_host_and_scheme(notice.url, allowed_hosts={request.get_host()}):
        return redirect(notice.url)
    return redirect("notifications:list")
