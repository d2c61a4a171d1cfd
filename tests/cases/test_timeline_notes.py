"""What the platform writes on a case's timeline (an import, a reminder, a referral and its outcome, changed
details) is read in each reader's language, not frozen in the language of whoever triggered it: on the case
page, in the API, in the access export (JSON and PDF); lines written as text before are recognised."""

from __future__ import annotations

import html
import importlib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone, translation

from cases import timeline
from cases.models import Case, CaseEvent, Category, LocalService, Referral
from cases.services import access, referrals
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_api import api
from tests.cases.test_imports import csv_file, import_file
from tests.cases.test_person_pdf import flat
from tests.cases.test_slip import pdf_text
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db

IMPORTED = {
    "fr": "Statut repris du registre importé.",
    "ar": "الحالة مأخوذة من السجل المستورد.",
    "en": "Status from the imported register.",
}


def reader(commune: Commune, language: str) -> User:
    """An agent who reads the workspace in `language` (the same one when asked again)."""
    email = f"reader-{language}@{commune.slug}.test"
    user = User.objects.filter(email=email).first() or make_staff(commune, email=email, role=Role.AGENT)
    User.objects.filter(pk=user.pk).update(preferred_language=language)
    return User.objects.get(pk=user.pk)


def case_page(commune: Commune, user: User, case: Case) -> str:
    response = signed_in_client(commune, user).get(f"/cases/{case.pk}/")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def water(in_a: Commune) -> LocalService:
    return LocalService.objects.create(
        name_fr="Régie de l'eau d'Aït Melloul", name_ar="وكالة توزيع الماء بأيت ملول", kind="other"
    )


def test_an_import_by_a_french_speaking_head_reads_in_arabic_to_an_arabic_reader(
    in_a: Commune, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)
    head = make_staff(in_a, email="head-fr@aitmelloul.test", role=Role.OFFICE_HEAD)
    User.objects.filter(pk=head.pk).update(preferred_language="fr")
    rows = [["02/01/2023", "Ouali", "Eau", "Autre", "Clôturé", "20/01/2023"]]
    with translation.override("fr"):  # the head's language, all through the import
        run = import_file(head, csv_file(rows, ["Date", "Nom", "Objet", "Catégorie", "État", "Date de réponse"]))
    assert run.state == "done", run.report
    case = Case.objects.get(person__last_name_latin="Ouali")
    moves = case.events.filter(kind=CaseEvent.Kind.STATUS)
    assert {(event.to_status, event.note_key, event.body) for event in moves} == {
        ("answered", timeline.IMPORTED_STATUS, ""),
        ("closed", timeline.IMPORTED_STATUS, ""),
    }

    for language, said in IMPORTED.items():
        page = case_page(in_a, reader(in_a, language), case)
        assert said in page, language
        for other in set(IMPORTED) - {language}:
            assert IMPORTED[other] not in page, (language, other)

    arabic = api(in_a, reader(in_a, "ar")).get(f"/api/cases/{case.pk}/events/", HTTP_ACCEPT_LANGUAGE="ar")
    assert arabic.status_code == 200
    status = [line for line in arabic.json() if line["kind"] == "status"]
    assert [(line["platform_note"], line["body"]) for line in status] == [(IMPORTED["ar"], "")] * 2


def test_a_reminder_and_an_outcome_read_in_the_readers_language_with_the_service_in_it(
    in_a: Commune, head: User, water: LocalService
) -> None:
    case = new_case(head, person=consenting(head, person(head)))
    with translation.override("fr"):
        referral = referrals.refer_case(actor=head, case=case, local_service=water, purpose="Transfert du contrat")
    sent = date(2026, 3, 2)
    Referral.objects.filter(pk=referral.pk).update(sent_on=sent)
    with translation.override("fr"):  # the nightly task, in whatever language the worker runs
        assert referrals.remind_silent_referrals(today=sent + timedelta(days=30)) == 1
        referrals.record_outcome(actor=head, referral=referral, outcome="answered", note="Contrat transféré")

    arabic = case_page(in_a, reader(in_a, "ar"), case)
    assert "وكالة توزيع الماء بأيت ملول" in arabic
    assert "لم يصل أي رد من وكالة توزيع الماء بأيت ملول منذ 02/03/2026." in arabic
    assert "وكالة توزيع الماء بأيت ملول: أجابت المصلحة" in arabic
    assert "Contrat transféré" in arabic  # what a person wrote stays as written
    assert "n'a pas répondu" not in arabic
    assert "Régie de l'eau" not in arabic

    french = case_page(in_a, reader(in_a, "fr"), case)
    assert "Régie de l'eau d'Aït Melloul n'a pas répondu depuis le 02/03/2026." in french
    assert "Régie de l'eau d'Aït Melloul : traité par le service" in french
    assert "لم يصل" not in french


def test_changed_details_are_named_in_the_readers_language(in_a: Commune, agent: User) -> None:
    case = new_case(agent)
    with translation.override("ar"):
        case_services.update_case(
            actor=agent,
            case=case,
            kind=case.kind,
            category=Category.objects.exclude(pk=case.category_id).first(),
            channel=case.channel,
            subject="Autre objet",
            description=case.description,
            campaigns=[],
        )
    event = case.events.get(kind=CaseEvent.Kind.EDITED)
    assert event.note_params == {"fields": ["category", "subject"]}
    with translation.override("fr"):
        assert event.note_text == "Catégorie, objet"
    with translation.override("en"):
        assert event.note_text == "Category, subject"
    assert timeline.note_text(event, "ar") == "الصنف، الموضوع"


def test_the_access_export_words_the_platforms_notes_in_both_its_languages(
    in_a: Commune, head: User, water: LocalService
) -> None:
    fatima = consenting(head, person(head))
    case = new_case(head, person=fatima)
    with translation.override("en"):
        referral = referrals.refer_case(actor=head, case=case, local_service=water, purpose="Transfert du contrat")
        referrals.record_outcome(actor=head, referral=referral, outcome="refused")
    document = access.person_export(actor=head, person=fatima)
    notes = [line["platform_note"] for line in document["cases"][0]["timeline"] if line["platform_note"]]
    assert {
        "fr": "Régie de l'eau d'Aït Melloul : refusé par le service",
        "ar": "وكالة توزيع الماء بأيت ملول: رفضت المصلحة",
    } in notes
    text = flat(pdf_text(access.person_export_pdf(actor=head, person=fatima)))
    assert "refusé par le service" in text
    assert "رفضت المصلحة" in text
    assert "refused by the service" not in text


@pytest.mark.parametrize(
    ("kind", "body", "key", "params", "kept"),
    [
        ("status", "Statut repris du registre importé.", "imported_status", {}, ""),
        ("status", "الحالة مأخوذة من السجل المستورد.", "imported_status", {}, ""),
        ("status", "Status from the imported register.", "imported_status", {}, ""),
        ("status", "Rappel fait par téléphone.", None, None, None),  # a person's words: left alone
        (
            "reminder",
            "CNSS n'a pas répondu depuis le 2026-03-02.",
            "referral_silent",
            {"service": {"fr": "CNSS"}, "date": "2026-03-02"},
            "",
        ),
        (
            "reminder",
            "لم يصل أي رد من المحافظة العقارية بإنزكان منذ 02/03/2026.",
            "referral_silent",
            {"service": {"ar": "المحافظة العقارية بإنزكان"}, "date": "2026-03-02"},
            "",
        ),
        ("edited", "category, subject", "details_changed", {"fields": ["category", "subject"]}, ""),
        ("edited", "something else", None, None, None),
        ("referral", "CNSS", "referred", {"service": {"fr": "CNSS"}}, ""),
        (
            "referral",
            "CNSS — without consent: Person abroad, by phone",
            "referred_without_consent",
            {"service": {"fr": "CNSS"}},
            "Person abroad, by phone",
        ),
        (
            "referral_outcome",
            "Régie de l'eau: answered by the service — Contrat transféré",
            "referral_outcome",
            {"service": {"fr": "Régie de l'eau"}, "outcome": "answered"},
            "Contrat transféré",
        ),
        (
            "referral_outcome",
            "وكالة الماء: رفضت المصلحة",
            "referral_outcome",
            {"service": {"ar": "وكالة الماء"}, "outcome": "refused"},
            "",
        ),
    ],
)
def test_lines_written_as_text_before_are_recognised(
    kind: str, body: str, key: str | None, params: dict[str, Any] | None, kept: str | None
) -> None:
    migration = importlib.import_module("cases.migrations.0011_platform_notes_worded_for_each_reader")
    found = migration.recognise(kind, body)
    assert found == (None if key is None else (key, params, kept))


def test_a_recognised_line_reads_in_each_language(in_a: Commune, head: User) -> None:
    case = new_case(head)
    event = CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.REMINDER,
        note_key=timeline.REFERRAL_SILENT,
        note_params={"service": {"fr": "CNSS"}, "date": "2026-03-02"},
        at=timezone.now(),
    )
    assert timeline.note_text(event, "fr") == "CNSS n'a pas répondu depuis le 02/03/2026."
    assert timeline.note_text(event, "ar") == "لم يصل أي رد من CNSS منذ 02/03/2026."
    assert timeline.note_text(event, "en") == "CNSS has not answered since 02/03/2026."
