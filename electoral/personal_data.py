"""What electoral registers in militancia's personal-data registry (militancia/personal_data.py).

Poll watchers copy a person's document, names and contact (also people who are not members
yet: found by document); candidates and endorsements name the member in their audit events.
"""

from __future__ import annotations

from django.db.models import Q

from militancia.personal_data import (
    ANONYMOUS_FIRST,
    ANONYMOUS_LAST,
    PersonalData,
    anonymous_number,
    as_text,
    register_personal_data,
)


def _watchers(s):
    return Q(member_id=s.pk) | Q(id_type=s.id_type, id_number=s.id_number)


def register_electoral_personal_data() -> None:
    from electoral.models import Candidate, Endorsement, EndorsementDocument, PollWatcher, PollWatcherHistory

    register_personal_data(
        PersonalData(
            model=PollWatcher,
            describe=lambda w: f"{w.election.name} · {w.get_role_display()} · {w.get_status_display()}",
            fields=(
                "id_number",
                "first_names",
                "last_names",
                "phone",
                "email",
                "replacement_reason",
                "evaluation_notes",
            ),
            # Older events named the substitute here; new ones store the substitute's id.
            audit_fields=("replaced_by",),
            rows=lambda s: PollWatcher.objects.filter(_watchers(s)),
            erase={
                "id_number": anonymous_number,
                "first_names": ANONYMOUS_FIRST,
                "last_names": ANONYMOUS_LAST,
                "phone": "",
                "email": "",
                "replacement_reason": "",
                "evaluation_notes": "",
            },
        )
    )
    register_personal_data(
        PersonalData(
            model=PollWatcherHistory,
            describe=lambda h: f"{h.watcher.election.name} · {as_text(h.at)}",
            fields=("note",),
            rows=lambda s: PollWatcherHistory.objects.filter(
                Q(watcher__member_id=s.pk) | Q(watcher__id_type=s.id_type, watcher__id_number=s.id_number)
            ),
            erase={"note": ""},
        )
    )
    register_personal_data(
        PersonalData(
            model=Candidate,
            describe=lambda c: f"{c.election.name} · {c.office}",
            fields=(),
            rows=lambda s: Candidate.objects.filter(member_id=s.pk),
        )
    )
    register_personal_data(
        PersonalData(
            model=Endorsement,
            describe=lambda e: f"{e.candidate.election.name} · {e.get_status_display()}",
            fields=(),
            rows=lambda s: Endorsement.objects.filter(candidate__member_id=s.pk),
        )
    )
    # The candidate's supporting documents (copies of the ID, declarations…).
    register_personal_data(
        PersonalData(
            model=EndorsementDocument,
            describe=lambda d: f"{d.endorsement.candidate.election.name} · {as_text(d.uploaded_at)}",
            fields=("file", "original_name"),
            rows=lambda s: EndorsementDocument.objects.filter(endorsement__candidate__member_id=s.pk),
            delete_rows=True,  # only the file: a row without it would link to nothing
        )
    )
