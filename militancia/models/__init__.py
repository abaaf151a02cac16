from militancia.models.certificate import MembershipCertificate
from militancia.models.member import DuplicateCandidate, Member, MemberQuerySet, MemberStatusChange

__all__ = ["DuplicateCandidate", "Member", "MembershipCertificate", "MemberQuerySet", "MemberStatusChange"]
from militancia.models.attention import (  # noqa: E402
    AttentionAttachment,
    AttentionExtension,
    AttentionHistory,
    AttentionKind,
    AttentionRequest,
)

__all__ += ["AttentionAttachment", "AttentionExtension", "AttentionHistory", "AttentionKind", "AttentionRequest"]
from militancia.models.roster import RosterConflict, RosterRow, RosterUpload, RosterUploadEvent  # noqa: E402

__all__ += ["RosterConflict", "RosterRow", "RosterUpload", "RosterUploadEvent"]
from militancia.models.audits import (  # noqa: E402
    BoxAudit,
    Delivery,
    DeliveryActa,
    FormBox,
    InspectionResumption,
    SampleItem,
    Vendor,
    VendorContract,
)

__all__ += [
    "BoxAudit",
    "Delivery",
    "DeliveryActa",
    "FormBox",
    "InspectionResumption",
    "SampleItem",
    "Vendor",
    "VendorContract",
]
from militancia.models.offices import (  # noqa: E402
    Office,
    OfficeTerm,
    PartyBody,
    TrainingAttendance,
    TrainingEvent,
)
from militancia.models.targets import Indicator, IndicatorValue, NationalReport, Target  # noqa: E402

__all__ += ["Office", "OfficeTerm", "PartyBody", "TrainingAttendance", "TrainingEvent"]
__all__ += ["Indicator", "IndicatorValue", "NationalReport", "Target"]
from militancia.models.attention import SuppressionRequest  # noqa: E402

__all__ += ["SuppressionRequest"]
