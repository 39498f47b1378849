"""Grants in Django admin: read-only; grants are given and revoked on Tugi's pages (audited)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from tugi.access.models import AccessGrant

if TYPE_CHECKING:
    _Admin = admin.ModelAdmin[AccessGrant]
else:  # ModelAdmin is generic only in the type stubs
    _Admin = admin.ModelAdmin


@admin.register(AccessGrant)
class AccessGrantAdmin(_Admin):
    list_display = ["kind", "grantee", "target_type", "target_id", "valid_until", "granted_by", "revoked_at"]
    list_filter = ["kind"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
