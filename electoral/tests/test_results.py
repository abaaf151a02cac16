import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from electoral.models import (
    BallotOption,
    ResultImport,
    TableResult,
    TallyCapture,
    UnitOptionSummary,
    UnitSummary,
)
from electoral.selectors import analysis
from electoral.services.results import summaries_refresh, tally_decide, tally_entry_submit
from electoral.services.results_import import results_import_run
from electoral.tests.factories import ElectionFactory, make_options
from militancia.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

HEADER = "DEPARTAMENTO;MUNICIPIO;MESA;CODIGO OPCION;NOMBRE OPCION;VOTOS\n"


def results_file(rows: list[tuple[str, str, str, object]]) -> str:
    lines = [HEADER] + [f"05;001;{table};{code};{name};{votes}\n" for table, code, name, votes in rows]
    return "".join(lines)


def run_import(election, user, text: str) -> tuple[ResultImport, dict]:
    item = ResultImport.objects.create(
        election=election,
        created_by=user,
        original_name="resultados.csv",
        file=SimpleUploadedFile("resultados.csv", text.encode("utf-8")),
    )
    return item, results_import_run(result_import=item)


def full_rows(tables, votes: dict[str, tuple[int, int, int, int, int]]):
    """votes: table code → (own, other, blank, null, unmarked)."""
    names = [
        ("001", "NUESTRO PARTIDO"),
        ("002", "OTRO PARTIDO"),
        ("996", "VOTOS EN BLANCO"),
        ("997", "VOTOS NULOS"),
        ("998", "VOTOS NO MARCADOS"),
    ]
    rows = []
    for code, figures in votes.items():
        for (option, name), value in zip(names, figures, strict=True):
            rows.append((code, option, name, value))
    return rows


def test_it_imports_a_results_file_and_builds_the_summaries(secretary, election, geo):
    rows = full_rows(geo["tables"], {"05001-P1-M1": (40, 30, 5, 3, 2), "05001-P1-M2": (10, 60, 0, 0, 0)})
    item, result = run_import(election, secretary, results_file(rows))
    assert result["ok"], item.error_message
    assert result["rows"] == 10
    assert result["tables"] == 2
    kinds = dict(BallotOption.objects.filter(election=election).values_list("code", "kind"))
    assert kinds == {"001": "party", "002": "party", "996": "blank", "997": "null", "998": "unmarked"}
    table = TableResult.objects.get(table=geo["tables"]["05001-P1-M1"])
    assert (table.valid, table.blank, table.null_votes, table.unmarked, table.total) == (70, 5, 3, 2, 80)
    summary = UnitSummary.objects.get(election=election, unit=geo["m05"])
    assert (summary.tables, summary.tables_reported, summary.total, summary.registered) == (6, 2, 150, 600)
    # Re-importing the same file writes nothing new and changes nothing.
    item2, again = run_import(election, secretary, results_file(rows))
    assert again["ok"]
    assert TableResult.objects.filter(election=election).count() == 2
    own = BallotOption.objects.get(election=election, code="001")
    assert table.votes[str(own.pk)] == 40


def _option_summaries(election) -> dict:
    return {
        (row.unit_id, row.option_id): row.votes
        for row in UnitOptionSummary.objects.filter(election=election).order_by("unit_id", "option_id")
    }


def test_the_option_summaries_an_import_builds_count_the_tables_it_did_not_cover(secretary, secretary2, election, geo):
    """The import reads its own tables' votes from the file and the other tables' from their
    stored JSON: the summaries equal a rebuild from every table's JSON."""
    options = make_options(election)
    typed = geo["tables"]["05001-P1-M3"]
    values = {str(options["own"].pk): 7, str(options["other"].pk): 11, str(options["blank"].pk): 1}
    tally_entry_submit(actor=secretary, election=election, table=typed, values=values)
    tally_entry_submit(actor=secretary2, election=election, table=typed, values=values)
    rows = full_rows(geo["tables"], {"05001-P1-M1": (40, 30, 5, 3, 2), "05001-P1-M2": (10, 60, 0, 0, 0)})
    item, result = run_import(election, secretary, results_file(rows))
    assert result["ok"], item.error_message
    from_import = _option_summaries(election)
    own_in_antioquia = from_import[(geo["m05"].pk, options["own"].pk)]
    assert own_in_antioquia == 40 + 10 + 7  # two imported tables and the typed one
    summaries_refresh(election_id=election.pk)
    assert _option_summaries(election) == from_import


@pytest.mark.parametrize(
    "bad_row, message",
    [
        (("05001-P9-M9", "001", "X", 5), "La mesa «05001-P9-M9» no existe en la geografía electoral."),
        (("05001-P1-M3", "001", "X", -4), "Votos negativos (-4)."),
        (("05001-P1-M3", "001", "X", 150), "Los votos (150) superan los inscritos de la mesa (100)."),
        (("05001-P1-M3", "001", "X", "doce"), "Los votos «doce» no son un número entero."),
    ],
)
def test_it_refuses_the_whole_file_on_a_bad_row(secretary, election, geo, bad_row, message):
    rows = full_rows(geo["tables"], {"05001-P1-M1": (40, 30, 5, 3, 2)}) + [bad_row]
    item, result = run_import(election, secretary, results_file(rows))
    assert not result["ok"]
    item.refresh_from_db()
    assert item.status == ResultImport.Status.FAILED
    assert f"fila 7: {message}" in item.error_message
    assert not TableResult.objects.exists()
    assert not BallotOption.objects.exists()
    report = list(load_workbook(item.error_report.path).active.values)
    assert report[0][0] == "Fila"
    assert report[1][0] == 7
    assert report[1][-1] == message


def test_it_refuses_an_option_named_twice_for_a_table_and_writes_nothing(secretary, election, geo):
    rows = full_rows(geo["tables"], {"05001-P1-M1": (40, 30, 5, 3, 2), "05001-P1-M2": (10, 60, 0, 0, 0)})
    rows.append(("05001-P1-M2", "002", "OTRO PARTIDO", 4))  # line 12: option 002 again for M2
    item, result = run_import(election, secretary, results_file(rows))
    item.refresh_from_db()
    assert not result["ok"]
    assert "fila 12: La opción «002» aparece dos veces para la mesa «05001-P1-M2»" in item.error_message
    # The write it had begun is undone: no option, no table result.
    assert not BallotOption.objects.filter(election=election).exists()
    assert not TableResult.objects.filter(election=election).exists()


def test_a_file_with_bad_rows_and_a_duplicate_reports_both(secretary, election, geo):
    rows = full_rows(geo["tables"], {"05001-P1-M1": (40, 30, 5, 3, 2)})
    rows.append(("05001-P1-M1", "001", "NUESTRO PARTIDO", 1))  # line 7: a duplicate
    rows.append(("05001-P1-M3", "001", "X", "doce"))  # line 8: not a number
    item, result = run_import(election, secretary, results_file(rows))
    item.refresh_from_db()
    assert not result["ok"]
    assert item.error_count == 2
    assert "Primera: fila 7: La opción «001» aparece dos veces" in item.error_message


def test_it_refuses_a_table_whose_votes_add_up_to_more_than_registered(secretary, election, geo):
    rows = full_rows(geo["tables"], {"05001-P1-M1": (60, 50, 0, 0, 0)})
    item, result = run_import(election, secretary, results_file(rows))
    item.refresh_from_db()
    assert not result["ok"]
    assert "suman 110, más que sus 100 inscritos" in item.error_message


def test_it_refuses_tables_outside_the_scope(sec_antioquia, election, geo):
    rows = full_rows(geo["tables"], {"11001-P1-M1": (1, 1, 0, 0, 0)})
    item, result = run_import(election, sec_antioquia, results_file(rows))
    item.refresh_from_db()
    assert not result["ok"]
    assert "fuera de su alcance territorial" in item.error_message


def test_it_refuses_a_file_without_the_needed_columns(secretary, election, geo):
    item, result = run_import(election, secretary, "MESA;PARTIDO\n05001-P1-M1;X\n")
    item.refresh_from_db()
    assert not result["ok"]
    assert "Faltan columnas en el archivo" in item.error_message


def test_double_entry_match_is_accepted(secretary, secretary2, election, geo, django_capture_on_commit_callbacks):
    options = make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    values = {
        str(options["own"].pk): 30,
        str(options["other"].pk): 20,
        str(options["blank"].pk): 2,
        str(options["null"].pk): 1,
        str(options["unmarked"].pk): 0,
    }
    capture = tally_entry_submit(actor=secretary, election=election, table=table, values=values)
    assert capture.status == TallyCapture.Status.AWAITING_SECOND
    with pytest.raises(ValidationError, match="otro usuario"):
        tally_entry_submit(actor=secretary, election=election, table=table, values=values)
    capture = tally_entry_submit(actor=secretary2, election=election, table=table, values=values)
    assert capture.status == TallyCapture.Status.ACCEPTED
    result = TableResult.objects.get(election=election, table=table)
    assert (result.total, result.own_votes, result.source) == (53, 30, "double_entry")


def test_double_entry_mismatch_is_decided_by_a_third_user(secretary, secretary2, secretary3, election, geo):
    options = make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    first = {str(options["own"].pk): 30, str(options["other"].pk): 20}
    second = {str(options["own"].pk): 38, str(options["other"].pk): 20}
    tally_entry_submit(actor=secretary, election=election, table=table, values=first)
    capture = tally_entry_submit(actor=secretary2, election=election, table=table, values=second)
    assert capture.status == TallyCapture.Status.MISMATCH
    assert capture.differences() == [str(options["own"].pk)]
    assert not TableResult.objects.exists()
    for who in (secretary, secretary2):
        with pytest.raises(ValidationError, match="tercer usuario"):
            tally_decide(actor=who, capture=capture, values=second)
    capture = tally_decide(actor=secretary3, capture=capture, values=second)
    assert capture.status == TallyCapture.Status.ACCEPTED
    assert TableResult.objects.get(table=table).own_votes == 38


def test_double_entry_refuses_bad_figures(secretary, election, geo):
    options = make_options(election)
    table = geo["tables"]["05001-P1-M1"]
    with pytest.raises(ValidationError, match="no pueden ser negativos"):
        tally_entry_submit(actor=secretary, election=election, table=table, values={str(options["own"].pk): -1})
    with pytest.raises(ValidationError, match="superan sus inscritos"):
        tally_entry_submit(actor=secretary, election=election, table=table, values={str(options["own"].pk): 101})
    assert not TallyCapture.objects.exists()


def test_readers_cannot_type_tally_sheets(reader, election, geo):
    make_options(election)
    with pytest.raises(PermissionDenied):
        tally_entry_submit(actor=reader, election=election, table=geo["tables"]["05001-P1-M1"], values={})


def test_the_analysis_figures_on_a_known_data_set(secretary, election, geo, medellin, bogota, territories):
    """Medellín: 600 registered, 300 votes (own 90 of 270 valid); Bogotá: 600 registered, 120 votes (own 60 of 100 valid).
    Earlier election: Medellín own 40 of 200 valid, Bogotá nothing."""
    votes = {}
    for code in ("05001-P1-M1", "05001-P1-M2", "05001-P1-M3"):
        votes[code] = (30, 60, 5, 3, 2)  # 100 votes, 90 valid
    for code in ("11001-P1-M1", "11001-P1-M2"):
        votes[code] = (30, 20, 6, 3, 1)  # 60 votes, 50 valid
    _item, result = run_import(election, secretary, results_file(full_rows(geo["tables"], votes)))
    assert result["ok"]
    earlier = ElectionFactory(name="Concejo 2023")
    _item, result = run_import(
        earlier,
        secretary,
        results_file(full_rows(geo["tables"], {"05001-P1-M1": (20, 80, 0, 0, 0), "05001-P1-M2": (20, 80, 0, 0, 0)})),
    )
    assert result["ok"]
    BallotOption.objects.filter(election=earlier, code="001").update(is_own=True)
    BallotOption.objects.filter(election=election, code="001").update(is_own=True)
    from electoral.services.results import table_totals_recompute

    for e in (election, earlier):
        table_totals_recompute(election_id=e.pk)
        summaries_refresh(election_id=e.pk)
    for _ in range(7):
        MemberFactory(territory=medellin)
    MemberFactory(territory=bogota)

    data = analysis(secretary, election, geo["root"], compare=earlier)
    by_name = {row["unit"].name: row for row in data["rows"]}
    antioquia, capital = by_name["Antioquia"], by_name["Bogotá D. C."]
    assert (antioquia["registered"], antioquia["total"], antioquia["own_votes"]) == (600, 300, 90)
    assert antioquia["turnout"] == pytest.approx(0.5)
    assert antioquia["own_share"] == pytest.approx(90 / 270)
    assert antioquia["previous_share"] == pytest.approx(0.2)
    assert antioquia["change"] == pytest.approx(90 / 270 - 0.2)
    assert capital["own_share"] == pytest.approx(0.6)
    assert capital["previous_share"] is None
    # Potential: target = best share of the level (0.6); Antioquia 600 × (0.6 − 1/3) = 160, Bogotá 0.
    assert antioquia["potential"] == 160
    assert capital["potential"] == 0
    assert data["ranking"][0]["unit"].name == "Antioquia"
    assert antioquia["members"] == 7
    assert capital["members"] == 1
    assert data["totals"]["own_votes"] == 150
    assert data["totals"]["total"] == 420
    assert data["party_totals"][BallotOption.objects.get(election=election, code="002").pk] == 220
