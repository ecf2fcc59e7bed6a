"""Schemathesis drives every operation of the OpenAPI schema with generated input, through the WSGI app.

Each operation gets a bounded number of deterministic examples (derandomized Hypothesis); every answer
must be a non-5xx status that the schema documents, with the documented content type, headers and body.
Reads go out anonymously, writes with a superuser's token, inside the test's transaction.
"""

import os

import pytest
import schemathesis
from django.contrib.auth.models import User
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "15"))


# The schema is read from the app itself at collection (it needs no database). Schemathesis's coverage phase
# (boundary values of every parameter, computed for every operation at collection) costs minutes here;
# the fuzzing phase with a bounded, derandomized number of examples, positive and negative, is what runs.
CONFIG = schemathesis.Config.from_dict({"phases": {"coverage": {"enabled": False}}})
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application(), config=CONFIG)


@pytest.fixture(autouse=True)
def _in_test_transaction(db):
    """Requests run in the test's transaction, as with Django's own test client: no connection recycling."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


CALLS = {}  # "METHOD /path" -> requests sent


@pytest.fixture(scope="module", autouse=True)
def _report(request):
    """One line at the end of the run: how many operations and generated requests were checked."""
    yield
    if CALLS:
        reporter = request.config.pluginmanager.get_plugin("terminalreporter")
        line = f"schemathesis: {len(CALLS)} operations, {sum(CALLS.values())} generated requests checked"
        reporter.write_line(line) if reporter else print(line)


def call(case, **kwargs):
    label = f"{case.method.upper()} {case.path}"
    CALLS[label] = CALLS.get(label, 0) + 1
    case.call_and_validate(checks=CHECKS, **kwargs)


@pytest.fixture
def superuser_token(db):
    user = User.objects.create(username="fuzzer", is_staff=True, is_superuser=True)  # no password to hash
    return Token.objects.create(user=user).key


HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)


@schema.include(method="GET").parametrize()
@HYPOTHESIS
def test_reads(case):
    call(case)


@schema.exclude(method="GET").parametrize()
@HYPOTHESIS
def test_writes(case, superuser_token):
    call(case, headers={"Authorization": f"Token {superuser_token}"})
