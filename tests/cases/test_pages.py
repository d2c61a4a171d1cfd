"""The office workspace in the browser: intake, the register, the case page, lists and the dashboard.

Each page is driven through Django's test client on the commune's own host,
signed in as real staff; another commune's staff get 404s for the same URLs.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases.models import AuditEntry, Case, Consent, Person, Referral, SavedView
from cases.services import people
from cases.services import referrals as referral_services
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category, consenting, person
from tests.cases.test_uploads import PDF
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db


def intake_data(**extra: str) -> dict[str, str]:
    data = {
        "person-first_name_latin": "Mohamed",
        "person-last_name_latin": "Oubella",
        "person-first_name_ar": "محمد",
        "person-last_name_ar": "أوبلا",
        "person-phone": "06 12 34 56 78",
        "person-residence_country": "FR",
        "person-status": "mre",
        "person-preferred_language": "ar",
        "case-kind": "complaint",
        "case-category": str(category("urbanism").pk),
        "case-channel": "visit",
        "case-subject": "Permis de construire bloqué",
        "consent-consents": "case_handling",
        "consent-consent_channel": "visit",
    }
    data.update(extra)
    return data


@pytest.fixture
def agent_client(commune_a: Commune, agent: User) -> Client:
    return signed_in_client(commune_a, agent)


# --- Intake ----------------------------------------------------------------


def test_a_visit_is_recorded_in_one_post(agent_client: Client, agent: User) -> None:
    data = intake_data(
        **{"consent-consents": ["case_handling", "share_with_services"], "case-assigned_to": str(agent.pk)}
    )  # type: ignore[arg-type]
    response = agent_client.post("/intake/", data)
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/cases/{case.pk}/"
    assert case.person.first_name_ar == "محمد"
    assert case.person.phone == "+212612345678"
    assert case.assigned_to == agent
    assert sorted(case.person.consents.values_list("purpose", flat=True)) == ["case_handling", "share_with_services"]


def test_a_failed_intake_keeps_what_was_typed_and_saves_nothing(agent_client: Client) -> None:
    response = agent_client.post("/intake/", intake_data(**{"person-phone": "12", "case-subject": "Raccordement"}))
    page = response.content.decode()
    assert response.status_code == 400
    assert 'value="Raccordement"' in page
    assert 'value="12"' in page
    assert 'class="field field--error"' in page
    assert not Person.objects.exists()
    assert not Case.objects.exists()


def test_when_the_case_fails_the_new_person_is_not_kept_either(agent_client: Client) -> None:
    response = agent_client.post("/intake/", intake_data(**{"case-subject": "   "}))
    assert response.status_code == 400
    assert not Person.objects.exists()


def test_an_unknown_category_is_an_error_on_the_form(agent_client: Client) -> None:
    response = agent_client.post("/intake/", intake_data(**{"case-category": "999999"}))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_choosing_a_registered_person_registers_nobody_new(agent_client: Client, agent: User) -> None:
    known = person(agent, first_name_latin="Mohamed", last_name_latin="Oubella")
    response = agent_client.post("/intake/", intake_data(person_id=str(known.pk)))
    assert response.status_code == 302
    assert Person.objects.get() == known
    assert Case.objects.get().person == known


def test_the_intake_proposes_people_already_registered_across_scripts(agent_client: Client, agent: User) -> None:
    person(agent, first_name_latin="Mohammed", last_name_latin="El Idrissi")
    response = agent_client.get("/intake/search/", {"person-first_name_ar": "محمد", "person-last_name_ar": "الإدريسي"})
    assert "Mohammed El Idrissi" in response.content.decode()


def test_the_intake_finds_a_person_by_phone_typed_any_way(agent_client: Client, agent: User) -> None:
    person(agent, last_name_latin="Bouzid", phone="+33 6 12 34 56 78")
    response = agent_client.get("/intake/search/", {"person-phone": "0033 612345678"})
    assert "Bouzid" in response.content.decode()


def test_a_viewer_cannot_record_visits(commune_a: Commune, viewer: User) -> None:
    client = signed_in_client(commune_a, viewer)
    assert client.get("/intake/").status_code == 403
    assert client.post("/intake/", intake_data()).status_code == 403
    assert not Person.objects.exists()


# --- The register ----------------------------------------------------------


def test_reading_a_person_is_in_the_audit_log(agent_client: Client, agent: User) -> None:
    someone = person(agent)
    assert agent_client.get(f"/people/{someone.pk}/").status_code == 200
    assert AuditEntry.objects.filter(actor=agent, action="view", target_id=someone.pk).count() == 1


def test_an_identity_number_is_masked_until_revealed_and_the_reveal_is_audited(
    agent_client: Client, agent: User
) -> None:
    someone = person(agent)
    document = people.add_identity_document(actor=agent, person=someone, kind="cin", number="JB123456")
    assert "JB123456" not in agent_client.get(f"/people/{someone.pk}/").content.decode()
    revealed = agent_client.post(f"/people/{someone.pk}/documents/{document.pk}/reveal/")
    assert "JB123456" in revealed.content.decode()
    assert revealed["Cache-Control"] == "no-store"
    assert AuditEntry.objects.filter(action="reveal", target_id=someone.pk).exists()


def test_a_viewer_cannot_reveal_identity_numbers(commune_a: Commune, agent: User, viewer: User) -> None:
    someone = person(agent)
    document = people.add_identity_document(actor=agent, person=someone, kind="passport", number="AB1234567")
    response = signed_in_client(commune_a, viewer).post(f"/people/{someone.pk}/documents/{document.pk}/reveal/")
    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action="reveal").exists()


def test_a_bad_identity_number_is_shown_next_to_the_field(agent_client: Client, agent: User) -> None:
    someone = person(agent)
    response = agent_client.post(f"/people/{someone.pk}/documents/", {"kind": "cin", "number": "#!"})
    assert response.status_code == 400
    assert 'value="#!"' in response.content.decode()
    assert not someone.documents.exists()


def test_consent_is_recorded_and_withdrawn_from_the_persons_page(agent_client: Client, agent: User) -> None:
    someone = person(agent)
    agent_client.post(f"/people/{someone.pk}/consents/", {"purpose": "contact", "channel": "phone"})
    consent = Consent.objects.get(person=someone)
    assert consent.recorded_by == agent
    agent_client.post(f"/people/{someone.pk}/consents/{consent.pk}/withdraw/")
    assert not people.has_consent(someone, "contact")


def test_people_are_searched_from_the_register(agent_client: Client, agent: User) -> None:
    person(agent, first_name_latin="Khadija", last_name_latin="Tahiri")
    person(agent, first_name_latin="Said", last_name_latin="Benali")
    page = agent_client.get("/people/", {"q": "خديجة"}).content.decode()
    assert "Khadija Tahiri" in page
    assert "Said Benali" not in page


def test_editing_a_person_with_a_bad_email_keeps_the_form(agent_client: Client, agent: User) -> None:
    someone = person(agent)
    data = {"first_name_latin": "Fatima", "last_name_latin": "Ouali", "email": "fatima@", "status": "mre"}
    response = agent_client.post(f"/people/{someone.pk}/edit/", data | {"preferred_language": "fr"})
    assert response.status_code == 400
    assert 'value="fatima@"' in response.content.decode()
    assert Person.objects.get(pk=someone.pk).email == ""


# --- Cases -----------------------------------------------------------------


def test_the_case_page_moves_the_case_and_shows_its_timeline(agent_client: Client, agent: User) -> None:
    case = new_case(agent)
    response = agent_client.post(
        f"/cases/{case.pk}/transition/", {"to_status": "in_progress", "expected_status": "new", "note": "Dossier vu"}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == "in_progress"
    page = agent_client.get(f"/cases/{case.pk}/").content.decode()
    assert "Dossier vu" in page


def test_an_illegal_move_changes_nothing_and_says_why(agent_client: Client, agent: User) -> None:
    case = new_case(agent)
    response = agent_client.post(
        f"/cases/{case.pk}/transition/", {"to_status": "closed", "expected_status": "new"}, follow=True
    )
    assert Case.objects.get(pk=case.pk).status == "new"
    assert "message--error" in response.content.decode()


def test_a_move_chosen_on_a_stale_page_is_refused(agent_client: Client, agent: User) -> None:
    case = new_case(agent)
    agent_client.post(f"/cases/{case.pk}/transition/", {"to_status": "in_progress", "expected_status": "new"})
    agent_client.post(f"/cases/{case.pk}/transition/", {"to_status": "cancelled", "expected_status": "new"})
    assert Case.objects.get(pk=case.pk).status == "in_progress"


def test_an_empty_note_is_refused_and_a_shareable_one_is_marked(agent_client: Client, agent: User) -> None:
    case = new_case(agent)
    assert agent_client.post(f"/cases/{case.pk}/notes/", {"body": " "}).status_code == 400
    agent_client.post(f"/cases/{case.pk}/notes/", {"body": "Rappeler lundi", "shareable": "on"})
    assert case.events.get(kind="note").shareable


def test_documents_are_checked_and_always_downloaded(agent_client: Client, agent: User) -> None:
    case = new_case(agent)
    html = SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    assert agent_client.post(f"/cases/{case.pk}/attachments/", {"file": html}).status_code == 400
    assert not case.attachments.exists()
    good = SimpleUploadedFile("acte de vente.pdf", PDF, content_type="application/pdf")
    assert agent_client.post(f"/cases/{case.pk}/attachments/", {"file": good}).status_code == 302
    attachment = case.attachments.get()
    response = agent_client.get(f"/cases/{case.pk}/attachments/{attachment.pk}/")
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
    assert AuditEntry.objects.filter(action="export", target_id=case.pk).exists()


def test_referring_without_consent_is_refused_for_an_agent(agent_client: Client, agent: User) -> None:
    service = ExternalService.objects.create(
        name_fr="Agence urbaine d'Agadir", name_ar="الوكالة الحضرية لأكادير", kind="urban_agency"
    )
    case = new_case(agent)
    response = agent_client.post(
        f"/cases/{case.pk}/referrals/new/", {"service": f"r{service.pk}", "purpose": "Avis", "remind_after_days": "10"}
    )
    assert response.status_code == 400
    assert "consent" in response.content.decode()
    assert not Referral.objects.exists()


def test_a_referral_and_its_answer_from_the_case_page(agent_client: Client, agent: User) -> None:
    service = ExternalService.objects.create(name_fr="ONEE Agadir", name_ar="المكتب الوطني للكهرباء", kind="utility")
    case = new_case(agent, person=consenting(agent, person(agent)))
    agent_client.post(
        f"/cases/{case.pk}/referrals/new/",
        {"service": f"r{service.pk}", "purpose": "Raccordement", "remind_after_days": "10"},
    )
    referral = Referral.objects.get()
    assert Case.objects.get(pk=case.pk).status == "waiting_external"
    bad = agent_client.post(f"/cases/{case.pk}/referrals/{referral.pk}/outcome/", {f"r{referral.pk}-outcome": "x"})
    assert bad.status_code == 400
    agent_client.post(
        f"/cases/{case.pk}/referrals/{referral.pk}/outcome/",
        {f"r{referral.pk}-outcome": "answered", f"r{referral.pk}-note": "Raccordé le 3"},
    )
    assert Referral.objects.get().outcome == "answered"
    assert Case.objects.get(pk=case.pk).status == "in_progress"


def test_lists_filter_and_saved_views(agent_client: Client, agent: User, head: User) -> None:
    mine = new_case(agent, assigned_to=agent, subject="Dossier à moi")
    new_case(agent, assigned_to=head, subject="Dossier du chef")
    page = agent_client.get("/cases/", {"view": "mine"}).content.decode()
    assert mine.reference in page
    assert "Dossier du chef" not in page
    # Bad filter values are dropped, not a 500.
    assert (
        agent_client.get("/cases/", {"opened_from": "yesterday", "page": "abc", "assigned": "9999"}).status_code == 200
    )
    agent_client.post("/views/save/", {"name": "Urbanisme", "query": "category=urbanism"})
    assert SavedView.objects.get(owner=agent).query == "category=urbanism"


def test_the_dashboard_draws_its_charts_from_the_office_figures(agent_client: Client, agent: User) -> None:
    new_case(agent, channel="whatsapp")
    page = agent_client.get("/").content.decode()
    data = json.loads(re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S)[1])  # type: ignore[index]
    assert sum(data["perWeek"]["values"]) == 1
    assert data["byChannel"]["values"] == [1]


def test_the_workspace_speaks_arabic_right_to_left(agent_client: Client, agent: User) -> None:
    case = new_case(agent)
    agent_client.post("/i18n/setlang/", {"language": "ar", "next": "/"})
    for url in ("/", "/intake/", "/cases/", f"/cases/{case.pk}/", "/people/", f"/people/{case.person_id}/"):
        page = agent_client.get(url).content.decode()
        assert '<html lang="ar" dir="rtl">' in page, url


# --- Isolation -------------------------------------------------------------


def test_another_communes_staff_cannot_see_or_change_anything_by_url(
    commune_a: Commune, commune_b: Commune, agent: User
) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)), subject="Sujet d'Aït Melloul")
    service = ExternalService.objects.create(name_fr="Tribunal", name_ar="المحكمة", kind="court")
    referral = referral_services.refer_case(actor=agent, case=case, regional_service=service, purpose="Avis")
    document = people.add_identity_document(actor=agent, person=case.person, kind="cin", number="JB123456")
    with schema_context(commune_b.schema_name):
        head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    other = signed_in_client(commune_b, head_b)
    pk, who = case.pk, case.person_id
    for url in (
        f"/cases/{pk}/",
        f"/cases/{pk}/edit/",
        f"/people/{who}/",
        f"/people/{who}/edit/",
        f"/cases/{pk}/referrals/new/",
    ):
        assert other.get(url).status_code == 404, url
    for url, data in (
        (f"/cases/{pk}/transition/", {"to_status": "cancelled", "expected_status": "waiting_external"}),
        (f"/cases/{pk}/notes/", {"body": "intrusion"}),
        (f"/cases/{pk}/assign/", {"assigned_to": ""}),
        (f"/cases/{pk}/referrals/{referral.pk}/outcome/", {f"r{referral.pk}-outcome": "refused"}),
        (f"/people/{who}/documents/{document.pk}/reveal/", {}),
        (f"/people/{who}/consents/", {"purpose": "contact", "channel": "phone"}),
    ):
        response = other.post(url, data)
        assert response.status_code in (302, 404), url
        assert "Sujet d'Aït Melloul" not in response.content.decode()
    assert "Sujet d'Aït Melloul" not in other.get("/cases/", {"status": ""}).content.decode()
    # A's person id means nothing in B: with no particulars typed, there is nobody to open a case for.
    only_the_id = {k: v for k, v in intake_data(person_id=str(who)).items() if not k.startswith("person-")}
    assert other.post("/intake/", only_the_id).status_code == 400
    with schema_context(commune_b.schema_name):
        assert not Case.objects.exists()
    with schema_context(commune_a.schema_name):
        assert Case.objects.get(pk=pk).status == "waiting_external"
        assert not case.events.filter(kind="note").exists()
        assert Referral.objects.get().outcome == "sent"
        assert not Consent.objects.filter(purpose="contact").exists()
    # A's session is not a session on B's host.
    assert signed_in_client(commune_a, agent).get("/", HTTP_HOST=f"nador.{_domain()}").status_code == 302


def _domain() -> str:
    from django.conf import settings

    return str(settings.PLATFORM_DOMAIN)


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/people/", {"q": "\x00"}),
        ("/people/", {"q": "a" * 5000, "page": "-1"}),
        ("/intake/search/", {"person-first_name_latin": "Mo\x00hamed", "person-phone": "\x00\x00\x00"}),
        ("/cases/", {"q": "\x00", "status": "nope", "sort": "evil", "campaign": "x", "assigned": "\x00"}),
        ("/cases/", {"opened_from": "2026-13-45", "opened_to": "\x00", "view": "../../etc"}),
        ("/intake/", {"person": "99999999999999999999"}),
        ("/verify/", {"code": "\x00", "reference": "\x00"}),
    ],
)
def test_odd_input_in_the_address_is_never_a_server_error(
    agent_client: Client, url: str, params: dict[str, str]
) -> None:
    assert agent_client.get(url, params).status_code < 500


def test_nul_characters_typed_in_a_form_are_refused_on_the_field(agent_client: Client) -> None:
    response = agent_client.post("/intake/", intake_data(**{"case-subject": "Permis\x00"}))
    assert response.status_code == 400
    assert not Case.objects.exists()
