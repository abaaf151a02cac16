"""API /api/v1/militancia/members/: list, retrieve, create, update; filters id_number and q. Scoped like the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedViewSetMixin
from militancia import selectors, services
from militancia.dashboard import MEMBER_READERS
from militancia.identity import PERSON_FIELDS, IdType
from militancia.models import Member
from militancia.roles import MEMBER_EDITORS


class MemberRolePermission(BasePermission):
    """The pages' role rule (readers read; editors create and update), checked from the user's
    roles: one small query instead of Django's two permission-table joins on this hot endpoint.
    The roles match militancia/roles.py (view_member for readers, add/change_member for editors)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        if request.method in SAFE_METHODS:
            return user.has_role(*MEMBER_READERS)
        return user.has_role(*MEMBER_EDITORS)


class MemberSerializer(serializers.ModelSerializer):
    territory = TerritoryCodeField()
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    id_number = serializers.CharField(max_length=30)
    id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.CC)

    class Meta:
        model = Member
        fields = [
            "id",
            *PERSON_FIELDS,
            "territory",
            "territory_name",
            "status",
            "joined_on",
            "has_card",
            "source",
            "source_ref",
            "consent_date",
            "consent_channel",
            "consent_evidence",
            "created_at",
            "updated_at",
        ]
        validators = []  # uniqueness is checked by the service, after normalizing the number
        read_only_fields = ["status", "has_card", "source", "source_ref", "created_at", "updated_at"]
        extra_kwargs = {
            "joined_on": {"required": False},
            "phone": {"max_length": 30},
        }

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except ValidationError as exc:
            raise ValidationError(_named(exc.detail, self.fields)) from exc


def _named(detail, fields):
    """DRF's messages, prefixed with the field's label: "Número de documento: …"."""
    if not isinstance(detail, dict):
        return detail
    named = {}
    for key, messages in detail.items():
        field = fields.get(key)
        label = str(field.label) if field is not None and field.label else key
        items = messages if isinstance(messages, list) else [messages]
        named[key] = [f"{label}: {message}" if isinstance(message, str) else message for message in items]
    return named


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter("id_number", str, description="Document number (any format: dots, spaces…)."),
            OpenApiParameter("q", str, description="Name (accent-insensitive) or document number."),
        ]
    )
)
class MemberViewSet(
    ScopedViewSetMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Members in the caller's territorial scope. Writes go through the registry's services (audited)."""

    # Token first: an anonymous call gets 401 with a WWW-Authenticate header, not a bare 403.
    authentication_classes = [TokenAuthentication, SessionAuthentication]
    permission_classes = [MemberRolePermission]
    queryset = Member.objects.select_related("territory").filter(merged_into__isnull=True).defer("search_vector")
    serializer_class = MemberSerializer
    cursor_ordering = "-id"

    def get_queryset(self):
        members = super().get_queryset()
        if self.action != "list":
            return members
        params = self.request.query_params
        id_number = params.get("id_number", "").strip()
        if id_number:
            variants = selectors.document_variants(id_number)
            members = members.filter(id_number__in=variants) if variants else members.none()
        q = params.get("q", "").strip()
        if q:
            members = selectors.member_search(members, q)
            if selectors.is_selective_name_search(q):
                # Same reason as the list page: make PostgreSQL use the GIN index, then sort the matches.
                members = members.annotate(sort_id=F("id") + 0)
                self.cursor_ordering = "-sort_id"
        return members

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        try:
            serializer.instance = services.member_register(actor=self.request.user, source=Member.Source.API, **data)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from exc

    def perform_update(self, serializer):
        try:
            serializer.instance = services.member_update(
                member=serializer.instance, actor=self.request.user, data=dict(serializer.validated_data)
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from exc


def register(router) -> None:
    register_route(router, app="militancia", resource="members", viewset=MemberViewSet)
