from electoral.models.board import BoardRefresh, PlaceBoard
from electoral.models.candidates import (
    Candidate,
    DocumentRequirement,
    Endorsement,
    EndorsementDocument,
    EndorsementHistory,
)
from electoral.models.elections import Election, Milestone, MilestoneHistory
from electoral.models.geography import ElectoralUnit, GeographyImport
from electoral.models.polls import Poll, PollResult
from electoral.models.results import (
    BallotOption,
    ResultImport,
    TableResult,
    TallyCapture,
    UnitOptionSummary,
    UnitSummary,
)
from electoral.models.watchers import (
    Incident,
    PlaceCoverage,
    PollWatcher,
    PollWatcherHistory,
    TrainingAttendance,
    TrainingSession,
    WatcherAssignment,
)

__all__ = [
    "BallotOption",
    "BoardRefresh",
    "Candidate",
    "DocumentRequirement",
    "ElectoralUnit",
    "Election",
    "Endorsement",
    "EndorsementDocument",
    "EndorsementHistory",
    "GeographyImport",
    "Incident",
    "Milestone",
    "MilestoneHistory",
    "PlaceBoard",
    "PlaceCoverage",
    "Poll",
    "PollResult",
    "PollWatcher",
    "PollWatcherHistory",
    "ResultImport",
    "TableResult",
    "TallyCapture",
    "TrainingAttendance",
    "TrainingSession",
    "UnitOptionSummary",
    "UnitSummary",
    "WatcherAssignment",
]
