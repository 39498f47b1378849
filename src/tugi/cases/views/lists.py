"""Placeholder: filled in by the lists slice of issue 3."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
