from django.urls import path

from tugi.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("i18n/language/", views.set_language, name="set_language"),
    path("healthz", views.healthz, name="healthz"),
]
