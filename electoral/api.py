"""Read API of the electoral app (scoped like the pages: out of scope is 404)."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedReadOnlyViewSet
from electoral.models import (
    Candidate,
    Election,
    ElectoralUnit,
    Milestone,
    PlaceBoard,
    Poll,
    PollResult,
    PollWatcher,
    TableResult,
)


class ElectionSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True, allow_null=True)

    class Meta:
        model = Election
        fields = ["id", "name", "kind", "date", "territory"]


class MilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "election", "name", "deadline", "legal_basis", "responsible", "status", "completed_at"]


class ElectoralUnitSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True, allow_null=True)

    class Meta:
        model = ElectoralUnit
        fields = ["id", "code", "name", "kind", "parent", "territory", "registered_voters", "address", "is_priority"]


@extend_schema_field({"type": "integer", "nullable": True, "readOnly": True})
class VisibleMemberField(serializers.Field):
    """The linked member's id, only when the caller may see that member: a watcher recruited with
    the number of someone registered in another territory must not say who holds it, or where;
    a candidate's member registered out of the caller's scope is not shown either."""

    def __init__(self, **kwargs):
        super().__init__(source="*", read_only=True, **kwargs)

    def visible_member(self, value):
        if value.member_id is None:
            return None
        user = self.context["request"].user
        return value.member if user.can_reach(value.member.territory) else None

    def to_representation(self, value):
        member = self.visible_member(value)
        return member.pk if member is not None else None


@extend_schema_field({"type": "string", "nullable": True, "readOnly": True})
class VisibleMemberNameField(VisibleMemberField):
    """The linked member's name, under the same rule as `VisibleMemberField`."""

    def to_representation(self, value):
        member = self.visible_member(value)
        return member.full_name if member is not None else None


class CandidateSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True, allow_null=True)

    member = VisibleMemberField()
    member_name = VisibleMemberNameField()
    endorsement_status = serializers.CharField(source="endorsement.status", read_only=True, allow_null=True)

    class Meta:
        model = Candidate
        fields = [
            "id",
            "election",
            "member",
            "member_name",
            "office",
            "territory",
            "list_position",
            "endorsement_status",
        ]


class PollWatcherSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True)
    member = VisibleMemberField()

    class Meta:
        model = PollWatcher
        fields = [
            "id",
            "election",
            "member",
            "id_type",
            "id_number",
            "first_names",
            "last_names",
            "territory",
            "role",
            "status",
            "credential_number",
            "score",
        ]


class TableResultSerializer(serializers.ModelSerializer):
    table_code = serializers.CharField(source="table.code", read_only=True)

    class Meta:
        model = TableResult
        fields = [
            "id",
            "election",
            "table",
            "table_code",
            "registered",
            "valid",
            "blank",
            "null_votes",
            "unmarked",
            "total",
            "own_votes",
            "source",
        ]


class PollResultSerializer(serializers.ModelSerializer):
    class Meta:
        model = PollResult
        fields = ["label", "option", "percent"]


class PollSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True, allow_null=True)
    results = PollResultSerializer(many=True, read_only=True)

    class Meta:
        model = Poll
        fields = [
            "id",
            "election",
            "pollster",
            "field_start",
            "field_end",
            "published_on",
            "sample_size",
            "method",
            "margin_of_error",
            "population",
            "territory",
            "results",
        ]


class PlaceBoardSerializer(serializers.ModelSerializer):
    """One polling place's where-to-work figures (precomputed; `refreshed_at` says how fresh)."""

    territory = TerritoryCodeField(read_only=True, allow_null=True)
    place_code = serializers.CharField(source="place.code", read_only=True)
    place_name = serializers.CharField(source="place.name", read_only=True)

    class Meta:
        model = PlaceBoard
        fields = [
            "id",
            "election",
            "place",
            "place_code",
            "place_name",
            "territory",
            "registered",
            "total",
            "valid",
            "own_votes",
            "previous_valid",
            "previous_own",
            "turnout",
            "own_share",
            "previous_share",
            "target_share",
            "potential",
            "members",
            "supporters",
            "opponents",
            "undecided",
            "contacts",
            "attempts",
            "coverage",
            "refreshed_at",
        ]


class ElectionViewSet(ScopedReadOnlyViewSet):
    queryset = Election.objects.select_related("territory")
    serializer_class = ElectionSerializer
    cursor_ordering = "-id"


class MilestoneViewSet(ScopedReadOnlyViewSet):
    queryset = Milestone.objects.all()
    serializer_class = MilestoneSerializer
    cursor_ordering = ("deadline", "id")


class ElectoralUnitViewSet(ScopedReadOnlyViewSet):
    queryset = ElectoralUnit.objects.select_related("territory")
    serializer_class = ElectoralUnitSerializer
    cursor_ordering = "id"


class CandidateViewSet(ScopedReadOnlyViewSet):
    queryset = Candidate.objects.select_related("member__territory", "endorsement", "territory")
    serializer_class = CandidateSerializer
    cursor_ordering = "id"


class PollWatcherViewSet(ScopedReadOnlyViewSet):
    queryset = PollWatcher.objects.select_related("territory", "member__territory")
    serializer_class = PollWatcherSerializer
    cursor_ordering = "id"


class TableResultViewSet(ScopedReadOnlyViewSet):
    queryset = TableResult.objects.select_related("table")
    serializer_class = TableResultSerializer
    cursor_ordering = "id"


class PollViewSet(ScopedReadOnlyViewSet):
    queryset = Poll.objects.select_related("territory").prefetch_related("results")
    serializer_class = PollSerializer
    cursor_ordering = "-id"


class PlaceBoardViewSet(ScopedReadOnlyViewSet):
    """Thousands of rows per election: keyset by id (filter with ?territory=<DIVIPOLA code>)."""

    queryset = PlaceBoard.objects.select_related("territory", "place")
    serializer_class = PlaceBoardSerializer
    cursor_ordering = "id"


def register(router) -> None:
    register_route(router, app="electoral", resource="elections", viewset=ElectionViewSet)
    register_route(router, app="electoral", resource="milestones", viewset=MilestoneViewSet)
    register_route(router, app="electoral", resource="units", viewset=ElectoralUnitViewSet)
    register_route(router, app="electoral", resource="candidates", viewset=CandidateViewSet)
    register_route(router, app="electoral", resource="poll-watchers", viewset=PollWatcherViewSet)
    register_route(router, app="electoral", resource="table-results", viewset=TableResultViewSet)
    register_route(router, app="electoral", resource="polls", viewset=PollViewSet)
    register_route(router, app="electoral", resource="board-rows", viewset=PlaceBoardViewSet)
