from militancia.models.certificate import MembershipCertificate
from militancia.models.member import DuplicateCandidate, Member, MemberQuerySet, MemberStatusChange

__all__ = ["DuplicateCandidate", "Member", "MembershipCertificate", "MemberQuerySet", "MemberStatusChange"]
