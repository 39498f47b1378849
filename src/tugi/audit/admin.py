"""The audit trail in Django admin: read-only (the database refuses changes anyway)."""

from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.http import HttpRequest

from tugi.audit.models import AuditEvent

if TYPE_CHECKING:
    _Admin = admin.ModelAdmin[AuditEvent]
else:  # ModelAdmin is generic only in the type stubs
    _Admin = admin.ModelAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(_Admin):
    list_display = ["seq", "at", "action", "actor_label", "object_type", "object_id", "flagged"]
    list_filter = ["kind", "flagged"]
    search_fields = ["action"]
    show_full_result_count = False

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
