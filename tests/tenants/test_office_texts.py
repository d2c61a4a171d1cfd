"""An office writes its name, address and opening hours in Arabic, French and English, and each reader sees
the one of their language (the public page, the guide, e-mails); the commune's name takes each language's
grammar in a sentence (« d'Aït Melloul », « بأيت ملول »); and only the office itself changes its texts."""

from __future__ import annotations

import html
import importlib
import re
from datetime import time, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cases.appointments.models import WeeklySlot
from cases.appointments.selectors import closed_days
from cases.calendar import WEEKEND
from cases.models import AuditEntry
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import client_for, host_of, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

TEXTS = {
    "office_name_ar": "مكتب استقبال مغاربة العالم بأيت ملول",
    "office_name_fr": "Bureau des Marocains du monde d'Aït Melloul",
    "office_name_en": "Office for Moroccans of the world, Aït Melloul",
    "address_ar": "شارع الحسن الثاني، أيت ملول",
    "address_fr": "Avenue Hassan II, Aït Melloul",
    "address_en": "Hassan II Avenue, Aït Melloul",
    "opening_hours_ar": "من الاثنين إلى الجمعة، من 08:30 إلى 16:30",
    "opening_hours_fr": "Du lundi au vendredi, de 08:30 à 16:30",
    "opening_hours_en": "Monday to Friday, 08:30 to 16:30",
    "phone": "05 28 24 00 00",
    "whatsapp": "06 61 23 45 67",
    "email": "MRE@aitmelloul.test",
    "map_url": "",
}
LANGUAGE_OF = {"ar": "ar", "fr": "fr", "en": "en", "es": "fr", "de": "fr", "nl": "fr"}  # es/de/nl: French


def head_of(commune: Commune) -> User:
    return make_staff(commune, email=f"texts-head@{commune.slug}.test", role=Role.OFFICE_HEAD)


def page(client: Client, path: str, language: str) -> str:
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, path
    return html.unescape(response.content.decode())


def texts_of(commune: Commune) -> dict[str, str]:
    commune.refresh_from_db()
    return {name: getattr(commune, name) for name in TEXTS}


# --- The office head writes its texts; each reader reads theirs ------------------------------------------------


def test_the_office_head_writes_each_text_in_each_language_and_each_reader_sees_theirs(commune_a: Commune) -> None:
    head = signed_in_client(commune_a, head_of(commune_a))
    form = page(head, "/office/contacts/", "fr")
    for name in TEXTS:
        assert f'name="{name}"' in form, name
    assert re.search(r'<input type="text" name="opening_hours_ar" dir="rtl" lang="ar"', form)

    response = head.post("/office/contacts/", TEXTS)
    assert response.status_code == 302
    assert response["Location"] == "/office/contacts/"
    saved = texts_of(commune_a)
    assert saved["opening_hours_ar"] == TEXTS["opening_hours_ar"]
    assert (saved["phone"], saved["whatsapp"], saved["email"]) == (
        "+212528240000",
        "+212661234567",
        "mre@aitmelloul.test",
    )
    with schema_context(commune_a.schema_name):
        assert AuditEntry.objects.filter(
            target_type="commune", target_id=commune_a.pk, detail="office contacts"
        ).exists()

    visitor = client_for(commune_a)
    for language, written in LANGUAGE_OF.items():
        portal = page(visitor, "/portal/", language)
        guide = page(visitor, "/guide/on-duty/", language)
        for text in ("office_name", "address", "opening_hours"):
            assert TEXTS[f"{text}_{written}"] in portal, (language, text)
            for other in {"ar", "fr", "en"} - {written}:
                assert TEXTS[f"{text}_{other}"] not in portal, (language, text, other)
        assert TEXTS[f"opening_hours_{written}"] in guide, language
        for other in {"ar", "fr", "en"} - {written}:
            assert TEXTS[f"opening_hours_{other}"] not in guide, (language, other)


def test_a_text_missing_in_the_readers_language_is_shown_in_french_then_in_arabic(commune_a: Commune) -> None:
    Commune.objects.filter(pk=commune_a.pk).update(opening_hours_ar="من الاثنين إلى الجمعة", opening_hours_fr="")
    visitor = client_for(commune_a)
    assert "من الاثنين إلى الجمعة" in page(visitor, "/portal/", "en")
    Commune.objects.filter(pk=commune_a.pk).update(opening_hours_fr="Du lundi au vendredi")
    assert "Du lundi au vendredi" in page(visitor, "/portal/", "en")
    assert "من الاثنين إلى الجمعة" in page(visitor, "/portal/", "ar")


def test_a_bad_phone_keeps_what_was_typed_says_why_and_changes_nothing(commune_a: Commune) -> None:
    before = texts_of(commune_a)
    head = signed_in_client(commune_a, head_of(commune_a))
    for change, message in [
        ({"phone": "12"}, "Ce numéro de téléphone n'est pas valide."),
        ({"email": "not an address"}, "Saisissez une adresse e-mail valide."),
    ]:
        response = head.post("/office/contacts/", {**TEXTS, **change})
        assert response.status_code == 400
        form = html.unescape(response.content.decode())
        assert message in form
        assert 'value="Du lundi au vendredi, de 08:30 à 16:30"' in form
        assert 'value="من الاثنين إلى الجمعة، من 08:30 إلى 16:30"' in form
    assert texts_of(commune_a) == before


@pytest.mark.parametrize("role", [Role.AGENT, Role.VIEWER, Role.AUDITOR])
def test_only_the_office_head_changes_the_public_page(commune_a: Commune, role: str) -> None:
    before = texts_of(commune_a)
    client = signed_in_client(commune_a, make_staff(commune_a, email=f"texts-{role}@aitmelloul.test", role=role))
    assert client.get("/office/contacts/").status_code == 403
    assert client.post("/office/contacts/", TEXTS).status_code == 403
    assert texts_of(commune_a) == before


def test_another_commune_cannot_change_this_communes_texts(commune_a: Commune, commune_b: Commune) -> None:
    before = texts_of(commune_a)
    head_b = signed_in_client(commune_b, head_of(commune_b))
    # On its own host, commune B's office head changes commune B's texts, never A's, whatever the request says.
    response = head_b.post(
        f"/office/contacts/?commune={commune_a.pk}", {**TEXTS, "commune": commune_a.pk, "slug": commune_a.slug}
    )
    assert response.status_code == 302
    assert texts_of(commune_b)["opening_hours_fr"] == TEXTS["opening_hours_fr"]
    assert texts_of(commune_a) == before
    # On A's host, B's session is nobody: sent to sign in, nothing changed.
    for method in (head_b.get, head_b.post):
        answer = method("/office/contacts/", TEXTS, HTTP_HOST=host_of(commune_a))
        assert answer.status_code == 302
        assert answer["Location"].startswith("/accounts/login/")
    assert texts_of(commune_a) == before
    assert TEXTS["opening_hours_fr"] not in page(client_for(commune_a), "/portal/", "fr")


# --- The commune's name in a sentence ------------------------------------------------------------------------


def test_the_office_is_named_in_the_grammar_of_each_language(commune_a: Commune, commune_b: Commune) -> None:
    Commune.objects.filter(pk__in=[commune_a.pk, commune_b.pk]).update(
        office_name_ar="", office_name_fr="", office_name_en=""
    )
    for commune, french, arabic, english in [
        (commune_a, "Bureau d'accueil d'Aït Melloul", "مكتب الاستقبال بأيت ملول", "of Aït Melloul"),
        (commune_b, "Bureau d'accueil de Nador", "مكتب الاستقبال بالناظور", "of Nador"),
    ]:
        visitor = client_for(commune)
        assert french in page(visitor, "/portal/", "fr")
        assert arabic in page(visitor, "/portal/", "ar")
        assert f"Reception office {english}" in page(visitor, "/portal/", "en")
        assert "de Aït" not in page(visitor, "/portal/", "fr")
    login = page(client_for(commune_a), "/accounts/login/", "fr")
    assert "L'équipe du bureau d'accueil d'Aït Melloul se connecte ici" in login
    assert "يسجل موظفو مكتب الاستقبال بأيت ملول الدخول هنا" in page(client_for(commune_a), "/accounts/login/", "ar")


@pytest.mark.parametrize(
    ("language", "sentence", "address"),
    [
        ("fr", "Votre rendez-vous au bureau d'accueil d'Aït Melloul est réservé", "Adresse : Avenue Hassan II"),
        ("ar", "تم حجز موعدكم بمكتب الاستقبال بأيت ملول يوم", "العنوان: شارع الحسن الثاني، أيت ملول"),
        ("en", "Your appointment at the reception office of Aït Melloul is booked", "Address: Hassan II Avenue"),
    ],
)
def test_the_appointment_e_mail_names_the_office_and_its_address_in_the_persons_language(
    commune_a: Commune, language: str, sentence: str, address: str
) -> None:
    Commune.objects.filter(pk=commune_a.pk).update(**{name: TEXTS[name] for name in TEXTS if "_" in name[-3:]})
    day = timezone.localdate() + timedelta(days=2)
    with schema_context(commune_a.schema_name):
        closed = closed_days(day, day + timedelta(days=40))
        while day.weekday() in WEEKEND or day in closed:
            day += timedelta(days=1)
        WeeklySlot.objects.create(weekday=day.weekday(), start=time(9), duration_minutes=30, capacity=2)
    response = client_for(commune_a).post(
        f"/appointments/book/{day.isoformat()}/0900/",
        {
            "name": "Fatima Ouali",
            "phone": "+33 6 12 34 56 78",
            "email": "fatima@example.com",
            "preferred_language": language,
            "category": "",
            "consent": "on",
        },
        HTTP_ACCEPT_LANGUAGE="fr",  # the page in French; the e-mail in the language asked for
    )
    assert response.status_code == 302
    with schema_context(commune_a.schema_name):
        body = Message.objects.get(kind="appointment_confirmation").body
    assert sentence in body
    assert address in body
    assert "de Aït" not in body


# --- Texts written before: each in the language it is written in ------------------------------------------


def test_the_migration_puts_the_opening_hours_of_before_in_the_language_they_are_written_in() -> None:
    migration = importlib.import_module("tenants.migrations.0004_office_texts_in_each_language")
    assert migration.share_out("Lundi-vendredi 08:30-16:30 · من الاثنين إلى الجمعة") == (
        "Lundi-vendredi 08:30-16:30",
        "من الاثنين إلى الجمعة",
    )
    assert migration.share_out("من الاثنين إلى الجمعة") == ("", "من الاثنين إلى الجمعة")
    assert migration.share_out("Lundi-vendredi 8h30-16h30") == ("Lundi-vendredi 8h30-16h30", "")
    assert migration.share_out("Mon-Fri 8:30 | 16:30") == ("Mon-Fri 8:30 | 16:30", "")
