from militancia.models.access import MemberAccess
from militancia.models.certificate import MembershipCertificate
from militancia.models.conflict import MembershipConflict, RegistrationConflict
from militancia.models.member import DuplicateCandidate, Member, MemberQuerySet, MemberStatusChange

__all__ = [
    "DuplicateCandidate",
    "Member",
    "MemberAccess",
    "MembershipCertificate",
    "MemberQuerySet",
    "MemberStatusChange",
    "MembershipConflict",
    "RegistrationConflict",
]
