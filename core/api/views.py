from django.http import JsonResponse
from django.views.defaults import page_not_found
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.filters import query_filters
from core.api.pagination import KeysetPagination
from core.api.territories import TerritoryCodeFilter
from core.models import AuditEvent, Job, Territory


class ScopedViewSetMixin:
    """Every API viewset's queryset is the model's `visible_to(user)`: out of scope is 404."""

    pagination_class = KeysetPagination
    filter_backends = [TerritoryCodeFilter]

    def get_queryset(self):
        # `queryset` keeps its select_related/annotations; visible_to() adds the scope.
        return self.queryset.all().visible_to(self.request.user)

    def filter_territory(self, rows, territory: Territory):
        """`?territory=05`: the rows of that territory's subtree, through the model's SCOPE_FIELD."""
        subtree = Territory.objects.subtree([territory]).values("pk")
        return rows.filter(**{f"{rows.model.SCOPE_FIELD}__in": subtree})


class ScopedReadOnlyViewSet(ScopedViewSetMixin, viewsets.ReadOnlyModelViewSet):
    """List and detail of what the caller may see (the model's `visible_to`), keyset-paginated."""


class KeysetReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    """List and detail of a resource with no territory (the role's permission decides), keyset-paginated."""

    pagination_class = KeysetPagination


class TerritorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["id", "code", "name", "kind", "parent", "path"]


class TerritoryFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Territory.Kind.values, required=False)


@extend_schema_view(list=extend_schema(parameters=[TerritoryFilters]))
class TerritoryViewSet(ScopedReadOnlyViewSet):
    queryset = Territory.objects.all()
    serializer_class = TerritorySerializer
    cursor_ordering = "path"

    def filter_territory(self, rows, territory: Territory):
        return rows.subtree([territory])

    def get_queryset(self):
        territories = super().get_queryset()
        if self.action == "list":
            territories = territories.filter(**query_filters(self.request, TerritoryFilters))
        return territories


class AuditEventSerializer(serializers.ModelSerializer):
    object_type = serializers.SerializerMethodField()
    # Personal values resolved from the side table, "dato suprimido" once erased (core/audit.py).
    object_repr = serializers.CharField(source="shown_object_repr", read_only=True)
    changes = serializers.JSONField(source="shown_changes", read_only=True)
    message = serializers.CharField(source="shown_message", read_only=True)

    class Meta:
        model = AuditEvent
        fields = [
            "id",
            "created_at",
            "actor",
            "actor_username",
            "action",
            "object_type",
            "object_id",
            "object_repr",
            "changes",
            "source",
            "source_ref",
            "ip_address",
            "message",
        ]

    def get_object_type(self, event) -> str:
        return event.content_type.model if event.content_type_id else ""


class AuditEventViewSet(KeysetReadOnlyViewSet):
    """Read-only: audit events can be listed and read, never changed."""

    queryset = AuditEvent.objects.select_related("content_type").prefetch_related("personal_values")
    serializer_class = AuditEventSerializer
    cursor_ordering = ("-created_at", "-id")


class JobSerializer(serializers.ModelSerializer):
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "status",
            "done",
            "total",
            "percent",
            "step",
            "error",
            "result",
            "created_at",
            "finished_at",
        ]


class JobViewSet(mixins.RetrieveModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Job.objects.all()
    serializer_class = JobSerializer
    pagination_class = KeysetPagination
    cursor_ordering = "-created_at"
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        return Job.objects.visible_to(self.request.user)


class ScopeItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    scope = ScopeItemSerializer(many=True)
    national = serializers.BooleanField()


class MeView(APIView):
    """The authenticated user, their roles and territorial scope."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "username": user.username,
            "name": user.get_full_name(),
            "roles": sorted(user.role_names),
            "scope": [{"id": t.pk, "code": t.code, "name": t.name} for t in user.scope_territories],
            "national": user.is_national,
        }
        return Response(MeSerializer(data).data)


def not_found(request, exception=None):
    """config.urls' handler404: under /api/ a path no route matches (`/members/5.6/`) answers
    DRF's JSON body like any other 404 of the API; elsewhere Django's page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return page_not_found(request, exception)
