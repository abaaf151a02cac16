"""Who may open the files the electoral app stores (see core.files)."""

from core.files import register_protected_file


def register_files() -> None:
    from electoral.models import (
        EndorsementDocument,
        GeographyImport,
        Incident,
        Milestone,
        ResultImport,
        TallyCapture,
    )
    from electoral.roles import OPERATORS, READERS

    # Endorsement documents are the candidate's papers (ID copy, records): personal.
    register_protected_file(
        EndorsementDocument, "file", roles=READERS, personal=True, filename=lambda doc: doc.original_name
    )
    register_protected_file(Milestone, "evidence", roles=READERS)
    # An incident photo may show voters or watchers.
    register_protected_file(Incident, "photo", roles=READERS, personal=True)
    register_protected_file(TallyCapture, "photo", roles=OPERATORS)
    for model in (GeographyImport, ResultImport):
        register_protected_file(model, "file", roles=READERS, filename=lambda item: item.original_name)
        register_protected_file(
            model,
            "error_report",
            roles=READERS,
            filename=lambda item: f"errores-{item._meta.model_name}-{item.pk}.xlsx",
        )
