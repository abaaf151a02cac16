"""Who may open the files the cards app stores (see core.files)."""

from core.files import register_protected_file


def register_files() -> None:
    from carnets.models import CardDesign, DrivePackage, Jornada, PrintBatch
    from carnets.roles import CARD_READERS, CARD_WORKERS

    for field in ("logo", "front_background", "back_background"):
        # Designs are national artwork with no territory.
        register_protected_file(CardDesign, field, roles=CARD_WORKERS, queryset=lambda user: CardDesign.objects.all())
    # A batch PDF and a drive summary carry members' names, numbers and photos.
    register_protected_file(
        PrintBatch, "pdf", roles=CARD_WORKERS, personal=True, filename=lambda batch: f"lote-{batch.pk}.pdf"
    )
    register_protected_file(
        Jornada,
        "summary_pdf",
        roles=CARD_READERS,
        personal=True,
        filename=lambda jornada: f"jornada-{jornada.pk}-resumen.pdf",
    )
    # A drive package leaves only through its own download, encrypted with the team lead's
    # passphrase (carnets.services.kit.drive_package_download): the stored file is never served.
    register_protected_file(
        DrivePackage, "payload", roles=CARD_WORKERS, personal=True, queryset=lambda user: DrivePackage.objects.none()
    )
