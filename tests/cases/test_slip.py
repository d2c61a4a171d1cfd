"""The referral slip: a PDF with Arabic shaped and in logical order, and the public page that checks its code."""

from __future__ import annotations

import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from django.test import Client

from cases import ratelimit, slip
from cases.models import AuditEntry, Referral
from cases.services import referrals
from cases.views.slip import BY_ADDRESS
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_workflow import new_case
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

# What pdftotext may put around right-to-left runs: marks, embeddings, isolates.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def poppler(tool: str, *arguments: str, pdf: bytes) -> str:
    """What one of poppler's tools prints about a PDF given on its standard input ("-")."""
    path = shutil.which(tool)
    assert path, f"{tool} (Debian package poppler-utils) is needed to read the slip: apt-get install poppler-utils"
    return subprocess.run([path, *arguments], input=pdf, capture_output=True, check=True).stdout.decode()


def pdf_text(pdf: bytes) -> str:
    """The text of a PDF as pdftotext reads it, in logical order, without bidi controls."""
    return BIDI_CONTROLS.sub("", poppler("pdftotext", "-enc", "UTF-8", "-", "-", pdf=pdf))


@pytest.fixture
def land_registry(db: None) -> ExternalService:
    return ExternalService.objects.create(
        name_fr="Conservation foncière d'Inezgane", name_ar="المحافظة العقارية بإنزكان", name_en="Land registry",
        kind="land_registry", address="Avenue Hassan II, Inezgane", phone="+212528000000",
    )  # fmt: skip


@pytest.fixture
def referral(agent: User, land_registry: ExternalService) -> Referral:
    fatima = consenting(agent, person(agent, first_name_ar="فاطمة", last_name_ar="الوالي"))
    case = new_case(agent, person=fatima, subject="Pension de réversion")
    return referrals.refer_case(
        actor=agent,
        case=case,
        regional_service=land_registry,
        purpose="تسليم شهادة الملكية للعقار موضوع الطلب",
    )


@pytest.fixture
def address() -> Iterator[str]:
    """A client address of this test's own, so that the verification page's counter starts at zero."""
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    yield ip
    for schema in ("commune_aitmelloul", "commune_nador"):
        with schema_context(schema):
            BY_ADDRESS.forget(ip)


def verifying(commune: Commune, ip: str) -> Client:
    return Client(HTTP_HOST=client_for(commune).defaults["HTTP_HOST"], REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE="en")


# --- The PDF ---------------------------------------------------------------


def test_the_slip_has_the_arabic_in_logical_order_with_the_french(referral: Referral) -> None:
    pdf = slip.render_referral_slip(referral)
    assert pdf.startswith(b"%PDF")
    text = pdf_text(pdf)
    # Arabic as it is read, letters joined back in order: shaped glyphs carry their text.
    for arabic in [
        "ورقة التوجيه",
        "فاطمة الوالي",
        "المحافظة العقارية بإنزكان",
        "تسليم شهادة الملكية للعقار موضوع الطلب",
    ]:
        assert arabic in text, arabic
    assert "أيت ملول" in text  # the commune, in the office's header
    for french in ["Fiche d'orientation", "Fatima Ouali", "Conservation foncière d'Inezgane", "Pension de réversion"]:
        assert french in text, french
    assert referral.case.reference in text
    code = referral.verification_code
    # Large in the table, and in the line that says where to check it (which may wrap at the dash).
    assert "".join(text.split()).count(f"{code[:5]}-{code[5:]}") == 2
    assert re.search(rf"https?://aitmelloul\.[^\s]+/verify/\s+avec\s+le\s+code\s+{code[:5]}-\s*{code[5:]}", text)


def test_the_slip_has_metadata_and_fits_on_one_page(referral: Referral) -> None:
    pdf = slip.render_referral_slip(referral)
    info = poppler("pdfinfo", "-", pdf=pdf)
    assert re.search(r"^Pages:\s+1$", info, re.MULTILINE)
    assert re.search(r"^Producer:\s+Jisr$", info, re.MULTILINE)
    assert re.search(rf"^Title:.*Fiche d'orientation.*{referral.case.reference}", info, re.MULTILINE)
    assert re.search(r"^Page size:.*\(A4\)", info, re.MULTILINE)


def test_a_long_request_to_a_local_service_still_prints(agent: User) -> None:
    from cases.models import LocalService

    water = LocalService.objects.create(name_fr="Régie de l'eau", kind="utility", email="contact@eau.test")
    case = new_case(agent, person=consenting(agent, person(agent, first_name_latin="Ahmed", last_name_latin="Naji")))
    purpose = "Raccordement au réseau d'eau potable, dossier complet remis au guichet. " * 6
    referral = referrals.refer_case(actor=agent, case=case, local_service=water, purpose=purpose)
    text = pdf_text(slip.render_referral_slip(referral))
    assert "Régie de l'eau" in text
    assert "contact@eau.test" in text
    assert "Ahmed Naji" in text


def test_codes_are_read_whatever_the_case_spaces_and_dashes() -> None:
    assert slip.normalize_code(" abcde-fghjk ") == "ABCDEFGHJK"
    assert slip.normalize_code("ABCDE FGHJK") == "ABCDEFGHJK"
    assert slip.format_code("ABCDEFGHJK") == "ABCDE-FGHJK"


# --- The office prints it ---------------------------------------------------


def test_an_agent_prints_the_slip_and_the_printing_is_audited(
    commune_a: Commune, agent: User, referral: Referral
) -> None:
    url = f"/cases/{referral.case_id}/referrals/{referral.pk}/slip.pdf"
    response = signed_in_client(commune_a, agent).get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert f'filename="{referral.case.reference}-{referral.verification_code}.pdf"' in response["Content-Disposition"]
    assert response.content.startswith(b"%PDF")
    assert "فاطمة الوالي" in pdf_text(response.content)
    with schema_context(commune_a.schema_name):
        entry = AuditEntry.objects.get(action=AuditEntry.Action.PRINT)
        assert (entry.actor, entry.target_type, entry.target_id) == (agent, "case", referral.case_id)


def test_a_referral_of_another_case_is_not_found(commune_a: Commune, agent: User, referral: Referral) -> None:
    other = new_case(agent)
    response = signed_in_client(commune_a, agent).get(f"/cases/{other.pk}/referrals/{referral.pk}/slip.pdf")
    assert response.status_code == 404


def test_read_only_staff_cannot_print_a_slip(commune_a: Commune, viewer: User, referral: Referral) -> None:
    response = signed_in_client(commune_a, viewer).get(f"/cases/{referral.case_id}/referrals/{referral.pk}/slip.pdf")
    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_sign_in(commune_a: Commune, referral: Referral) -> None:
    response = client_for(commune_a).get(f"/cases/{referral.case_id}/referrals/{referral.pk}/slip.pdf")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_another_communes_staff_finds_no_such_slip(commune_b: Commune, referral: Referral) -> None:
    url = f"/cases/{referral.case_id}/referrals/{referral.pk}/slip.pdf"
    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    response = signed_in_client(commune_b, head_b).get(url)
    assert response.status_code == 404
    assert not response.content.startswith(b"%PDF")


# --- Anyone checks it --------------------------------------------------------


def test_the_right_code_shows_the_referral_but_not_the_person(
    commune_a: Commune, referral: Referral, address: str
) -> None:
    typed = f" {referral.verification_code[:5].lower()} - {referral.verification_code[5:].lower()} "
    response = verifying(commune_a, address).get("/verify/", {"code": typed})
    assert response.status_code == 200
    page = response.content.decode()
    assert referral.case.reference in page
    assert "Land registry" in page  # the service's name in the page's language
    for private in ["Fatima", "Ouali", "فاطمة", "الوالي", "Pension de réversion", "تسليم شهادة"]:
        assert private not in page


def test_the_code_with_its_reference_must_match_both(commune_a: Commune, referral: Referral, address: str) -> None:
    client = verifying(commune_a, address)
    code = referral.verification_code
    assert (
        referral.case.reference
        in client.get("/verify/", {"code": code, "reference": referral.case.reference.lower()}).content.decode()
    )
    wrong = client.get("/verify/", {"code": code, "reference": "AIT-1999-00001"})
    assert referral.case.reference not in wrong.content.decode()


def test_a_wrong_code_is_said_invalid_and_kept_in_the_form(
    commune_a: Commune, referral: Referral, address: str
) -> None:
    response = verifying(commune_a, address).get("/verify/", {"code": "ZZZZZ-ZZZZZ"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "No slip of this office has this code" in page
    assert 'value="ZZZZZ-ZZZZZ"' in page
    assert referral.case.reference not in page


def test_the_empty_page_asks_for_a_code(commune_a: Commune, address: str) -> None:
    response = verifying(commune_a, address).get("/verify/")
    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_too_many_wrong_codes_from_one_address_wait_longer_each_time(
    commune_a: Commune, referral: Referral, address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    offset = [0.0]
    real = ratelimit.now
    monkeypatch.setattr(ratelimit, "now", lambda: real() + offset[0])
    client = verifying(commune_a, address)
    for attempt in range(BY_ADDRESS.free - 1):
        page = client.get("/verify/", {"code": f"WRONG{attempt:05d}"}).content.decode()
        assert "You can try again" not in page
    last_free = client.get("/verify/", {"code": "WRONG99999"}).content.decode()
    assert "No slip of this office has this code" in last_free
    assert "You can try again in 1 minute." in last_free
    limited = client.get("/verify/", {"code": referral.verification_code})
    assert limited.status_code == 429  # even the right code, or guessing would go on
    assert referral.case.reference not in limited.content.decode()
    assert f'value="{referral.verification_code}"' in limited.content.decode()  # what was typed stays
    # Another connection is not held up.
    other_address = verifying(commune_a, f"203.0.113.{uuid.uuid4().int % 250 + 1}")
    try:
        elsewhere = other_address.get("/verify/", {"code": referral.verification_code})
        assert referral.case.reference in elsewhere.content.decode()
    finally:
        with schema_context(commune_a.schema_name):
            BY_ADDRESS.forget(other_address.defaults["REMOTE_ADDR"])
    # The minute over, one more try; wrong again, the wait doubles; the right code then goes through.
    offset[0] += 61
    again = client.get("/verify/", {"code": "WRONG88888"}).content.decode()
    assert "You can try again in 2 minutes." in again
    assert client.get("/verify/", {"code": referral.verification_code}).status_code == 429
    offset[0] += 121
    assert referral.case.reference in client.get("/verify/", {"code": referral.verification_code}).content.decode()


def test_a_code_typed_in_arabic_indic_digits_or_lower_case_is_the_same_code(
    commune_a: Commune, referral: Referral, address: str
) -> None:
    typed = referral.verification_code.lower().translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    page = verifying(commune_a, address).get("/verify/", {"code": typed}).content.decode()
    assert referral.case.reference in page


def test_a_missing_code_is_a_clear_error_not_a_wrong_code(commune_a: Commune, address: str) -> None:
    response = verifying(commune_a, address).get("/verify/", {"code": ""})
    assert response.status_code == 400
    with schema_context(commune_a.schema_name):
        assert BY_ADDRESS.failures(address) == 0


def test_a_code_of_one_commune_is_not_valid_on_another(
    commune_a: Commune, commune_b: Commune, referral: Referral, address: str
) -> None:
    assert (
        referral.case.reference
        in verifying(commune_a, address).get("/verify/", {"code": referral.verification_code}).content.decode()
    )
    response = verifying(commune_b, address).get("/verify/", {"code": referral.verification_code})
    assert response.status_code == 200
    assert "No slip of this office has this code" in response.content.decode()
    assert referral.case.reference not in response.content.decode()
