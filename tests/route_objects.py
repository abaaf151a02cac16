"""One real object of every kind a route takes, all in Antioquia, for the route walk.

Built once per test module (tests/test_route_permissions.py) inside a transaction that is rolled
back at the end. Objects are created by the services where that is cheap and by the ORM where a
service would need a whole workflow; what matters here is that each route finds a real object
owned by Antioquia, so the outsider (Cundinamarca) and the roles without access are refused by
the object's scope and the route's role, not by a missing row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.audit import audit_record
from core.models import AuditEvent, User
from core.roles import Role
from core.tests.factories import ensure_territories, make_user, territory
from core.tests.permissions import actor_user
from rosters.models import RosterUpload
from targets.models import Indicator, IndicatorValue

PDF = b"%PDF-1.4\n%route walk\n"


@dataclass
class Objects:
    """Primary keys (and the few strings) route kwargs are built from."""

    ids: dict[str, int | str]

    def __getitem__(self, name: str) -> int | str:
        return self.ids[name]


def build_objects() -> Objects:
    """Every object a route needs, owned by Antioquia (Medellín where a municipality is needed)."""
    ensure_territories()
    antioquia, medellin = territory("05"), territory("05001")
    admin = actor_user(Role.NATIONAL_ADMIN)
    coordinator = actor_user(Role.REGIONAL_COORDINATOR)
    for role in Role:
        actor_user(role)
    ids: dict[str, int | str] = {"antioquia": antioquia.pk}
    ids |= _militancia(antioquia, medellin, admin, coordinator)
    ids |= _attention(medellin, coordinator, ids)
    ids |= _rosters(medellin, coordinator, ids)
    ids |= _vendor_audits(admin)
    ids |= _party_bodies(antioquia, medellin, coordinator, ids)
    ids |= _targets(admin)
    ids |= _data_rights(admin, medellin)
    ids |= _carnets(medellin, admin, coordinator, ids)
    ids |= _comunicaciones()
    ids |= _electoral(medellin, admin, ids)
    ids |= _campaigns(antioquia, medellin, ids)
    ids |= _meetings(medellin, coordinator)
    ids |= _solidarity(antioquia, ids)
    ids |= _social_orgs(medellin, ids)
    ids["job"] = RosterUpload.objects.get(pk=ids["roster"]).validation_job_id  # the coordinator's job
    ids["audit_event"] = audit_record(actor=coordinator, action=AuditEvent.Action.UPDATE, obj=medellin).pk
    ids["indicator_value"] = IndicatorValue.objects.create(
        territory=antioquia, period=date(2026, 1, 1), indicator=Indicator.choices[0][0], value=Decimal("1")
    ).pk
    return Objects(ids)


def _militancia(antioquia, medellin, admin: User, coordinator: User) -> dict:
    from carnets.tests.factories import with_photo
    from militancia import services
    from militancia.models import DuplicateCandidate
    from militancia.tests.factories import MemberFactory

    member = with_photo(MemberFactory(territory=medellin, birth_date=date(1980, 3, 15)))
    twin = MemberFactory(
        territory=medellin,
        first_names=member.first_names,
        last_names=member.last_names,
        birth_date=member.birth_date,
    )
    duplicate = DuplicateCandidate.objects.create(
        member_a=member, member_b=twin, reason=DuplicateCandidate.Reason.NAME_AND_BIRTH
    )
    certificate = services.certificate_issue(member=member, actor=admin)
    return {"member": member.pk, "twin": twin.pk, "duplicate": duplicate.pk, "certificate_code": certificate.code}


def _attention(medellin, coordinator: User, ids: dict) -> dict:
    from attention.models import AttentionAttachment
    from attention.tests.factories import make_request

    request = make_request(territory=medellin, actor=coordinator)
    attachment = AttentionAttachment.objects.create(
        request=request, file=ContentFile(PDF, name="carta.pdf"), name="carta.pdf"
    )
    return {"attention_request": request.pk, "attention_attachment": attachment.pk}


def _rosters(medellin, coordinator: User, ids: dict) -> dict:
    from militancia.models import Member
    from rosters.models import RosterConflict
    from rosters.tests.helpers import person, process, upload, xlsx_file

    roster = process(upload(xlsx_file([person("71000001"), person("71000002")]), medellin, coordinator))
    conflict = RosterConflict.objects.create(
        upload=roster, line=4, member=Member.objects.get(pk=ids["twin"]), proposed_territory=medellin
    )
    return {"roster": roster.pk, "roster_conflict": conflict.pk}


def _vendor_audits(admin: User) -> dict:
    from vendor_audits import services as audits
    from vendor_audits.models import DeliveryActa

    vendor = audits.vendor_create(actor=admin, name="Digitalizamos SAS", tax_id="900123456")
    contract = audits.contract_create(
        actor=admin, vendor=vendor, number="C-1", unit_price=Decimal("850"), aql="2.5", starts_on=date(2026, 1, 1)
    )
    delivery = audits.delivery_create(actor=admin, contract=contract, number="S-1", delivered_on=date(2026, 11, 20))
    box = audits.box_register(
        actor=admin, delivery=delivery, code="CJ-001", forms_declared=90, received_on=date(2026, 11, 20)
    )
    round_ = audits.audit_start(box=box, actor=admin, seed=7)
    DeliveryActa.objects.create(delivery=delivery, signed_scan=ContentFile(PDF, name="acta.pdf"))
    return {
        "vendor": vendor.pk,
        "contract": contract.pk,
        "delivery": delivery.pk,
        "box": box.pk,
        "audit_round": round_.pk,
    }


def _party_bodies(antioquia, medellin, coordinator: User, ids: dict) -> dict:
    from militancia.models import Member
    from party_bodies import services as bodies
    from party_bodies.models import Office

    body = bodies.body_create(actor=coordinator, territory=antioquia)
    office = body.offices.get(title=Office.Title.PRESIDENT)
    member = Member.objects.get(pk=ids["member"])
    term = bodies.term_assign(
        actor=coordinator, office=office, member=member, starts_on=date(2024, 1, 1), ends_on=date(2027, 12, 31)
    )
    event = bodies.training_create(
        actor=coordinator,
        territory=medellin,
        kind="school",
        title="Escuela de formación",
        topic="Estatutos",
        held_on=timezone.localdate(),
        place="Sede",
        trainer="Ana",
    )
    attendance = bodies.attendance_record(actor=coordinator, event=event, member=member)
    return {"body": body.pk, "office": office.pk, "term": term.pk, "training": event.pk, "attendance": attendance.pk}


def _targets(admin: User) -> dict:
    from targets.services import national_report_build, national_report_create

    period = (timezone.localdate().replace(day=1) - timedelta(days=1)).replace(day=1)
    report = national_report_build(report_id=national_report_create(period=period, actor=admin).pk)
    return {"national_report": report.pk}


def _data_rights(admin: User, medellin) -> dict:
    from data_rights import services
    from militancia.models import Member
    from militancia.tests.factories import MemberFactory

    resigned = MemberFactory(territory=medellin, status=Member.Status.RESIGNED)
    suppression = services.suppression_request(actor=admin, member=resigned, reason="Pidió supresión")
    return {"suppression": suppression.pk}


def _carnets(medellin, admin: User, coordinator: User, ids: dict) -> dict:
    from carnets.models import JornadaRegistration
    from carnets.services import batch_create, card_issue
    from carnets.tests.factories import CardDesignFactory, ConsumableFactory, JornadaFactory, PrinterFactory
    from militancia.models import Member
    from militancia.tests.factories import MemberFactory

    design = CardDesignFactory()
    member = Member.objects.get(pk=ids["member"])
    card = card_issue(member=member, actor=admin)
    batch_member = MemberFactory(territory=medellin)
    batch = batch_create(
        actor=actor_user(Role.CARDS),  # the card team makes batches (core.permissions in the service)
        members=Member.objects.filter(pk=batch_member.pk),
        name="Lote de prueba",
        layout="a4",
        selection="filtros",
    )
    consumable = ConsumableFactory()
    printer = PrinterFactory()
    jornada = JornadaFactory(territory=medellin, summary_pdf=ContentFile(PDF, name="resumen.pdf"))
    batch.pdf.save("lote.pdf", ContentFile(PDF))
    registered = MemberFactory(territory=medellin)
    registration = JornadaRegistration.objects.create(
        jornada=jornada,
        member=registered,
        kind=JornadaRegistration.Kind.NEW,
        card=card_issue(member=registered, actor=admin, jornada=jornada),
    )
    from carnets.models import DrivePackage

    package = DrivePackage.objects.create(
        jornada=jornada,
        first_number=900_000,
        last_number=900_009,
        kit_key="00" * 32,
        issued_at=timezone.now(),
        expires_at=timezone.now(),
    )
    return {
        "design": design.pk,
        "card": card.pk,
        "card_token": card.token,
        "batch": batch.pk,
        "consumable": consumable.pk,
        "printer": printer.pk,
        "jornada": jornada.pk,
        "registration": registration.pk,
        "drive_package": package.pk,
    }


def _comunicaciones() -> dict:
    from comunicaciones.models import EditorialMeeting, MonthlyReport
    from comunicaciones.services.uploads import attachment_add
    from comunicaciones.tests.factories import chief, drafting_piece, png_upload, professional

    author, boss = professional("route-paula"), chief("route-jefa")
    piece = drafting_piece(author)
    attachment = attachment_add(piece_id=piece.pk, actor=author, upload=png_upload())
    meeting = EditorialMeeting.objects.create(
        date=timezone.localdate(), attendees="Paula, Jefa", topics="Agenda", created_by=boss
    )
    report = MonthlyReport.objects.create(
        month=timezone.localdate().replace(day=1), file=ContentFile(PDF, name="informe.pdf")
    )
    from comunicaciones.models import PressReport
    from comunicaciones.services.planning import press_release_create
    from comunicaciones.services.press import press_appearance_create

    appearance = press_appearance_create(
        actor=author,
        kind="interview",
        starts_at=timezone.now(),
        medium="Caracol Radio",
        spokesperson="Presidenta",
        topic="Reforma",
    )
    release = press_release_create(actor=author, title="Boletín", date=timezone.localdate(), body="Texto")
    press_report = PressReport.objects.create(
        month=timezone.localdate().replace(day=1), file=ContentFile(PDF, name="prensa.pdf")
    )
    return {
        "piece": piece.pk,
        "piece_attachment": attachment.pk,
        "meeting": meeting.pk,
        "monthly_report": report.pk,
        "press_appearance": appearance.pk,
        "press_release": release.pk,
        "press_report": press_report.pk,
    }


def _meetings(medellin, coordinator: User) -> dict:
    from meetings import services as meetings

    meeting = meetings.meeting_create(
        actor=coordinator,
        kind="planning",
        title="Planeación",
        starts_at=timezone.now(),
        secretariat="membership",
        territory=medellin,
        place="Sede",
        agenda="Metas",
    )
    commitment = meetings.commitment_create(
        actor=coordinator,
        meeting=meeting,
        description="Convocar",
        responsible=coordinator,
        due_on=timezone.localdate() + timedelta(days=5),
    )
    return {"meeting_mtg": meeting.pk, "commitment": commitment.pk}


def _electoral(medellin, admin: User, ids: dict) -> dict:
    from datetime import date
    from decimal import Decimal

    from electoral.models import (
        GeographyImport,
        PlaceBoard,
        Poll,
        PollResult,
        ResultImport,
        TableResult,
        TrainingSession,
    )
    from electoral.services.candidates import (
        candidate_register,
        endorsement_approve,
        endorsement_complete,
        endorsement_issue,
    )
    from electoral.tests.factories import ElectionFactory, MilestoneFactory, build_geography, make_watcher
    from militancia.models import Member

    election = ElectionFactory()
    milestone = MilestoneFactory(election=election)
    geography = build_geography(medellin, territory("11001"))
    place = geography["places"]["05001-P1"]
    candidate = candidate_register(
        actor=admin,
        election=election,
        member=Member.objects.get(pk=ids["member"]),
        office="Concejo de Medellín",
        territory=medellin,
        constituency=geography["m05"],
    )
    endorsement = candidate.endorsement
    endorsement_complete(actor=admin, endorsement=endorsement)
    endorsement_approve(actor=admin, endorsement=endorsement, reference="Acta 12 del comité")
    endorsement_issue(actor=admin, endorsement=endorsement)
    watcher = make_watcher(election, medellin)
    session = TrainingSession.objects.create(
        election=election,
        territory=medellin,
        starts_at=timezone.now() + timedelta(days=3),
        place="Sede",
        topic="Escrutinio",
        trainer="Ana",
    )
    geo_import = GeographyImport.objects.create(
        created_by=admin, original_name="divipole.csv", file=SimpleUploadedFile("divipole.csv", b"a,b\n1,2\n")
    )
    result_import = ResultImport.objects.create(
        election=election, file=SimpleUploadedFile("resultados.csv", b"a,b\n1,2\n"), created_by=admin
    )
    poll = Poll.objects.create(
        election=election,
        pollster="Invamer",
        field_start=date(2027, 9, 1),
        field_end=date(2027, 9, 5),
        published_on=date(2027, 9, 8),
        sample_size=1200,
        method=Poll.Method.TELEPHONE,
        margin_of_error=Decimal("2.8"),
        population="Adultos de Medellín",
        territory=medellin,
    )
    PollResult.objects.create(poll=poll, label="Nuestro partido", percent=Decimal("41.5"))
    place_board = PlaceBoard.objects.create(
        election=election,
        place=place,
        territory=medellin,
        municipality=medellin,
        department=medellin.parent,
        registered=300,
        potential=30,
        refreshed_at=timezone.now(),
    )
    return {
        "place_board": place_board.pk,
        "election": election.pk,
        "poll": poll.pk,
        "milestone": milestone.pk,
        "place": place.pk,
        "unit": place.pk,
        "candidate": candidate.pk,
        "watcher": watcher.pk,
        "electoral_training": session.pk,
        "geo_import": geo_import.pk,
        "result_import": result_import.pk,
        "table_result": TableResult.objects.create(election=election, table=geography["tables"]["05001-P1-M1"]).pk,
    }


def _campaigns(antioquia, medellin, ids: dict) -> dict:
    from campaigns.tests.factories import make_campaign, make_contact, make_list, make_turf
    from electoral.models import ElectoralUnit

    place = ElectoralUnit.objects.get(pk=ids["place"])
    campaign = make_campaign(antioquia)
    turf = make_turf(campaign, medellin, place)
    contact = make_contact(medellin, place)
    walk_list = make_list(turf, [contact], actor_user(Role.FIELD_VOLUNTEER))
    return {"campaign": campaign.pk, "turf": turf.pk, "contact": contact.pk, "walk_list": walk_list.pk}


__all__ = ["Objects", "build_objects", "make_user"]


def _solidarity(antioquia, ids: dict) -> dict:
    """A case assigned to a professional whose account is none of the walk's actors: only the
    secretariat's role sees it (the professional's own access is tested in solidarity/tests)."""
    from militancia.models import Member
    from solidarity.tests.factories import make_case, make_professional

    secretary = actor_user(Role.SOLIDARITY)
    professional = make_professional(actor=secretary, territory=antioquia, user=make_user("walk-professional"))
    case = make_case(actor=secretary, member=Member.objects.get(pk=ids["member"]), professional=professional)
    return {"solidarity_case": case.pk, "professional": professional.pk}


def _social_orgs(medellin, ids: dict) -> dict:
    from militancia.models import Member
    from social_orgs import services
    from social_orgs.tests.factories import make_election, make_organization

    secretary = actor_user(Role.SOCIAL_AFFAIRS)
    organization = make_organization(actor=secretary, territory=medellin)
    link = services.organization_member_add(
        actor=secretary, organization=organization, member=Member.objects.get(pk=ids["member"]), role="dirigente"
    )
    election = make_election(actor=secretary, organization=organization)
    position = services.election_position_add(actor=secretary, election=election, name="Presidencia")
    services.election_candidate_add(actor=secretary, position=position, member=link.member)
    return {"social_org": organization.pk, "org_link": link.pk, "org_election": election.pk}
