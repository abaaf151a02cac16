"""The OpenAPI schema tells the truth: schemathesis calls every operation of /api/v1/schema/ in-process
(the WSGI application, real PostgreSQL) as a national administrator and as a coordinator of Antioquia,
both with an API token, and fails on any 5xx and on any answer the schema does not describe (status
code, content type, body).

A few examples per operation (derandomized: the same requests on every run), valid ones and invalid
ones, with detail routes pointed at real rows (tests/route_objects.py) so that they answer 200 and
not only 404. Unsafe operations (creating members, pieces, requests, transitions, answers, lookups,
roster uploads and confirmations) run too: each request runs in a savepoint rolled back after it, so
examples never see each other's writes.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass, field

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.errors import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from comunicaciones.services.workflow import piece_register_need
from core.roles import Role
from core.tests.permissions import actor_user
from militancia.models import Member
from rosters.tests.helpers import person, xlsx_file
from tests.route_objects import build_objects

pytestmark = pytest.mark.slow

SCHEMA_URL = "/api/v1/schema/?format=json"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 3, GenerationMode.NEGATIVE: 1}
# The row each detail route is pointed at: `<app>/<resource>` → the key of tests/route_objects.py.
DETAIL_OBJECTS = {
    "attention/requests": "attention_request",
    "campaigns/campaigns": "campaign",
    "campaigns/turfs": "turf",
    "campaigns/walk-lists": "walk_list",
    "carnets/cards": "card",
    "carnets/consumables": "consumable",
    "carnets/print-batches": "batch",
    "carnets/printers": "printer",
    "carnets/registration-drives": "jornada",
    "comunicaciones/pieces": "piece",
    "comunicaciones/press-appearances": "press_appearance",
    "core/audit-events": "audit_event",
    "core/jobs": "job",
    "core/territories": "antioquia",
    "electoral/board-rows": "place_board",
    "electoral/candidates": "candidate",
    "electoral/elections": "election",
    "electoral/milestones": "milestone",
    "electoral/poll-watchers": "watcher",
    "electoral/polls": "poll",
    "electoral/table-results": "table_result",
    "electoral/units": "unit",
    "meetings/commitments": "commitment",
    "meetings/meetings": "meeting_mtg",
    "militancia/members": "member",
    "party-bodies/office-terms": "term",
    "rosters/uploads": "roster",
    "social-orgs/elections": "org_election",
    "social-orgs/organizations": "social_org",
    "targets/indicator-values": "indicator_value",
}
RESOURCE = re.compile(r"^/api/v1/(?P<resource>[a-z-]+/[a-z-]+)/\{id\}")


@dataclass
class Run:
    """What one actor's run saw: the failures, and the (operation, status) pairs answered."""

    failures: list[str] = field(default_factory=list)
    answered: set[tuple[str, int]] = field(default_factory=set)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """(objects, the WSGI application, the schema it serves), built once for the module inside a
    transaction rolled back after it. Like Django's test client, the request signals must not close
    the connection that holds that transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            objects = build_objects()
            objects.ids["need"] = piece_register_need(
                actor=actor_user(Role.COMMS_CHIEF), title="Afiche", requested_by="Dirección", request="Un afiche"
            ).pk
            app = get_wsgi_application()
            schema = schemathesis.openapi.from_wsgi(SCHEMA_URL, app, headers=_token(actor_user(Role.NATIONAL_ADMIN)))
            yield objects, app, schema
            transaction.set_rollback(True)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _token(user) -> dict[str, str]:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def _server_errors() -> tuple[list[str], callable]:
    """Tracebacks of the exceptions Django turned into 500s (DEBUG is off, so the body says nothing)."""
    seen: list[str] = []

    def record(sender, request=None, **kwargs):
        seen.append(traceback.format_exc())

    return seen, record


def _strategies(operation, objects, examples_per_mode):
    found = RESOURCE.match(operation.path)
    takes_input = bool(len(operation.query) or len(operation.body))
    for mode, examples in examples_per_mode.items():
        if mode == GenerationMode.NEGATIVE and not takes_input:
            continue  # only the id could be wrong: the positive run already asks for a generated one
        if found and mode == GenerationMode.POSITIVE:
            # Mostly the real row (200), once in a while a generated id (404).
            real = {"id": objects[DETAIL_OBJECTS[found["resource"]]]}
            yield mode, examples, operation.as_strategy(mode, path_parameters=real)
            yield mode, 1, operation.as_strategy(mode)
        else:
            yield mode, examples, operation.as_strategy(mode)


def _run(schema, app, headers: dict[str, str], objects, examples_per_mode) -> Run:
    run = Run()
    errors, record = _server_errors()
    signals.got_request_exception.connect(record)
    try:
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode, examples, strategy in _strategies(operation, objects, examples_per_mode):
                _examples(operation, mode, examples, strategy, app, headers, run, errors)
    finally:
        signals.got_request_exception.disconnect(record)
    return run


def _examples(operation, mode, examples, strategy, app, headers, run: Run, errors: list[str]) -> None:
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def call(case):
        errors.clear()
        with transaction.atomic():
            response = case.call(app=app, headers=headers)
            transaction.set_rollback(True)
        run.answered.add((operation.label, response.status_code))
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as exc:
            detail = "\n".join(errors) if errors else str(exc)
            run.failures.append(
                f"{operation.label} ({mode}) answered {response.status_code}:\n{detail}\n"
                f"    {case.as_curl_command(headers=headers)}"
            )

    try:
        call()
    except Unsatisfiable:
        assert mode == GenerationMode.NEGATIVE, f"{operation.label}: no valid request could be generated"


ACTORS = [Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR, Role.COMMS_CHIEF]


@pytest.mark.django_db
@pytest.mark.parametrize("role", ACTORS, ids=lambda role: role.name.lower())
def test_every_answer_is_one_the_schema_describes(world, role):
    objects, app, schema = world
    run = _run(schema, app, _token(actor_user(role)), objects, EXAMPLES)
    assert run.failures == [], f"{len(run.failures)} answers outside the schema:\n\n" + "\n\n".join(run.failures)


@pytest.mark.django_db
def test_the_run_reads_real_rows(world):
    """The national administrator's reads answer 200 at least once each: detail routes found their
    row, so the bodies checked are real ones and not only refusals."""
    objects, app, schema = world
    run = _run(schema, app, _token(actor_user(Role.NATIONAL_ADMIN)), objects, {GenerationMode.POSITIVE: 1})
    reads = {result.ok().label for result in schema.get_all_operations() if result.ok().method.upper() == "GET"}
    assert sorted(reads - {label for label, status in run.answered if status == 200}) == []


@pytest.mark.django_db
def test_refusals_of_a_bad_token_are_described_too(world):
    """A token nobody holds: 401 while the client IP has bad-token budget left, 429 after it."""
    objects, app, schema = world
    run = _run(schema, app, {"Authorization": "Token " + "0" * 40}, objects, {GenerationMode.POSITIVE: 1})
    assert run.failures == [], f"{len(run.failures)} answers outside the schema:\n\n" + "\n\n".join(run.failures)
    assert {status for _operation, status in run.answered} == {401, 429}


NEW_MEMBER = {
    "id_type": "CC",
    "id_number": "80123456",
    "first_names": "Ana María",
    "last_names": "Torres",
    "territory": "05001",
    "consent_date": "2026-01-10",
    "consent_channel": "web",
}
NEW_REQUEST = {
    "channel": "email",
    "kind": "petition",
    "subject": "Estado de mi carnet",
    "description": "Quiero saber si está listo.",
    "requester_id_number": "1020304050",
    "requester_name": "Ana Torres",
    "email": "ana@example.org",
    "territory": "05001",
}
ANSWER = {"answer_text": "Su carnet está listo.", "send": False}
NEW_NEED = {
    "title": "Afiche",
    "requested_by": "Dirección",
    "request": "Un afiche",
    "channels": ["web"],
    "territory": "05",
}
START = {"action": "plan_meeting"}


@pytest.mark.django_db
def test_writes_that_succeed_answer_what_the_schema_says(world):
    objects, app, schema = world
    failures = []
    for role, method, path, given_data, expected in _valid_requests(objects):
        data = dict(given_data)
        found = RESOURCE.match(path)
        path_parameters = {"id": objects[data.pop("id", None) or DETAIL_OBJECTS[found["resource"]]]} if found else {}
        operation = schema[path][method]
        media_type = "multipart/form-data" if path.endswith("/uploads/") else "application/json"
        case = operation.Case(
            path_parameters=path_parameters, media_type=media_type if "body" in data else None, **data
        )
        headers = _token(actor_user(role))
        with transaction.atomic():
            response = case.call(app=app, headers=headers)
            transaction.set_rollback(True)
        if response.status_code != expected:
            failures.append(f"{method} {path} answered {response.status_code}, not {expected}: {response.text[:300]}")
            continue
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except FailureGroup as exc:
            failures.append(f"{method} {path}: {exc}")
    assert not failures, "\n".join(failures)


def _valid_requests(objects) -> list[tuple[Role, str, str, dict, int]]:
    """(actor, method, path, what the Case takes, the status it must answer): writes that succeed on
    the test data, so that their 2xx bodies are checked too (random bodies are mostly refused)."""
    member = Member.objects.get(pk=objects["member"])
    roster = xlsx_file([person("71000101"), person("71000102")])
    return [
        (Role.NATIONAL_ADMIN, "POST", "/api/v1/militancia/members/", {"body": NEW_MEMBER}, 201),
        (Role.NATIONAL_ADMIN, "PATCH", "/api/v1/militancia/members/{id}/", {"body": {"phone": "3009876543"}}, 200),
        (
            Role.NATIONAL_ADMIN,
            "POST",
            "/api/v1/militancia/members/lookup/",
            {"body": {"id_number": member.id_number}},
            200,
        ),
        (Role.REGIONAL_COORDINATOR, "POST", "/api/v1/attention/requests/", {"body": NEW_REQUEST}, 201),
        (Role.REGIONAL_COORDINATOR, "POST", "/api/v1/attention/requests/{id}/answer/", {"body": ANSWER}, 200),
        (Role.COMMS_CHIEF, "POST", "/api/v1/comunicaciones/pieces/", {"body": NEW_NEED}, 201),
        (
            Role.COMMS_CHIEF,
            "POST",
            "/api/v1/comunicaciones/pieces/{id}/transition/",
            {"body": START, "id": "need"},
            200,
        ),
        (
            Role.REGIONAL_COORDINATOR,
            "POST",
            "/api/v1/rosters/uploads/",
            {"body": {"file": roster.read(), "territory": "05001"}},
            202,
        ),
        (Role.NATIONAL_ADMIN, "POST", "/api/v1/rosters/uploads/{id}/confirm/", {}, 202),
    ]
