from django.contrib import admin

from social_orgs.models import (
    ElectionCandidate,
    ElectionPosition,
    OrganizationActivity,
    OrganizationElection,
    OrganizationMember,
    SocialOrganization,
    WorkFront,
)


class OrganizationMemberInline(admin.TabularInline):
    model = OrganizationMember
    raw_id_fields = ["member", "added_by"]
    extra = 0


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "territory", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    raw_id_fields = ["territory", "created_by"]
    filter_horizontal = ["fronts"]
    inlines = [OrganizationMemberInline]


@admin.register(WorkFront)
class WorkFrontAdmin(admin.ModelAdmin):
    list_display = ["name", "territory", "active"]
    raw_id_fields = ["territory", "coordinator"]


@admin.register(OrganizationActivity)
class OrganizationActivityAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "kind", "held_on"]
    list_filter = ["kind"]
    raw_id_fields = ["organization", "front", "author"]


class ElectionPositionInline(admin.TabularInline):
    model = ElectionPosition
    extra = 0


@admin.register(OrganizationElection)
class OrganizationElectionAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "held_on", "status", "party_support"]
    list_filter = ["status", "party_support"]
    raw_id_fields = ["organization", "created_by"]
    readonly_fields = ["status"]
    inlines = [ElectionPositionInline]


@admin.register(ElectionCandidate)
class ElectionCandidateAdmin(admin.ModelAdmin):
    list_display = ["__str__", "position", "votes", "elected"]
    raw_id_fields = ["position", "member"]
