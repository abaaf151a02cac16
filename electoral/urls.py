from django.urls import path

from electoral.views import board, candidates, election_day, elections, geography, polls, results, watchers

app_name = "electoral"

E = "electoral/elecciones/<int:pk>/"

urlpatterns = [
    path("electoral/", elections.election_list, name="election-list"),
    path("electoral/elecciones/nueva/", elections.election_create, name="election-create"),
    path(E, elections.election_detail, name="election-detail"),
    path(E + "editar/", elections.election_edit, name="election-edit"),
    path("electoral/hitos/", elections.milestone_all, name="milestone-all"),
    path(E + "calendario/", elections.milestone_calendar, name="milestone-calendar"),
    path(E + "hitos/nuevo/", elections.milestone_create, name="milestone-create"),
    path(E + "hitos/copiar/", elections.milestone_copy, name="milestone-copy"),
    path(E + "hitos/<int:milestone_id>/", elections.milestone_detail, name="milestone-detail"),
    path("electoral/geografia/", geography.unit_list, name="unit-list"),
    path("electoral/geografia/importar/", geography.geography_import, name="geography-import"),
    path(
        "electoral/geografia/importaciones/<int:import_id>/",
        geography.geography_import_detail,
        name="geography-import-detail",
    ),
    path(
        "electoral/geografia/importaciones/<int:import_id>/columnas/",
        geography.geography_import_columns,
        name="geography-import-columns",
    ),
    path(E + "candidatos/", candidates.candidate_list, name="candidate-list"),
    path(E + "candidatos/nuevo/", candidates.candidate_create, name="candidate-create"),
    path(E + "candidatos/<int:candidate_id>/", candidates.candidate_detail, name="candidate-detail"),
    path(E + "candidatos/<int:candidate_id>/aval.pdf", candidates.endorsement_letter, name="endorsement-letter"),
    path(E + "documentos-aval/", candidates.requirement_list, name="requirement-list"),
    path(E + "testigos/", watchers.watcher_list, name="watcher-list"),
    path(E + "testigos/nuevo/", watchers.watcher_create, name="watcher-create"),
    path(E + "testigos/<int:watcher_id>/", watchers.watcher_detail, name="watcher-detail"),
    path(E + "testigos/credenciales.pdf", watchers.credentials, name="credentials"),
    path(E + "testigos/autoridad.xlsx", watchers.authority_list, name="authority-list"),
    path(E + "testigos/asignar/", election_day.assign_one, name="assign-one"),
    path("electoral/testigos/directorio/", watchers.directory, name="watcher-directory"),
    path(E + "capacitaciones/", watchers.training_list, name="training-list"),
    path(E + "capacitaciones/<int:session_id>/", watchers.training_detail, name="training-detail"),
    path(E + "cobertura/", election_day.coverage, name="coverage"),
    path(E + "cobertura/puesto/<int:place_id>/", election_day.assign_place, name="assign-place"),
    path(E + "jornada/", election_day.checkin, name="checkin"),
    path(E + "incidentes/", election_day.incident_list, name="incident-list"),
    path(E + "incidentes/nuevo/", election_day.incident_create, name="incident-create"),
    path(E + "resultados/", results.results_home, name="results"),
    path(E + "resultados/importaciones/<int:import_id>/", results.result_import, name="result-import"),
    path(
        E + "resultados/importaciones/<int:import_id>/columnas/",
        results.result_import_columns,
        name="result-import-columns",
    ),
    path(E + "resultados/tarjeton/", results.ballot, name="ballot"),
    path(E + "resultados/actas/", results.tally_entry, name="tally-entry"),
    path(E + "analisis/", results.analysis, name="analysis"),
    path(E + "encuestas/", polls.poll_list, name="poll-list"),
    path(E + "encuestas/nueva/", polls.poll_create, name="poll-create"),
    path(E + "encuestas/importar/", polls.poll_import, name="poll-import"),
    path(E + "encuestas/<int:poll_id>/", polls.poll_detail, name="poll-detail"),
    path(E + "encuestas/<int:poll_id>/editar/", polls.poll_edit, name="poll-edit"),
    path(E + "donde-trabajar/", board.board_page, name="board"),
    path(E + "donde-trabajar/actualizar/", board.board_refresh, name="board-refresh"),
]
