"""What solidarity registers in the personal-data registry (see militancia/personal_data.py).

A case is about one member: the report lists it with what happened and what was needed, and a
suppression deletes the case with its actions and history (nothing of it is kept by law).
"""

from __future__ import annotations

from militancia.personal_data import PersonalData, as_text, register_personal_data


def register_solidarity_personal_data() -> None:
    from solidarity.models import CaseAction, CaseHistory, SolidarityCase

    register_personal_data(
        PersonalData(
            model=SolidarityCase,
            describe=lambda c: (
                f"{c.number} ({as_text(c.opened_on)}) · {c.get_kind_display()} · {c.get_status_display()}"
            ),
            fields=("facts", "needs", "outcome", "assignment_reason"),
            rows=lambda s: SolidarityCase.objects.filter(member_id=s.pk),
            delete_rows=True,
        )
    )
    register_personal_data(
        PersonalData(
            model=CaseAction,
            describe=lambda a: f"{a.case.number} · {a.get_kind_display()} {as_text(a.done_on)}",
            fields=("description",),
            rows=lambda s: CaseAction.objects.filter(case__member_id=s.pk),
            delete_rows=True,
        )
    )
    register_personal_data(
        PersonalData(
            model=CaseHistory,
            describe=lambda h: f"{h.case.number} · {as_text(h.at)}",
            fields=("note",),
            rows=lambda s: CaseHistory.objects.filter(case__member_id=s.pk),
            delete_rows=True,
        )
    )
