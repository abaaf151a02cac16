from militancia.models.member import DuplicateCandidate, Member, MemberQuerySet, MemberStatusChange

__all__ = ["DuplicateCandidate", "Member", "MemberQuerySet", "MemberStatusChange"]
