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

from core.roles import Role
from core.tests.permissions import actor_user
from tests.route_objects import build_objects

pytestmark = pytest.mark.slow

SCHEMA_URL = "/api/v1/schema/?format=json"
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 4, GenerationMode.NEGATIVE: 2}
# The row each detail route is pointed at: `<app>/<resource>` → the key of tests/route_objects.py.
DETAIL_OBJECTS = {
    "attention/requests": "attention_request",
    "carnets/cards": "card",
    "carnets/consumables": "consumable",
    "carnets/print-batches": "batch",
    "carnets/printers": "printer",
    "carnets/registration-drives": "jornada",
    "comunicaciones/pieces": "piece",
    "core/audit-events": "audit_event",
    "core/jobs": "job",
    "core/territories": "antioquia",
    "electoral/candidates": "candidate",
    "electoral/elections": "election",
    "electoral/milestones": "milestone",
    "electoral/poll-watchers": "watcher",
    "electoral/table-results": "table_result",
    "electoral/units": "unit",
    "militancia/members": "member",
    "party-bodies/office-terms": "term",
    "rosters/uploads": "roster",
    "targets/indicator-values": "indicator_value",
}
RESOURCE = re.compile(r"^/api/v1/(?P<resource>[a-z-]+/[a-z-]+)/\{id\}")


@dataclass
class Run:
    """What one actor's run saw: the failures, and the (operation, status) pairs answered."""

    failures: list[str] = field(default_factory=list)
    answered: set[tuple[str, int]] = field(default_factory=set)


@pytest.fixture
def wsgi_app(db):
    """The project's WSGI application, on the test's connection: like Django's test client, the
    request signals must not close the connection that holds the test transaction."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def objects(db):
    return build_objects()


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
    for mode, examples in examples_per_mode.items():
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
        phases=[Phase.explicit, Phase.generate],
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


@pytest.fixture
def api_schema(wsgi_app, objects):
    admin = actor_user(Role.NATIONAL_ADMIN)
    return schemathesis.openapi.from_wsgi(SCHEMA_URL, wsgi_app, headers=_token(admin))


@pytest.mark.parametrize("role", [Role.NATIONAL_ADMIN, Role.REGIONAL_COORDINATOR], ids=lambda role: role.name.lower())
def test_every_answer_is_one_the_schema_describes(api_schema, wsgi_app, objects, role):
    run = _run(api_schema, wsgi_app, _token(actor_user(role)), objects, EXAMPLES)
    assert run.failures == [], f"{len(run.failures)} answers outside the schema:\n\n" + "\n\n".join(run.failures)


def test_refusals_of_a_bad_token_are_described_too(api_schema, wsgi_app, objects):
    """A token nobody holds: 401 while the client IP has bad-token budget left, 429 after it."""
    run = _run(api_schema, wsgi_app, {"Authorization": "Token " + "0" * 40}, objects, {GenerationMode.POSITIVE: 1})
    assert run.failures == [], f"{len(run.failures)} answers outside the schema:\n\n" + "\n\n".join(run.failures)
    assert {status for _operation, status in run.answered} == {401, 429}
