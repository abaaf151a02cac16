"""/api/v1/rosters/uploads/: the same pipeline as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.permissions import RolePermission
from core.api.routes import register_route, route_name
from core.api.schema import ErrorSerializer
from core.api.territories import TerritoryCodeField
from core.api.views import ScopedViewSetMixin
from rosters import selectors, services
from rosters.models import RosterUpload


class RosterUploadSerializer(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField()
    territory_name = serializers.CharField(source="territory.name", read_only=True)

    class Meta:
        model = RosterUpload
        fields = [
            "id",
            "status",
            "original_name",
            "territory",
            "territory_name",
            "created_at",
            "headers",
            "mapping",
            "counts",
            "summary",
            "error",
            "imported_at",
            "progress",
        ]
        read_only_fields = fields

    def get_progress(self, upload) -> dict:
        job = upload.import_job if upload.status == RosterUpload.Status.IMPORTING else upload.validation_job
        if upload.status in (RosterUpload.Status.IMPORTED, RosterUpload.Status.ROLLED_BACK):
            job = upload.import_job
        if job is None:
            return {"done": 0, "total": 0, "percent": 0, "step": ""}
        return {"done": job.done, "total": job.total, "percent": job.percent, "step": job.step}


class RosterUploadAcceptedSerializer(serializers.Serializer):
    """What a 202 answers: the upload and the status its background work starts from; follow it
    with GET …/uploads/{id}/."""

    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=RosterUpload.Status.choices)


@extend_schema_field(OpenApiTypes.BINARY)
class UploadedFileField(serializers.FileField):
    """An uploaded file: a binary part of the multipart body (drf-spectacular would say "uri")."""


class RosterUploadCreateSerializer(serializers.Serializer):
    file = UploadedFileField()
    territory = TerritoryCodeField()
    consent_location = serializers.CharField(max_length=250, required=False, allow_blank=True)


class RosterUploadViewSet(
    ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Upload a roster (202: validated in the background), follow it, confirm it."""

    queryset = RosterUpload.objects.select_related("territory", "validation_job", "import_job")
    serializer_class = RosterUploadSerializer
    permission_classes = [RolePermission]
    cursor_ordering = ("-created_at", "-id")

    def get_serializer_class(self):
        return RosterUploadCreateSerializer if self.action == "create" else RosterUploadSerializer

    @extend_schema(
        request={"multipart/form-data": RosterUploadCreateSerializer}, responses={202: RosterUploadAcceptedSerializer}
    )
    def create(self, request, *args, **kwargs):
        serializer = RosterUploadCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            upload = services.roster_upload_create(
                uploaded_file=data["file"],
                territory=data["territory"],
                consent_location=data.get("consent_location") or _("Not declared (API upload)"),
                actor=request.user,
                auto_validate=True,
            )
        except services.RosterAlreadyLoaded as exc:
            detail = {"file": exc.messages}
            if request.user.can_reach(exc.previous.territory):
                detail["previous"] = exc.previous.pk
            raise ApiValidationError(detail) from exc
        except ValidationError as exc:
            raise ApiValidationError({"file": exc.messages}) from exc
        return Response(RosterUploadAcceptedSerializer(upload).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={
            202: RosterUploadAcceptedSerializer,
            400: OpenApiResponse(description="The roster is not waiting for confirmation (its `status` says why)."),
        },
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        upload = self.get_object()
        try:
            upload = services.roster_confirm(upload=upload, actor=request.user)
        except ValidationError as exc:
            raise ApiValidationError({"status": exc.messages}) from exc
        return Response(RosterUploadAcceptedSerializer(upload).data, status=status.HTTP_202_ACCEPTED)


class RosterErrorsView(APIView):
    """GET /api/v1/rosters/uploads/{id}/errors.xlsx — the rejected rows with their reasons."""

    permission_classes = [RolePermission]

    queryset = RosterUpload.objects.all()  # for RolePermission (view_rosterupload)

    @extend_schema(
        responses={
            (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"): OpenApiTypes.BINARY,
            409: OpenApiResponse(ErrorSerializer, description="The roster has not been validated yet."),
        },
        summary="Error report (.xlsx) of a roster",
    )
    def get(self, request, pk: int):
        from django.shortcuts import get_object_or_404

        from rosters.views import _error_report_response

        upload = get_object_or_404(selectors.roster_uploads_for(request.user), pk=pk)
        if not upload.counts or upload.status in (
            RosterUpload.Status.UPLOADED,
            RosterUpload.Status.MAPPING,
            RosterUpload.Status.VALIDATING,
            RosterUpload.Status.FAILED,
        ):
            return Response({"detail": _("The roster has not been validated yet.")}, status=status.HTTP_409_CONFLICT)
        return _error_report_response(upload, request.user)


def register(router) -> None:
    register_route(router, app="rosters", resource="uploads", viewset=RosterUploadViewSet)


# The error report keeps its file name in the path (no trailing slash), so it is a plain route beside the router's.
urlpatterns = [
    path(
        "rosters/uploads/<int:pk>/errors.xlsx",
        RosterErrorsView.as_view(),
        name=f"{route_name(app='rosters', resource='uploads')}-errors",
    ),
]
