"""Meetings and commitments in the Django admin: read-only and scoped.

Meetings are recorded and commitments moved on the pages, through the services (their rules: a
place or a link, a responsible person and a due date, the commitment workflow); the admin only
shows them, within the staff user's territorial scope, and needs the role's `view_` permission.
Minutes and attending members are not shown here: they name members, and are read on the
meeting's page and in the audited "Acta (PDF)".
"""

from django.contrib import admin

from meetings.models import Commitment, Meeting


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedReadOnlyAdmin(ReadOnlyAdmin):
    """The same territorial scope as every page (`visible_to`)."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    can_delete = False
    fields = readonly_fields = ["description", "responsible", "due_on", "status", "done_on"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Meeting)
class MeetingAdmin(ScopedReadOnlyAdmin):
    list_display = ["title", "kind", "secretariat", "starts_at", "territory"]
    list_filter = ["kind", "secretariat"]
    search_fields = ["title"]
    date_hierarchy = "starts_at"
    list_select_related = ["territory__parent"]
    fields = ["title", "kind", "secretariat", "starts_at", "territory", "place", "link", "agenda", "created_by"]
    inlines = [CommitmentInline]


@admin.register(Commitment)
class CommitmentAdmin(ScopedReadOnlyAdmin):
    list_display = ["description", "meeting", "responsible", "due_on", "status"]
    list_filter = ["status"]
    search_fields = ["description"]
    list_select_related = ["meeting", "responsible"]
    fields = ["meeting", "description", "responsible", "due_on", "status", "done_on", "created_by"]
