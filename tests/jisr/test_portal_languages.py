"""Spanish, Dutch and German on the public pages, for the diaspora; staff pages stay in ar/fr/en."""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django import forms
from django.conf import settings
from django.test import Client
from django.utils import translation

from cases.models import Case
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.portal.test_portal import request_data
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "platform" / "jisr" / "locale"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# Where the strings the public reads come from; the rest is staff-only and may stay in English.
PUBLIC_SOURCES = re.compile(
    r"^(cases/portal/(?!staff_views\.py|templates/portal/satisfaction\.html)"
    r"|cases/appointments/(forms|models|services|views)\.py"
    r"|cases/appointments/templates/appointments/((book|booked|cancel|form)\.html|email/)"
    r"|cases/guide/(forms|models|views)\.py|cases/guide/templates/guide/(procedures|procedure|duty)\.html"
    r"|cases/templates/cases/(public|verify)\.html|cases/views/slip\.py|cases/uploads\.py"
    r"|platform/jisr/templates/(base\.html|includes/))"
)

PUBLIC_ONLY = ["es", "nl", "de"]
SWITCH_OPTION = re.compile(r'<option value="([\w-]+)" lang=')
DONE_CODE = re.compile(r'class="portal-code">([^<]+)</dd>')

# A few strings of each page, as the visitor should read them.
HOME = {
    "es": ["Hacer una solicitud", "Seguir una solicitud", "Cuándo abrimos", "Saltar al contenido"],
    "nl": ["Een aanvraag doen", "Een aanvraag volgen", "Wanneer wij open zijn", "Naar de inhoud"],
    "de": ["Eine Anfrage stellen", "Eine Anfrage verfolgen", "Wann wir geöffnet haben", "Zum Inhalt springen"],
}
REQUEST_FORM = {
    "es": ["Su solicitud", "Idioma de nuestros mensajes", "Enviar mi solicitud", "Ley 09-08"],
    "nl": ["Uw aanvraag", "Taal van onze berichten", "Mijn aanvraag versturen", "Wet 09-08"],
    "de": ["Ihre Anfrage", "Sprache unserer Nachrichten", "Meine Anfrage senden", "Gesetz 09-08"],
}
REFUSED = {  # the form's own message (Django's, for a missing field, comes from Django's catalogues)
    "es": "Su solicitud solo puede tramitarse con su consentimiento.",
    "nl": "Uw aanvraag kan alleen met uw toestemming worden behandeld.",
    "de": "Ihre Anfrage kann nur mit Ihrer Einwilligung bearbeitet werden.",
}
TRACKING = {
    "es": [
        "¿Ha perdido su código?",
        "Enviarme un código de un solo uso",
        "Recibida el",
        'portal-status--new">nueva</dd>',
    ],
    "nl": ["Code kwijt?", "Stuur mij een eenmalige code", "Ontvangen op", 'portal-status--new">nieuw</dd>'],
    "de": ["Code verloren?", "Einmalcode zusenden", "Eingegangen am", 'portal-status--new">neu</dd>'],
}
OTHER_PUBLIC_PAGES = {
    "/appointments/": {"es": "Pedir cita", "nl": "Een afspraak maken", "de": "Einen Termin buchen"},
    "/guide/": {"es": "Todas las categorías", "nl": "Alle categorieën", "de": "Alle Kategorien"},
    "/guide/on-duty/": {"es": "Horario habitual", "nl": "Gewone openingstijden", "de": "Reguläre Öffnungszeiten"},
    "/verify/": {"es": "Código de verificación", "nl": "Verificatiecode", "de": "Prüfcode"},
}


def visitor(commune: Commune, language: str) -> Client:
    """Someone abroad whose language switch (the cookie) says `language`; their browser says English."""
    client = Client(
        HTTP_HOST=client_for(commune).defaults["HTTP_HOST"],
        REMOTE_ADDR=f"198.51.100.{uuid.uuid4().int % 250 + 1}",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def switch_offers(page: str) -> list[str]:
    switch = page[page.index('class="language-switch"') :]
    return SWITCH_OPTION.findall(switch[: switch.index("</form>")])


def assert_in(page: str, texts: list[str]) -> None:
    for text in texts:
        assert text in page, text


# --- Public pages in the diaspora's languages ---------------------------------------------------


@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_every_string_of_the_public_pages_is_translated_with_the_same_placeholders(language: str) -> None:
    with (LOCALE / language / "LC_MESSAGES" / "django.po").open("rb") as po:
        catalogue = read_po(po, locale=language)
    public = [m for m in catalogue if m.id and any(PUBLIC_SOURCES.match(path) for path, _line in m.locations)]
    assert len(public) > 250
    for message in public:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"{language}: untranslated {ids[0]!r}"
        assert not message.fuzzy, f"{language}: fuzzy {ids[0]!r}"
        for string in strings:
            assert set(PLACEHOLDER.findall(string)) == set(PLACEHOLDER.findall(ids[-1])), string
    assert not any(message.fuzzy for message in catalogue if message.id)


@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_the_office_page_speaks_the_visitors_language(commune_a: Commune, language: str) -> None:
    response = visitor(commune_a, language).get("/portal/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}" dir="ltr">' in page
    assert response["Content-Language"] == language
    assert_in(page, HOME[language])


@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_the_browsers_language_is_enough(commune_a: Commune, language: str) -> None:
    client = Client(HTTP_HOST=client_for(commune_a).defaults["HTTP_HOST"])
    page = client.get("/portal/", HTTP_ACCEPT_LANGUAGE=f"{language},en;q=0.5").content.decode()
    assert f'<html lang="{language}" dir="ltr">' in page
    assert_in(page, HOME[language])


@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_the_request_form_and_its_refusals_are_translated(commune_a: Commune, language: str) -> None:
    client = visitor(commune_a, language)
    page = client.get("/portal/request/").content.decode()
    assert f'<html lang="{language}" dir="ltr">' in page
    assert_in(page, REQUEST_FORM[language])
    # The six languages (and more) are offered for the office's messages.
    for code in ["ar", "fr", "en", "es", "nl", "de"]:
        assert re.search(rf'<option value="{code}"', page[page.index('name="preferred_language"') :]), code

    data = request_data(commune_a, description="", preferred_language=language)
    del data["consent"]
    response = client.post("/portal/request/", data)
    refused = response.content.decode()
    assert response.status_code == 400
    assert f'<html lang="{language}" dir="ltr">' in refused
    with translation.override(language):
        required = str(forms.Field.default_error_messages["required"])
    assert required != "This field is required."
    assert_in(refused, [REFUSED[language], required])
    assert not DONE_CODE.search(refused)


@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_tracking_shows_the_request_and_its_status_in_the_visitors_language(commune_a: Commune, language: str) -> None:
    client = visitor(commune_a, language)
    done = client.post("/portal/request/", request_data(commune_a, preferred_language=language)).content.decode()
    reference, code = DONE_CODE.findall(done)
    page = client.post("/portal/track/", {"action": "track", "reference": reference, "code": code}).content.decode()
    assert f'<html lang="{language}" dir="ltr">' in page
    assert reference in page
    assert_in(page, TRACKING[language])


@pytest.mark.parametrize("path", list(OTHER_PUBLIC_PAGES))
@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_booking_the_guide_and_the_slip_check_are_translated_too(commune_a: Commune, path: str, language: str) -> None:
    page = visitor(commune_a, language).get(path).content.decode()
    assert f'<html lang="{language}" dir="ltr">' in page
    assert OTHER_PUBLIC_PAGES[path][language] in page
    assert switch_offers(page) == ["ar", "fr", "en", "es", "nl", "de"]


def test_the_acknowledgement_is_written_in_german_for_a_german_speaker(commune_a: Commune) -> None:
    client = visitor(commune_a, "fr")  # the page in French, the messages in German: the form decides
    done = client.post("/portal/request/", request_data(commune_a, preferred_language="de")).content.decode()
    reference, code = DONE_CODE.findall(done)
    with schema_context(commune_a.schema_name):
        assert Case.objects.get(reference=reference).person.preferred_language == "de"
        ack = Message.objects.get(kind="portal_acknowledgement")
    assert ack.language == "de"
    assert ack.subject.strip() == f"Ihre Anfrage {reference} ist eingegangen"
    assert ack.body.startswith("Guten Tag,")
    assert f"Das Aktenzeichen lautet {reference}." in ack.body
    assert f"Ihr Code zur Verfolgung: {code}" in ack.body
    assert "Bewahren Sie diese Nachricht auf." in ack.body


# --- Staff pages stay in a staff language -------------------------------------------------------


def test_the_language_switch_offers_six_languages_in_public_and_three_to_staff(commune_a: Commune) -> None:
    assert settings.STAFF_LANGUAGES == ("ar", "fr", "en")
    assert [code for code, _name in settings.LANGUAGES] == ["ar", "fr", "en", "es", "nl", "de"]
    anonymous = visitor(commune_a, "en")
    assert switch_offers(anonymous.get("/portal/").content.decode()) == ["ar", "fr", "en", "es", "nl", "de"]
    assert switch_offers(anonymous.get("/accounts/login/").content.decode()) == ["ar", "fr", "en"]
    staff = signed_in_client(commune_a, make_staff(commune_a, role=Role.AGENT))
    assert switch_offers(staff.get("/").content.decode()) == ["ar", "fr", "en"]
    assert switch_offers(staff.get("/portal/").content.decode()) == ["ar", "fr", "en", "es", "nl", "de"]


@pytest.mark.parametrize("language", PUBLIC_ONLY)
def test_a_staff_page_asked_for_in_a_public_only_language_comes_out_in_a_staff_language(
    commune_a: Commune, language: str
) -> None:
    user = make_staff(commune_a, email=f"head-{language}@aitmelloul.test")
    with schema_context(commune_a.schema_name):
        User.objects.filter(pk=user.pk).update(preferred_language="ar")
    client = signed_in_client(commune_a, user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="ar" dir="rtl">' in response.content.decode()  # the account's language
    assert response["Content-Language"] == "ar"
    # The cookie stays: back on the public pages, the same person reads them in their language.
    assert f'<html lang="{language}" dir="ltr">' in client.get("/portal/").content.decode()

    # Without an account: the sign-in page, in French.
    page = visitor(commune_a, language).get("/accounts/login/").content.decode()
    assert '<html lang="fr" dir="ltr">' in page
    assert "Se connecter" in page
    # Also on the regional layer.
    regional = Client(HTTP_HOST=settings.PLATFORM_DOMAIN)
    regional.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert '<html lang="fr" dir="ltr">' in regional.get("/accounts/login/").content.decode()


def test_staff_choosing_spanish_on_the_portal_keep_their_account_language(commune_a: Commune) -> None:
    user = make_staff(commune_a, email="polyglot@aitmelloul.test", role=Role.AGENT)
    with schema_context(commune_a.schema_name):
        User.objects.filter(pk=user.pk).update(preferred_language="en")
    client = signed_in_client(commune_a, user)
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/portal/"})
    assert response.status_code == 302
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    with schema_context(commune_a.schema_name):
        assert User.objects.get(pk=user.pk).preferred_language == "en"
    assert '<html lang="es" dir="ltr">' in client.get("/portal/").content.decode()
    assert '<html lang="en" dir="ltr">' in client.get("/").content.decode()
    # A staff language chosen on the switch is still remembered on the account.
    client.post("/i18n/setlang/", {"language": "fr", "next": "/"})
    with schema_context(commune_a.schema_name):
        assert User.objects.get(pk=user.pk).preferred_language == "fr"


def test_an_account_never_takes_a_public_only_language(commune_a: Commune) -> None:
    field = User._meta.get_field("preferred_language")
    assert [code for code, _name in field.choices or []] == ["ar", "fr", "en"]


@pytest.mark.parametrize("language", ["ar", "fr", "es", "nl", "de", "en"])
def test_the_request_form_writes_back_in_the_language_of_the_page(commune_a: Commune, language: str) -> None:
    page = visitor(commune_a, language).get("/portal/request/").content.decode()
    chosen = re.search(r'<select name="preferred_language"[^>]*>(.*?)</select>', page, re.S)
    assert chosen is not None
    assert re.search(rf'<option value="{language}" selected>', chosen.group(1))
    assert len(re.findall(r"selected>", chosen.group(1))) == 1
