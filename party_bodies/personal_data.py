"""What party_bodies registers in the personal-data registry (see militancia/personal_data.py)."""

from __future__ import annotations

from militancia.personal_data import (
    PersonalData,
    as_text,
    register_personal_data,
)


def register_party_bodies_personal_data() -> None:
    from party_bodies.models import OfficeTerm, TrainingAttendance

    register_personal_data(
        PersonalData(
            model=OfficeTerm,
            describe=lambda t: (
                f"{t.office.get_title_display()} · {t.office.body.name} ({as_text(t.starts_on)} – {as_text(t.ends_on)})"
            ),
            fields=("notes",),
            rows=lambda s: OfficeTerm.objects.filter(member_id=s.pk),
            erase={"notes": ""},
        )
    )
    register_personal_data(
        PersonalData(
            model=TrainingAttendance,
            describe=lambda a: f"{a.event.title} ({a.event.get_kind_display()}) · {as_text(a.event.held_on)}",
            fields=(),
            rows=lambda s: TrainingAttendance.objects.filter(member_id=s.pk),
        )
    )
