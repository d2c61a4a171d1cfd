"""A person's access request answered on paper: everything held about them as a PDF they can read, in French
and Arabic, and nothing about anyone else."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import selectors
from cases.models import AuditEntry, Case, Consent, LocalService, Person, Referral
from cases.permissions import NotAllowed
from cases.portal.models import Survey
from cases.services import access, erasure, people, referrals
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_slip import pdf_text, poppler
from tests.cases.test_uploads import PDF
from tests.cases.test_workflow import new_case
from tests.conftest import PASSWORD, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

PHONE, EMAIL = "+33612345678", "fatima.ouali@example.org"
# Someone else of the same office, with names and a phone found nowhere in Fatima's data.
STRANGER_PHONE = "+34611223344"


@dataclass
class Held:
    person: Person
    case: Case
    stranger: Person


def flat(text: str) -> str:
    """The text with every run of white space as one space: wrapped lines read as one."""
    return " ".join(text.split())


@pytest.fixture
def held(head: User, settings: Any, tmp_path: Path) -> Held:
    settings.MEDIA_ROOT = str(tmp_path)
    fatima = consenting(
        head,
        person(
            head,
            first_name_latin="Fatima Zahra",
            first_name_ar="فاطمة الزهراء",
            last_name_ar="الوالي",
            phone=PHONE,
            email=EMAIL,
            birth_year=1968,
        ),
    )
    people.add_identity_document(actor=head, person=fatima, kind="cin", number="J123456")
    contact = people.record_consent(actor=head, person=fatima, purpose=Consent.Purpose.CONTACT, channel="phone")
    people.withdraw_consent(actor=head, consent=contact)

    case = new_case(head, person=fatima, subject="Pension de réversion CNSS", description="Veuve de Mohamed Ouali")
    case_services.add_note(actor=head, case=case, body="ستعود يوم الإثنين بالوثائق")
    case_services.add_attachment(actor=head, case=case, upload=SimpleUploadedFile("acte-de-deces.pdf", PDF))
    water = LocalService.objects.create(name_fr="Régie de l'eau d'Aït Melloul", kind="utility")
    referral = referrals.refer_case(actor=head, case=case, purpose="Transfert du contrat d'eau", local_service=water)
    referrals.record_outcome(actor=head, referral=referral, outcome=Referral.Outcome.ANSWERED, note="Contrat transféré")
    Survey.objects.create(case=case, token_hash="t" * 64, score=4, comment="Merci beaucoup", answered_at=timezone.now())
    Message.objects.create(
        recipient=EMAIL,
        subject="Votre dossier",
        body="Bonjour Madame",
        kind="case",
        state="sent",
        sent_at=timezone.now(),
    )

    stranger = person(
        head,
        first_name_latin="Brahim",
        last_name_latin="Zerouali",
        first_name_ar="إبراهيم",
        last_name_ar="الزروالي",
        phone=STRANGER_PHONE,
    )
    people.add_identity_document(actor=head, person=stranger, kind="passport", number="XZ9876543")
    new_case(head, person=stranger, subject="Succession de la famille Zerouali")
    Message.objects.create(recipient=STRANGER_PHONE, body="Rendez-vous de Brahim", kind="reminder")
    people.link_people(actor=head, person=stranger, kind="heir_of", other=fatima)
    return Held(person=fatima, case=case, stranger=stranger)


def test_the_pdf_holds_what_the_office_holds_about_the_person_in_both_languages(head: User, held: Held) -> None:
    nadia = User.objects.create_user("nadia@aitmelloul.test", PASSWORD, role=Role.AGENT, full_name="Nadia Amrani")
    selectors.person_for_display(actor=nadia, person_id=held.person.pk)

    pdf = access.person_export_pdf(actor=head, person=held.person)

    assert pdf.startswith(b"%PDF")
    text = flat(pdf_text(pdf))
    # The Arabic as it is read, words in their order; the Latin name as stored.
    for arabic in ["معطياتكم الشخصية", "فاطمة الزهراء الوالي", "ستعود يوم الإثنين بالوثائق", "أيت ملول"]:
        assert arabic in text, arabic
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert today in text  # the day of the export, as the person reads dates
    info = poppler("pdfinfo", "-", pdf=pdf)
    assert re.search(rf"^Title:\s+Vos données personnelles / معطياتكم الشخصية — {today}$", info, re.MULTILINE)
    for french in [
        "Vos données personnelles",
        "Fatima Zahra Ouali",
        PHONE,
        EMAIL,
        "J123456",  # the identity number in clear: it is hers
        "1968",
        held.case.reference,
        "Pension de réversion CNSS",
        "Veuve de Mohamed Ouali",
        "acte-de-deces.pdf",
        "Régie de l'eau d'Aït Melloul",
        "Transfert du contrat d'eau",
        "Contrat transféré",
        "Merci beaucoup",
        "Bonjour Madame",
        "Nadia Amrani",  # who read her record
    ]:
        assert french in text, french
    # Both consents, the withdrawn one with the day it was withdrawn.
    assert re.search(r"Note 4\s?/\s?5 ", text)  # the survey's score
    assert text.count("Consentement ") == 2
    assert re.search(rf"Retiré le {today}", text), text
    # The link to the stranger is hers; who he is is not.
    assert f"La personne n° {held.stranger.pk} est" in text


def test_no_one_elses_data_is_in_it(head: User, held: Held) -> None:
    text = pdf_text(access.person_export_pdf(actor=head, person=held.person))
    for private in ["Brahim", "Zerouali", "إبراهيم", "الزروالي", STRANGER_PHONE, "XZ9876543", "Succession"]:
        assert private not in text, private
    assert held.stranger.cases.get().reference not in text


def test_making_the_pdf_is_audited_as_a_pdf_export_and_only_the_office_head_may(
    head: User, agent: User, viewer: User, held: Held
) -> None:
    for other in (agent, viewer):
        with pytest.raises(NotAllowed):
            access.person_export_pdf(actor=other, person=held.person)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()

    access.person_export_pdf(actor=head, person=held.person)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORT)
    assert (entry.actor, entry.target_type, entry.target_id) == (head, "person", held.person.pk)
    assert "PDF" in entry.detail


def test_many_cases_run_over_several_numbered_pages(head: User) -> None:
    someone = consenting(head, person(head, first_name_ar="أحمد", last_name_ar="ناجي", phone="+32470123456"))
    description = "Demande de relevé de carrière auprès de la caisse belge, pièces déposées au guichet. " * 8
    cases = [
        new_case(head, person=someone, subject=f"Relevé de carrière n° {number}", description=description)
        for number in range(1, 13)
    ]
    # A note longer than a page goes on over the next one, no line lost.
    note = " ".join(f"Pièce {number} reçue et vérifiée au guichet de l'office." for number in range(1, 121))
    case_services.add_note(actor=head, case=cases[0], body=note)

    pdf = access.person_export_pdf(actor=head, person=someone)

    found = re.search(r"^Pages:\s+(\d+)$", poppler("pdfinfo", "-", pdf=pdf), re.MULTILINE)
    pages = int(found.group(1)) if found else 0
    assert pages >= 4
    text = flat(pdf_text(pdf))
    for page in range(1, pages + 1):
        assert f"page {page} / {pages}" in text
    for case in cases:
        assert case.reference in text
        assert case.subject in text
    assert [int(number) for number in re.findall(r"Pièce (\d+) ", text)] == list(range(1, 121))
    assert "أحمد ناجي" in text


def test_the_office_head_downloads_it_and_others_cannot(
    head: User, agent: User, viewer: User, held: Held, commune_a: Commune, commune_b: Commune
) -> None:
    url = f"/people/{held.person.pk}/export.pdf"
    client = signed_in_client(commune_a, head)
    assert url in client.get(f"/people/{held.person.pk}/").content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="person-{held.person.pk}.pdf"'
    assert response["Cache-Control"] == "no-store"
    assert "فاطمة الزهراء الوالي" in pdf_text(response.content)

    for other in (agent, viewer):
        assert url not in signed_in_client(commune_a, other).get(f"/people/{held.person.pk}/").content.decode()
        assert signed_in_client(commune_a, other).get(url).status_code == 403
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, role=Role.OFFICE_HEAD)
    refused = signed_in_client(commune_b, other_head).get(url)
    assert refused.status_code == 404  # no such person in Nador's register
    assert not refused.content.startswith(b"%PDF")
    with schema_context(commune_a.schema_name):
        assert AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).count() == 1


def test_after_an_erasure_the_pdf_holds_only_what_stayed(head: User, held: Held) -> None:
    erasure.erase_person(actor=head, person=held.person, reason="Written request received at the desk")

    text = flat(pdf_text(access.person_export_pdf(actor=head, person=held.person)))

    gone_now = [
        "Fatima",
        "فاطمة",
        "Ouali",
        PHONE,
        EMAIL,
        "J123456",
        "Pension de réversion",
        "ستعود",
        "acte-de-deces.pdf",
        "Transfert du contrat",
        "Contrat transféré",
        "Merci beaucoup",
        "Bonjour Madame",
    ]
    for gone in gone_now:
        assert gone not in text, gone
    assert "Données effacées le" in text
    assert held.case.reference in text  # the case and what the statistics count stay
    assert "1968" in text
    assert "Régie de l'eau d'Aït Melloul" in text  # the service is not her data
    assert text.count("Consentement ") == 2  # the proof that the processing was lawful
