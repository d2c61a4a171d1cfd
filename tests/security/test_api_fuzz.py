"""The office API and the regional API fuzzed by schemathesis from their own OpenAPI schemas: no server error,
and every answer conforms to the schema, whatever is sent. The budget is bounded so the suite stays fast."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cases.models import Case
from jisr.accounts.models import Role, User
from network.models import Network
from network.services import set_scope
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_workflow import new_case
from tests.conftest import host_of, make_staff

pytestmark = pytest.mark.django_db

EXAMPLES = 12  # per operation: about 40 operations, so about 500 requests


def api_schema(urlconf: str) -> Any:
    """schemathesis's view of the OpenAPI schema the project serves for `urlconf`, called in-process."""
    generated = SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)
    raw = json.loads(OpenApiJsonRenderer().render(generated))
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = get_wsgi_application()
    return schema


def fuzz(operations: list[Any], headers: dict[str, str]) -> int:
    """EXAMPLES generated calls of each operation, each checked: no 5xx, the answer conforms. Calls made."""
    calls = 0
    for operation in operations:

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        @given(case=operation.as_strategy(), _=st.just(None))
        def call(case: Any, _: None) -> None:
            nonlocal calls
            calls += 1
            case.call_and_validate(headers=headers, checks=[not_a_server_error, response_schema_conformance])

        call()
    return calls


@pytest.fixture
def wsgi_in_the_test_transaction() -> Iterator[None]:
    """The WSGI app called in-process on the test's connection: as Django's test client does, its requests must
    not close the connection (and the test's transaction with it) when they start and end."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("wsgi_in_the_test_transaction")
def test_the_office_api_never_fails_and_keeps_to_its_schema(commune_a: Commune) -> None:
    with schema_context(commune_a.schema_name):
        head = make_staff(commune_a)
        case = new_case(head, person=consenting(head, person(head)))
        token = Token.objects.create(user=head).key
        assert Case.objects.filter(pk=case.pk).exists()
    headers = {"Host": host_of(commune_a), "Authorization": f"Token {token}"}
    operations = [result.ok() for result in api_schema("jisr.urls_tenant").get_all_operations()]
    assert len(operations) > 20
    # Sign-in attempts left out: rate limited by design, covered by tests/jisr/test_login_limits.py.
    calls = fuzz([operation for operation in operations if operation.path != "/api/auth/token/"], headers)
    print(f"\nAPI fuzzing: {calls} requests over {len(operations)} operations")
    assert calls >= EXAMPLES * 10


HOSTILE = [
    "محمد بن عبد الله",  # Arabic
    "\u202eevil\u202c",  # right-to-left override
    "\u2066\u2067مزيج\u2069 mixed",  # bidi isolates
    "x" * 5000,  # very long
    "nul\x00byte",  # a null byte: PostgreSQL refuses it in text
    "'; DROP TABLE cases_person; --",
    "<script>alert(1)</script>",
    "ⵜⴰⵎⴰⵣⵉⵖⵜ",  # Tifinagh
    "\U0001f600 emoji",
]
ODD_PHONES = ["+212 6 12 34 56 78", "00212612345678", "0612345678", "06-12-34-56-78", "+33 (0)6 12", "phone", "+" * 40]
ODD_YEARS = [1899, 2101, -5, "١٩٧٠", "1970.5", "", None]


@pytest.mark.usefixtures("wsgi_in_the_test_transaction")
def test_hostile_text_phones_and_years_get_a_clear_answer_never_a_server_error(commune_a: Commune) -> None:
    from django.test import Client

    with schema_context(commune_a.schema_name):
        head = make_staff(commune_a)
        token = Token.objects.create(user=head).key
    client = Client(HTTP_HOST=host_of(commune_a), HTTP_AUTHORIZATION=f"Token {token}")
    bodies: list[dict[str, Any]] = [{"first_name_latin": text, "last_name_ar": text} for text in HOSTILE]
    bodies += [{"first_name_latin": "Fatima", "phone": phone} for phone in ODD_PHONES]
    bodies += [{"first_name_latin": "Fatima", "birth_year": year} for year in ODD_YEARS]
    created = 0
    for body in bodies:
        response = client.post("/api/people/", json.dumps(body), content_type="application/json")
        assert response.status_code in (201, 400), (body, response.status_code, response.content[:300])
        if response.status_code == 400:
            assert response.json(), body  # says which field and why
        created += response.status_code == 201
        answer = client.get("/api/people/", {"search": str(body.get("first_name_latin", ""))[:50]})
        assert answer.status_code in (200, 400), body
    assert created >= 5  # the harmless-but-odd ones are taken
    null = client.post("/api/people/", json.dumps({"first_name_latin": "nul\x00byte"}), content_type="application/json")
    assert null.status_code == 400


@pytest.mark.usefixtures("wsgi_in_the_test_transaction")
def test_the_regional_api_never_fails_and_keeps_to_its_schema(commune_a: Commune) -> None:

    coordinator = User.objects.create_user(
        "coordinator.fuzz@jisr.test", "a-long-test-password-2026", role=Role.COORDINATOR
    )
    set_scope(user=coordinator, networks=list(Network.objects.all()))
    token = Token.objects.create(user=coordinator).key
    headers = {"Host": django_settings.PLATFORM_DOMAIN, "Authorization": f"Token {token}"}
    operations = [result.ok() for result in api_schema("jisr.urls_public").get_all_operations()]
    assert operations
    # The token's sign-in is rate limited by design (tests/jisr/test_platform_tokens.py), and its DELETE would
    # revoke the token the other operations are fuzzed with.
    operations = [operation for operation in operations if operation.path != "/api/regional/auth/token/"]
    assert fuzz(operations, headers) >= len(operations)
