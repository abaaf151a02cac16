from django.contrib import admin

from electoral.models import BallotOption, Election, ElectoralUnit, Milestone


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
