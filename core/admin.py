from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core.models import AuditEvent, Job, Territory, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Territorial scope"), {"fields": ("territories", "phone")}),)
    filter_horizontal = ("groups", "user_permissions", "territories")
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    list_filter = ("groups", "is_active")


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only everywhere, the admin included."""

    list_display = ("created_at", "actor_username", "action", "object_repr", "source", "ip_address")
    list_filter = ("action", "source")
    search_fields = ("actor_username", "object_repr", "object_id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "status", "done", "total", "attempts", "created_at")
    list_filter = ("kind", "status")
    readonly_fields = [f.name for f in Job._meta.fields]
