"""The host decides the schema: commune, regional layer, or nothing at all."""

import pytest
from django.test import Client

from tenants import services
from tenants.models import Commune
from tests.conftest import client_for, host_of, make_staff, signed_in_client

pytestmark = pytest.mark.django_db


def test_bare_domain_serves_the_regional_layer_listing_the_communes(commune_a: Commune, commune_b: Commune) -> None:
    response = client_for(None).get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "أيت ملول" in page
    assert "Nador" in page
    assert f"//{host_of(commune_a)}" in page


def test_commune_domain_serves_that_communes_office(commune_a: Commune) -> None:
    head = make_staff(commune_a)
    response = signed_in_client(commune_a, head).get("/")
    assert response.status_code == 200
    assert "Aït Melloul" in response.content.decode()
    assert head.full_name in response.content.decode()


def test_office_pages_ask_for_a_login(commune_a: Commune) -> None:
    response = client_for(commune_a).get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    "host",
    [
        "unknown.jisr.test",  # a sub-domain of ours that no commune has
        "aitmelloul.jisr.test.evil.example",  # a commune's name inside someone else's domain
        "evil.example",  # not ours at all
        "10.0.0.7",  # an IP address
        "commune_aitmelloul.jisr.test",  # the schema name is not a host
    ],
)
def test_unknown_host_gets_the_same_404_as_any_other_and_no_commune(commune_a: Commune, host: str) -> None:
    response = Client(HTTP_HOST=host).get("/")
    assert response.status_code == 404
    # The platform's page (tests/jisr/test_error_pages.py), the same whatever the host: nothing of which exist.
    assert response.content == Client(HTTP_HOST="nowhere.example").get("/").content
    assert commune_a.slug not in response.content.decode()
    assert commune_a.name_fr not in response.content.decode()


def test_pooled_schema_has_no_host(db: None) -> None:
    services.fill_pool(size=1)
    pooled = Commune.objects.filter(status=Commune.Status.POOLED).first()
    assert pooled is not None
    assert not pooled.domains.exists()
    assert Client(HTTP_HOST=f"{pooled.schema_name}.jisr.test").get("/").status_code == 404


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/password/reset/"])
def test_suspended_commune_shows_a_clear_page_and_no_data(commune_a: Commune, path: str) -> None:
    head = make_staff(commune_a)
    client = signed_in_client(commune_a, head)
    services.suspend_commune(commune=commune_a, reason="Audit")
    response = client.get(path)
    assert response.status_code == 503
    page = response.content.decode()
    assert "suspend" in page.lower()
    assert head.full_name not in page
    assert head.email not in page
    assert "Audit" not in page


def test_suspended_commune_page_speaks_arabic_right_to_left(commune_a: Commune) -> None:
    services.suspend_commune(commune=commune_a, reason="Audit")
    response = client_for(commune_a).get("/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 503
    assert 'dir="rtl"' in response.content.decode()


def test_reactivated_commune_serves_again(commune_a: Commune) -> None:
    services.suspend_commune(commune=commune_a, reason="Audit")
    services.reactivate_commune(commune=Commune.objects.get(pk=commune_a.pk))
    assert client_for(commune_a).get("/").status_code == 302
