"""Services authorize themselves: called directly (as the API, the admin or a task would), each
family refuses a user of the wrong role (403) and a user of another territory (404: the object
does not exist for them). One row per service family; add yours (CONTRIBUTING, "Authorization")."""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from attention.services import attention_assign, attention_transition
from attention.tests.factories import make_request
from carnets.models import PrintBatch
from carnets.services import batch_cancel, card_issue, card_revoke, jornada_close, stock_adjust
from carnets.tests.factories import CardDesignFactory, ConsumableFactory, JornadaFactory
from core.permissions import SYSTEM_SERVICES
from core.roles import Role
from core.tests.factories import make_user, territory
from meetings.services import commitment_create, commitment_move
from militancia.models import DuplicateCandidate, RegistrationConflict
from militancia.services import (
    certificate_issue,
    duplicate_mark_distinct,
    duplicates_detect_start,
    member_change_status,
    member_update,
    registration_conflict_resolve,
)
from militancia.tests.factories import MemberFactory
from vendor_audits.services import vendor_create


@dataclass(frozen=True)
class Case:
    """`call(actor)` runs the service on an object of Medellín (Antioquia) built by `build()`."""

    role: Role  # a role the service accepts
    build: Callable[[], Callable]
    territorial: bool = True  # False: not scoped by territory (only the role is checked)


def _member_update():
    member = MemberFactory()
    return lambda actor: member_update(member=member, actor=actor, data={"address": "Calle 1 # 2-3"})


def _member_status():
    member = MemberFactory()
    return lambda actor: member_change_status(member=member, actor=actor, to_status="suspendido", reason="Sanción")


def _certificate():
    member = MemberFactory()
    return lambda actor: certificate_issue(member=member, actor=actor)


def _duplicate():
    a, b = sorted([MemberFactory(), MemberFactory()], key=lambda m: m.pk)
    pair = DuplicateCandidate.objects.create(member_a=a, member_b=b, reason=DuplicateCandidate.Reason.NAME_AND_BIRTH)
    return lambda actor: duplicate_mark_distinct(candidate=pair, actor=actor)


def _duplicate_search():
    return lambda actor: duplicates_detect_start(actor=actor)


def _registration_conflict():
    conflict = RegistrationConflict.objects.create(
        member=MemberFactory(), proposed_territory=territory("11001"), source="manual"
    )
    return lambda actor: registration_conflict_resolve(conflict=conflict, decision="kept", actor=actor)


def _national_admin():
    return make_user("setup-admin", Role.NATIONAL_ADMIN)


def _card():
    CardDesignFactory()
    card = card_issue(member=MemberFactory(), actor=_national_admin())
    return lambda actor: card_revoke(card=card, actor=actor, reason="Fraude")


def _batch():
    batch = PrintBatch.objects.create(name="Lote", selection=PrintBatch.Selection.FILTERS, territory=territory("05001"))
    return lambda actor: batch_cancel(batch=batch, actor=actor)


def _jornada():
    jornada = JornadaFactory(territory=territory("05001"))
    return lambda actor: jornada_close(jornada=jornada, actor=actor)


def _drive_package():
    from carnets.services import drive_package_start
    from carnets.tests.factories import CardDesignFactory

    CardDesignFactory()
    jornada = JornadaFactory(territory=territory("05001"))
    jornada.team.set([make_user("kit-team", Role.CARDS)])
    return lambda actor: drive_package_start(jornada=jornada, actor=actor, block_size=5)


def _stock():
    consumable = ConsumableFactory(stock=10)
    return lambda actor: stock_adjust(consumable=consumable, quantity=-1, reason="Tarjeta dañada", actor=actor)


def _vendor():
    return lambda actor: vendor_create(actor=actor, name="Digitaciones S.A.S.")


def _attention_assign():
    request = make_request(territory=territory("05001"), actor=_national_admin())
    return lambda actor: attention_assign(request=request, assignee=None, actor=actor)


def _attention_move():
    request = make_request(territory=territory("05001"), actor=_national_admin())
    return lambda actor: attention_transition(request=request, to_status="en_tramite", actor=actor)


def _contact_update():
    from campaigns.services import contact_update
    from campaigns.tests.factories import make_contact

    contact = make_contact(territory("05001"))
    return lambda actor: contact_update(
        actor=actor, contact=contact, support_level=2, tags=["joven"], phone="", address="Calle 1"
    )


def _lists_generate():
    from campaigns.services import lists_generate
    from campaigns.tests.factories import make_campaign, make_contact, make_turf

    medellin = territory("05001")
    turf = make_turf(make_campaign(territory("05")), medellin)
    make_contact(medellin)
    return lambda actor: lists_generate(actor=actor, turf=turf)


def _antioquia_election():
    from electoral.tests.factories import ElectionFactory

    return ElectionFactory(territory=territory("05"))


def _poll_save():
    from datetime import date
    from decimal import Decimal

    from electoral.services.polls import poll_save

    election = _antioquia_election()
    values = {
        "pollster": "Invamer",
        "field_start": date(2027, 9, 1),
        "field_end": date(2027, 9, 5),
        "published_on": date(2027, 9, 8),
        "sample_size": 1000,
        "method": "telephone",
        "margin_of_error": Decimal("3"),
        "population": "Adultos",
    }
    results = [{"label": "A", "percent": Decimal("40"), "is_undecided": False}]
    return lambda actor: poll_save(election=election, values=values, results=results, actor=actor)


def _board_refresh():
    from electoral.services.board import board_refresh_request

    election = _antioquia_election()
    return lambda actor: board_refresh_request(election=election, actor=actor)


def _meeting():
    from meetings.tests.factories import make_meeting

    return make_meeting(actor=_national_admin(), territory=territory("05001"))


def _commitment_create():
    meeting = _meeting()
    responsible = _national_admin()
    return lambda actor: commitment_create(
        actor=actor, meeting=meeting, description="Convocar", responsible=responsible, due_on=date(2030, 1, 1)
    )


def _commitment_move():
    from meetings.tests.factories import make_commitment

    meeting = _meeting()
    commitment = make_commitment(actor=_national_admin(), meeting=meeting, responsible=_national_admin())
    return lambda actor: commitment_move(actor=actor, commitment=commitment, name="start")


def _case_open():
    from solidarity.services import case_open

    member = MemberFactory()
    return lambda actor: case_open(actor=actor, member=member, kind="juridico", urgency="alta", facts="x", needs="y")


def _case_assign():
    from solidarity.services import case_assign
    from solidarity.tests.factories import make_case, make_professional, secretary

    sofia = secretary("sofia-auth")
    lawyer = make_professional(actor=sofia, territory=territory("05"))
    case = make_case(actor=sofia, member=MemberFactory())
    return lambda actor: case_assign(actor=actor, case=case, professional=lawyer)


def _organization_member_add():
    from social_orgs.services import organization_member_add
    from social_orgs.tests.factories import make_organization, social_secretary

    organization = make_organization(actor=social_secretary("sara-auth"), territory=territory("05001"))
    member = MemberFactory()
    return lambda actor: organization_member_add(actor=actor, organization=organization, member=member, role="miembro")


def _organization_election_support():
    from social_orgs.services import election_support
    from social_orgs.tests.factories import make_election, make_organization, social_secretary

    sara = social_secretary("sara-auth")
    election = make_election(actor=sara, organization=make_organization(actor=sara, territory=territory("05001")))
    return lambda actor: election_support(actor=actor, election=election, supported=True, notes="")


CASES = {
    "contact_update": Case(Role.REGIONAL_COORDINATOR, _contact_update),
    "lists_generate": Case(Role.REGIONAL_COORDINATOR, _lists_generate),
    "member_update": Case(Role.REGIONAL_COORDINATOR, _member_update),
    "member_change_status": Case(Role.REGIONAL_COORDINATOR, _member_status),
    "certificate_issue": Case(Role.REGIONAL_COORDINATOR, _certificate),
    "duplicate_mark_distinct": Case(Role.NATIONAL_ADMIN, _duplicate),
    "duplicates_detect_start": Case(Role.NATIONAL_ADMIN, _duplicate_search),
    "registration_conflict_resolve": Case(Role.NATIONAL_ADMIN, _registration_conflict),
    "card_revoke": Case(Role.CARDS, _card),
    "batch_cancel": Case(Role.CARDS, _batch),
    "jornada_close": Case(Role.CARDS, _jornada),
    "drive_package_start": Case(Role.CARDS, _drive_package),
    # Supplies and printers are the national card office's stock, not a territory's.
    "stock_adjust": Case(Role.CARDS, _stock, territorial=False),
    "vendor_create": Case(Role.NATIONAL_ADMIN, _vendor),
    "attention_assign": Case(Role.REGIONAL_COORDINATOR, _attention_assign),
    "attention_transition": Case(Role.REGIONAL_COORDINATOR, _attention_move),
    "poll_save": Case(Role.ELECTORAL, _poll_save),
    "board_refresh_request": Case(Role.REGIONAL_COORDINATOR, _board_refresh),
    "commitment_create": Case(Role.REGIONAL_COORDINATOR, _commitment_create),
    "commitment_move": Case(Role.REGIONAL_COORDINATOR, _commitment_move),
    "case_open": Case(Role.SOLIDARITY, _case_open),
    "case_assign": Case(Role.SOLIDARITY, _case_assign),
    "organization_member_add": Case(Role.SOCIAL_AFFAIRS, _organization_member_add),
    "election_support": Case(Role.ELECTORAL, _organization_election_support),
}
TERRITORIAL = {name: case for name, case in CASES.items() if case.territorial}


@pytest.mark.parametrize("name", CASES)
def test_a_user_of_the_wrong_role_is_refused(name, territories):
    call = CASES[name].build()
    with pytest.raises(PermissionDenied, match="Su rol no le permite"):
        call(make_user("wrong-role", Role.COMMS_PROFESSIONAL))


@pytest.mark.parametrize("name", CASES)
def test_no_actor_is_refused(name, territories):
    call = CASES[name].build()
    with pytest.raises(PermissionDenied):
        call(None)


@pytest.mark.parametrize("name", TERRITORIAL)
def test_a_user_of_another_territory_finds_nothing(name, territories):
    call = TERRITORIAL[name].build()
    with pytest.raises(Http404):
        call(make_user("outsider", TERRITORIAL[name].role, territories=[territory("25")]))


@pytest.mark.parametrize("name", CASES)
def test_a_user_with_the_role_and_the_territory_may(name, territories):
    call = CASES[name].build()
    scope = [territory("05")] if CASES[name].role == Role.REGIONAL_COORDINATOR else []
    assert call(make_user("allowed", CASES[name].role, territories=scope)) is not None


@pytest.mark.parametrize("path", SYSTEM_SERVICES)
def test_system_services_take_no_actor(path):
    module, name = path.rsplit(".", 1)
    function = getattr(importlib.import_module(module), name)
    assert "actor" not in inspect.signature(function).parameters
