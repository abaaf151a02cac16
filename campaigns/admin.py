"""Field work in the Django admin: read only and scoped. Every change goes through the pages and
their services (role, territory, audit); contacts and attempts are personal data and stay on the
audited pages."""

from django.contrib import admin

from campaigns.models import Campaign, Turf, WalkList


class ReadOnlyScopedAdmin(admin.ModelAdmin):
    """The rows the user may see (the model's `visible_to`), never written from here."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Campaign)
class CampaignAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "kind", "territory", "election", "is_active", "created_at"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name"]
    list_select_related = ["territory", "election"]


@admin.register(Turf)
class TurfAdmin(ReadOnlyScopedAdmin):
    list_display = ["name", "campaign", "territory", "unit", "target_count"]
    search_fields = ["name", "campaign__name"]
    list_select_related = ["campaign", "territory", "unit"]


@admin.register(WalkList)
class WalkListAdmin(ReadOnlyScopedAdmin):
    list_display = ["__str__", "turf", "number", "volunteer", "due_at", "completed_at"]
    list_filter = ["completed_at"]
    search_fields = ["turf__name", "volunteer__username"]
    list_select_related = ["turf", "volunteer"]
    show_full_result_count = False  # thousands of lists: no COUNT(*) of the whole table
