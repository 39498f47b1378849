"""The audit trail in Django admin: read-only (the database refuses changes anyway)."""

from django.contrib import admin

from tugi.audit.models import AuditEvent
from tugi.core.admin import ReadOnlyAdmin


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["seq", "at", "action", "actor_label", "object_type", "object_id", "flagged"]
    list_filter = ["kind", "flagged"]
    search_fields = ["action"]
    show_full_result_count = False
