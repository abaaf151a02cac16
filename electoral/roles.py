"""Permissions of each role on the electoral models (synced to the role groups after migrate).

Secretaría electoral: everything, within its territorial scope. Coordinación regional: the
day-to-day work in its territory (watchers, training, assignments, election day, candidates'
documents) but not the decisions (committee approval, issuing an endorsement, accreditation,
the geography, results). Consulta: read only. Administración nacional: everything.
"""

from core.roles import Role

_MODELS = [
    "election",
    "milestone",
    "milestonehistory",
    "electoralunit",
    "geographyimport",
    "candidate",
    "documentrequirement",
    "endorsement",
    "endorsementdocument",
    "endorsementhistory",
    "pollwatcher",
    "pollwatcherhistory",
    "trainingsession",
    "trainingattendance",
    "watcherassignment",
    "incident",
    "ballotoption",
    "tableresult",
    "resultimport",
    "tallycapture",
    "poll",
    "pollresult",
    "placeboard",
    "boardrefresh",
]
_READ = [f"electoral.view_{m}" for m in _MODELS]
_ALL = _READ + [f"electoral.{verb}_{m}" for m in _MODELS for verb in ("add", "change", "delete")]
_REGIONAL = _READ + [
    f"electoral.{verb}_{m}"
    for m in (
        "candidate",
        "endorsement",
        "endorsementdocument",
        "pollwatcher",
        "trainingsession",
        "trainingattendance",
        "watcherassignment",
        "incident",
        "tallycapture",
    )
    for verb in ("add", "change")
]

ROLE_PERMISSIONS = {
    Role.NATIONAL_ADMIN: _ALL,
    Role.ELECTORAL: _ALL,
    Role.REGIONAL_COORDINATOR: _REGIONAL,
    Role.READ_ONLY: _READ,
}

# Role groups used by pages and services.
READERS = (Role.NATIONAL_ADMIN, Role.ELECTORAL, Role.REGIONAL_COORDINATOR, Role.READ_ONLY)
OPERATORS = (Role.NATIONAL_ADMIN, Role.ELECTORAL, Role.REGIONAL_COORDINATOR)
DECIDERS = (Role.NATIONAL_ADMIN, Role.ELECTORAL)
