"""The office's public portal: the office page, a request from abroad, tracking it, the survey.

Driven through Django's test client on each commune's own host, as an
anonymous visitor; the office's side through its services and pages.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases import selectors
from cases.models import Attachment, AuditEntry, Case, CaseEvent, Consent, Person
from cases.portal import services as portal
from cases.portal.lockout import BY_PAIR
from cases.portal.models import Survey, Tracking
from cases.portal.views import ONE_TIME_CODES_PER_WINDOW
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category
from tests.cases.test_uploads import PDF
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

NEUTRAL = "No request matches this reference and code."
DONE_CODE = re.compile(r'class="portal-code">([^<]+)</dd>')


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def visitor(commune: Commune, ip: str | None = None, **extra: str) -> Client:
    address = ip or f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    extra.setdefault("HTTP_ACCEPT_LANGUAGE", "en")
    return Client(HTTP_HOST=client_for(commune).defaults["HTTP_HOST"], REMOTE_ADDR=address, **extra)


def request_data(commune: Commune, **extra: object) -> dict[str, object]:
    with schema_context(commune.schema_name):
        pension = category().pk
    data: dict[str, object] = {
        "category": str(pension),
        "description": "Ma pension de réversion n'est plus versée depuis mars.",
        "first_name": "Fatima",
        "last_name": "Ouali",
        "email": "Fatima.Ouali@example.org",
        "phone": "+33 6 12 34 56 78",
        "residence_country": "FR",
        "preferred_language": "ar",
        "consent": "on",
        "website": "",
    }
    data.update(extra)
    return data


def submit(commune: Commune, client: Client | None = None, **extra: object) -> tuple[str, str]:
    """Make a request on the portal; its reference and tracking code, as the page shows them."""
    response = (client or visitor(commune)).post("/portal/request/", request_data(commune, **extra))
    assert response.status_code == 200, response.content.decode()[:3000]
    reference, code = DONE_CODE.findall(response.content.decode())
    return reference, code


def tracking(client: Client, reference: str, code: str) -> str:
    return client.post("/portal/track/", {"action": "track", "reference": reference, "code": code}).content.decode()


# --- The office page --------------------------------------------------------------


def test_the_office_page_shows_names_contacts_and_the_ways_in(commune_a: Commune) -> None:
    Commune.objects.filter(pk=commune_a.pk).update(
        office_name_fr="Bureau d'accueil des MRE d'Aït Melloul",
        address_fr="Avenue Hassan II, Aït Melloul",
        opening_hours_fr="Lundi-vendredi 8h30-16h30",
        phone="+212 528 24 00 00",
        whatsapp="+212 600-000000",
        email="mre@aitmelloul.test",
    )
    response = visitor(commune_a, HTTP_ACCEPT_LANGUAGE="fr").get("/portal/")
    page = response.content.decode()
    assert response.status_code == 200
    for text in ["أيت ملول", "Aït Melloul", "ⴰⵢⵜ ⵎⵍⵍⵓⵍ", "Bureau d&#x27;accueil des MRE", "Lundi-vendredi 8h30-16h30"]:
        assert text in page, text
    assert 'href="tel:+212528240000"' in page
    assert 'href="https://wa.me/212600000000"' in page
    assert 'href="mailto:mre@aitmelloul.test"' in page
    assert 'href="https://www.openstreetmap.org/search?query=Avenue+Hassan+II%2C+A%C3%AFt+Melloul' in page
    for url in ["/portal/request/", "/portal/track/", "/appointments/", "/guide/"]:
        assert f'href="{url}' in page, url
    assert 'lang="zgh"' in page


def test_the_request_form_is_ready_for_people_and_not_for_robots(commune_a: Commune) -> None:
    page = visitor(commune_a).get("/portal/request/").content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert re.search(r'<input type="file" name="attachments"[^>]* multiple', page)
    assert re.search(r'<div class="portal-hp" aria-hidden="true">.*name="website"[^>]*tabindex="-1"', page, re.S)
    assert 'type="checkbox" name="consent"' in page
    assert "Law 09-08" in page


def test_the_tracking_link_of_the_e_mail_fills_in_the_reference(commune_a: Commune) -> None:
    page = visitor(commune_a).get("/portal/track/", {"reference": "AIT-2026-00007"}).content.decode()
    assert 'value="AIT-2026-00007"' in page


def test_the_arabic_page_reads_right_to_left(commune_a: Commune) -> None:
    client = visitor(commune_a)
    client.cookies["django_language"] = "ar"
    for url in ["/portal/", "/portal/request/", "/portal/track/"]:
        page = client.get(url).content.decode()
        assert 'lang="ar" dir="rtl"' in page, url


# --- From a request to the survey ----------------------------------------------------


def test_a_request_goes_from_abroad_to_the_office_and_back(commune_a: Commune) -> None:
    client = visitor(commune_a)
    upload = SimpleUploadedFile("attestation.pdf", PDF, content_type="application/pdf")
    reference, code = submit(commune_a, client, attachments=[upload])
    assert reference.startswith("AITM-")
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)

    with schema_context(commune_a.schema_name):
        case = Case.objects.select_related("person").get(reference=reference)
        assert (case.channel, case.kind, case.status, case.assigned_to) == ("web", "request", "new", None)
        assert case.person.phone == "+33612345678"
        assert case.person.email == "fatima.ouali@example.org"
        assert case.person.preferred_language == "ar"
        assert set(case.person.consents.values_list("purpose", "channel")) == {
            (Consent.Purpose.CASE_HANDLING, "web"),
            (Consent.Purpose.CONTACT, "web"),
        }
        assert Attachment.objects.get(case=case).original_name == "attestation.pdf"
        assert AuditEntry.objects.filter(target_type="person", target_id=case.person.pk, detail="portal").exists()
        tracked = Tracking.objects.get(case=case)
        assert code.replace("-", "") not in tracked.code_hash  # only a keyed hash is kept
        ack = Message.objects.get(kind="portal_acknowledgement")
        assert ack.recipient == "fatima.ouali@example.org"
        assert ack.language == "ar"  # rendered in the person's language:
        assert "أيت ملول" in ack.body  # the office's name in Arabic
        assert reference in ack.subject
        assert reference in ack.body
        assert code in ack.body
        assert f"/portal/track/?reference={reference}" in ack.body

        # The office sees it in its queue at once, and answers.
        agent = make_staff(commune_a, role=Role.AGENT)
        assert list(selectors.cases(actor=agent, filters=selectors.CaseFilters(assigned="none"))) == [case]
        case_services.add_note(actor=agent, case=case, body="Votre dossier est transmis à la CNSS.", shareable=True)
        case_services.add_note(actor=agent, case=case, body="Internal: the caller sounded upset.")
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)
        status_mail = Message.objects.get(kind="portal_status")
        assert (status_mail.language, status_mail.recipient) == ("ar", "fatima.ouali@example.org")
        assert reference in status_mail.body

    page = tracking(client, reference.lower(), code.lower())
    assert "Votre dossier est transmis à la CNSS." in page
    assert "Internal" not in page
    for private in ["Fatima", "Ouali", "fatima.ouali", "pension de réversion n&#x27;est plus", "Staff of"]:
        assert private not in page, private
    assert reference in page

    with schema_context(commune_a.schema_name):
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.CLOSED)
        invitation = Message.objects.get(kind="portal_survey")
        assert invitation.language == "ar"
        token = re.search(r"/portal/survey/([\w-]+)/", invitation.body).group(1)  # type: ignore[union-attr]
        assert not Survey.objects.filter(token_hash=token).exists()  # kept hashed

    survey_page = client.get(f"/portal/survey/{token}/")
    assert survey_page.status_code == 200
    wrong = client.post(f"/portal/survey/{token}/", {"score": "9", "comment": "Très bien"})
    assert wrong.status_code == 400
    assert "Très bien" in wrong.content.decode()
    assert client.post(f"/portal/survey/{token}/", {"score": "4", "comment": "Merci"}).status_code == 200
    again = client.post(f"/portal/survey/{token}/", {"score": "1", "comment": "Encore"})
    assert "already answered" in again.content.decode()

    with schema_context(commune_a.schema_name):
        survey = Survey.objects.get(case=case)
        assert (survey.score, survey.comment) == (4, "Merci")
        board = selectors.dashboard(actor=agent)
        assert (board.satisfaction_mean, board.satisfaction_count) == (4.0, 1)
        # Reopened and closed again: no second survey.
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.IN_PROGRESS)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.CLOSED)
        assert Message.objects.filter(kind="portal_survey").count() == 1
    dashboard = signed_in_client(commune_a, agent).get("/").content.decode()
    assert "4.0/5" in dashboard or "4,0/5" in dashboard


def test_cases_of_the_office_itself_send_no_portal_mail(commune_a: Commune) -> None:
    from tests.cases.conftest import person

    with schema_context(commune_a.schema_name):
        agent = make_staff(commune_a, role=Role.AGENT)
        visit = case_services.open_case(
            actor=agent,
            person=person(agent, email="walkin@example.org"),
            kind="complaint",
            category=category(),
            channel="visit",
            subject="Au guichet",
        )
        case_services.transition_case(actor=agent, case=visit, to_status=Case.Status.ANSWERED)
        assert not Message.objects.filter(kind__startswith="portal_").exists()


# --- Abuse --------------------------------------------------------------------------


def test_a_filled_honeypot_is_thanked_and_nothing_is_kept(commune_a: Commune) -> None:
    response = visitor(commune_a).post("/portal/request/", request_data(commune_a, website="http://spam.example"))
    assert response.status_code == 200
    assert "Your request was received" in response.content.decode()
    with schema_context(commune_a.schema_name):
        assert not Case.objects.exists()
        assert not Person.objects.exists()
        assert not Message.objects.filter(kind__startswith="portal_").exists()


def test_one_address_may_send_only_a_few_requests_an_hour(commune_a: Commune) -> None:
    ip = "203.0.113.7"
    for _attempt in range(settings.PORTAL_SUBMISSIONS_PER_HOUR):
        submit(commune_a, visitor(commune_a, ip))
    response = visitor(commune_a, ip).post("/portal/request/", request_data(commune_a, last_name="Naji"))
    assert response.status_code == 429
    assert 'value="Naji"' in response.content.decode()  # what was typed is kept
    with schema_context(commune_a.schema_name):
        assert Case.objects.count() == settings.PORTAL_SUBMISSIONS_PER_HOUR
    submit(commune_a, visitor(commune_a, "203.0.113.8"))  # another address is not held back


@pytest.mark.parametrize(
    ("changes", "field", "kept"),
    [
        ({"consent": ""}, "consent", 'value="Ouali"'),
        ({"phone": "12"}, "phone", 'value="12"'),
        ({"email": "not-an-address"}, "email", 'value="not-an-address"'),
        ({"description": "Bonjour\x00 je voudrais"}, "description", 'value="Ouali"'),
        ({"last_name": "Ou\x00ali"}, "last_name", "Ma pension de réversion"),
        ({"category": "999999"}, "category", 'value="Ouali"'),
        ({"description": "court"}, "description", "court</textarea>"),
        ({"first_name": "", "last_name": ""}, "last_name", 'value="Fatima.Ouali@example.org"'),
        ({"preferred_language": "xx"}, "preferred_language", 'value="Ouali"'),
        ({"description": "x" * 6000}, "description", 'value="Ouali"'),
    ],
)
def test_a_bad_request_keeps_what_was_typed_says_why_and_saves_nothing(
    commune_a: Commune, changes: dict[str, str], field: str, kept: str
) -> None:
    response = visitor(commune_a).post("/portal/request/", request_data(commune_a, **changes))
    page = response.content.decode()
    assert response.status_code == 400
    assert kept in page
    assert re.search(rf'field[\w -]* field--error">\s*<label for="id_{field}"', page), field
    with schema_context(commune_a.schema_name):
        assert not Case.objects.exists()
        assert not Person.objects.exists()


def test_a_document_of_a_refused_kind_keeps_the_form_and_saves_nothing(commune_a: Commune, media: Path) -> None:
    html = SimpleUploadedFile("lettre.pdf", b"<html><script>alert(1)</script></html>", content_type="application/pdf")
    response = visitor(commune_a).post("/portal/request/", request_data(commune_a, attachments=[html]))
    page = response.content.decode()
    assert response.status_code == 400
    assert "lettre.pdf: This kind of file is not accepted" in page
    assert 'value="Ouali"' in page
    with schema_context(commune_a.schema_name):
        assert not Case.objects.exists()
        assert not Person.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_at_most_three_documents(commune_a: Commune) -> None:
    files = [SimpleUploadedFile(f"{n}.pdf", PDF, content_type="application/pdf") for n in range(4)]
    response = visitor(commune_a).post("/portal/request/", request_data(commune_a, attachments=files))
    assert response.status_code == 400
    assert "At most 3 files." in response.content.decode()
    with schema_context(commune_a.schema_name):
        assert not Case.objects.exists()


def test_a_too_large_request_is_refused_before_it_is_read(commune_a: Commune) -> None:
    response = visitor(commune_a).post(
        "/portal/request/", request_data(commune_a), CONTENT_LENGTH=str(30 * 1024 * 1024)
    )
    assert response.status_code == 413
    with schema_context(commune_a.schema_name):
        assert not Case.objects.exists()


# --- Tracking -------------------------------------------------------------------------


def test_a_wrong_code_says_the_same_whether_the_reference_exists_or_not(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    client = visitor(commune_a)
    existing = client.post("/portal/track/", {"action": "track", "reference": reference, "code": "AAAAA-AAAAA"})
    missing = client.post("/portal/track/", {"action": "track", "reference": "AIT-1999-00001", "code": "AAAAA-AAAAA"})
    assert existing.status_code == missing.status_code == 200
    assert NEUTRAL in existing.content.decode()
    assert NEUTRAL in missing.content.decode()
    assert "Status" not in existing.content.decode()


def test_too_many_wrong_codes_must_wait_even_with_the_right_one(commune_a: Commune) -> None:
    reference, code = submit(commune_a)
    client = visitor(commune_a, "192.0.2.10")
    for attempt in range(BY_PAIR.free):
        assert NEUTRAL in tracking(client, reference, f"WRONG-{attempt:05d}")
    limited = client.post("/portal/track/", {"action": "track", "reference": reference, "code": code})
    assert limited.status_code == 429
    assert "You can try again in 1 minute." in limited.content.decode()
    assert "Received on" not in limited.content.decode()
    assert "Received on" in tracking(visitor(commune_a, "192.0.2.11"), reference, code)


def test_a_one_time_code_by_e_mail_opens_the_tracking_once(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    client = visitor(commune_a)
    sent = client.post("/portal/track/", {"action": "send_code", "reference": reference}).content.decode()
    unknown = client.post("/portal/track/", {"action": "send_code", "reference": "AIT-1999-00009"}).content.decode()
    assert "If this reference exists" in sent
    assert "If this reference exists" in unknown
    with schema_context(commune_a.schema_name):
        mail = Message.objects.get(kind="portal_one_time_code")
        assert mail.recipient == "fatima.ouali@example.org"
        one_time = re.search(r"\b(\d{6})\b", mail.body).group(1)  # type: ignore[union-attr]
        assert one_time not in Tracking.objects.get(case__reference=reference).one_time_hash
    assert "Received on" in tracking(client, reference, one_time)
    assert NEUTRAL in tracking(client, reference, one_time)  # once only


def test_a_one_time_code_stops_working_after_a_few_wrong_tries(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    client = visitor(commune_a)
    client.post("/portal/track/", {"action": "send_code", "reference": reference})
    with schema_context(commune_a.schema_name):
        mail = Message.objects.get(kind="portal_one_time_code")
        one_time = re.search(r"\b(\d{6})\b", mail.body).group(1)  # type: ignore[union-attr]
    wrong = "000000" if one_time != "000000" else "111111"
    for _attempt in range(portal.ONE_TIME_ATTEMPTS):
        assert NEUTRAL in tracking(client, reference, wrong)
    # From another address (this one now waits for this reference): the code itself no longer works.
    assert NEUTRAL in tracking(visitor(commune_a), reference, one_time)


def test_one_time_codes_are_sent_only_a_few_times_per_address(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    client = visitor(commune_a, "192.0.2.20")
    for _attempt in range(ONE_TIME_CODES_PER_WINDOW):
        assert client.post("/portal/track/", {"action": "send_code", "reference": reference}).status_code == 200
    assert client.post("/portal/track/", {"action": "send_code", "reference": reference}).status_code == 429
    with schema_context(commune_a.schema_name):
        assert Message.objects.filter(kind="portal_one_time_code").count() == ONE_TIME_CODES_PER_WINDOW


def test_the_tracking_form_keeps_what_was_typed(commune_a: Commune) -> None:
    response = visitor(commune_a).post(
        "/portal/track/", {"action": "track", "reference": "AIT-2026-0\x001", "code": ""}
    )
    assert response.status_code == 400
    assert 'class="field field--error"' in response.content.decode()


# --- Isolation between communes ------------------------------------------------------


def test_another_commune_knows_nothing_of_the_request(commune_a: Commune, commune_b: Commune) -> None:
    reference, code = submit(commune_a)
    assert "Received on" in tracking(visitor(commune_a), reference, code)
    assert NEUTRAL in tracking(visitor(commune_b), reference, code)

    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    with schema_context(commune_a.schema_name):
        case = Case.objects.get(reference=reference)
    with schema_context(commune_b.schema_name):
        assert not selectors.cases(actor=head_b).filter(reference=reference).exists()
        assert not Message.objects.filter(kind="portal_acknowledgement").exists()
    assert signed_in_client(commune_b, head_b).get(f"/cases/{case.pk}/").status_code == 404

    visitor(commune_b).post("/portal/track/", {"action": "send_code", "reference": reference})
    with schema_context(commune_a.schema_name):
        assert not Message.objects.filter(kind="portal_one_time_code").exists()
    with schema_context(commune_b.schema_name):
        assert not Message.objects.filter(kind="portal_one_time_code").exists()


def test_a_survey_link_of_one_commune_is_not_valid_on_another(commune_a: Commune, commune_b: Commune) -> None:
    reference, _code = submit(commune_a)
    with schema_context(commune_a.schema_name):
        agent = make_staff(commune_a, role=Role.AGENT)
        case = Case.objects.get(reference=reference)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.CLOSED)
        body = Message.objects.get(kind="portal_survey").body
        assert "aitmelloul." in body
    token = re.search(r"/portal/survey/([\w-]+)/", body).group(1)  # type: ignore[union-attr]
    assert visitor(commune_b).post(f"/portal/survey/{token}/", {"score": "1"}).status_code == 404
    with schema_context(commune_a.schema_name):
        assert Survey.objects.get(case=case).answered_at is None
    assert visitor(commune_a).get("/portal/survey/not-a-token/").status_code == 404


def test_a_status_note_is_not_shown_unless_shareable(commune_a: Commune) -> None:
    reference, code = submit(commune_a)
    with schema_context(commune_a.schema_name):
        agent = make_staff(commune_a, role=Role.AGENT)
        case = Case.objects.get(reference=reference)
        case_services.transition_case(
            actor=agent, case=case, to_status=Case.Status.WAITING_EXTERNAL, note="Waiting for the caller's brother"
        )
        assert CaseEvent.objects.filter(case=case, kind="status").exists()
    page = tracking(visitor(commune_a), reference, code)
    assert "waiting for an external service" in page
    assert "brother" not in page


def test_staff_of_the_office_only(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    with schema_context(commune_a.schema_name):
        viewer: User = make_staff(commune_a, role=Role.VIEWER)
        assert selectors.cases(actor=viewer).filter(reference=reference).exists()
