"""The office workspace's REST API, seen from a script or a browser on a commune's host.

What another commune's staff can and cannot reach is in test_api_isolation.py.
"""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from cases import uploads
from cases.models import Attachment, AuditEntry, Campaign, Case, CaseEvent, Consent, LocalService, Person, Referral
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category, consenting, person
from tests.cases.test_workflow import new_case
from tests.conftest import PASSWORD, host_of, make_staff

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


# --- Clients ---------------------------------------------------------------


def anonymous(commune: Commune, **extra: Any) -> APIClient:
    return APIClient(HTTP_HOST=host_of(commune), **extra)


def token_of(commune: Commune, user: User) -> str:
    with schema_context(commune.schema_name):
        return Token.objects.get_or_create(user=user)[0].key


def with_token(commune: Commune, key: str) -> APIClient:
    client = anonymous(commune)
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def api(commune: Commune, user: User) -> APIClient:
    """A script of `user`'s, with their token, on their commune's host."""
    return with_token(commune, token_of(commune, user))


def signed_in_api(commune: Commune, user: User, **extra: Any) -> APIClient:
    """A browser signed in on the commune's pages, calling the API with its session cookie."""
    client = anonymous(commune, **extra)
    login = client.get("/accounts/login/")
    response = client.post(
        "/accounts/login/",
        {"login": user.email, "password": PASSWORD, "csrfmiddlewaretoken": login.cookies["csrftoken"].value},
        format="multipart",
    )
    assert response.status_code == 302, response.content[:500]
    return client


def fresh_ip() -> str:
    """An address of its own, so that failed attempts of other tests and runs do not count (rate limits)."""
    return "10." + ".".join(str(secrets.randbelow(254) + 1) for _ in range(3))


def pdf(name: str = "acte.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def registry(db: None) -> ExternalService:
    return ExternalService.objects.create(
        name_fr="Conservation foncière d'Inezgane", name_ar="المحافظة العقارية بإنزكان", name_en="Land registry",
        kind="land_registry",
    )  # fmt: skip


PERSON = {
    "first_name_latin": "Fatima",
    "last_name_latin": "Ouali",
    "residence_country": "fr",
    "phone": "06 12 34 56 78",
    "email": "Fatima.Ouali@Example.org",
    "nationalities": ["ma", "fr"],
    "birth_year": 1958,
}


# --- Authentication --------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/api/people/", "/api/cases/", "/api/referrals/", "/api/services/", "/api/categories/", "/api/cases/1/"]
)
def test_without_credentials_the_api_answers_401(commune_a: Commune, url: str) -> None:
    response = anonymous(commune_a).get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert "detail" in response.json()


def test_a_script_gets_a_token_with_e_mail_and_password_and_uses_it(in_a: Commune, agent: User) -> None:
    client = anonymous(in_a, REMOTE_ADDR=fresh_ip())
    response = client.post("/api/auth/token/", {"email": agent.email.upper(), "password": PASSWORD})
    assert response.status_code == 200, response.content
    key = response.json()["token"]
    assert Token.objects.get(user=agent).key == key
    # The same token again, not a new one each time.
    assert client.post("/api/auth/token/", {"email": agent.email, "password": PASSWORD}).json()["token"] == key

    assert with_token(in_a, key).get("/api/cases/").status_code == 200
    assert with_token(in_a, key[:-1] + "x").get("/api/cases/").status_code == 401


def test_a_wrong_password_gets_no_token_and_repeated_failures_are_throttled(in_a: Commune) -> None:
    # An account of its own: failed attempts are counted per address and per e-mail, across runs (Redis).
    user = make_staff(in_a, email=f"api-{secrets.token_hex(4)}@aitmelloul.test", role=Role.AGENT)
    client = anonymous(in_a, REMOTE_ADDR=fresh_ip())
    response = client.post("/api/auth/token/", {"email": user.email, "password": "not-the-password"})
    assert response.status_code == 400
    assert response.json()["detail"]
    missing = client.post("/api/auth/token/", {"email": user.email})
    assert missing.status_code == 400
    assert "password" in missing.json()
    statuses = [
        client.post("/api/auth/token/", {"email": user.email, "password": f"wrong-{n}"}).status_code for n in range(5)
    ]
    assert statuses == [400, 400, 400, 400, 429]  # 5 failures per e-mail in 5 minutes (ACCOUNT_RATE_LIMITS)
    # Even the right password waits now.
    assert client.post("/api/auth/token/", {"email": user.email, "password": PASSWORD}).status_code == 429
    assert not Token.objects.exists()


def test_an_account_with_two_factor_needs_its_code_for_a_token(in_a: Commune, agent: User) -> None:
    from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value, yield_hotp_counters_from_time

    secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    TOTP.activate(agent, secret)
    client = anonymous(in_a, REMOTE_ADDR=fresh_ip())
    without = client.post("/api/auth/token/", {"email": agent.email, "password": PASSWORD})
    assert without.status_code == 400
    assert "code" in without.json()
    wrong = client.post("/api/auth/token/", {"email": agent.email, "password": PASSWORD, "code": "000000"})
    assert wrong.status_code == 400
    assert not Token.objects.exists()
    code = format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))
    right = client.post("/api/auth/token/", {"email": agent.email, "password": PASSWORD, "code": code})
    assert right.status_code == 200, right.content
    assert right.json()["token"] == Token.objects.get(user=agent).key


def test_a_browser_session_works_and_its_writes_need_the_csrf_token(in_a: Commune, agent: User) -> None:
    client = signed_in_api(in_a, agent, enforce_csrf_checks=True)
    assert client.get("/api/people/").status_code == 200
    refused = client.post("/api/people/", PERSON)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    accepted = client.post("/api/people/", PERSON, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert accepted.status_code == 201, accepted.content


# --- People ----------------------------------------------------------------


def test_an_agent_registers_a_person_normalised_by_the_service(in_a: Commune, agent: User) -> None:
    response = api(in_a, agent).post("/api/people/", PERSON)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["phone"] == "+212612345678"
    assert body["email"] == "fatima.ouali@example.org"
    assert body["residence_country"] == "FR"
    assert body["nationalities"] == ["FR", "MA"]
    assert body["display_name"] == "Fatima Ouali"
    assert (body["documents"], body["consents"], body["links"]) == ([], [], [])
    person_ = Person.objects.get(pk=body["id"])
    assert person_.created_by == agent
    assert AuditEntry.objects.filter(action="create", target_type="person", target_id=person_.pk).exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"phone": "12"}, "phone"),
        ({"whatsapp": "+33 6 12"}, "whatsapp"),
        ({"email": "fatima@"}, "email"),
        ({"birth_year": "nineteen"}, "birth_year"),
        ({"birth_year": 1850}, "birth_year"),
        ({"residence_country": "XX"}, "residence_country"),
        ({"sex": "other"}, "sex"),
        ({"first_name_latin": "", "last_name_latin": ""}, "last_name_latin"),
        ({"first_name_ar": "Fatima"}, "first_name_ar"),
        ({"nationalities": "MA"}, "nationalities"),
        ({"last_name_latin": "x" * 101}, "last_name_latin"),
    ],
)
def test_invalid_person_data_is_a_400_on_its_field_and_nothing_is_saved(
    in_a: Commune, agent: User, change: dict[str, Any], field: str
) -> None:
    response = api(in_a, agent).post("/api/people/", {**PERSON, **change})
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert isinstance(response.json()[field], list)
    assert not Person.objects.exists()


def test_bad_json_is_a_400_not_a_500(in_a: Commune, agent: User) -> None:
    client = api(in_a, agent)
    response = client.post("/api/people/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert "detail" in response.json()
    wrong_type = client.post("/api/people/", ["a", "list"])
    assert wrong_type.status_code == 400
    form = client.post("/api/people/", PERSON, format="multipart")
    assert form.status_code == 415
    assert not Person.objects.exists()


def test_options_requests_are_refused_cleanly_everywhere(in_a: Commune, agent: User) -> None:
    """Found by schemathesis against the demo: OPTIONS used to build serializers and fail with a 500."""
    client = api(in_a, agent)
    case = new_case(agent)
    for url in (
        "/api/people/",
        f"/api/people/{case.person_id}/consents/",
        "/api/cases/",
        f"/api/cases/{case.pk}/transition/",
        f"/api/cases/{case.pk}/attachments/",
        "/api/referrals/",
        "/api/services/",
    ):
        assert client.options(url).status_code == 405, url


def test_nul_characters_are_a_400_or_ignored_never_a_500(in_a: Commune, agent: User) -> None:
    client = api(in_a, agent)
    assert client.get("/api/people/", {"q": "Moh\x00amed"}).status_code < 500
    assert client.get("/api/cases/", {"q": "AIT\x00-2026"}).status_code < 500
    assert client.get("/api/services/", {"q": "\x00\x00"}).status_code < 500
    created = client.post("/api/people/", {**PERSON, "last_name_latin": "Ouali\x00"})
    assert created.status_code == 400
    assert not Person.objects.exists()


def test_the_register_lists_and_searches_people(in_a: Commune, agent: User) -> None:
    fatima = person(agent)
    mohamed = person(agent, first_name_latin="Mohamed", last_name_latin="El Idrissi", phone="+33612345678")
    client = api(in_a, agent)
    listed = client.get("/api/people/").json()
    assert listed["count"] == 2
    assert [row["id"] for row in listed["results"]] == [mohamed.pk, fatima.pk]  # newest first
    found = client.get("/api/people/", {"q": "Idrisi"}).json()
    assert [row["id"] for row in found["results"]] == [mohamed.pk]
    by_phone = client.get("/api/people/", {"q": "06 12 34 56 78"}).json()
    assert [row["id"] for row in by_phone["results"]] == [mohamed.pk]
    assert client.get("/api/people/", {"q": "x" * 101}).status_code == 400


def test_reading_a_person_is_audited_and_identity_numbers_stay_masked(in_a: Commune, agent: User) -> None:
    widow = person(agent)
    husband = person(agent, first_name_latin="Ahmed")
    client = api(in_a, agent)
    document = client.post(f"/api/people/{widow.pk}/documents/", {"kind": "cin", "number": "jb-123456"})
    assert document.status_code == 201, document.content
    assert document.json()["hint"] == "456"
    consent = client.post(f"/api/people/{widow.pk}/consents/", {"purpose": "share_with_services", "channel": "visit"})
    assert consent.status_code == 201, consent.content
    assert consent.json()["in_force"] is True
    link = client.post(f"/api/people/{widow.pk}/links/", {"kind": "widow_of", "other": husband.pk})
    assert link.status_code == 201, link.content
    assert link.json()["other"] == {"id": husband.pk, "display_name": "Ahmed Ouali"}

    AuditEntry.objects.all().delete()
    response = client.get(f"/api/people/{widow.pk}/")
    assert response.status_code == 200
    body = response.json()
    assert [(d["kind"], d["hint"]) for d in body["documents"]] == [("cin", "456")]
    assert b"JB123456" not in response.content
    assert b"123456" not in response.content
    assert [c["purpose"] for c in body["consents"]] == ["share_with_services"]
    assert [(link["kind"], link["other"]["id"]) for link in body["links"]] == [("widow_of", husband.pk)]
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_type, entry.target_id, entry.actor) == ("view", "person", widow.pk, agent)

    husbands_view = client.get(f"/api/people/{husband.pk}/").json()
    assert [(link["kind"], link["person"]["id"]) for link in husbands_view["linked_from"]] == [("widow_of", widow.pk)]


def test_people_actions_reject_bad_data_on_their_fields(in_a: Commune, agent: User) -> None:
    fatima = person(agent)
    client = api(in_a, agent)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    cases = [
        ("documents", {"kind": "driving_licence", "number": "AB123456"}, "kind"),
        ("documents", {"kind": "cin", "number": "!!"}, "number"),
        ("consents", {"purpose": "marketing", "channel": "visit"}, "purpose"),
        ("consents", {"purpose": "contact", "channel": "visit", "given_on": tomorrow}, "given_on"),
        ("consents", {"purpose": "contact", "channel": "visit", "given_on": "2026-02-30"}, "given_on"),
        ("links", {"kind": "widow_of", "other": fatima.pk}, "other"),
        ("links", {"kind": "widow_of", "other": 10**30}, "other"),
        ("links", {"kind": "widow_of", "other": "someone"}, "other"),
    ]
    for path, data, field in cases:
        response = client.post(f"/api/people/{fatima.pk}/{path}/", data)
        assert response.status_code == 400, (path, data, response.content)
        assert field in response.json(), (path, data, response.json())
    fatima.refresh_from_db()
    assert not fatima.documents.exists()
    assert not fatima.consents.exists()
    assert not fatima.links.exists()


def test_updating_a_person_whole_or_in_part(in_a: Commune, agent: User) -> None:
    fatima = person(agent, phone="+33612345678", birth_year=1960)
    client = api(in_a, agent)
    patched = client.patch(f"/api/people/{fatima.pk}/", {"residence_city": "Lyon"})
    assert patched.status_code == 200, patched.content
    assert (patched.json()["residence_city"], patched.json()["phone"]) == ("Lyon", "+33612345678")
    assert patched.json()["birth_year"] == 1960
    invalid = client.patch(f"/api/people/{fatima.pk}/", {"email": "not-an-address", "residence_city": "Paris"})
    assert invalid.status_code == 400
    assert "email" in invalid.json()
    replaced = client.put(f"/api/people/{fatima.pk}/", {"first_name_latin": "Fatima", "last_name_latin": "Ait Ouali"})
    assert replaced.status_code == 200, replaced.content
    fatima.refresh_from_db()
    assert (fatima.last_name_latin, fatima.residence_city, fatima.phone) == ("Ait Ouali", "", "")
    assert AuditEntry.objects.filter(action="update", target_type="person", target_id=fatima.pk).count() == 2


def test_read_only_staff_and_auditors_can_read_but_not_write(
    in_a: Commune, agent: User, viewer: User, auditor: User, media: Path
) -> None:
    fatima = person(agent)
    case = new_case(agent, person=fatima)
    people_before = Person.objects.count()
    for reader in (viewer, auditor):
        client = api(in_a, reader)
        assert client.get("/api/people/").status_code == 200
        assert client.get(f"/api/people/{fatima.pk}/").status_code == 200
        assert client.get(f"/api/cases/{case.pk}/").status_code == 200
        assert client.get(f"/api/cases/{case.pk}/events/").status_code == 200
        writes = [
            client.post("/api/people/", PERSON),
            client.patch(f"/api/people/{fatima.pk}/", {"residence_city": "Lyon"}),
            client.post(f"/api/people/{fatima.pk}/documents/", {"kind": "cin", "number": "AB123456"}),
            client.post(f"/api/people/{fatima.pk}/consents/", {"purpose": "contact", "channel": "visit"}),
            client.post(
                "/api/cases/",
                {
                    "person": fatima.pk,
                    "kind": "request",
                    "category": "civil_status",
                    "channel": "visit",
                    "subject": "x",
                },
            ),
            client.patch(f"/api/cases/{case.pk}/", {"subject": "Autre chose"}),
            client.post(f"/api/cases/{case.pk}/transition/", {"to_status": "in_progress"}),
            client.post(f"/api/cases/{case.pk}/assign/", {"assigned_to": agent.pk}),
            client.post(f"/api/cases/{case.pk}/notes/", {"body": "x"}),
            client.post(f"/api/cases/{case.pk}/attachments/", {"file": pdf()}, format="multipart"),
        ]
        for response in writes:
            assert response.status_code == 403, (reader.role, response.request["PATH_INFO"], response.content)
            assert response.json()["detail"]
    assert Person.objects.count() == people_before
    assert Case.objects.get().status == Case.Status.NEW
    assert Case.objects.get().subject == "Pension de réversion"
    assert list(CaseEvent.objects.values_list("kind", flat=True)) == ["created"]
    assert not Attachment.objects.exists()
    assert not list(media.rglob("*.pdf"))


# --- Cases -----------------------------------------------------------------


def test_an_agent_opens_a_case_by_category_code(in_a: Commune, agent: User, head: User) -> None:
    fatima = person(agent)
    response = api(in_a, agent).post(
        "/api/cases/",
        {
            "person": fatima.pk, "kind": "complaint", "category": "foreign_pension", "channel": "phone",
            "subject": "  Pension   de réversion ", "assigned_to": head.pk, "opened_on": "2026-03-06",
        },
    )  # fmt: skip
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["reference"] == "AITM-2026-00001"
    assert body["subject"] == "Pension de réversion"
    assert body["category"]["code"] == "foreign_pension"
    assert body["due_on"] == "2026-04-06"  # 20 business days; Eid al-Fitr (Friday 20 March, estimated) does not count
    assert body["assigned_to"]["id"] == head.pk
    assert body["status"] == "new"
    assert body["next_statuses"] == ["in_progress", "waiting_external", "answered", "cancelled"]
    assert body["person"] == {"id": fatima.pk, "display_name": "Fatima Ouali"}
    assert Case.objects.get().created_by == agent


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"category": "flying_carpets"}, "category"),
        ({"category": 12}, "category"),
        ({"kind": "petition"}, "kind"),
        ({"channel": "pigeon"}, "channel"),
        ({"subject": "   "}, "subject"),
        ({"opened_on": "2026-02-30"}, "opened_on"),
        ({"opened_on": "yesterday"}, "opened_on"),
        ({"person": 10**12}, "person"),
        ({"person": None}, "person"),
        ({"campaigns": ["x"]}, "campaigns"),
    ],
)
def test_invalid_cases_are_a_400_on_their_field_and_nothing_is_saved(
    in_a: Commune, agent: User, change: dict[str, Any], field: str
) -> None:
    fatima = person(agent)
    data = {"person": fatima.pk, "kind": "complaint", "category": "foreign_pension", "channel": "visit", "subject": "x"}
    response = api(in_a, agent).post("/api/cases/", {**data, **change})
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


def test_a_case_goes_to_staff_who_handle_cases_only(in_a: Commune, head: User, viewer: User) -> None:
    fatima = person(head)
    data = {"person": fatima.pk, "kind": "complaint", "category": "foreign_pension", "channel": "visit", "subject": "x"}
    response = api(in_a, head).post("/api/cases/", {**data, "assigned_to": viewer.pk})
    assert response.status_code == 400
    assert "assigned_to" in response.json()
    assert not Case.objects.exists()


def test_cases_are_filtered_ordered_and_paginated(in_a: Commune, agent: User, head: User) -> None:
    marhaba = Campaign.objects.create(
        name="Marhaba 2026", kind="marhaba", starts_on=date(2026, 6, 15), ends_on=date(2026, 9, 15)
    )
    old = new_case(agent, opened_on=date(2026, 1, 5), assigned_to=agent)
    summer = new_case(agent, opened_on=date(2026, 7, 20), kind="request", channel="phone")
    today = new_case(head, category=category("civil_status"))
    client = api(in_a, agent)

    def ids(**params: Any) -> list[int]:
        response = client.get("/api/cases/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [today.pk, summer.pk, old.pk]
    assert ids(ordering="opened_on") == [old.pk, summer.pk, today.pk]
    assert ids(ordering="-due_on")[0] == today.pk
    assert ids(ordering="reference") == [old.pk, summer.pk, today.pk]
    assert ids(assigned="me") == [old.pk]
    assert ids(assigned="none") == [today.pk, summer.pk]
    assert ids(assigned=str(agent.pk)) == [old.pk]
    assert ids(category="civil_status") == [today.pk]
    assert ids(kind="request", channel="phone") == [summer.pk]
    assert ids(campaign=str(marhaba.pk)) == [summer.pk]
    assert ids(opened_from="2026-06-01", opened_to="2026-08-01") == [summer.pk]
    assert ids(overdue="true") == [summer.pk, old.pk]
    assert ids(q=old.reference) == [old.pk]

    Case.objects.filter(pk=old.pk).update(
        status=Case.Status.CLOSED, closed_at=timezone.now(), answered_at=timezone.now()
    )
    assert ids(status="open") == [today.pk, summer.pk]
    assert ids(status="closed") == [old.pk]

    first = client.get("/api/cases/", {"page_size": 2}).json()
    assert (first["count"], len(first["results"])) == (3, 2)
    assert first["next"] is not None
    assert first["previous"] is None
    second = client.get("/api/cases/", {"page_size": 2, "page": 2}).json()
    assert [row["id"] for row in second["results"]] == [old.pk]
    assert client.get("/api/cases/", {"page_size": 100000}).status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"opened_from": "2026-13-01"}, "opened_from"),
        ({"opened_to": "soon"}, "opened_to"),
        ({"opened_from": "2026-05-01", "opened_to": "2026-04-01"}, "opened_to"),
        ({"status": "lost"}, "status"),
        ({"assigned": "everyone"}, "assigned"),
        ({"overdue": "perhaps"}, "overdue"),
        ({"campaign": "summer"}, "campaign"),
        ({"ordering": "person__search_names"}, "ordering"),
        ({"ordering": "-secret"}, "ordering"),
    ],
)
def test_malformed_filters_are_a_400_naming_the_parameter(
    in_a: Commune, agent: User, params: dict[str, str], field: str
) -> None:
    response = api(in_a, agent).get("/api/cases/", params)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize(
    "url",
    [
        "/api/cases/abc/",
        "/api/cases/-1/",
        "/api/cases/99999999999999999999999999/",
        "/api/people/99999999999999999999999999/",
        "/api/cases/424242/",
        "/api/cases/?page=999",
        "/api/cases/?page=abc",
        "/api/referrals/424242/",
        "/api/cases/424242/events/",
    ],
)
def test_unknown_ids_and_pages_are_a_404_not_a_500(in_a: Commune, agent: User, url: str) -> None:
    new_case(agent)
    assert api(in_a, agent).get(url).status_code == 404


def test_reading_a_case_is_audited(in_a: Commune, agent: User, viewer: User) -> None:
    case = new_case(agent)
    AuditEntry.objects.all().delete()
    response = api(in_a, viewer).get(f"/api/cases/{case.pk}/")
    assert response.status_code == 200
    assert response.json()["reference"] == case.reference
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.target_type, entry.target_id, entry.actor) == ("view", "case", case.pk, viewer)
    assert api(in_a, agent).get("/api/cases/").status_code == 200
    assert AuditEntry.objects.count() == 1  # lists are not audited, displays are


def test_changing_a_case_whole_or_in_part(in_a: Commune, agent: User) -> None:
    case = new_case(agent, opened_on=date(2026, 3, 6))
    client = api(in_a, agent)
    patched = client.patch(f"/api/cases/{case.pk}/", {"category": "civil_status"})
    assert patched.status_code == 200, patched.content
    assert (patched.json()["category"]["code"], patched.json()["due_on"]) == ("civil_status", "2026-03-13")
    assert patched.json()["subject"] == "Pension de réversion"
    unknown = client.patch(f"/api/cases/{case.pk}/", {"category": "nothing-like-it"})
    assert unknown.status_code == 400
    assert "category" in unknown.json()
    incomplete = client.put(f"/api/cases/{case.pk}/", {"subject": "Extrait d'acte"})
    assert incomplete.status_code == 400
    assert {"kind", "category", "channel"} <= set(incomplete.json())
    replaced = client.put(
        f"/api/cases/{case.pk}/",
        {"kind": "request", "category": "civil_status", "channel": "email", "subject": "Extrait d'acte"},
    )
    assert replaced.status_code == 200, replaced.content
    case.refresh_from_db()
    assert (case.kind, case.channel, case.subject) == ("request", "email", "Extrait d'acte")
    assert case.events.filter(kind="edited").count() == 2


def test_moving_a_case_along_the_workflow(in_a: Commune, agent: User) -> None:
    case = new_case(agent)
    client = api(in_a, agent)
    url = f"/api/cases/{case.pk}/transition/"
    moved = client.post(url, {"to_status": "in_progress", "note": "Appelé la CNAV", "expected_status": "new"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "in_progress"

    illegal = client.post(url, {"to_status": "closed"})
    assert illegal.status_code == 409
    assert illegal.json()["detail"]
    stale = client.post(url, {"to_status": "cancelled", "expected_status": "new"})
    assert stale.status_code == 409
    unknown = client.post(url, {"to_status": "lost"})
    assert unknown.status_code == 400
    assert "to_status" in unknown.json()
    missing = client.post(url, {})
    assert missing.status_code == 400
    assert "to_status" in missing.json()

    case.refresh_from_db()
    assert case.status == Case.Status.IN_PROGRESS
    assert case.events.filter(kind="status").count() == 1


def test_assigning_and_unassigning(in_a: Commune, head: User, agent: User, viewer: User) -> None:
    case = new_case(head)
    client = api(in_a, head)
    url = f"/api/cases/{case.pk}/assign/"
    assigned = client.post(url, {"assigned_to": agent.pk})
    assert assigned.status_code == 200, assigned.content
    assert assigned.json()["assigned_to"]["id"] == agent.pk
    for wrong in (viewer.pk, 424242, "agent"):
        response = client.post(url, {"assigned_to": wrong})
        assert response.status_code == 400
        assert "assigned_to" in response.json()
    assert client.post(url, {}).status_code == 400
    unassigned = client.post(url, {"assigned_to": None})
    assert unassigned.status_code == 200
    assert unassigned.json()["assigned_to"] is None
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_notes_and_the_timeline(in_a: Commune, agent: User) -> None:
    case = new_case(agent)
    client = api(in_a, agent)
    internal = client.post(f"/api/cases/{case.pk}/notes/", {"body": "Appelé la CNAV"})
    assert internal.status_code == 201, internal.content
    assert (internal.json()["kind"], internal.json()["shareable"]) == ("note", False)
    shared = client.post(f"/api/cases/{case.pk}/notes/", {"body": "Dossier transmis", "shareable": True})
    assert shared.json()["shareable"] is True
    empty = client.post(f"/api/cases/{case.pk}/notes/", {"body": "  "})
    assert empty.status_code == 400
    assert "body" in empty.json()
    wrong_type = client.post(f"/api/cases/{case.pk}/notes/", {"body": "x", "shareable": "sometimes"})
    assert wrong_type.status_code == 400
    assert "shareable" in wrong_type.json()

    AuditEntry.objects.all().delete()
    timeline = client.get(f"/api/cases/{case.pk}/events/")
    assert timeline.status_code == 200
    assert [(e["kind"], e["body"]) for e in timeline.json()] == [
        ("created", ""),
        ("note", "Appelé la CNAV"),
        ("note", "Dossier transmis"),
    ]
    assert timeline.json()[1]["actor"] == {"id": agent.pk, "name": str(agent)}
    assert AuditEntry.objects.filter(action="view", target_type="case", target_id=case.pk).count() == 1


def test_documents_are_uploaded_checked_and_downloaded(in_a: Commune, agent: User, media: Path) -> None:
    case = new_case(agent)
    client = api(in_a, agent)
    url = f"/api/cases/{case.pk}/attachments/"
    response = client.post(url, {"file": pdf("Acte de décès.pdf")}, format="multipart")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["original_name"], body["content_type"], body["size"]) == (
        "Acte de décès.pdf",
        "application/pdf",
        len(PDF),
    )
    download = client.get(body["download"], HTTP_ACCEPT="application/pdf")
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Type"] == "application/pdf"
    detail = client.get(f"/api/cases/{case.pk}/").json()
    assert [a["id"] for a in detail["attachments"]] == [body["id"]]
    assert client.get(f"/api/cases/{case.pk}/attachments/424242/").status_code == 404


@pytest.mark.parametrize(
    ("upload", "field"),
    [
        (SimpleUploadedFile("page.pdf", b"<html><script>alert(1)</script></html>"), "file"),
        (SimpleUploadedFile("vide.pdf", b""), "file"),
        ("just a string", "file"),
        (None, "file"),
    ],
)
def test_wrong_documents_are_a_400_and_nothing_is_kept(
    in_a: Commune, agent: User, media: Path, upload: Any, field: str
) -> None:
    case = new_case(agent)
    data = {} if upload is None else {"file": upload}
    response = api(in_a, agent).post(f"/api/cases/{case.pk}/attachments/", data, format="multipart")
    assert response.status_code == 400
    assert field in response.json()
    assert not Attachment.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]
    assert not case.events.filter(kind="attachment").exists()


def test_an_oversized_document_is_a_400(in_a: Commune, agent: User, media: Path) -> None:
    case = new_case(agent)
    big = pdf("gros.pdf", b"%PDF-1.4\n" + b"0" * uploads.MAX_BYTES)
    response = api(in_a, agent).post(f"/api/cases/{case.pk}/attachments/", {"file": big}, format="multipart")
    assert response.status_code == 400
    assert "file" in response.json()
    assert not Attachment.objects.exists()
    assert not [path for path in media.rglob("*") if path.is_file()]


def test_a_document_sent_as_json_is_refused(in_a: Commune, agent: User) -> None:
    case = new_case(agent)
    response = api(in_a, agent).post(f"/api/cases/{case.pk}/attachments/", {"file": "JVBERi0="})
    assert response.status_code == 415


# --- Referrals -------------------------------------------------------------


def test_referring_a_case_with_consent(in_a: Commune, agent: User, registry: ExternalService) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    client = api(in_a, agent)
    response = client.post(
        f"/api/cases/{case.pk}/referrals/", {"regional_service": registry.pk, "purpose": "Certificat de propriété"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["service"] == {"scope": "regional", "id": registry.pk, "name": registry.name}
    assert body["case"] == {"id": case.pk, "reference": case.reference}
    assert (body["outcome"], len(body["verification_code"]), body["consent_overridden"]) == ("sent", 10, False)
    assert Case.objects.get(pk=case.pk).status == Case.Status.WAITING_EXTERNAL

    assert client.get(f"/api/referrals/{body['id']}/").json()["purpose"] == "Certificat de propriété"
    detail = client.get(f"/api/cases/{case.pk}/").json()
    assert [r["id"] for r in detail["referrals"]] == [body["id"]]


def test_without_consent_only_the_office_head_refers_giving_a_reason(
    in_a: Commune, agent: User, head: User, registry: ExternalService
) -> None:
    case = new_case(agent)
    url = f"/api/cases/{case.pk}/referrals/"
    data = {"regional_service": registry.pk, "purpose": "Certificat"}
    refused = api(in_a, agent).post(url, data)
    assert refused.status_code == 400
    assert "consent_override_reason" in refused.json()
    not_allowed = api(in_a, agent).post(url, {**data, "consent_override_reason": "urgent"})
    assert not_allowed.status_code == 403
    assert not Referral.objects.exists()
    overridden = api(in_a, head).post(url, {**data, "consent_override_reason": "Personne à l'étranger, par téléphone"})
    assert overridden.status_code == 201, overridden.content
    assert overridden.json()["consent_overridden"] is True


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"purpose": "x"}, "service"),
        ({"purpose": "x", "regional_service": 424242}, "regional_service"),
        ({"purpose": "x", "local_service": "the town hall"}, "local_service"),
        ({"regional_service": "REGISTRY"}, "purpose"),
        ({"regional_service": "REGISTRY", "purpose": "x", "remind_after_days": 0}, "remind_after_days"),
        ({"regional_service": "REGISTRY", "purpose": "x", "remind_after_days": "soon"}, "remind_after_days"),
    ],
)
def test_invalid_referrals_are_a_400_on_their_field(
    in_a: Commune, agent: User, registry: ExternalService, data: dict[str, Any], field: str
) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    data = {key: registry.pk if value == "REGISTRY" else value for key, value in data.items()}
    response = api(in_a, agent).post(f"/api/cases/{case.pk}/referrals/", data)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Referral.objects.exists()
    assert Case.objects.get(pk=case.pk).status == Case.Status.NEW


def test_a_closed_case_is_not_referred(in_a: Commune, agent: User, registry: ExternalService) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    Case.objects.filter(pk=case.pk).update(status="closed", closed_at=timezone.now(), answered_at=timezone.now())
    response = api(in_a, agent).post(
        f"/api/cases/{case.pk}/referrals/", {"regional_service": registry.pk, "purpose": "x"}
    )
    assert response.status_code == 409
    assert not Referral.objects.exists()


def test_referrals_to_the_offices_own_services_and_their_outcomes(in_a: Commune, agent: User) -> None:
    water = LocalService.objects.create(name_fr="Régie de l'eau", kind="utility")
    case = new_case(agent, person=consenting(agent, person(agent)))
    client = api(in_a, agent)
    created = client.post("/api/referrals/", {"case": case.pk, "local_service": water.pk, "purpose": "Branchement"})
    assert created.status_code == 201, created.content
    referral_id = created.json()["id"]
    assert created.json()["service"] == {"scope": "local", "id": water.pk, "name": "Régie de l'eau"}

    url = f"/api/referrals/{referral_id}/outcome/"
    assert client.post(url, {"outcome": "sent"}).status_code == 400
    assert "outcome" in client.post(url, {"outcome": "maybe"}).json()
    assert "on" in client.post(url, {"outcome": "answered", "on": "2026-02-30"}).json()
    answered = client.post(url, {"outcome": "answered", "note": "Branchement accordé"})
    assert answered.status_code == 200, answered.content
    assert (answered.json()["outcome"], answered.json()["outcome_note"]) == ("answered", "Branchement accordé")
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS
    again = client.post(url, {"outcome": "refused"})
    assert again.status_code == 409
    assert Referral.objects.get().outcome == "answered"

    unknown_case = client.post("/api/referrals/", {"case": 424242, "local_service": water.pk, "purpose": "x"})
    assert unknown_case.status_code == 400
    assert "case" in unknown_case.json()


def test_referrals_are_listed_by_case_and_outcome(in_a: Commune, agent: User, registry: ExternalService) -> None:
    from cases.services import referrals

    first = new_case(agent, person=consenting(agent, person(agent)))
    second = new_case(agent, person=first.person)
    one = referrals.refer_case(actor=agent, case=first, regional_service=registry, purpose="x")
    two = referrals.refer_case(actor=agent, case=second, regional_service=registry, purpose="y")
    referrals.record_outcome(actor=agent, referral=two, outcome=Referral.Outcome.ACKNOWLEDGED)
    client = api(in_a, agent)

    def ids(**params: Any) -> list[int]:
        response = client.get("/api/referrals/", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]

    assert ids() == [two.pk, one.pk]
    assert ids(case=first.pk) == [one.pk]
    assert ids(outcome="acknowledged") == [two.pk]
    assert client.get("/api/referrals/", {"case": "first"}).status_code == 400
    assert client.get("/api/referrals/", {"outcome": "lost"}).status_code == 400


# --- The directory and the categories --------------------------------------


def test_the_directory_has_the_networks_and_the_offices_services(
    in_a: Commune, agent: User, registry: ExternalService
) -> None:
    ExternalService.objects.create(name_fr="Ancien service", name_ar="قديم", name_en="Old", kind="other", active=False)
    water = LocalService.objects.create(name_fr="Régie de l'eau de Tamount", name_ar="وكالة الماء", kind="utility")
    LocalService.objects.create(name_fr="Fermé", kind="utility", active=False)
    client = api(in_a, agent)

    def rows(**params: Any) -> list[dict[str, Any]]:
        response = client.get("/api/services/", {"page_size": 200, **params})
        assert response.status_code == 200, response.content
        return list(response.json()["results"])

    everything = {(row["scope"], row["id"]) for row in rows()}
    assert {("regional", registry.pk), ("local", water.pk)} <= everything
    assert not any(row["name"] in ("Ancien service", "Fermé") for row in rows())
    assert [(row["scope"], row["id"]) for row in rows(scope="local")] == [("local", water.pk)]
    land = rows(kind="land_registry")
    assert ("regional", registry.pk) in {(row["scope"], row["id"]) for row in land}
    assert {row["kind"] for row in land} == {"land_registry"}
    found = rows(q="tamount")
    assert [(row["scope"], row["id"], row["name_ar"]) for row in found] == [("local", water.pk, "وكالة الماء")]
    assert client.get("/api/services/", {"scope": "everywhere"}).status_code == 400
    assert client.post("/api/services/", {"name_fr": "x"}).status_code == 405


def test_categories_in_use_are_listed_by_code(in_a: Commune, agent: User) -> None:
    from cases.models import Category

    Category.objects.filter(code="civil_status").update(active=False)
    response = api(in_a, agent).get("/api/categories/")
    assert response.status_code == 200
    codes = [row["code"] for row in response.json()]
    assert "foreign_pension" in codes
    assert "civil_status" not in codes
    assert codes == list(Category.objects.filter(active=True).values_list("code", flat=True))


def test_a_category_no_longer_in_use_gets_no_new_case(in_a: Commune, agent: User) -> None:
    from cases.models import Category

    Category.objects.filter(code="civil_status").update(active=False)
    data = {
        "person": person(agent).pk,
        "kind": "request",
        "category": "civil_status",
        "channel": "visit",
        "subject": "x",
    }
    response = api(in_a, agent).post("/api/cases/", data)
    assert response.status_code == 400
    assert "category" in response.json()


# --- The schema and the docs page ------------------------------------------


def test_the_openapi_schema_generates_without_warnings(tmp_path: Path) -> None:
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    schema = out.read_text()
    for path in ("/api/people/{id}/consents/", "/api/cases/{id}/transition/", "/api/referrals/{id}/outcome/"):
        assert f"  {path}:" in schema


def test_the_schema_and_the_docs_page_are_served_without_a_cdn(commune_a: Commune) -> None:
    client = anonymous(commune_a)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    assert "/api/cases/{id}/attachments/" in schema.json()["paths"]
    docs = client.get("/api/docs/")
    assert docs.status_code == 200
    html = docs.content.decode()
    assert "drf_spectacular_sidecar/swagger-ui-dist/" in html
    assert "cdn." not in html
    # The page's script comes from the platform as a file (the CSP allows no inline script); it names the schema.
    assert '<script src="/api/docs/?script="></script>' in html
    script = client.get("/api/docs/", {"script": ""})
    assert script.status_code == 200
    assert "javascript" in script["Content-Type"]
    assert "/api/schema/" in script.content.decode()


def test_a_platform_account_gets_no_token_on_a_commune(commune_a: Commune) -> None:
    operator = User.objects.create_user("operator-api@jisr.test", PASSWORD, role=Role.OPERATOR)  # public schema
    response = anonymous(commune_a, REMOTE_ADDR=fresh_ip()).post(
        "/api/auth/token/", {"email": operator.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    assert not Token.objects.filter(user=operator).exists()


def test_consent_records_through_the_api_count_for_referrals(
    in_a: Commune, agent: User, registry: ExternalService
) -> None:
    case = new_case(agent)
    client = api(in_a, agent)
    url = f"/api/cases/{case.pk}/referrals/"
    assert client.post(url, {"regional_service": registry.pk, "purpose": "x"}).status_code == 400
    consent = client.post(
        f"/api/people/{case.person_id}/consents/", {"purpose": Consent.Purpose.SHARE_WITH_SERVICES, "channel": "phone"}
    )
    assert consent.status_code == 201
    assert client.post(url, {"regional_service": registry.pk, "purpose": "x"}).status_code == 201
