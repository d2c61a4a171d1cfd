"""The two-step verification pages in the platform's layout: the QR code with its key to type, the recovery
codes to print or download, and the sign-in step as a code field a phone fills with digits."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.conf import settings
from django.test import Client

from jisr.accounts.models import User
from tenants.models import Commune
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db

SETUP = "/accounts/2fa/totp/activate/"
CODES = "/accounts/2fa/recovery-codes/"


def current_code(key: str) -> str:
    return format_hotp_value(hotp_value(key, next(yield_hotp_counters_from_time())))


def signed_in(commune: Commune, user: User, language: str = "fr") -> Client:
    client = client_for(commune)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    assert client.post("/accounts/login/", {"login": user.email, "password": PASSWORD}).status_code == 302
    return client


def set_up(client: Client) -> tuple[str, str]:
    """Confirm the password, open the set-up page; (the page, the key it shows as text)."""
    confirm = client.get(SETUP)
    assert confirm["Location"].startswith("/accounts/reauthenticate/")
    assert client.post(confirm["Location"], {"password": PASSWORD}).status_code == 302
    page = client.get(SETUP).content.decode()
    shown = re.search(r'<code class="totp-key" dir="ltr">(.*?)</code>', page, re.S)
    assert shown is not None
    return page, re.sub(r"<[^>]+>", "", shown.group(1))


def code_field(page: str) -> str:
    field = re.search(r'<input [^>]*name="code"[^>]*>', page)
    assert field is not None, page
    return field.group(0)


def test_the_set_up_shows_the_qr_code_and_a_key_to_type_that_works(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="two-step-setup@aitmelloul.test")
    client = signed_in(commune_a, head)
    page, key = set_up(client)
    assert '<link rel="stylesheet"' in page
    assert 'class="card narrow"' in page
    assert re.search(r'<img class="totp-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    assert re.fullmatch(r"[A-Z2-7]{32}", key), key  # base32, grouped by four on the page
    field = code_field(page)
    assert 'inputmode="numeric"' in field
    assert 'autocomplete="one-time-code"' in field
    assert 'dir="ltr"' in field

    refused = client.post(SETUP, {"code": "000000"})
    assert refused.status_code == 200
    assert "Code incorrect." in refused.content.decode()
    activated = client.post(SETUP, {"code": current_code(key)})  # as if typed into the app by hand
    assert activated.status_code == 302
    assert activated["Location"] == CODES
    codes_page = client.get(CODES).content.decode()
    assert len(re.findall(r"<li><code>\d{8}</code></li>", codes_page)) == 10
    assert "data-print" in codes_page
    assert 'href="/accounts/2fa/recovery-codes/download/"' in codes_page


def test_the_recovery_codes_download_with_the_account_they_belong_to(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="two-step-download@aitmelloul.test")
    client = signed_in(commune_a, head, "ar")
    _page, key = set_up(client)
    client.post(SETUP, {"code": current_code(key)})
    codes = re.findall(r"<li><code>(\d{8})</code></li>", client.get(CODES).content.decode())
    download = client.get(f"{CODES}download/")
    assert download["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    text = download.content.decode()
    assert head.email in text
    assert "رموز الاسترداد" in text
    assert re.findall(r"^\d{8}$", text, re.M) == codes


def test_new_recovery_codes_replace_the_old_ones_after_a_warning(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="two-step-new-codes@aitmelloul.test")
    client = signed_in(commune_a, head)
    _page, key = set_up(client)
    client.post(SETUP, {"code": current_code(key)})
    old = re.findall(r"<li><code>(\d{8})</code></li>", client.get(CODES).content.decode())
    assert "cesseront de fonctionner" in client.get(f"{CODES}generate/").content.decode()
    assert client.post(f"{CODES}generate/")["Location"] == CODES
    page = client.get(CODES).content.decode()
    assert set(re.findall(r"<li><code>(\d{8})</code></li>", page)).isdisjoint(old)


def test_the_sign_in_step_asks_for_a_code_in_digits_and_takes_a_recovery_code(commune_a: Commune) -> None:
    head = make_staff(commune_a, email="two-step-sign-in@aitmelloul.test")
    client = signed_in(commune_a, head, "ar")
    _page, key = set_up(client)
    client.post(SETUP, {"code": current_code(key)})
    codes = re.findall(r"<li><code>(\d{8})</code></li>", client.get(CODES).content.decode())
    client.post("/accounts/logout/")

    login = client.post("/accounts/login/", {"login": head.email, "password": PASSWORD})
    assert login["Location"] == "/accounts/2fa/authenticate/"
    page = client.get(login["Location"]).content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "التحقق بخطوتين" in page
    field = code_field(page)
    assert 'inputmode="numeric"' in field
    assert 'autocomplete="one-time-code"' in field
    assert "autofocus" in field
    refused = client.post("/accounts/2fa/authenticate/", {"code": "12345678"})
    assert refused.status_code == 200
    assert "الرمز غير صحيح." in refused.content.decode()
    assert "value=" not in code_field(refused.content.decode())  # like a password, a refused code is not shown
    signed = client.post("/accounts/2fa/authenticate/", {"code": codes[0]})
    assert signed.status_code == 302
    assert signed["Location"] == "/"
    assert client.get("/").status_code == 200
