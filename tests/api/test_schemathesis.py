"""The API against its own OpenAPI schema: schemathesis generates valid and invalid requests for every
operation, sends them to the WSGI application with the secretariat's token, and checks that nothing answers
5xx and that every answer (status, content type, headers, body) conforms to the schema.

Bounded for the suite: ``JAHESH_API_FUZZ_EXAMPLES`` (default 10) examples per operation and mode; CI runs it
once more with more examples (.ci/run).
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis.configuration import set_hypothesis_home_dir
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from jahesh.wsgi import application  # pytest-django has configured Django by the time tests are collected

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("JAHESH_API_FUZZ_EXAMPLES", "10"))
# Hypothesis keeps a cache directory; not in the working tree.
set_hypothesis_home_dir(str(Path(tempfile.gettempdir()) / "jahesh-hypothesis"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
schema.config.generation.update(
    max_examples=EXAMPLES, modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], deterministic=True
)


@pytest.fixture(autouse=True)
def _one_connection_per_test():
    """The WSGI handler closes the database connection after each request, which would end the test's
    transaction; Django's own test client disconnects the same signal handler while it runs a request."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def secretariat_token(world) -> str:
    from jahesh.api.tokens import issue_token

    return issue_token(world.users["secretariat"], expires_days=1)[1]


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case, secretariat_token):
    headers = {"Authorization": f"Bearer {secretariat_token}"}
    response = case.call(headers=headers)
    # No generated request, valid or not, makes the server fail.
    assert response.status_code < 500, (case.method, case.path, response.status_code, response.text[:300])
    # Schema-valid is not always acceptable: a county that does not exist, a month in the future or an output
    # above the unit's capacity are refused by the same rules as the pages (422). Every other check runs
    # (status documented, content type, headers, body against the schema, schema-invalid input refused);
    # validate_response raises with the failed checks listed.
    case.validate_response(
        response,
        headers=headers,
        excluded_checks=[positive_data_acceptance],
        transport_kwargs={"headers": dict(headers)},
    )
    if response.status_code >= 400:
        content_type = {k.lower(): v for k, v in response.headers.items()}.get("content-type", [""])
        content_type = content_type[0] if isinstance(content_type, list) else content_type
        assert content_type.startswith("application/problem+json"), (case.path, response.status_code)
