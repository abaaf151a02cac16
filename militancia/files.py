"""Who may open the files the member registry stores (see core.files)."""

from core.files import register_protected_file
from core.roles import Role
from militancia.dashboard import MEMBER_READERS

# Same roles as the pages that link to each file.
# Signature and fingerprint are biometric: only those who register and edit members.
MEMBER_EDITORS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS)
ROSTER_ROLES = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR)
ATTENTION_VIEWERS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.READ_ONLY)
AUDIT_VIEWERS = (Role.NATIONAL_ADMIN, Role.READ_ONLY)
REPORT_READERS = (Role.NATIONAL_ADMIN,)


def register_files() -> None:
    from militancia.models import AttentionAttachment, DeliveryActa, Member, NationalReport, RosterUpload

    register_protected_file(Member, "photo", roles=MEMBER_READERS, personal=True)
    register_protected_file(Member, "consent_file", roles=MEMBER_READERS, personal=True)
    register_protected_file(Member, "signature", roles=MEMBER_EDITORS, personal=True)
    register_protected_file(Member, "fingerprint", roles=MEMBER_EDITORS, personal=True)
    register_protected_file(
        RosterUpload, "file", roles=ROSTER_ROLES, personal=True, filename=lambda upload: upload.original_name
    )
    register_protected_file(
        AttentionAttachment, "file", roles=ATTENTION_VIEWERS, personal=True, filename=lambda item: item.name
    )
    register_protected_file(DeliveryActa, "signed_scan", roles=AUDIT_VIEWERS, personal=True)
    register_protected_file(NationalReport, "file", roles=REPORT_READERS)
