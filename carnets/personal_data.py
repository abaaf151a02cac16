"""What carnets registers in militancia's personal-data registry (militancia/personal_data.py).

The drive's photo, signature and fingerprint files are stored on the member (militancia
registers them); carnets keeps who a card was handed to and the delivery notes.
"""

from __future__ import annotations

from militancia.personal_data import PersonalData, as_text, register_personal_data


def register_carnets_personal_data() -> None:
    from carnets.models import Card, CardStatusChange, DrivePackage, JornadaRegistration

    register_personal_data(
        PersonalData(
            model=Card,
            describe=lambda c: f"{c.number} · {c.get_status_display()}",
            fields=("delivered_to",),
            rows=lambda s: Card.objects.filter(member_id=s.pk),
            erase={"delivered_to": ""},
        )
    )
    register_personal_data(
        PersonalData(
            model=CardStatusChange,
            describe=lambda h: f"{h.card.number} · {h.to_label} ({as_text(h.at)})",
            fields=("note",),  # "Delivered to <name> at <place>"
            rows=lambda s: CardStatusChange.objects.filter(card__member_id=s.pk),
            erase={"note": ""},
        )
    )
    register_personal_data(
        PersonalData(
            model=JornadaRegistration,
            describe=lambda r: f"{r.jornada.name} · {r.get_kind_display()} ({as_text(r.created_at)})",
            fields=(),
            rows=lambda s: JornadaRegistration.objects.filter(member_id=s.pk),
        )
    )
    # A drive package carries the lookup list (document, names, status) of every member of the
    # drive's territory, encrypted. A suppression deletes the stored package of every drive whose
    # territory holds the member: a kit already loaded is wiped after its sync (carnets/kit).
    register_personal_data(
        PersonalData(
            model=DrivePackage,
            describe=lambda p: f"{p.jornada.name} · {as_text(p.issued_at)}",
            fields=("payload",),
            rows=lambda s: _packages_holding(DrivePackage, s),
            erase={"payload": ""},
        )
    )


def _packages_holding(model, subject):
    """Stored packages of the drives whose territory contains the subject's (its path starts with theirs)."""
    from django.db.models import F, Value

    from militancia.models import Member

    path = Member.objects.filter(pk=subject.pk).values_list("territory__path", flat=True).first()
    if not path:
        return model.objects.none()
    return (
        model.objects.exclude(payload="")
        .annotate(subject_path=Value(path))
        .filter(subject_path__startswith=F("jornada__territory__path"))
    )
