from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from core import second_factor
from core.audit import audit_record, field_changes
from core.models import AuditEvent, Job, Territory, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + ((_("Territorial scope"), {"fields": ("territories", "phone")}),)
    filter_horizontal = ("groups", "user_permissions", "territories")
    list_display = ("username", "first_name", "last_name", "email", "is_active", "last_login")
    list_filter = ("groups", "is_active")
    actions = ["reset_second_factor"]

    @admin.action(description=_("Reset the second factor (they set it up again at next login)"), permissions=["change"])
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            second_factor.second_factor_reset(user=user, actor=request.user)
        self.message_user(
            request,
            _("Second factor reset for %(count)s user(s): app, passkeys and recovery codes removed.")
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        self._before = {}
        if change:
            old = User.objects.get(pk=obj.pk)
            self._before = {f: getattr(old, f) for f in self.AUDITED_FIELDS}
            self._before["roles"] = sorted(old.groups.values_list("name", flat=True))
            self._before["territories"] = sorted(old.territories.values_list("name", flat=True))
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        after = {f: getattr(user, f) for f in self.AUDITED_FIELDS}
        after["roles"] = sorted(user.groups.values_list("name", flat=True))
        after["territories"] = sorted(user.territories.values_list("name", flat=True))
        changes = field_changes(self._before, after) if change else {k: [None, v] for k, v in after.items()}
        if changes:
            audit_record(
                actor=request.user,
                action=AuditEvent.Action.UPDATE if change else AuditEvent.Action.CREATE,
                obj=user,
                changes=changes,
            )

    AUDITED_FIELDS = ("username", "first_name", "last_name", "email", "is_active", "is_staff", "is_superuser")


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    raw_id_fields = ("parent",)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit log is append-only everywhere, the admin included."""

    list_display = ("created_at", "actor_username", "action", "shown_object_repr", "source", "ip_address")
    list_filter = ("action", "source")
    search_fields = ("actor_username", "object_repr", "object_id")

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("personal_values")

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
