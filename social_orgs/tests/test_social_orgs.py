"""Social organizations: scope, read-only coordinators, linked members without oracle, the
elections' rule for member-only positions, results and the electoral secretariat's support."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core.models import AuditEvent
from core.roles import Role
from core.tests.permissions import ANONYMOUS, LOGIN, NO_ROLE, OUT_OF_SCOPE, assert_statuses
from core.tests.queries import at_most_queries
from militancia.models import MemberAccess
from militancia.tests.factories import MemberFactory
from social_orgs import services
from social_orgs.models import OrganizationElection, OrganizationMember, SocialOrganization
from social_orgs.tests.factories import make_election, make_organization, social_secretary


@pytest.fixture
def sara(db):
    return social_secretary()


@pytest.fixture
def organization(sara, medellin):
    return make_organization(actor=sara, territory=medellin)


@pytest.fixture
def member(medellin):
    return MemberFactory(territory=medellin, first_names="Rosa", last_names="Quintero")


@pytest.mark.django_db
def test_the_organization_page_is_scoped(client, organization):
    assert_statuses(
        client,
        reverse("social_orgs:organization-detail", kwargs={"pk": organization.pk}),
        {
            ANONYMOUS: LOGIN,
            NO_ROLE: 403,
            Role.SOCIAL_AFFAIRS: 200,
            Role.REGIONAL_COORDINATOR: 200,
            Role.ELECTORAL: 200,
            Role.CARDS: 403,
            Role.SOLIDARITY: 403,
            OUT_OF_SCOPE: 404,
        },
    )


@pytest.mark.django_db
def test_coordinators_read_but_do_not_edit(client, organization):
    assert_statuses(
        client,
        reverse("social_orgs:organization-edit", kwargs={"pk": organization.pk}),
        {Role.REGIONAL_COORDINATOR: 403, Role.SOCIAL_AFFAIRS: 200, Role.NATIONAL_ADMIN: 200},
    )


@pytest.mark.django_db
def test_a_coordinator_cannot_register_an_organization_through_the_service(bob, antioquia):
    with pytest.raises(PermissionDenied):
        make_organization(actor=bob, territory=antioquia)


@pytest.mark.django_db
def test_a_territorial_secretary_cannot_register_outside_their_territory(antioquia, cundinamarca):
    local = social_secretary("lina", territories=[antioquia])
    with pytest.raises(PermissionDenied):
        make_organization(actor=local, territory=cundinamarca)


@pytest.mark.django_db
def test_the_list_shows_only_the_territorys_organizations(login_as, sara, organization, cundinamarca, charlie):
    make_organization(actor=sara, territory=cundinamarca, name="Sindicato de Soacha")
    response = login_as(charlie).get(reverse("social_orgs:organization-list"))
    assert [o.name for o in response.context["page"]] == ["Sindicato de Soacha"]


@pytest.mark.django_db
def test_the_list_page_has_a_fixed_number_of_queries(login_as, sara, medellin):
    for i in range(15):
        make_organization(actor=sara, territory=medellin, name=f"Organización {i}")
    client = login_as(sara)
    with at_most_queries(14):
        assert client.get(reverse("social_orgs:organization-list")).status_code == 200


@pytest.mark.django_db
def test_a_member_is_linked_by_document_through_the_page(login_as, sara, organization, member):
    login_as(sara).post(
        reverse("social_orgs:organization-member-add", kwargs={"pk": organization.pk}),
        {"id_type": member.id_type, "id_number": member.id_number, "role": "dirigente", "position": "Presidenta"},
    )
    assert OrganizationMember.objects.filter(organization=organization, member=member).exists()


@pytest.mark.django_db
def test_a_member_of_another_territory_looks_like_no_member(antioquia, cundinamarca, organization):
    local = social_secretary("lina", territories=[antioquia])
    stranger = MemberFactory(territory=cundinamarca.children.first())
    unknown_answer = hidden_answer = None
    try:
        services.member_find(actor=local, id_type="CC", id_number="99887766")
    except ValidationError as exc:
        unknown_answer = exc.message_dict
    try:
        services.member_find(actor=local, id_type=stranger.id_type, id_number=stranger.id_number)
    except ValidationError as exc:
        hidden_answer = exc.message_dict
    assert hidden_answer == unknown_answer


@pytest.mark.django_db
def test_opening_an_organization_records_the_members_shown(login_as, sara, organization, member, bob):
    services.organization_member_add(actor=sara, organization=organization, member=member, role="miembro")
    login_as(bob).get(reverse("social_orgs:organization-detail", kwargs={"pk": organization.pk}))
    event = AuditEvent.objects.filter(actor=bob, action=AuditEvent.Action.VIEW).latest("pk")
    assert MemberAccess.objects.filter(event=event, member=member).exists()


@pytest.mark.django_db
def test_a_member_only_position_refuses_a_candidate_who_is_not_a_member(sara, organization):
    election = make_election(actor=sara, organization=organization)
    position = services.election_position_add(actor=sara, election=election, name="Presidencia", requires_member=True)
    with pytest.raises(ValidationError) as refusal:
        services.election_candidate_add(actor=sara, position=position, name="Pedro Pérez")
    assert refusal.value.message_dict["member"] == [
        "Militante: el cargo «Presidencia» exige que el candidato sea militante del partido."
    ]


@pytest.mark.django_db
def test_the_page_names_the_field_when_the_candidate_is_not_a_member(login_as, sara, organization):
    election = make_election(actor=sara, organization=organization)
    position = services.election_position_add(actor=sara, election=election, name="Presidencia", requires_member=True)
    response = login_as(sara).post(
        reverse("social_orgs:election-candidate-add", kwargs={"pk": election.pk}),
        {"position": position.pk, "id_type": "CC", "id_number": "", "name": "Pedro Pérez"},
    )
    assert "Militante: el cargo «Presidencia» exige" in response.content.decode()


@pytest.mark.django_db
def test_an_open_position_takes_a_candidate_who_is_not_a_member(sara, organization):
    election = make_election(actor=sara, organization=organization)
    position = services.election_position_add(actor=sara, election=election, name="Fiscal")
    candidate = services.election_candidate_add(actor=sara, position=position, name="Pedro Pérez")
    assert candidate.display_name == "Pedro Pérez"


@pytest.mark.django_db
def test_the_result_marks_the_elected_and_holds_the_election(sara, organization, member):
    election = make_election(actor=sara, organization=organization)
    position = services.election_position_add(actor=sara, election=election, name="Presidencia", requires_member=True)
    candidate = services.election_candidate_add(actor=sara, position=position, member=member)
    services.election_results_record(
        actor=sara, election=election, votes={candidate.pk: 120}, elected={candidate.pk}, notes="Ganó la plancha"
    )
    election.refresh_from_db()
    assert election.status == OrganizationElection.Status.HELD


@pytest.mark.django_db
def test_the_result_refuses_more_elected_than_seats(sara, organization, medellin):
    election = make_election(actor=sara, organization=organization)
    position = services.election_position_add(actor=sara, election=election, name="Presidencia")
    a = services.election_candidate_add(actor=sara, position=position, member=MemberFactory(territory=medellin))
    b = services.election_candidate_add(actor=sara, position=position, member=MemberFactory(territory=medellin))
    with pytest.raises(ValidationError):
        services.election_results_record(actor=sara, election=election, votes={}, elected={a.pk, b.pk}, notes="")


@pytest.mark.django_db
def test_the_electoral_secretariat_supports_an_election(login_as, sara, organization):
    from core.tests.permissions import actor_user

    election = make_election(actor=sara, organization=organization)
    login_as(actor_user(Role.ELECTORAL)).post(
        reverse("social_orgs:election-support", kwargs={"pk": election.pk}),
        {"party_support": "on", "support_notes": "Testigos y transporte"},
    )
    election.refresh_from_db()
    assert election.party_support


@pytest.mark.django_db
def test_a_coordinator_cannot_support_an_election(bob, sara, organization):
    election = make_election(actor=sara, organization=organization)
    with pytest.raises(PermissionDenied):
        services.election_support(actor=bob, election=election, supported=True, notes="")


@pytest.mark.django_db
def test_the_api_lists_only_the_organizations_in_scope(client, sara, organization, cundinamarca, charlie):
    from core.tests.factories import login

    make_organization(actor=sara, territory=cundinamarca, name="Sindicato de Soacha")
    login(client, charlie)
    data = client.get(reverse("api:social-orgs-organizations-list")).json()
    assert [row["name"] for row in data["results"]] == ["Sindicato de Soacha"]


@pytest.mark.django_db
def test_the_suppression_removes_the_members_link(sara, organization, member):
    from militancia.personal_data import personal_data_erase

    services.organization_member_add(actor=sara, organization=organization, member=member, role="miembro")
    personal_data_erase(member)
    assert not OrganizationMember.objects.filter(member=member).exists()


@pytest.mark.django_db
def test_an_organization_needs_a_name(sara, medellin):
    with pytest.raises(ValidationError):
        services.organization_save(actor=sara, name="", kind=SocialOrganization.Kind.UNION, territory=medellin)
