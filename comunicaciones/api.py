"""API of communications: pieces (read, register, transition, publish) with the same rules as the pages,
and the press agenda's appearances (read)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from comunicaciones.models import Channel, Piece, PieceEvent, PieceVersion, PressAppearance, Publication, Stage
from comunicaciones.services import workflow
from core.api.filters import query_filters
from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import KeysetReadOnlyViewSet, ScopedViewSetMixin
from core.models import User

STATUS_HELP = ", ".join(Piece.Status.values)


class PieceEventSerializer(serializers.ModelSerializer):
    actor = serializers.StringRelatedField(allow_null=True)  # null: the system moved it
    # Plain strings: the history keeps the statuses of every version of the table (the first move comes from "").
    from_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)
    to_status = serializers.CharField(read_only=True, help_text=STATUS_HELP)

    class Meta:
        model = PieceEvent
        fields = ["action", "from_status", "to_status", "actor", "created_at", "comment", "version"]

    # The API keeps its field names (clients read them); the history row calls them at / note.
    created_at = serializers.DateTimeField(source="at", read_only=True)
    comment = serializers.CharField(source="note", read_only=True)


class PieceVersionSerializer(serializers.ModelSerializer):
    submitted_by = serializers.StringRelatedField()
    decided_by = serializers.StringRelatedField(allow_null=True)  # null while waiting for the decision
    stage = serializers.ChoiceField(choices=Stage.choices, read_only=True)
    decision = serializers.ChoiceField(
        choices=PieceVersion.Decision.choices, allow_blank=True, read_only=True, help_text="Empty while waiting."
    )

    class Meta:
        model = PieceVersion
        fields = [
            "number",
            "stage",
            "round",
            "text",
            *PieceVersion.REVIEW_FIELDS,
        ]


class PublicationSerializer(serializers.ModelSerializer):
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)

    class Meta:
        model = Publication
        fields = ["channel", "url", "published_at", "published_by"]
        read_only_fields = ["published_by"]


class PieceSerializer(serializers.ModelSerializer):
    # Null until someone is assigned, and for national pieces (no territory).
    author = serializers.StringRelatedField(allow_null=True)
    designer = serializers.StringRelatedField(allow_null=True)
    territory = TerritoryCodeField(read_only=True, allow_null=True)
    allowed_actions = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Piece.Status.choices, read_only=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), read_only=True)

    class Meta:
        model = Piece
        fields = [
            "id",
            "title",
            "requested_by",
            "request",
            "due_date",
            "campaign",
            "one_off",
            "territory",
            "channels",
            "planned_date",
            "text",
            "status",
            "version",
            "submitted_at",
            "author",
            "designer",
            "created_at",
            "delivered_at",
            "published_at",
            "allowed_actions",
        ]

    def get_allowed_actions(self, piece) -> list[str]:
        return [t.name for t in workflow.allowed_transitions(piece=piece, user=self.context["request"].user)]


class PieceDetailSerializer(PieceSerializer):
    versions = PieceVersionSerializer(many=True, read_only=True)
    events = PieceEventSerializer(many=True, read_only=True)
    publications = PublicationSerializer(many=True, read_only=True)

    class Meta(PieceSerializer.Meta):
        fields = [*PieceSerializer.Meta.fields, "versions", "events", "publications"]


class NeedSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    requested_by = serializers.CharField(max_length=200)
    request = serializers.CharField()
    due_date = serializers.DateField(required=False, allow_null=True)
    campaign = serializers.CharField(max_length=150, required=False, allow_blank=True)
    one_off = serializers.BooleanField(required=False, default=False)
    territory = TerritoryCodeField(required=False, allow_null=True)
    channels = serializers.ListField(child=serializers.ChoiceField(choices=Channel.choices), required=False)
    planned_date = serializers.DateField(required=False, allow_null=True)
    author = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )


class TransitionSerializer(serializers.Serializer):
    # Publishing has its own operation (…/publish/, with the channel and the address).
    action = serializers.ChoiceField(choices=[name for name in workflow.TRANSITIONS if name != "publish"])
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    expected_version = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The version you reviewed.")
    )
    assignee = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), required=False, allow_null=True
    )


class PublishSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices)
    url = serializers.URLField(max_length=500)
    published_at = serializers.DateTimeField(required=False, allow_null=True)


class PieceFilters(serializers.Serializer):
    status = serializers.ChoiceField(choices=Piece.Status.values, required=False)
    channel = serializers.ChoiceField(choices=Channel.values, required=False, help_text="Pieces planned for it.")


@extend_schema_view(list=extend_schema(parameters=[PieceFilters]))
class PieceViewSet(ScopedViewSetMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Content pieces in the user's scope. Moves go through `transition` (and `publish`), which apply
    exactly the rules of the pages: the author never approves, only the chief decides, a return needs a comment."""

    queryset = Piece.objects.select_related("author", "designer", "territory")
    serializer_class = PieceSerializer
    cursor_ordering = ("-created_at", "-id")

    def get_queryset(self):
        pieces = super().get_queryset()
        if self.action == "list":
            filters = query_filters(self.request, PieceFilters)
            if "status" in filters:
                pieces = pieces.filter(status=filters["status"])
            if "channel" in filters:
                pieces = pieces.filter(channels__contains=[filters["channel"]])
        if self.action == "retrieve":
            pieces = pieces.prefetch_related(
                "versions__submitted_by", "versions__decided_by", "events__actor", "publications"
            )
        return pieces

    def get_serializer_class(self):
        if self.action == "retrieve":
            return PieceDetailSerializer
        if self.action == "create":
            return NeedSerializer
        if self.action == "transition":
            return TransitionSerializer
        if self.action == "publish":
            return PublishSerializer
        return PieceSerializer

    @extend_schema(request=NeedSerializer, responses={201: PieceSerializer})
    def create(self, request, *args, **kwargs):
        serializer = NeedSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        piece = workflow.piece_register_need(actor=request.user, **serializer.validated_data)
        return Response(PieceSerializer(piece, context={"request": request}).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=TransitionSerializer, responses={200: PieceSerializer})
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        piece = self.get_object()
        serializer = TransitionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        piece = workflow.piece_move(piece_id=piece.pk, name=data.pop("action"), actor=request.user, **data)
        return Response(PieceSerializer(piece, context={"request": request}).data)

    @extend_schema(request=PublishSerializer, responses={201: PieceSerializer})
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        piece = self.get_object()
        serializer = PublishSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        workflow.publication_record(piece_id=piece.pk, actor=request.user, **serializer.validated_data)
        piece.refresh_from_db()
        return Response(PieceSerializer(piece, context={"request": request}).data, status=status.HTTP_201_CREATED)


class PressAppearanceSerializer(serializers.ModelSerializer):
    created_by = serializers.SlugRelatedField(read_only=True, slug_field="username")
    url = serializers.CharField(read_only=True, help_text="A link to the appearance, or empty when none.")

    class Meta:
        model = PressAppearance
        fields = [
            "id",
            "kind",
            "starts_at",
            "medium",
            "journalist",
            "spokesperson",
            "topic",
            "key_messages",
            "outcome",
            "url",
            "created_by",
            "created_at",
        ]
        read_only_fields = fields


class PressAppearanceViewSet(KeysetReadOnlyViewSet):
    """The press agenda (interviews, press conferences, appearances), newest first. No territory:
    the role's `view_pressappearance` permission decides, as on the press pages."""

    queryset = PressAppearance.objects.select_related("created_by")
    serializer_class = PressAppearanceSerializer
    cursor_ordering = ("-starts_at", "-id")


def register(router) -> None:
    register_route(router, app="comunicaciones", resource="pieces", viewset=PieceViewSet)
    register_route(router, app="comunicaciones", resource="press-appearances", viewset=PressAppearanceViewSet)
