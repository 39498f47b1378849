"""Grants in Django admin: read-only; grants are given and revoked on Tugi's pages (audited)."""

from django.contrib import admin

from tugi.access.models import AccessGrant
from tugi.core.admin import ReadOnlyAdmin


@admin.register(AccessGrant)
class AccessGrantAdmin(ReadOnlyAdmin):
    list_display = ["kind", "grantee", "target_type", "target_id", "valid_until", "granted_by", "revoked_at"]
    list_filter = ["kind"]
