"""Admin of communications: read-mostly (the workflow's moves happen only through services)."""

from django.contrib import admin

from comunicaciones.models import (
    ChannelStat,
    EditorialMeeting,
    MediaMention,
    MonthlyReport,
    Piece,
    PieceEvent,
    PieceVersion,
    PressRelease,
    Publication,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PieceEventInline(ReadOnlyInline):
    model = PieceEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "version", "note"]


class PieceVersionInline(ReadOnlyInline):
    model = PieceVersion
    fields = [
        "number",
        "stage",
        "round",
        *PieceVersion.REVIEW_FIELDS,
    ]


@admin.register(Piece)
class PieceAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "author", "designer", "planned_date", "version"]
    list_filter = ["status"]
    search_fields = ["title", "campaign", "requested_by"]
    readonly_fields = ["status", "version", "submitted_at", "delivered_at", "published_at", "author", "designer"]
    inlines = [PieceVersionInline, PieceEventInline]

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(EditorialMeeting)
class EditorialMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "topics", "created_by"]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    list_display = ["piece", "channel", "published_at", "published_by"]
    list_filter = ["channel"]


@admin.register(ChannelStat)
class ChannelStatAdmin(admin.ModelAdmin):
    list_display = ["channel", "month", "followers", "reach", "engagement", "source"]
    list_filter = ["channel", "source"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(admin.ModelAdmin):
    list_display = ["month", "generated_at", "generated_by"]


@admin.register(PressRelease)
class PressReleaseAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "topic"]
    search_fields = ["title", "topic"]


@admin.register(MediaMention)
class MediaMentionAdmin(admin.ModelAdmin):
    list_display = ["date", "outlet", "headline", "tone", "topic"]
    list_filter = ["tone"]
    search_fields = ["headline", "outlet", "topic"]
