"""Every write to the member registry goes through one of these functions."""

from militancia.services.certificates import certificate_is_valid, certificate_issue
from militancia.services.conflicts import (
    NationalReviewRequired,
    registration_conflict_resolve,
    registration_holder_hidden,
)
from militancia.services.duplicates import (
    duplicate_mark_distinct,
    duplicate_merge,
    duplicates_detect,
    duplicates_detect_start,
)
from militancia.services.members import (
    ALLOWED_TRANSITIONS,
    EDITABLE_FIELDS,
    clean_member_values,
    member_change_status,
    member_register,
    member_update,
)
from militancia.services.reads import member_record_read, members_read

__all__ = [
    "ALLOWED_TRANSITIONS",
    "EDITABLE_FIELDS",
    "NationalReviewRequired",
    "certificate_is_valid",
    "certificate_issue",
    "clean_member_values",
    "duplicate_mark_distinct",
    "duplicate_merge",
    "duplicates_detect",
    "duplicates_detect_start",
    "member_change_status",
    "member_record_read",
    "member_register",
    "member_update",
    "members_read",
    "registration_conflict_resolve",
    "registration_holder_hidden",
]
