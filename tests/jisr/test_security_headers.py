"""Every page answers with the platform's Content-Security-Policy and the other protective headers."""

from __future__ import annotations

import pytest

from jisr.accounts.models import Role
from tenants.models import Commune
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def directives(header: str) -> dict[str, str]:
    return {
        part.split()[0]: " ".join(part.split()[1:]) for part in (piece.strip() for piece in header.split(";")) if part
    }


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ("platform", "/"),
        ("platform", "/accounts/login/"),
        ("platform", "/regional/open-data/"),
        ("platform", "/api/regional/docs/"),
        ("commune", "/portal/"),
        ("commune", "/accounts/login/"),
        ("commune", "/guide/"),
        ("commune", "/api/docs/"),
    ],
)
def test_public_pages_carry_the_policy(commune_a: Commune, where: str, path: str) -> None:
    response = client_for(commune_a if where == "commune" else None).get(path)
    assert response.status_code in (200, 302), path
    policy = directives(response["Content-Security-Policy"])
    for name, value in POLICY.items():
        assert policy[name] == value, (path, name, policy.get(name))
    header = response["Content-Security-Policy"]
    assert "unsafe-inline" not in header
    assert "unsafe-eval" not in header
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_the_workspace_and_its_files_carry_the_policy(commune_a: Commune) -> None:
    client = signed_in_client(commune_a, make_staff(commune_a, role=Role.OFFICE_HEAD))
    for path in ("/", "/cases/", "/reports/", "/imports/", "/audit/processing/"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert directives(response["Content-Security-Policy"])["script-src"] == "'self'", path
    sample = client.get("/imports/sample.csv")
    assert sample.status_code == 200
    assert "Content-Security-Policy" in sample
