from django.urls import path

from tugi.access import views

app_name = "access"

urlpatterns = [
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/new/", views.grant_new, name="grant_new"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("emergency/<str:kind>/<int:pk>/", views.emergency, name="emergency"),
]
