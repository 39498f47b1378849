"""Shared pieces of the Django admin."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

if TYPE_CHECKING:
    _Admin = admin.ModelAdmin[Any]
else:  # ModelAdmin is generic only in the type stubs
    _Admin = admin.ModelAdmin


class ReadOnlyAdmin(_Admin):
    """For records changed only through Tugi's audited services: the admin shows, never edits."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
