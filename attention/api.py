"""/api/v1/attention/requests/: attention requests (scoped like the queue)."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from attention import services as attention
from attention.models import AttentionKind, AttentionRequest
from core.api.filters import query_filters
from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedViewSetMixin
from militancia.identity import IdType, InvalidIdNumber, normalize_id_number
from militancia.models import Member


class AttentionRequestSerializer(serializers.ModelSerializer):
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = AttentionRequest
        fields = [
            "id",
            "tracking_number",
            "channel",
            "kind",
            "status",
            "subject",
            "description",
            *AttentionRequest.REQUESTER_FIELDS,
            "member",
            "territory",
            "territory_name",
            "received_on",
            "due_on",
            "legal_max_due_on",
            "assigned_to",
            "answer_text",
            "answered_on",
            "answer_sent_at",
        ]
        read_only_fields = fields


class AttentionRequestCreateSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=AttentionRequest.Channel.choices)
    kind = serializers.ChoiceField(choices=AttentionKind.choices)
    subject = serializers.CharField(max_length=200)
    description = serializers.CharField()
    requester_id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.CC)
    requester_id_number = serializers.CharField(max_length=20)
    requester_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=250, required=False, allow_blank=True, default="")
    territory = TerritoryCodeField(required=False, allow_null=True)
    received_on = serializers.DateField(required=False)

    def validate(self, data):
        try:
            data["requester_id_number"] = normalize_id_number(data["requester_id_type"], data["requester_id_number"])
        except InvalidIdNumber as exc:
            raise serializers.ValidationError({"requester_id_number": [str(exc)]}) from exc
        return data


class AnswerSerializer(serializers.Serializer):
    answer_text = serializers.CharField()
    send = serializers.BooleanField(default=True)


class AttentionRequestFilters(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=["open", "all", *AttentionRequest.Status.values],
        default="open",
        help_text="open (received, in progress or waiting; the default), all, or one status.",
    )


@extend_schema_view(list=extend_schema(parameters=[AttentionRequestFilters]))
class AttentionRequestViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """The queue by due date (`?status=open` by default, `all`, or a status) and filing requests."""

    queryset = AttentionRequest.objects.select_related("territory")
    serializer_class = AttentionRequestSerializer
    cursor_ordering = ("due_on", "id")

    def get_queryset(self):
        requests = super().get_queryset()
        if self.action == "list":
            wanted = query_filters(self.request, AttentionRequestFilters)["status"]
            if wanted == "open":
                requests = requests.open()
            elif wanted != "all":
                requests = requests.filter(status=wanted)
        return requests

    def get_serializer_class(self):
        return AttentionRequestCreateSerializer if self.action == "create" else AttentionRequestSerializer

    @extend_schema(request=AttentionRequestCreateSerializer, responses=AttentionRequestSerializer)
    def create(self, request, *args, **kwargs):
        incoming = AttentionRequestCreateSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = dict(incoming.validated_data)
        member = (
            Member.objects.visible_to(request.user)
            .filter(id_type=data["requester_id_type"], id_number=data["requester_id_number"])
            .first()
        )
        created = attention.attention_create(
            actor=request.user,
            member=member,
            received_on=data.pop("received_on", None) or timezone.localdate(),
            **data,
        )
        return Response(AttentionRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AnswerSerializer, responses=AttentionRequestSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        # The request first: outside the caller's scope it is a 404 whatever the body says.
        target = self.get_object()
        incoming = AnswerSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        answered = attention.attention_answer(
            request=target,
            actor=request.user,
            text=incoming.validated_data["answer_text"],
            send=incoming.validated_data["send"],
        )
        return Response(AttentionRequestSerializer(answered).data)


def register(router) -> None:
    register_route(router, app="attention", resource="requests", viewset=AttentionRequestViewSet)
