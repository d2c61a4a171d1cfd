"""Arabic (right to left), French and English: complete catalogues, right `lang` and `dir`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, make_staff, signed_in_client

LOCALE = Path(__file__).resolve().parents[2] / "platform" / "jisr" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_every_string_is_translated_with_the_same_placeholders(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = read_po(po, locale=language)
    assert len(catalogue) > 100
    for message in catalogue:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: untranslated {ids[0]!r}"
        assert not message.fuzzy, f"{language}: fuzzy {ids[0]!r}"
        expected = set(PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            # Arabic's forms for 0, 1 and 2 spell the number out; the others keep it.
            found = set(PLACEHOLDER.findall(string))
            assert found <= expected, f"{language}: unknown placeholder in {string!r}"
            if len(strings) == 1:
                assert found == expected, f"{language}: placeholder lost in {string!r}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "direction", "sign_in"),
    [("ar", "rtl", "تسجيل الدخول"), ("fr", "ltr", "Se connecter"), ("en", "ltr", "Sign in")],
)
def test_pages_speak_the_visitors_language_in_its_direction(
    commune_a: Commune, language: str, direction: str, sign_in: str
) -> None:
    for client in (client_for(commune_a), client_for(None)):
        page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        assert f'<html lang="{language}" dir="{direction}">' in page
        assert sign_in in page


@pytest.mark.django_db
def test_the_language_switch_remembers_the_choice(commune_a: Commune) -> None:
    client = client_for(commune_a)
    response = client.post("/i18n/setlang/", {"language": "ar", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/").content.decode()
    assert 'dir="rtl"' in page
    assert "تسجيل الدخول" in page


@pytest.mark.django_db
def test_staff_get_the_language_of_their_account_and_the_switch_changes_it(commune_a: Commune) -> None:
    user = make_staff(commune_a, email="polyglot@aitmelloul.test", role=Role.AGENT)
    with schema_context(commune_a.schema_name):
        User.objects.filter(pk=user.pk).update(preferred_language="ar")
    client = client_for(commune_a)
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="ar" dir="rtl">' in client.get("/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    with schema_context(commune_a.schema_name):
        assert User.objects.get(pk=user.pk).preferred_language == "fr"
    elsewhere = signed_in_client(commune_a, user)  # another device: no cookie yet
    assert '<html lang="fr" dir="ltr">' in elsewhere.get("/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
