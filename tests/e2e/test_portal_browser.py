"""The public portal on a phone, in a real browser (Debian's Chromium, headless), in Arabic and French:
a person abroad makes a request, the office answers it, the person tracks it.

Screenshots in var/screenshots/portal-<language>/.
"""

from __future__ import annotations

import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

from cases.models import Case, Category
from cases.services import cases as case_services
from jisr.accounts.models import User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.e2e.conftest import PHONE, SHOTS, SLUG, Visit, gone

WRITTEN = {
    "ar": {"last": "الوالي", "first": "فاطمة", "text": "أطلب معرفة مآل طلب رخصة البناء المودع في يوليوز الماضي."},
    "fr": {"last": "Ouali", "first": "Fatima", "text": "Où en est ma demande de permis de construire ?"},
}
ANSWER = "Votre permis est signé : retrait au guichet du service de l'urbanisme."


@pytest.fixture
def window() -> tuple[int, int]:
    return PHONE


def fits_the_screen(browser: WebDriver) -> bool:
    """Nothing wider than the phone: no sideways scrolling."""
    return bool(browser.execute_script("return document.documentElement.scrollWidth <= window.innerWidth + 1"))


def test_a_request_from_abroad_comes_back_answered_to_the_tracker(
    server: str, office: tuple[Commune, User, ExternalService], browser: WebDriver, language: str
) -> None:
    commune, agent, _service = office
    folder = SHOTS / f"portal-{language}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)
    direction = "rtl" if language == "ar" else "ltr"

    visit.go("/portal/")
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction
    assert "ⴱⵔⴽⴰⵏ" in visit.text()  # the office's name in Tifinagh
    assert fits_the_screen(browser)
    visit.shot("office")

    visit.go("/portal/request/")
    with schema_context(commune.schema_name):
        urbanism = str(Category.objects.get(code="urbanism").pk)
    visit.choose("id_category", urbanism)
    written = WRITTEN[language]
    visit.fill("id_description", written["text"])
    visit.fill("id_first_name", written["first"])
    visit.fill("id_last_name", written["last"])
    visit.fill("id_email", "fatima.ouali@example.org")
    visit.fill("id_phone", "06 12 34 56 78")
    Select(browser.find_element(By.ID, "id_residence_country")).select_by_value("FR")
    Select(browser.find_element(By.ID, "id_preferred_language")).select_by_value(language)
    browser.find_element(By.ID, "id_consent").click()
    assert fits_the_screen(browser)
    visit.shot("request-filled")
    visit.submit("form.portal-form")
    visit.wait_for(".portal-code")
    reference, code = (element.text for element in browser.find_elements(By.CSS_SELECTOR, ".portal-code"))
    visit.shot("request-received")

    # The request is in the office's queue; the office answers it with a note the person may see.
    with schema_context(commune.schema_name):
        case = Case.objects.get(reference=reference)
        assert case.channel == Case.Channel.WEB
        assert case.person.preferred_language == language
        case_services.add_note(actor=agent, case=case, body=ANSWER, shareable=True)
        case_services.add_note(actor=agent, case=case, body="Note interne à ne pas montrer", shareable=False)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)

    visit.go("/portal/track/")

    def tracking_form() -> WebElement:
        return next(
            form
            for form in browser.find_elements(By.TAG_NAME, "form")
            if form.find_elements(By.CSS_SELECTOR, "input[name=action][value=track]")
        )

    # A code mistyped first: the reference stays, the code is to be typed again, where the cursor is.
    tracking = tracking_form()
    tracking.find_element(By.NAME, "reference").send_keys(reference)
    tracking.find_element(By.NAME, "code").send_keys(code[::-1])
    page_before = browser.find_element(By.TAG_NAME, "html")
    tracking.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda _driver: gone(page_before))
    visit.wait_for(".message--error")
    tracking = tracking_form()
    assert tracking.find_element(By.NAME, "reference").get_attribute("value") == reference
    assert tracking.find_element(By.NAME, "code").get_attribute("value") == ""
    assert browser.switch_to.active_element.get_attribute("name") == "code"
    assert fits_the_screen(browser)
    visit.shot("track-wrong-code")

    tracking.find_element(By.NAME, "code").send_keys(code)
    page_before = browser.find_element(By.TAG_NAME, "html")
    tracking.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 15).until(lambda _driver: gone(page_before))
    visit.wait_for(".portal-status--answered")
    page = visit.text()
    assert ANSWER in page
    assert "Note interne" not in page
    assert written["last"] not in page  # no personal data on the tracker
    assert fits_the_screen(browser)
    visit.shot("tracked")
