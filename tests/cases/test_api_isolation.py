"""Through the API, another commune's staff can neither read nor change an office's data:
not by id in the URL, not by id in the body, not with a token or a session of the first commune."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.authtoken.models import Token

from cases.models import (
    Attachment,
    AuditEntry,
    Case,
    CaseEvent,
    Consent,
    IdentityDocument,
    LocalService,
    Person,
    PersonLink,
    Referral,
)
from cases.services import cases as case_services
from cases.services import people as people_services
from cases.services import referrals as referral_services
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_api import PDF, anonymous, api, fresh_ip, signed_in_api, token_of, with_token
from tests.cases.test_workflow import new_case
from tests.conftest import PASSWORD, make_staff

pytestmark = pytest.mark.django_db


@dataclass
class Office:
    """Aït Melloul's data, and Nador's office head."""

    a: Commune
    b: Commune
    head_a: User
    head_b: User
    person: Person
    other: Person
    case: Case
    attachment: Attachment
    local_service: LocalService
    referral: Referral
    national_service: ExternalService


@pytest.fixture
def office(commune_a: Commune, commune_b: Commune, settings, tmp_path: Path) -> Office:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path)
    national = ExternalService.objects.create(
        name_fr="CNSS", name_ar="الصندوق الوطني للضمان الاجتماعي", name_en="CNSS", kind="pension_fund"
    )
    with schema_context(commune_a.schema_name):
        head_a = make_staff(commune_a)
        fatima = consenting(head_a, person(head_a))
        ahmed = person(head_a, first_name_latin="Ahmed")
        people_services.add_identity_document(actor=head_a, person=fatima, kind="cin", number="JB123456")
        people_services.link_people(actor=head_a, person=fatima, kind="widow_of", other=ahmed)
        case = new_case(head_a, person=fatima)
        attachment = case_services.add_attachment(actor=head_a, case=case, upload=SimpleUploadedFile("acte.pdf", PDF))
        water = LocalService.objects.create(name_fr="Régie de l'eau d'Aït Melloul", kind="utility")
        referral = referral_services.refer_case(actor=head_a, case=case, local_service=water, purpose="Branchement")
    head_b = make_staff(commune_b)
    return Office(commune_a, commune_b, head_a, head_b, fatima, ahmed, case, attachment, water, referral, national)


def snapshot(office: Office) -> dict[str, Any]:
    """Everything an intruder could try to change in Aït Melloul's schema, and what Nador's holds."""
    with schema_context(office.a.schema_name):
        a = {
            "person": Person.objects.values().get(pk=office.person.pk),
            "case": Case.objects.values().get(pk=office.case.pk),
            "referral": Referral.objects.values().get(pk=office.referral.pk),
            "events": list(CaseEvent.objects.values_list("pk", flat=True)),
            "documents": IdentityDocument.objects.count(),
            "consents": Consent.objects.count(),
            "links": PersonLink.objects.count(),
            "attachments": Attachment.objects.count(),
            "referrals": Referral.objects.count(),
            "cases": Case.objects.count(),
            "people": Person.objects.count(),
            "audit": AuditEntry.objects.count(),
        }
    with schema_context(office.b.schema_name):
        b = {
            "people": Person.objects.count(),
            "cases": Case.objects.count(),
            "referrals": Referral.objects.count(),
            "events": CaseEvent.objects.count(),
            "attachments": Attachment.objects.count(),
        }
    return {"a": a, "b": b}


# (method, URL, body, format): every endpoint that takes an id in its URL.
BY_ID = [
    ("get", "/api/people/{person}/", None, "json"),
    ("put", "/api/people/{person}/", {"first_name_latin": "Karim", "last_name_latin": "Intrus"}, "json"),
    ("patch", "/api/people/{person}/", {"residence_city": "Nador"}, "json"),
    ("post", "/api/people/{person}/documents/", {"kind": "passport", "number": "ZZ999999"}, "json"),
    ("post", "/api/people/{person}/consents/", {"purpose": "contact", "channel": "phone"}, "json"),
    ("post", "/api/people/{person}/links/", {"kind": "heir_of", "other": "{other}"}, "json"),
    ("get", "/api/cases/{case}/", None, "json"),
    (
        "put",
        "/api/cases/{case}/",
        {"kind": "request", "category": "civil_status", "channel": "email", "subject": "Intrus"},
        "json",
    ),
    ("patch", "/api/cases/{case}/", {"subject": "Intrus"}, "json"),
    ("post", "/api/cases/{case}/transition/", {"to_status": "cancelled"}, "json"),
    ("post", "/api/cases/{case}/assign/", {"assigned_to": None}, "json"),
    ("post", "/api/cases/{case}/notes/", {"body": "Lu depuis Nador"}, "json"),
    ("post", "/api/cases/{case}/attachments/", {"file": "PDF"}, "multipart"),
    ("get", "/api/cases/{case}/attachments/{attachment}/", None, "json"),
    ("get", "/api/cases/{case}/events/", None, "json"),
    ("post", "/api/cases/{case}/referrals/", {"regional_service": "{national}", "purpose": "x"}, "json"),
    ("get", "/api/referrals/{referral}/", None, "json"),
    ("post", "/api/referrals/{referral}/outcome/", {"outcome": "refused"}, "json"),
]


def _fill(value: Any, office: Office) -> Any:
    ids = {
        "{person}": office.person.pk, "{other}": office.other.pk, "{case}": office.case.pk,
        "{national}": office.national_service.pk,
    }  # fmt: skip
    if value == "PDF":
        return SimpleUploadedFile("intrus.pdf", PDF)
    return ids.get(value, value)


def _call(client: Any, office: Office, method: str, url: str, body: Any, fmt: str) -> Any:
    url = url.format(
        person=office.person.pk, case=office.case.pk, attachment=office.attachment.pk, referral=office.referral.pk
    )
    if body is None:
        return getattr(client, method)(url)
    data = {key: _fill(value, office) for key, value in body.items()}
    return getattr(client, method)(url, data, format=fmt)


@pytest.mark.parametrize(("method", "url", "body", "fmt"), BY_ID)
def test_another_communes_staff_cannot_reach_objects_by_id(
    office: Office, method: str, url: str, body: Any, fmt: str
) -> None:
    before = snapshot(office)
    for client in (api(office.b, office.head_b), signed_in_api(office.b, office.head_b)):
        response = _call(client, office, method, url, body, fmt)
        assert response.status_code == 404, (method, url, response.status_code, response.content[:300])
        assert b"Fatima" not in response.content
    assert snapshot(office) == before

    # The same request by Aït Melloul's own office head works: the ids are real.
    own = _call(api(office.a, office.head_a), office, method, url, body, fmt)
    assert own.status_code in (200, 201, 409), (method, url, own.status_code, own.content[:300])


@pytest.mark.parametrize(
    "url",
    [
        "/api/people/",
        "/api/cases/",
        "/api/referrals/",
        "/api/services/",
        "/api/categories/",
        "/api/people/{person}/",
        "/api/cases/{case}/",
        "/api/referrals/{referral}/",
    ],
)
def test_a_token_or_a_session_of_one_commune_means_nothing_on_another(office: Office, url: str) -> None:
    url = url.format(person=office.person.pk, case=office.case.pk, referral=office.referral.pk)
    token_a = token_of(office.a, office.head_a)
    assert with_token(office.a, token_a).get(url).status_code == 200

    response = with_token(office.b, token_a).get(url)
    assert response.status_code == 401
    assert b"Fatima" not in response.content

    session_a = signed_in_api(office.a, office.head_a)
    stolen = anonymous(office.b)
    stolen.cookies["sessionid"] = session_a.cookies["sessionid"].value
    assert stolen.get(url).status_code == 401


def test_writing_with_a_token_of_one_commune_on_another_changes_nothing(office: Office) -> None:
    before = snapshot(office)
    intruder = with_token(office.b, token_of(office.a, office.head_a))
    responses = [
        intruder.post("/api/people/", {"first_name_latin": "Karim", "last_name_latin": "Intrus"}),
        intruder.post(f"/api/cases/{office.case.pk}/transition/", {"to_status": "cancelled"}),
        intruder.post(f"/api/referrals/{office.referral.pk}/outcome/", {"outcome": "refused"}),
    ]
    assert [response.status_code for response in responses] == [401, 401, 401]
    assert snapshot(office) == before


def test_ids_of_another_commune_in_a_body_are_unknown(office: Office) -> None:
    client = api(office.b, office.head_b)
    new_case = client.post(
        "/api/cases/",
        {
            "person": office.person.pk,
            "kind": "complaint",
            "category": "foreign_pension",
            "channel": "visit",
            "subject": "x",
        },
    )
    assert new_case.status_code == 400
    assert "person" in new_case.json()
    referral = client.post(
        "/api/referrals/", {"case": office.case.pk, "regional_service": office.national_service.pk, "purpose": "x"}
    )
    assert referral.status_code == 400
    assert "case" in referral.json()

    # Nador's own person and case, sent to Aït Melloul's local service: unknown in Nador.
    karim = client.post("/api/people/", {"first_name_latin": "Karim", "last_name_latin": "Nadori"}).json()
    with schema_context(office.b.schema_name):
        consenting(office.head_b, Person.objects.get(pk=karim["id"]))
    own_case = client.post(
        "/api/cases/",
        {"person": karim["id"], "kind": "request", "category": "civil_status", "channel": "visit", "subject": "y"},
    ).json()
    with schema_context(office.b.schema_name):
        assert not LocalService.objects.filter(pk=office.local_service.pk).exists()
    to_their_service = client.post(
        f"/api/cases/{own_case['id']}/referrals/", {"local_service": office.local_service.pk, "purpose": "x"}
    )
    assert to_their_service.status_code == 400
    assert "local_service" in to_their_service.json()
    with schema_context(office.b.schema_name):
        assert not Referral.objects.exists()


def test_lists_show_only_the_communes_own_rows(office: Office) -> None:
    client_b = api(office.b, office.head_b)
    karim = client_b.post("/api/people/", {"first_name_latin": "Karim", "last_name_latin": "Nadori"}).json()
    client_b.post(
        "/api/cases/",
        {"person": karim["id"], "kind": "request", "category": "civil_status", "channel": "visit", "subject": "y"},
    )
    with schema_context(office.b.schema_name):
        LocalService.objects.create(name_fr="Régie de l'eau de Nador", kind="utility")

    people = client_b.get("/api/people/").json()["results"]
    assert [row["display_name"] for row in people] == ["Karim Nadori"]
    assert client_b.get("/api/people/", {"q": "Fatima Ouali"}).json()["results"] == []
    cases = client_b.get("/api/cases/").json()["results"]
    assert [row["reference"].split("-")[0] for row in cases] == ["NADOR"]
    assert client_b.get("/api/cases/", {"q": office.case.reference}).json()["results"] == []
    assert client_b.get("/api/referrals/").json()["results"] == []
    services = client_b.get("/api/services/").json()["results"]
    names = {row["name"] for row in services}
    assert "Régie de l'eau de Nador" in names
    assert "CNSS" in names  # the network's national directory is shared
    assert office.local_service.name_fr not in names

    client_a = api(office.a, office.head_a)
    names_a = {row["display_name"] for row in client_a.get("/api/people/").json()["results"]}
    assert names_a == {"Ahmed Ouali", "Fatima Ouali"}
    assert [row["reference"].split("-")[0] for row in client_a.get("/api/cases/").json()["results"]] == ["AITM"]


def test_staff_of_another_commune_get_no_token_here(office: Office) -> None:
    stranger = make_staff(office.b, email=f"api-{secrets.token_hex(4)}@nador.test", role=Role.AGENT)
    assert api(office.b, stranger).get("/api/cases/").status_code == 200  # a real account, in Nador
    response = anonymous(office.a, REMOTE_ADDR=fresh_ip()).post(
        "/api/auth/token/", {"email": stranger.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    with schema_context(office.a.schema_name):
        assert not Token.objects.exists()
