"""What social_orgs registers in the personal-data registry (see militancia/personal_data.py).

A member's link to an organization (that they belong to or lead it) and their candidacies in its
elections are theirs: listed in the report, gone on suppression. A candidate who is not a member
keeps only their name, which nobody's suppression reaches (they are not in the registry).
"""

from __future__ import annotations

from militancia.personal_data import PersonalData, as_text, register_personal_data


def register_social_orgs_personal_data() -> None:
    from social_orgs.models import ElectionCandidate, OrganizationMember

    register_personal_data(
        PersonalData(
            model=OrganizationMember,
            describe=lambda link: f"{link.organization.name} · {link.get_role_display()}",
            fields=("role", "position", "since"),
            rows=lambda s: OrganizationMember.objects.filter(member_id=s.pk),
            delete_rows=True,
        )
    )
    register_personal_data(
        PersonalData(
            model=ElectionCandidate,
            describe=lambda c: f"{c.position.election} · {c.position.name} · {as_text(c.elected)}",
            fields=("votes", "elected"),
            rows=lambda s: ElectionCandidate.objects.filter(member_id=s.pk),
            delete_rows=True,
        )
    )
