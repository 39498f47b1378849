"""Django admin for the installation's superusers. Daily administration uses Tugi's own pages."""
# mypy: disable-error-code="type-arg"

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tugi.accounts.models import OrgUnit, Region, RoleAssignment, User


class RoleInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "service", "unit"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "agency", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo", "agency"]
    fieldsets = (*BaseUserAdmin.fieldsets, ("Tugi", {"fields": ["language", "phone", "agency"]}))  # type: ignore[misc]
    inlines = [RoleInline]


@admin.register(OrgUnit)
class OrgUnitAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "parent", "region", "is_active", "path"]
    list_filter = ["kind", "is_active"]
    # The parent is read-only here: moving re-roots the subtree's paths, which only Tugi's page does.
    readonly_fields = ["path", "parent", "kind"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False  # paths are kept by accounts.services.org_unit_create; use Tugi's page


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]


# Django admin's own login would skip the second factor: send it through allauth's login (and MFA).
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
