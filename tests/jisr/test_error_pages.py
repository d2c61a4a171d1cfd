"""A wrong address gets the platform's own page, in the visitor's language, on every host; never Django's
(the README's demo included: it runs without DEBUG, with its static files served all the same)."""

from __future__ import annotations

import html
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory

from jisr import cli, errors
from jisr.accounts.models import Role
from tenants.models import Commune
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TITLES = {
    "ar": "الصفحة غير موجودة",
    "fr": "Page introuvable",
    "en": "Page not found",
    "de": "Seite nicht gefunden",
    "es": "Página no encontrada",
    "nl": "Pagina niet gevonden",
}
DIRECTIONS = {"ar": "rtl"}
DEBUG_PAGE = ("Using the URLconf", "Django tried these URL patterns", "technical_404", "Traceback")


def assert_our_404(response, language: str) -> str:  # type: ignore[no-untyped-def]
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode()
    assert f'<html lang="{language}" dir="{DIRECTIONS.get(language, "ltr")}">' in page
    assert f"<h1>{TITLES[language]}</h1>" in page
    assert "/static/jisr/jisr." in page  # the platform's stylesheet (hashed name in production)
    assert not any(mark in page for mark in DEBUG_PAGE)
    return page


@pytest.mark.parametrize("language", list(TITLES))
def test_a_wrong_address_on_a_communes_host_gets_our_page_in_the_visitors_language(
    commune_a: Commune, language: str
) -> None:
    for path in ("/nothing-here/", "/cases/%ff/", "/portal/%ff%fe/"):
        page = assert_our_404(client_for(commune_a).get(path, HTTP_ACCEPT_LANGUAGE=language), language)
        # The way back: the office's public page and its home; the commune it is on.
        assert 'href="/portal/"' in page
        assert 'href="/"' in page
        assert commune_a.name_fr in page or commune_a.name_ar in page


@pytest.mark.parametrize("language", ["ar", "fr", "de"])
def test_a_wrong_address_on_the_bare_domain_gets_our_page(language: str) -> None:
    for path in ("/nothing-here/", "/cases/%ff/", "/regional/open-data/nowhere.csv"):
        page = assert_our_404(client_for(None).get(path, HTTP_ACCEPT_LANGUAGE=language), language)
        assert 'href="/"' in page
        assert 'href="/portal/"' not in page


def test_the_language_cookie_wins_over_the_browser(commune_a: Commune) -> None:
    client = client_for(commune_a)
    client.cookies["django_language"] = "ar"
    assert_our_404(client.get("/nothing-here/", HTTP_ACCEPT_LANGUAGE="fr"), "ar")


def test_an_object_a_view_does_not_find_gets_our_page_in_the_staff_language(commune_a: Commune) -> None:
    head = make_staff(commune_a)
    client = signed_in_client(commune_a, head)
    client.cookies["django_language"] = "fr"
    assert_our_404(client.get("/cases/999999/"), "fr")


@pytest.mark.parametrize("host", ["unknown.jisr.test", "evil.example", "10.0.0.7"])
@pytest.mark.parametrize("language", ["ar", "fr"])
def test_an_unknown_host_gets_our_page_and_nothing_about_which_hosts_exist(
    commune_a: Commune, host: str, language: str
) -> None:
    response = Client(HTTP_HOST=host).get("/", HTTP_ACCEPT_LANGUAGE=language)
    page = assert_our_404(response, language)
    assert "href=" not in page.split("</head>")[1]  # no way in: no link at all
    assert commune_a.name_fr not in page
    assert commune_a.slug not in page
    # Byte for byte the page of any other unknown host.
    assert response.content == Client(HTTP_HOST="other.example").get("/", HTTP_ACCEPT_LANGUAGE=language).content


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_a_wrong_address_under_the_api_gets_json(commune_a: Commune, language: str) -> None:
    expected = {"ar": "غير موجود.", "fr": "Introuvable."}[language]
    for client, path in (
        (client_for(commune_a), "/api/no-such-thing/"),
        (client_for(commune_a), "/api/cases/%ff/"),
        (client_for(None), "/api/regional/no-such-thing/"),
        (Client(HTTP_HOST="unknown.jisr.test"), "/api/cases/"),
    ):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"
        assert json.loads(response.content) == {"detail": expected}


def test_readyz_through_the_proxy_is_the_page_of_an_unknown_address() -> None:
    response = Client(HTTP_HOST="aitmelloul.jisr.test", HTTP_X_FORWARDED_FOR="203.0.113.9").get(
        "/readyz", HTTP_ACCEPT_LANGUAGE="fr"
    )
    assert_our_404(response, "fr")


@pytest.mark.parametrize("language", ["ar", "fr", "es"])
def test_a_server_error_gets_our_page_in_the_visitors_language(language: str) -> None:
    request = RequestFactory(HTTP_HOST="aitmelloul.jisr.test").get("/cases/", HTTP_ACCEPT_LANGUAGE=language)
    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error(request)
    assert response.status_code == 500
    page = response.content.decode()
    assert f'<html lang="{language}"' in page
    title = {"ar": "حدث خطأ من جهتنا", "fr": "Une erreur s’est produite de notre côté", "es": "Algo ha fallado"}
    assert title[language] in page
    assert "a bug" not in page
    assert "Traceback" not in page
    try:
        raise OperationalError("server closed the connection")
    except OperationalError:
        down = errors.server_error(request)
    assert down.status_code == 503
    assert f'<html lang="{language}"' in down.content.decode()


def test_both_url_confs_name_our_handlers() -> None:
    from jisr import urls_public, urls_tenant

    for urls in (urls_public, urls_tenant):
        assert urls.handler404 == "jisr.errors.not_found"
        assert urls.handler500 == "jisr.errors.server_error"


# Run in a process of its own with the environment `dev.py demo` gives the platform (less the embedded servers:
# the suite's own PostgreSQL, which this request never reaches, and Redis).
DEMO_PROBE = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from tenants.selectors import site_url
client = Client(HTTP_HOST="localhost:8123")
answers = {
    language: client.get("/cases/%ff/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for language in ("ar", "fr")
}
api = client.get("/api/regional/nothing/", HTTP_ACCEPT_LANGUAGE="fr")
css = client.get("/static/jisr/jisr.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "pages": answers,
    "api": [api.status_code, api.content.decode()],
    "css": [css.status_code, css["Content-Type"]],
    "link": site_url("/accounts/invitation/abc/"),
    "secure_cookies": settings.SESSION_COOKIE_SECURE,
}))
"""


def test_the_demo_runs_without_debug_shows_our_404_serves_its_static_files_and_links_to_its_port(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "VAR", tmp_path)
    for name in ("DEBUG", "STATIC_ROOT", "STATIC_FROM_SOURCE", "SECURE_SSL_REDIRECT", "PLATFORM_DOMAIN", "EMAIL_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in ("SECRET_KEY", "FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY", "PLATFORM_URL_PORT"):
        monkeypatch.delenv(name, raising=False)
    assert cli.demo_port() == 8000  # before the demo ever ran
    cli._record_demo_port(8123)  # what `dev.py demo --port 8123` does first
    assert cli.demo_port() == 8123
    env = cli._local_environment(cli.Stack(), cli.demo_port())  # what `dev.py manage` runs with
    assert env["PLATFORM_URL_PORT"] == "8123"
    result = subprocess.run(
        [sys.executable, "-c", DEMO_PROBE],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "jisr.settings")},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["debug"] is False
    for language, page in seen["pages"].items():
        assert f"<h1>{TITLES[language]}</h1>" in page
        assert not any(mark in page for mark in DEBUG_PAGE)
        assert 'href="/static/jisr/jisr.css"' in page  # plain names, served from the source folders
    assert seen["api"][0] == 404
    assert json.loads(seen["api"][1]) == {"detail": "Introuvable."}
    assert seen["css"][0] == 200
    assert seen["css"][1].startswith("text/css")
    # Links written by `dev.py manage` (invitations, one-time codes) open on the port the demo runs on.
    assert seen["link"] == "http://localhost:8123/accounts/invitation/abc/"
    assert seen["secure_cookies"] is False  # plain http://localhost: a browser keeps the session


# --- Refused: a role that does not reach a page, a stale form, an unreadable request --------------------------

REFUSED = {
    "ar": "لا يمكنكم الوصول إلى هذه الصفحة",
    "fr": "Vous n'avez pas accès à cette page",
    "en": "You do not have access to this page",
}


@pytest.mark.parametrize("language", list(REFUSED))
def test_a_page_beyond_the_role_gets_our_403_in_the_persons_language(commune_a: Commune, language: str) -> None:
    viewer = make_staff(commune_a, email=f"viewer-403-{language}@aitmelloul.test", role=Role.VIEWER)
    client = signed_in_client(commune_a, viewer)
    client.cookies["django_language"] = language
    response = client.get("/office/staff/")
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert f"<h1>{REFUSED[language]}</h1>" in page
    assert f'<html lang="{language}" dir="{DIRECTIONS.get(language, "ltr")}">' in page
    assert "/static/jisr/jisr." in page
    assert 'href="/"' in page
    assert "403 Forbidden" not in page


def test_the_api_still_answers_a_refusal_in_json(commune_a: Commune) -> None:
    response = client_for(commune_a).get("/api/cases/")
    assert response.status_code in (401, 403)
    assert response["Content-Type"].startswith("application/json")


def test_a_form_sent_without_its_token_gets_our_page_not_djangos(commune_a: Commune) -> None:
    client = Client(HTTP_HOST=client_for(commune_a).defaults["HTTP_HOST"], enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"login": "x@y.test", "password": "z"}, HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 403
    page = html.unescape(response.content.decode())
    assert "<h1>Ce formulaire n'a pas pu être envoyé</h1>" in page
    assert "CSRF" not in page  # Django's page names the mechanism, not what to do


def test_a_request_with_too_many_fields_gets_our_400(commune_a: Commune) -> None:
    fields = {f"field{number}": "x" for number in range(1200)}
    response = client_for(commune_a).post("/accounts/login/", fields, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 400
    page = response.content.decode()
    assert "<h1>تعذّرت قراءة ما أرسله متصفحكم</h1>" in page
    assert 'dir="rtl"' in page
