"""The roster ("planilla") pipeline's use cases: upload → read → map → validate → preview → confirm →
import (→ roll back), and the conflicts a roster raises. Set-based from the staging rows on."""

from rosters.services.conflicts import roster_conflict_resolve
from rosters.services.imports import roster_import, roster_rollback
from rosters.services.processing import municipality_resolver, roster_process
from rosters.services.uploads import (
    ROSTER_ROLES,
    RosterAlreadyLoaded,
    RosterError,
    file_sha256,
    needs_municipality,
    roster_confirm,
    roster_limits,
    roster_mapping_set,
    roster_upload_create,
    stored_file_path,
)

__all__ = [
    "ROSTER_ROLES",
    "RosterAlreadyLoaded",
    "RosterError",
    "file_sha256",
    "municipality_resolver",
    "needs_municipality",
    "roster_confirm",
    "roster_conflict_resolve",
    "roster_import",
    "roster_limits",
    "roster_mapping_set",
    "roster_process",
    "roster_rollback",
    "roster_upload_create",
    "stored_file_path",
]
