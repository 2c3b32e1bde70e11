"""Schemathesis against the app's OpenAPI schema: every API route, a bounded number of cases."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
pytest.importorskip("fastapi")

from hypothesis import HealthCheck, given, settings  # noqa: E402

from rashomon.web.app import create_app  # noqa: E402

# Cases per route: enough to reach every parameter's edge (empty, huge, odd Unicode, wrong
# types) while the whole file stays within about 30 seconds.
CASES_PER_ROUTE = 40
SETTINGS = settings(
    max_examples=CASES_PER_ROUTE,
    deadline=None,
    derandomize=True,  # the same cases every run: a failure here is a bug, never bad luck
    suppress_health_check=list(HealthCheck),
    database=None,
)


@pytest.mark.slow
def test_api_conforms_to_its_schema(analysed_corpus):
    app = create_app(str(analysed_corpus), allowed_hosts=["testserver", "localhost"])
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 6
    for operation in operations:

        @SETTINGS
        @given(case=operation.as_strategy())
        def check(case) -> None:
            case.call_and_validate()

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # every route's failures, then report
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{k}:\n{v}" for k, v in failures.items())
