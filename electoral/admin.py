from django.contrib import admin

from electoral.models import (
    BallotOption,
    BoardRefresh,
    Election,
    ElectoralUnit,
    Milestone,
    PlaceBoard,
    Poll,
    PollResult,
)


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "date", "territory"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Milestone)
class MilestoneAdmin(admin.ModelAdmin):
    list_display = ["name", "election", "deadline", "status"]
    list_filter = ["status"]
    readonly_fields = ["status", "early_reminder_sent_at", "day_reminder_sent_at"]


@admin.register(ElectoralUnit)
class ElectoralUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "registered_voters"]
    search_fields = ["code"]
    raw_id_fields = ["parent", "territory"]


@admin.register(BallotOption)
class BallotOptionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "is_own", "election"]
    list_filter = ["kind", "is_own"]

    def save_model(self, request, obj, form, change):
        # Through the service, so a changed kind or "our party" flag recomputes the election's totals.
        from electoral.services.results import ballot_option_save

        ballot_option_save(
            actor=request.user,
            election=obj.election,
            option=obj,
            code=obj.code,
            name=obj.name,
            kind=obj.kind,
            party=obj.party,
            is_own=obj.is_own,
        )


class ReadOnlyScopedAdmin(admin.ModelAdmin):
    """Polls and the where-to-work board: read only and scoped (polls are written on the election's
    "Encuestas" tab through electoral.services.polls; the board is rebuilt by its job)."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class PollResultInline(admin.TabularInline):
    model = PollResult
    fields = ["label", "option", "percent"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Poll)
class PollAdmin(ReadOnlyScopedAdmin):
    list_display = ["pollster", "election", "field_end", "published_on", "sample_size", "method", "territory"]
    list_filter = ["method"]
    search_fields = ["pollster"]
    list_select_related = ["election", "territory"]
    inlines = [PollResultInline]


@admin.register(PlaceBoard)
class PlaceBoardAdmin(ReadOnlyScopedAdmin):
    list_display = ["place", "election", "territory", "registered", "potential", "supporters", "coverage"]
    search_fields = ["place__code", "place__name"]
    list_select_related = ["place", "election", "territory"]
    ordering = ["-potential"]
    show_full_result_count = False  # one row per polling place and election


@admin.register(BoardRefresh)
class BoardRefreshAdmin(admin.ModelAdmin):
    """When each election's board was rebuilt (no territory: national figures of the job)."""

    list_display = ["election", "refreshed_at", "places", "seconds", "results_election", "previous_election"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
