"""What meetings registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from django.utils import timezone

from militancia.personal_data import PersonalData, register_personal_data


def register_meetings_personal_data() -> None:
    from meetings.models import MeetingMember

    # Attending a party meeting is political activity: the data report lists it. The row holds no
    # column of its own to blank; a suppression anonymizes the member it points at (as training
    # attendance does).
    register_personal_data(
        PersonalData(
            model=MeetingMember,
            describe=lambda a: (
                f"{a.meeting.title} · {a.meeting.get_secretariat_display()} · "
                f"{timezone.localtime(a.meeting.starts_at):%d/%m/%Y}"
            ),
            fields=(),
            rows=lambda s: MeetingMember.objects.filter(member_id=s.pk).select_related("meeting"),
        )
    )
