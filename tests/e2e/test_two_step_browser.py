"""Two-step verification in a real browser (Debian's Chromium, headless), in Arabic and French, on a phone and
on a desktop: a staff member confirms their password, sets it up by typing the key shown beside the QR code,
keeps the recovery codes, signs out, and signs in again with one of them.

Screenshots of whole pages in var/screenshots/two-step-<language>-<width>/.
"""

from __future__ import annotations

import shutil

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from jisr.accounts.models import User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, SHOTS, SLUG, Visit
from tests.e2e.test_accessibility import described, violations

DESKTOP = (1280, 900)


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def window(request: pytest.FixtureRequest) -> tuple[int, int]:
    return tuple(request.param)  # type: ignore[return-value]


def fits_the_screen(browser: WebDriver) -> bool:
    """Nothing wider than the window: no sideways scrolling."""
    return bool(browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"))


def whole_page(visit: Visit, name: str, window: tuple[int, int]) -> None:
    """A screenshot of the whole page: the window made as tall as the page for it (Chromium's own capture
    beyond the window shifts right-to-left pages sideways)."""
    driver = visit.driver
    height = max(window[1], int(driver.execute_script("return document.documentElement.scrollHeight")))
    metrics = {"width": window[0], "height": height, "deviceScaleFactor": 1, "mobile": window[0] < 500}
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
    visit.shot(name)
    if window[0] < 500:
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {**metrics, "height": window[1]})
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_a_staff_member_sets_up_two_step_verification_and_signs_in_with_a_recovery_code(
    server: str,
    office: tuple[Commune, User, ExternalService],
    browser: WebDriver,
    language: str,
    window: tuple[int, int],
) -> None:
    commune, agent, _service = office
    with schema_context(commune.schema_name):
        User.objects.filter(pk=agent.pk).update(preferred_language=language)
    folder = SHOTS / f"two-step-{language}-{window[0]}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)
    faults: list[str] = []

    def check(page: str) -> None:
        html = browser.find_element(By.TAG_NAME, "html")
        assert html.get_attribute("lang") == language, page
        assert html.get_attribute("dir") == ("rtl" if language == "ar" else "ltr"), page
        assert fits_the_screen(browser), page
        found = violations(browser)
        if found:
            faults.append(described(page, found))
        whole_page(visit, page, window)

    visit.go("/accounts/login/")
    visit.fill("id_login", agent.email)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")

    # The reminder on every page leads to the set-up, which first asks for the password again.
    visit.click(".mfa-reminder a")
    visit.wait_for("#id_password")
    check("password-again")
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")
    visit.wait_for(".totp-qr")
    qr = browser.find_element(By.CSS_SELECTOR, ".totp-qr")
    assert str(qr.get_attribute("src")).startswith("data:image/svg+xml;base64,")
    assert browser.execute_script("return arguments[0].naturalWidth > 0", qr)  # the QR code is drawn
    key = browser.find_element(By.CSS_SELECTOR, ".totp-key").text.replace(" ", "").replace("\n", "")
    assert len(key) == 32, key
    code_field = browser.find_element(By.ID, "id_code")
    assert code_field.get_attribute("inputmode") == "numeric"
    assert code_field.get_attribute("autocomplete") == "one-time-code"
    check("set-up")

    # The key typed by hand into the app: its code turns two-step verification on.
    visit.fill("id_code", format_hotp_value(hotp_value(key, next(yield_hotp_counters_from_time()))))
    visit.submit("main form")
    visit.wait_for(".recovery-codes")
    codes = [element.text for element in browser.find_elements(By.CSS_SELECTOR, ".recovery-codes code")]
    assert len(codes) == 10, codes
    assert all(len(code) == 8 and code.isdigit() for code in codes), codes
    assert browser.find_element(By.CSS_SELECTOR, "[data-print]").is_displayed()
    # One message: it is on, keep the codes (not also "new codes, the old ones no longer work": there were none).
    assert len(browser.find_elements(By.CSS_SELECTOR, ".messages .message")) == 1
    downloaded = visit.download("/accounts/2fa/recovery-codes/download/").decode()
    assert all(code in downloaded for code in codes)
    check("recovery-codes")

    visit.go("/accounts/2fa/")
    check("overview")

    visit.submit(".site-header form.inline-form")  # sign out
    visit.fill("id_login", agent.email)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")
    visit.wait_for("#id_code")
    assert browser.find_element(By.ID, "id_code").get_attribute("inputmode") == "numeric"
    check("sign-in-step")
    visit.fill("id_code", "12345678")
    visit.submit("main form")
    visit.wait_for(".field__error")
    check("sign-in-step-refused")
    visit.fill("id_code", codes[0])
    visit.submit("main form")
    assert "/accounts/" not in browser.current_url, browser.current_url
    with schema_context(commune.schema_name):
        assert User.objects.get(pk=agent.pk).authenticator_set.count() == 2  # the app and the recovery codes

    assert not faults, "\n".join(faults)
