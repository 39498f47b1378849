from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("tugi.core.urls")),
    path("accounts/", include("allauth.urls")),
    path("", include("tugi.accounts.urls")),
    path("access/", include("tugi.access.urls")),
    path("audit/", include("tugi.audit.urls")),
    path("notifications/", include("tugi.notifications.urls")),
    path("clients/", include("tugi.clients.urls")),
    path("cases/", include("tugi.cases.urls")),
    path("cases/", include("tugi.assessments.urls")),
    path("", include("tugi.shelters.urls")),
    path("", include("tugi.psychhelp.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "tugi.core.views.permission_denied"
handler404 = "tugi.core.views.page_not_found"
handler500 = "tugi.core.views.server_error"
