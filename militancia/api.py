"""API /api/v1/militancia/members/: list, retrieve, create, update, lookup by document. Scoped like the pages.

ID numbers never travel in URLs (they end up in proxy logs and histories): a lookup by document
is POST /api/v1/militancia/members/lookup/ with the number in the body, and `?q=` takes names only.
Every read is audited like the pages' (militancia/services/reads.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response

from core.api.routes import register_route
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedViewSetMixin
from militancia import selectors, services
from militancia.dashboard import MEMBER_READERS
from militancia.identity import PERSON_FIELDS, IdType, InvalidIdNumber, normalize_id_number
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
        if request.method in SAFE_METHODS or getattr(view, "action", None) == "lookup":
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


class MemberLookupSerializer(serializers.Serializer):
    """A lookup by document: the number travels in the body, never in the URL."""

    id_type = serializers.ChoiceField(
        label=gettext_lazy("Document type"), choices=IdType.choices, required=False, allow_blank=True, default=""
    )
    id_number = serializers.CharField(
        label=gettext_lazy("Document number"),
        max_length=30,
        help_text="Any format: dots, spaces… Without id_type, every document type is tried.",
    )

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except ValidationError as exc:
            raise ValidationError(_named(exc.detail, self.fields)) from exc

    def validate(self, data):
        label = self.fields["id_number"].label
        if data.get("id_type"):
            try:
                normalize_id_number(data["id_type"], data["id_number"])
            except InvalidIdNumber as exc:
                message = str(exc)
                raise ValidationError({"id_number": [f"{label}: {message[:1].lower()}{message[1:]}"]}) from exc
        elif not selectors.document_variants(data["id_number"]):
            raise ValidationError({"id_number": [f"{label}: " + _("this is not a valid document number.")]})
        return data


class MemberLookupResultSerializer(serializers.Serializer):
    results = MemberSerializer(many=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[
            OpenApiParameter(
                "q",
                str,
                description="Name, accent-insensitive. A document number is refused (400): "
                "look it up with POST /api/v1/militancia/members/lookup/, so it never travels in a URL.",
            ),
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

    permission_classes = [MemberRolePermission]
    queryset = Member.objects.select_related("territory").filter(merged_into__isnull=True).defer("search_vector")
    serializer_class = MemberSerializer
    cursor_ordering = "-id"

    def get_queryset(self):
        members = super().get_queryset()
        if self.action != "list":
            return members
        if "id_number" in self.request.query_params:
            # Gone, rather than ignored: a client still sending it would get the whole list back.
            raise ValidationError(
                {"id_number": [_("Document number: look it up with POST …/members/lookup/, never in the URL.")]}
            )
        q = self.request.query_params.get("q", "").strip()
        if q:
            if selectors.looks_like_document(q):
                raise ValidationError(
                    {"q": [_("Search: a document number is looked up with POST …/members/lookup/, never in the URL.")]}
                )
            members = selectors.member_search(members, q)
            if selectors.estimated_matches(q) < selectors.FEW_MATCHES:
                # Same reason as the list page: few matches are taken from the GIN index, then sorted.
                members = members.annotate(sort_id=F("id") + 0)
                self.cursor_ordering = "-sort_id"
        return members

    def list(self, request, *args, **kwargs):
        response = super().list(request, *args, **kwargs)
        shown = getattr(self.paginator, "page", None) or []
        services.members_read(members=shown, actor=request.user, what=_("Members list page (API)"))
        return response

    def retrieve(self, request, *args, **kwargs):
        member = self.get_object()
        services.member_record_read(member=member, actor=request.user, what=_("Member record read (API)"))
        return Response(self.get_serializer(member).data)

    @extend_schema(
        request=MemberLookupSerializer,
        responses={
            200: MemberLookupResultSerializer,
            400: OpenApiResponse(description="A field is missing or the number is not a valid document."),
        },
        description="Members in the caller's scope with this document (none, or one per document type). "
        "The number goes in the body so that it never appears in URLs, logs or histories.",
    )
    @action(detail=False, methods=["post"], url_path="lookup")
    def lookup(self, request):
        lookup = MemberLookupSerializer(data=request.data)
        lookup.is_valid(raise_exception=True)
        members = list(
            selectors.member_lookup(
                user=request.user,
                id_number=lookup.validated_data["id_number"],
                id_type=lookup.validated_data["id_type"] or None,
            ).select_related("territory")
        )
        services.members_read(members=members, actor=request.user, what=_("Member lookup by document (API)"))
        return Response({"results": MemberSerializer(members, many=True).data}, status=status.HTTP_200_OK)

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
