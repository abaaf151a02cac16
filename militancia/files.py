"""Who may open the files the member registry stores (see core.files)."""

from core.files import register_protected_file
from core.roles import Role
from militancia.dashboard import MEMBER_READERS

# Same roles as the pages that link to each file.
# Signature and fingerprint are biometric: only those who register and edit members.
MEMBER_EDITORS = (Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.CARDS)


def register_files() -> None:
    from militancia.models import Member

    register_protected_file(Member, "photo", roles=MEMBER_READERS, personal=True)
    # Consent scans, signatures and fingerprints are sensitive (biometric) data: encrypted at rest.
    register_protected_file(Member, "consent_file", roles=MEMBER_READERS, personal=True, encrypted=True)
    register_protected_file(Member, "signature", roles=MEMBER_EDITORS, personal=True, encrypted=True)
    register_protected_file(Member, "fingerprint", roles=MEMBER_EDITORS, personal=True, encrypted=True)
