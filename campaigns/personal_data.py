"""What campaigns registers in the personal-data registry (see militancia/personal_data.py).

A contact is found by the member it is linked to, or by document (a contact recorded before the
person became a member). Their attempts (the leaning a canvasser heard) go with them.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from militancia.personal_data import PersonalData, as_text, register_personal_data


def _contacts(subject):
    from campaigns.models import Contact

    return Contact.objects.filter(Q(member_id=subject.pk) | Q(id_type=subject.id_type, id_number=subject.id_number))


def register_campaigns_personal_data() -> None:
    from campaigns.models import Attempt, Contact

    register_personal_data(
        PersonalData(
            model=Contact,
            describe=lambda c: f"{c.get_support_level_display()} · {as_text(c.created_at)}",
            fields=("id_number", "first_names", "last_names", "phone", "address", "consent_evidence", "tags"),
            rows=_contacts,
            delete_rows=True,  # a contact is only what the campaign knew of the person: nothing to keep
        )
    )
    register_personal_data(
        PersonalData(
            model=Attempt,
            describe=lambda a: f"{a.get_result_display()} · {as_text(a.recorded_at)}",
            fields=("issues",),
            rows=lambda s: Attempt.objects.filter(contact__in=_contacts(s)),
            erase={"issues": []},
            labels={"issues": _("issues")},
        )
    )
