from militancia.models.access import MemberAccess
from militancia.models.certificate import MembershipCertificate
from militancia.models.conflict import MembershipConflict, RegistrationConflict
from militancia.models.member import DuplicateCandidate, Member, MemberQuerySet, MemberStatusChange
from militancia.models.tally import MemberTally

__all__ = [
    "DuplicateCandidate",
    "Member",
    "MemberAccess",
    "MembershipCertificate",
    "MemberQuerySet",
    "MemberStatusChange",
    "MemberTally",
    "MembershipConflict",
    "RegistrationConflict",
]
