"""/healthz and /readyz answer on any host, for load balancers and probes."""

import json

import pytest
from django.test import Client

from tests.services import RedisServer


@pytest.mark.parametrize("host", ["jisr.test", "aitmelloul.jisr.test", "10.1.2.3", "unknown.example"])
def test_healthz_answers_on_any_host_without_touching_the_database(host: str) -> None:
    response = Client(HTTP_HOST=host).get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok"}


@pytest.mark.django_db
@pytest.mark.parametrize("host", ["jisr.test", "10.1.2.3"])
def test_readyz_checks_database_and_broker(host: str) -> None:
    response = Client(HTTP_HOST=host).get("/readyz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["checks"] == {"database": "ok", "broker": "ok"}
    assert response["Cache-Control"] == "no-store"


@pytest.mark.django_db
def test_readyz_says_unavailable_when_redis_is_down(settings, private_redis: RedisServer) -> None:  # type: ignore[no-untyped-def]
    settings.REDIS_URL = private_redis.url
    assert Client(HTTP_HOST="10.1.2.3").get("/readyz").status_code == 200
    private_redis.stop()
    response = Client(HTTP_HOST="10.1.2.3").get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"] != "ok"


@pytest.mark.django_db
def test_readyz_is_not_found_through_the_proxy() -> None:
    """What the database's state is stays between the pod and its orchestrator: through the proxy, a 404."""
    response = Client(HTTP_HOST="aitmelloul.jisr.test", HTTP_X_FORWARDED_FOR="203.0.113.9").get("/readyz")
    assert response.status_code == 404
    assert b"database" not in response.content
    # The liveness page tells nothing about anything else, and answers through the proxy too.
    assert Client(HTTP_HOST="jisr.test", HTTP_X_FORWARDED_FOR="203.0.113.9").get("/healthz").status_code == 200
