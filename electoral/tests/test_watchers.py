import io
import subprocess
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from electoral.models import PollWatcher, WatcherAssignment
from electoral.pdf import CredentialData, credentials_pdf
from electoral.services.watchers import (
    assignment_checkin,
    assignment_end,
    assignments_create,
    training_attendance_record,
    training_create,
    watcher_accredit,
    watcher_confirm,
    watcher_evaluate,
    watcher_recruit,
    watcher_substitute,
    watcher_train,
)
from electoral.tests.factories import ElectionFactory, local, make_watcher
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db
S = PollWatcher.Status
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "electoral"


@pytest.fixture
def accredited(election, medellin):
    return make_watcher(election, medellin, status=S.ACCREDITED, first_names="Juan", last_names="Arango")


def test_it_recruits_a_member_or_a_person_with_an_id(bob, election, medellin):
    member = MemberFactory(territory=medellin, first_names="Sofía", last_names="Mejía")
    from_member = watcher_recruit(actor=bob, election=election, territory=medellin, role="table", member=member)
    assert from_member.member == member
    assert from_member.status == S.PROSPECT
    outsider = watcher_recruit(
        actor=bob,
        election=election,
        territory=medellin,
        role="general",
        id_type="CC",
        id_number="1.020.304.050",
        first_names="PEDRO",
        last_names="LÓPEZ",
    )
    assert outsider.member is None
    assert outsider.id_number == "1020304050"
    assert outsider.first_names == "Pedro"
    with pytest.raises(ValidationError, match="ya es testigo en esta elección"):
        watcher_recruit(
            actor=bob,
            election=election,
            territory=medellin,
            role="table",
            id_type="CC",
            id_number="1020304050",
            first_names="Pedro",
            last_names="López",
        )
    assert from_member.history.get().to_status == S.PROSPECT


def test_it_refuses_recruiting_outside_the_scope(bob, election, bogota):
    with pytest.raises(PermissionDenied):
        watcher_recruit(
            actor=bob,
            election=election,
            territory=bogota,
            role="table",
            id_type="CC",
            id_number="123456",
            first_names="A",
            last_names="B",
        )


def test_the_lifecycle_with_roles(bob, secretary, election, medellin):
    watcher = make_watcher(election, medellin)
    with pytest.raises(ValidationError, match="no puede pasar de «Prospecto» a «Acreditado»"):
        watcher_accredit(actor=secretary, watcher=watcher)
    watcher_confirm(actor=bob, watcher=watcher)
    with pytest.raises(ValidationError, match="aún no ha asistido a ninguna capacitación"):
        watcher_train(actor=bob, watcher=watcher)
    session = training_create(
        actor=bob,
        election=election,
        territory=medellin,
        starts_at=timezone.now(),
        place="Sede Medellín",
        topic="Escrutinio",
        trainer="Ana",
    )
    assert (
        training_attendance_record(actor=bob, session=session, attended_ids={watcher.pk}, invited_ids={watcher.pk}) == 1
    )
    watcher.refresh_from_db()
    assert watcher.status == S.TRAINED
    with pytest.raises(PermissionDenied):
        watcher_accredit(actor=bob, watcher=watcher)  # the secretary accredits
    watcher = watcher_accredit(actor=secretary, watcher=watcher)
    assert watcher.status == S.ACCREDITED
    assert watcher.credential_number
    assert [h.to_status for h in watcher.history.order_by("id")] == ["confirmado", "capacitado", "acreditado"]


@pytest.mark.parametrize("who", ["reader", "nobody"])
def test_readers_cannot_move_watchers(request, who, election, medellin):
    watcher = make_watcher(election, medellin)
    with pytest.raises(PermissionDenied):
        watcher_confirm(actor=request.getfixturevalue(who), watcher=watcher)


def test_an_outsider_coordinator_cannot_move_watchers(charlie, election, medellin):
    watcher = make_watcher(election, medellin)
    with pytest.raises(PermissionDenied):
        watcher_confirm(actor=charlie, watcher=watcher)


def test_assignment_moves_to_assigned_and_back(bob, election, geo, accredited):
    table = geo["tables"]["05001-P1-M1"]
    assignments_create(actor=bob, election=election, pairs=[(accredited, table)])
    accredited.refresh_from_db()
    assert accredited.status == S.ASSIGNED
    assignment_end(actor=bob, assignment=accredited.assignments.get())
    accredited.refresh_from_db()
    assert accredited.status == S.ACCREDITED


def test_a_watcher_cannot_be_at_two_tables_at_the_same_time(bob, election, geo, accredited):
    tables = geo["tables"]
    assignments_create(actor=bob, election=election, pairs=[(accredited, tables["05001-P1-M1"])])
    with pytest.raises(ValidationError) as exc:
        assignments_create(actor=bob, election=election, pairs=[(accredited, tables["05001-P1-M2"])])
    assert "una persona no puede estar en dos mesas al mismo tiempo" in str(exc.value)
    assert "Mesa 1" in str(exc.value)
    assert WatcherAssignment.objects.count() == 1
    # A different shift the same day is fine.
    day = election.date
    assignments_create(
        actor=bob,
        election=election,
        pairs=[(accredited, tables["05001-P1-M2"])],
        starts_at=local(day, 18, 30),
        ends_at=local(day, 22),
    )
    assert WatcherAssignment.objects.count() == 2


def test_bulk_assignment_is_all_or_nothing(bob, election, geo, medellin):
    one = make_watcher(election, medellin, status=S.ACCREDITED)
    two = make_watcher(election, medellin, status=S.ACCREDITED)
    prospect = make_watcher(election, medellin, status=S.PROSPECT, first_names="Luz")
    tables = geo["tables"]
    pairs = [
        (one, tables["05001-P1-M1"]),
        (two, tables["05001-P1-M2"]),
        (one, tables["05001-P1-M3"]),
        (prospect, tables["05001-P2-M1"]),
    ]
    with pytest.raises(ValidationError) as exc:
        assignments_create(actor=bob, election=election, pairs=pairs)
    messages = exc.value.messages
    assert any(m.startswith("Línea 3 (Mesa 3)") and "dos mesas" in m for m in messages)
    assert any(m.startswith("Línea 4") and "solo se asignan testigos acreditados" in m for m in messages)
    assert WatcherAssignment.objects.count() == 0
    created = assignments_create(actor=bob, election=election, pairs=pairs[:2])
    assert len(created) == 2


def test_a_table_watcher_goes_to_a_table(bob, election, geo, accredited):
    with pytest.raises(ValidationError, match="se asigna a una mesa"):
        assignments_create(actor=bob, election=election, pairs=[(accredited, geo["places"]["05001-P1"])])


def test_substitution_keeps_who_replaced_whom_and_why(bob, election, geo, accredited, medellin):
    table = geo["tables"]["05001-P1-M1"]
    assignments_create(actor=bob, election=election, pairs=[(accredited, table)])
    substitute = make_watcher(election, medellin, status=S.ACCREDITED, first_names="Marta")
    watcher_substitute(actor=bob, watcher=accredited, substitute=substitute, reason="Calamidad doméstica")
    accredited.refresh_from_db()
    substitute.refresh_from_db()
    assert accredited.status == S.REPLACED
    assert accredited.replaced_by == substitute
    assert accredited.replacement_reason == "Calamidad doméstica"
    assert substitute.status == S.ASSIGNED
    assert substitute.assignments.get().unit == table
    assert "Calamidad doméstica" in accredited.history.first().note
    with pytest.raises(ValidationError, match="ya fue sustituido"):
        watcher_substitute(actor=bob, watcher=accredited, substitute=substitute, reason="otra vez")


def test_substitution_needs_an_accredited_substitute_for_tables(bob, election, geo, accredited, medellin):
    assignments_create(actor=bob, election=election, pairs=[(accredited, geo["tables"]["05001-P1-M1"])])
    confirmed = make_watcher(election, medellin, status=S.CONFIRMED)
    with pytest.raises(ValidationError, match="debe estar acreditado"):
        watcher_substitute(actor=bob, watcher=accredited, substitute=confirmed, reason="Enfermedad")
    with pytest.raises(ValidationError, match="por qué"):
        watcher_substitute(actor=bob, watcher=accredited, substitute=confirmed, reason=" ")


def test_evaluation_after_the_election_feeds_the_directory(login_as, bob, territories, medellin):
    past = ElectionFactory(date=timezone.localdate() - timedelta(days=3))
    watcher = make_watcher(past, medellin, status=S.ASSIGNED, id_number="71222333")
    watcher_evaluate(actor=bob, watcher=watcher, score=5, notes="Excelente")
    with pytest.raises(ValidationError, match="de 1 a 5"):
        watcher_evaluate(actor=bob, watcher=watcher, score=7)
    future = ElectionFactory()
    with pytest.raises(ValidationError, match="después de la elección"):
        watcher_evaluate(actor=bob, watcher=make_watcher(future, medellin), score=4)
    page = login_as(bob).get(reverse("electoral:watcher-directory"))
    assert "71222333" in page.content.decode()
    assert "5,0" in page.content.decode()


def test_checkin_records_presence_and_time(bob, election, geo, accredited):
    [assignment] = assignments_create(actor=bob, election=election, pairs=[(accredited, geo["tables"]["05001-P1-M1"])])
    at = local(election.date, 7, 12)
    assignment = assignment_checkin(actor=bob, assignment=assignment, present=True, at=at)
    assert assignment.checkin == "present"
    assert assignment.checkin_at == at
    assert assignment.checkin_by == bob


def test_credentials_pdf_and_authority_list(login_as, secretary, bob, election, geo, accredited):
    assignments_create(actor=bob, election=election, pairs=[(accredited, geo["tables"]["05001-P1-M1"])])
    client = login_as(secretary)
    pdf = client.get(reverse("electoral:credentials", args=[election.pk]) + f"?watcher={accredited.pk}")
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("electoral:authority-list", args=[election.pk]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    rows = list(sheet.values)
    assert rows[0][0] == "DEPARTAMENTO"
    assert rows[1][6] == accredited.id_number
    assert rows[1][4] == "05001-P1-M1"


def test_the_authority_list_neutralizes_formulas(login_as, secretary, bob, election, geo, medellin):
    evil = make_watcher(election, medellin, status=S.ACCREDITED, first_names='=HYPERLINK("x")', last_names="@SUM(1)")
    assignments_create(actor=bob, election=election, pairs=[(evil, geo["tables"]["05001-P1-M1"])])
    xlsx = login_as(secretary).get(reverse("electoral:authority-list", args=[election.pk]))
    row = list(load_workbook(io.BytesIO(xlsx.content)).active.values)[1]
    assert row[7].startswith("'=")
    assert row[8].startswith("'@")


def test_it_renders_credentials():
    item = CredentialData(
        party="Partido Demostración",
        election="Elecciones territoriales 2027",
        election_date="26/10/2027",
        full_name="Juan Arango",
        document="CC 71222333",
        role="Testigo de mesa",
        credential_number="T-1-000001",
        place="Institución Educativa San José",
        table="Mesa 3",
        address="Calle 50 # 40-20",
        territory="Medellín",
    )
    content = credentials_pdf([item, item])
    assert content.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "credenciales.pdf").write_bytes(content)
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "60",
            "-singlefile",
            str(ARTIFACTS / "credenciales.pdf"),
            str(ARTIFACTS / "credenciales"),
        ],
        check=False,
    )
