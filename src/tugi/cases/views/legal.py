"""Placeholder: filled in by the legal slice of issue 3."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
