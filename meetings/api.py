"""/api/v1/meetings/meetings/ and /commitments/: read-only, scoped like the pages.

Who may read: the role's `view_meeting` / `view_commitment` permission (meetings/roles.py), then
the rows the model's `visible_to` gives (the meeting's territory; a commitment also reaches its
responsible person anywhere). Out of scope is 404. No minutes, attending members or attachments:
those name members and are read on the meeting's page and in the audited "Acta (PDF)".
"""

from __future__ import annotations

from rest_framework import serializers

from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedReadOnlyViewSet
from meetings.models import Commitment, Meeting


class MeetingSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField(read_only=True)
    # A plain string: empty for a meeting held in a place (a blank is not a "uri" for the schema).
    link = serializers.CharField(read_only=True, help_text="The virtual meeting's address, or empty.")
    attending_staff = serializers.SlugRelatedField(
        source="attendee_users", many=True, read_only=True, slug_field="username"
    )

    class Meta:
        model = Meeting
        fields = [
            "id",
            "title",
            "kind",
            "secretariat",
            "starts_at",
            "territory",
            "place",
            "link",
            "agenda",
            "attending_staff",
        ]
        read_only_fields = fields


class MeetingViewSet(ScopedReadOnlyViewSet):
    """Meetings in the user's scope, newest first (`?territory=05`)."""

    queryset = Meeting.objects.select_related("territory").prefetch_related("attendee_users")
    serializer_class = MeetingSerializer
    cursor_ordering = ("-starts_at", "-id")


class CommitmentSerializer(serializers.ModelSerializer):
    meeting_title = serializers.CharField(source="meeting.title", read_only=True)
    responsible = serializers.SlugRelatedField(read_only=True, slug_field="username")
    is_late = serializers.BooleanField(
        read_only=True, help_text="Open past its due date, before the nightly task marks it overdue."
    )

    class Meta:
        model = Commitment
        fields = [
            "id",
            "meeting",
            "meeting_title",
            "description",
            "responsible",
            "due_on",
            "status",
            "done_on",
            "is_late",
        ]
        read_only_fields = fields


class CommitmentViewSet(ScopedReadOnlyViewSet):
    """Commitments of the meetings in scope, and those the user is responsible for, by due date."""

    queryset = Commitment.objects.select_related("meeting", "responsible")
    serializer_class = CommitmentSerializer
    cursor_ordering = ("due_on", "id")


def register(router) -> None:
    register_route(router, app="meetings", resource="meetings", viewset=MeetingViewSet)
    register_route(router, app="meetings", resource="commitments", viewset=CommitmentViewSet)
