from militancia.models.certificate import MembershipCertificate
from militancia.models.conflict import RegistrationConflict
from militancia.models.member import DuplicateCandidate, Member, MemberQuerySet, MemberStatusChange

__all__ = [
    "DuplicateCandidate",
    "Member",
    "MembershipCertificate",
    "MemberQuerySet",
    "MemberStatusChange",
    "RegistrationConflict",
]
