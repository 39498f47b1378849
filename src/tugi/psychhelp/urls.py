from django.urls import URLPattern

app_name = "psychhelp"

urlpatterns: list[URLPattern] = []
