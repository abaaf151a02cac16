"""Who may open the files of content pieces and reports (see core.files): internal, not personal."""

from core.files import register_protected_file


def register_files() -> None:
    from comunicaciones.models import MonthlyReport, Piece, PieceAttachment, PressReport
    from comunicaciones.roles import READ_ROLES

    register_protected_file(
        PieceAttachment,
        "file",
        roles=READ_ROLES,
        queryset=lambda user: PieceAttachment.objects.filter(piece__in=Piece.objects.visible_to(user)),
        filename=lambda attachment: attachment.original_name,
    )
    register_protected_file(
        MonthlyReport,
        "file",
        roles=READ_ROLES,
        queryset=lambda user: MonthlyReport.objects.all(),
        filename=lambda report: f"informe-comunicaciones-{report.month:%Y-%m}.pdf",
    )
    register_protected_file(
        PressReport,
        "file",
        roles=READ_ROLES,
        queryset=lambda user: PressReport.objects.all(),
        filename=lambda report: f"informe-prensa-{report.month:%Y-%m}.pdf",
    )
