"""The roster pipeline through its services (tasks called in-process)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from core.jobs import JobProgress
from core.models import AuditEvent, Job
from militancia.models import Member
from militancia.tests.factories import MemberFactory
from rosters import services, sql
from rosters.models import RosterConflict, RosterRow, RosterUpload
from rosters.tests.helpers import confirm_and_import, csv_file, person, process, upload, xlsx_file

Status = RosterUpload.Status


@pytest.fixture
def envigado(territories):
    from core.tests.factories import territory

    return territory("05266")


def test_it_reads_validates_and_previews_every_kind_of_row(alice, antioquia, medellin, bogota, envigado):
    MemberFactory(id_number="20000001", territory=medellin, phone="", email="old@example.org")  # existing
    MemberFactory(id_number="20000002", territory=bogota)  # conflict: a member of Bogotá
    rows = [
        person("20.000.001", email="new@example.org"),  # existing: fills phone, email differs
        person(20000002.0),
        person(" 20000003 ", town="Envigado", email="a@example.org"),  # new
        person("20000003", first="Otra"),  # duplicate of the line above
        person("12a", first=""),  # invalid
        person(20000004, born="15/03/1980", town="05001"),  # new, text date, DIVIPOLA code
    ]
    roster = process(upload(xlsx_file(rows), antioquia, alice))
    assert roster.status == Status.VALIDATED
    assert roster.header_line == 3
    assert roster.mapping["id_number"] == 0
    assert roster.mapping["birth_date"] == 6
    counts = roster.counts
    assert (counts["new"], counts["existing"], counts["conflict"], counts["duplicate"], counts["invalid"]) == (
        2,
        1,
        1,
        1,
        1,
    )
    assert counts["would_fill"] == 1
    assert counts["with_differences"] == 1
    existing = RosterRow.objects.get(upload=roster, kind="existing")
    assert sorted(existing.filled) == ["address", "birth_date", "phone"]
    assert existing.differences["email"] == ["old@example.org", "new@example.org"]
    duplicate = RosterRow.objects.get(upload=roster, kind="duplicate")
    assert duplicate.line == 7
    assert "6" in duplicate.errors["id_number"]
    invalid = RosterRow.objects.get(upload=roster, kind="invalid")
    assert set(invalid.errors) == {"id_number", "first_names"}
    assert RosterRow.objects.get(upload=roster, line=6).territory == envigado
    job = Job.objects.get(pk=roster.validation_job_id)
    assert job.status == Job.Status.SUCCEEDED
    assert job.attempts == 1


def test_it_imports_fills_blanks_and_queues_conflicts(alice, bob, antioquia, medellin, bogota):
    member = MemberFactory(id_number="20000001", territory=medellin, phone="", email="old@example.org")
    foreign = MemberFactory(id_number="20000002", territory=bogota)
    rows = [person("20000001", email="new@example.org"), person("20000002"), person("20000003"), person("x")]
    roster = process(upload(xlsx_file(rows), antioquia, bob))
    roster = confirm_and_import(roster, bob)
    assert roster.status == Status.IMPORTED
    assert roster.summary == {"created": 1, "updated": 1, "unchanged": 0, "skipped": 1, "conflicts": 1}
    member.refresh_from_db()
    assert member.phone == "+573001234567"  # a blank filled
    assert member.email == "old@example.org"  # a different value never overwritten
    created = Member.objects.get(id_number="20000003")
    assert (created.source, created.source_ref, created.territory) == ("roster", str(roster.pk), medellin)
    assert created.consent_evidence == "Sede Medellín, caja 3"
    assert created.consent_channel == "paper"
    assert created.search_name == "jose maria perez gomez"
    assert created.birth_date == datetime.date(1980, 3, 15)
    assert created.created_by == bob
    conflict = RosterConflict.objects.get(upload=roster)
    assert conflict.member == foreign
    assert conflict.proposed_territory == medellin
    assert AuditEvent.objects.filter(action="import", object_id=str(roster.pk)).exists()
    assert list(roster.events.values_list("to_status", flat=True)) == [
        "uploaded", "validating", "validated", "importing", "imported"
    ]  # fmt: skip


def test_it_lets_the_user_fix_the_mapping_before_validating(alice, antioquia):
    header = ["IDENT", "NOMBRES", "APELLIDOS", "CIUDAD DONDE VIVE"]
    roster = process(upload(xlsx_file([["1020304050", "Ana", "Gómez", "Medellín"]], header=header), antioquia, alice))
    assert roster.status == Status.MAPPING
    assert roster.headers == header
    assert roster.sample == [["1020304050", "Ana", "Gómez", "Medellín"]]
    with pytest.raises(services.RosterError):
        services.roster_mapping_set(upload=roster, mapping={"first_names": 1, "last_names": 2}, actor=alice)
    roster = services.roster_mapping_set(
        upload=roster, mapping={"id_number": 0, "first_names": 1, "last_names": 2, "municipality": 3}, actor=alice
    )
    assert roster.status == Status.VALIDATING
    roster = process(roster)
    assert roster.status == Status.VALIDATED
    assert roster.counts["new"] == 1


def test_it_recognizes_the_same_file_uploaded_twice(alice, bob, antioquia):
    content = xlsx_file([person("20000003")]).read()
    first = process(upload(SimpleUploadedFile("planilla.xlsx", content), antioquia, bob))
    confirm_and_import(first, bob)
    with pytest.raises(services.RosterAlreadyLoaded) as error:
        upload(SimpleUploadedFile("copia de planilla.xlsx", content), antioquia, alice)
    message = error.value.messages[0]
    assert bob.get_full_name() in message
    assert f"#{first.pk}" in message
    assert Member.objects.filter(id_number="20000003").count() == 1
    services.roster_rollback(upload=first, actor=alice)
    again = upload(SimpleUploadedFile("planilla.xlsx", content), antioquia, alice)  # a rolled-back file may return
    assert again.pk != first.pk


def test_a_second_roster_with_the_same_people_imports_nothing_twice(alice, antioquia):
    confirm_and_import(process(upload(xlsx_file([person("20000003")]), antioquia, alice)), alice)
    second = process(upload(xlsx_file([person("20000003"), person("20000005")], title="OTRA"), antioquia, alice))
    assert second.counts["existing"] == 1
    assert second.counts["new"] == 1
    second = confirm_and_import(second, alice)
    assert second.summary["created"] == 1
    assert second.summary["unchanged"] == 1
    assert Member.objects.filter(id_number__in=["20000003", "20000005"]).count() == 2


@override_settings(ROSTER_IMPORT_CHUNK_LINES=2)
def test_a_crashed_import_resumes_and_imports_every_row_once(alice, antioquia, monkeypatch):
    rows = [person(str(30000000 + i)) for i in range(7)]
    roster = process(upload(xlsx_file(rows), antioquia, alice))
    roster = services.roster_confirm(upload=roster, actor=alice)
    real_chunk, calls = sql.import_chunk, []

    def crash_on_third_chunk(*args, **kwargs):
        calls.append(kwargs["lines"])
        if len(calls) == 3:
            raise RuntimeError("worker killed")
        return real_chunk(*args, **kwargs)

    monkeypatch.setattr(sql, "import_chunk", crash_on_third_chunk)
    with pytest.raises(RuntimeError):
        services.roster_import(upload=roster, progress=JobProgress(roster.import_job_id))
    assert Member.objects.filter(source_ref=str(roster.pk)).count() == 4  # two chunks committed
    monkeypatch.setattr(sql, "import_chunk", real_chunk)
    services.roster_import(upload=roster, progress=JobProgress(roster.import_job_id))  # the redelivered task
    roster.refresh_from_db()
    assert roster.status == Status.IMPORTED
    assert roster.summary["created"] == 7
    assert Member.objects.filter(source_ref=str(roster.pk)).count() == 7


def test_it_rolls_back_an_import_and_lists_what_it_cannot_undo(alice, bob, antioquia, medellin):
    filled = MemberFactory(id_number="20000001", territory=medellin, phone="", email="")
    rows = [person("20000001"), person("20000003"), person("20000004"), person("20000005")]
    roster = confirm_and_import(process(upload(xlsx_file(rows), antioquia, bob)), bob)
    assert roster.summary["created"] == 3
    assert roster.summary["updated"] == 1
    touched = Member.objects.get(id_number="20000004")
    touched.address = "Cambiada después"
    touched.save()
    filled.refresh_from_db()
    filled.email = "cambiado@example.org"  # changed since: stays
    filled.save()
    with pytest.raises(PermissionDenied):
        services.roster_rollback(upload=roster, actor=bob)
    roster = services.roster_rollback(upload=roster, actor=alice)
    assert roster.status == Status.ROLLED_BACK
    assert not Member.objects.filter(id_number__in=["20000003", "20000005"]).exists()
    assert Member.objects.filter(pk=touched.pk).exists()
    filled.refresh_from_db()
    assert filled.phone == ""
    assert filled.email == "cambiado@example.org"
    report = roster.rollback_report
    assert report["members_removed"] == 2
    assert report["members_kept_changed"] == [touched.pk]
    assert report["fields_kept_changed"] == [{"line": 4, "member": filled.pk, "field": "email"}]
    assert AuditEvent.objects.filter(action="rollback", object_id=str(roster.pk), actor=alice).exists()
    with pytest.raises(services.RosterError):
        services.roster_rollback(upload=roster, actor=alice)


def test_national_admins_resolve_conflicts(alice, bob, antioquia, medellin, bogota):
    foreign = MemberFactory(id_number="20000002", territory=bogota, phone="")
    roster = confirm_and_import(process(upload(xlsx_file([person("20000002")]), antioquia, bob)), bob)
    conflict = RosterConflict.objects.get(upload=roster)
    with pytest.raises(PermissionDenied):
        services.roster_conflict_resolve(conflict=conflict, decision="moved", actor=bob)
    services.roster_conflict_resolve(conflict=conflict, decision="moved", actor=alice, note="Se trasladó")
    foreign.refresh_from_db()
    assert foreign.territory == medellin
    assert foreign.phone == "+573001234567"
    conflict.refresh_from_db()
    assert conflict.status == "moved"
    assert conflict.resolved_by == alice
    with pytest.raises(services.RosterError):
        services.roster_conflict_resolve(conflict=conflict, decision="kept", actor=alice)


def test_a_coordinator_cannot_upload_for_another_territory(bob, cundinamarca, reader, antioquia):
    with pytest.raises(PermissionDenied):
        upload(xlsx_file([person("1")]), cundinamarca, bob)
    with pytest.raises(PermissionDenied):
        upload(xlsx_file([person("1")]), antioquia, reader)
    assert not RosterUpload.objects.exists()


def test_it_requires_the_consent_location(bob, antioquia):
    with pytest.raises(services.RosterError):
        upload(xlsx_file([person("1")]), antioquia, bob, consent="  ")


def test_it_reads_a_latin1_csv_with_semicolons(bob, medellin):
    text = "Planilla de afiliados;;\nNo. de cédula;NOMBRE COMPLETO;CELULAR\n1.020.304.050;JOSÉ MARÍA PÉREZ GÓMEZ;300 123 4567\n"
    roster = process(upload(csv_file(text, "latin-1"), medellin, bob))
    assert roster.status == Status.VALIDATED, roster.error
    row = RosterRow.objects.get(upload=roster)
    assert (row.id_number, row.first_names, row.last_names, row.territory) == (
        "1020304050", "José María", "Pérez Gómez", medellin
    )  # fmt: skip


@pytest.mark.parametrize(
    ("file", "code_words"),
    [
        (lambda: xlsx_file([], header=None, title=None), "vacía"),
        (lambda: xlsx_file([], title="PLANILLA"), "encabezados"),
        (lambda: csv_file(";".join(f"COL{i}" for i in range(200)) + "\n" + ";".join("x" * 200) + "\n"), "200"),
        (lambda: xlsx_file([["a", "b"], [1, 2]], header=["X", "Y"], title=None), "encabezado"),
    ],
    ids=["empty-sheet", "headers-only", "200-columns", "no-header"],
)
def test_bad_sheets_fail_with_a_clear_message(bob, antioquia, file, code_words):
    roster = process(upload(file(), antioquia, bob))
    assert roster.status == Status.FAILED
    assert code_words in roster.error.lower()
    assert Job.objects.get(pk=roster.validation_job_id).status == Job.Status.FAILED


def test_bad_files_are_refused_at_upload(bob, antioquia):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from core.tabular.tests.bombs import laughs_xlsx

    with pytest.raises(services.RosterError) as error:
        upload(SimpleUploadedFile("foto.xlsx", b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 10), antioquia, bob)
    assert "no es una hoja de cálculo" in error.value.messages[0].lower() or "spreadsheet" in error.value.messages[0]
    with override_settings(ROSTER_MAX_UPLOAD_BYTES=1000), pytest.raises(services.RosterError):
        upload(SimpleUploadedFile("grande.xlsx", laughs_xlsx(cells=3000)), antioquia, bob)
    assert not RosterUpload.objects.exists()


def test_a_sheet_with_formulas_gets_row_errors_not_a_crash(bob, antioquia):
    rows = [person("20000003"), ["20000006", '=CONCAT("a";"b")', "Gómez", "", "", "Medellín", "", ""]]
    roster = process(upload(xlsx_file(rows), antioquia, bob))
    assert roster.status == Status.VALIDATED
    assert roster.counts["new"] == 1
    assert roster.counts["invalid"] == 1
    assert "first_names" in RosterRow.objects.get(upload=roster, kind="invalid").errors


def test_a_department_with_one_municipality_needs_no_municipality_column(alice, territories):
    from core.tests.factories import territory

    bogota_dc = territory("11")  # the capital district: one municipality
    text = "CÉDULA;NOMBRES;APELLIDOS\n1020304050;Ana;Gómez\n"
    roster = process(upload(csv_file(text), bogota_dc, alice))
    assert roster.status == Status.VALIDATED, roster.error
    row = RosterRow.objects.get(upload=roster)
    assert (row.territory.code, row.territory.kind) == ("11001", "municipality"), (
        row.territory.code,
        row.territory.kind,
    )


@pytest.mark.django_db
def test_reserved_member_ids_are_never_given_to_anyone_else():
    """One jump of the sequence reserves a block; the next member anyone creates comes after it,
    and the sequence goes on one by one."""
    before = MemberFactory()
    block = sql.reserve_member_ids(500)
    assert len(block) == 500 and block.start > before.pk
    after = MemberFactory()
    assert after.pk > block[-1]
    assert MemberFactory().pk == after.pk + 1


def test_a_document_that_became_a_member_after_the_preview_is_matched_not_created_twice(
    alice, bob, antioquia, medellin, bogota
):
    rows = [person("20000011", phone="3001112233"), person("20000012"), person("20000013")]
    roster = process(upload(xlsx_file(rows), antioquia, bob))
    assert roster.counts["new"] == 3
    # Between the preview and the confirmation, two of these people are registered elsewhere.
    here = MemberFactory(id_number="20000011", territory=medellin, phone="")
    away = MemberFactory(id_number="20000012", territory=bogota)
    roster = confirm_and_import(roster, bob)
    assert roster.summary == {"created": 1, "updated": 1, "unchanged": 0, "skipped": 0, "conflicts": 1}
    assert Member.objects.filter(id_number__in=["20000011", "20000012"]).count() == 2
    here.refresh_from_db()
    assert here.phone == "+573001112233"  # matched now, so its blank was filled
    assert RosterRow.objects.filter(upload=roster, member_id=here.pk, outcome="updated").exists()
    assert RosterConflict.objects.get(upload=roster).member == away
    assert (roster.counts["new"], roster.counts["existing"], roster.counts["conflict"]) == (1, 1, 1)  # the tabs


def test_the_import_compares_again_only_members_changed_since_the_preview(alice, bob, antioquia, medellin):
    changed = MemberFactory(id_number="20000021", territory=medellin, phone="", email="")
    untouched = MemberFactory(id_number="20000022", territory=medellin, phone="", email="")
    rows = [person("20000021"), person("20000022")]
    roster = process(upload(xlsx_file(rows), antioquia, bob))
    assert roster.counts["would_fill"] == 2
    changed.phone = "+573009998877"  # someone fills the phone between the preview and the import
    changed.save()
    roster = confirm_and_import(roster, bob)
    assert roster.summary["updated"] == 2
    changed.refresh_from_db()
    untouched.refresh_from_db()
    assert changed.phone == "+573009998877"  # never overwritten
    assert (untouched.phone, untouched.email) == ("+573001234567", "p20000022@example.org")
    rows = {row.member_id: row for row in RosterRow.objects.filter(upload=roster)}
    assert "phone" not in rows[changed.pk].filled  # compared again: that blank is no longer ours
    assert "email" in rows[changed.pk].filled
    assert {"phone", "email"} <= set(rows[untouched.pk].filled)
    roster = services.roster_rollback(upload=roster, actor=alice)
    changed.refresh_from_db()
    assert (changed.phone, changed.email) == ("+573009998877", "")  # the rollback blanks only what it filled


def test_an_import_merges_the_search_index_once_it_commits(alice, antioquia, django_capture_on_commit_callbacks):
    from militancia import tasks

    roster = process(upload(xlsx_file([person("20000031")]), antioquia, alice))
    with django_capture_on_commit_callbacks() as callbacks:
        confirm_and_import(roster, alice)
    assert tasks.merge_search_index.delay in callbacks
