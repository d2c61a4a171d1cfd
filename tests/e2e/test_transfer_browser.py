"""A case handed from one commune's office to another in a real browser (Debian's Chromium, headless).

Berkane's agent, in French, sends a land case to Tiznit from its page (the form refused once without the person's
consent); Tiznit's office head, in Arabic, finds it on the dashboard and in the queue, reads the summary and accepts
it; Berkane's case then says where it went. A second case is declined by Tiznit and comes back to Berkane with the
reason. Every step is photographed on a desktop and on a phone (390 px), the whole page each time, in
var/screenshots/transfers/; on the phone no page is wider than the screen.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cases.models import Case, Category, IncomingTransfer, OutgoingTransfer, Person
from cases.services import cases as case_services
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants import services as tenant_services
from tenants.context import use_public
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, SHOTS, SLUG, Visit

RECEIVER = "e2etiznit"


@pytest.fixture
def language() -> str:
    """The browser's own language: the receiving office head's, Arabic (the sending agent's account says French)."""
    return "ar"


@pytest.fixture
def tiznit(live_db: None) -> Iterator[tuple[Commune, User]]:
    """The receiving commune, with its office head; removed afterwards."""
    commune = tenant_services.provision_commune(slug=RECEIVER, name_fr="Tiznit", name_ar="تزنيت")
    with schema_context(commune.schema_name):
        head = User.objects.create_user(
            "head@e2etiznit.test", PASSWORD, role=Role.OFFICE_HEAD, full_name="Hafsa Head", preferred_language="ar"
        )
    yield commune, head
    use_public()
    commune.refresh_from_db()
    tenant_services.suspend_commune(commune=commune, reason="end of the browser test")
    tenant_services.delete_commune(commune=commune, confirm_slug=RECEIVER)


def full_page(visit: Visit, name: str) -> None:
    """The whole page on a desktop, then on a phone: each screenshot as tall as its page."""
    driver = visit.driver
    visit.shots += 1
    for label, width, mobile in (("desktop", 1280, False), ("phone", PHONE[0], True)):
        metrics = {"width": width, "height": PHONE[1], "deviceScaleFactor": 1, "mobile": mobile}
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        if mobile:
            wide = driver.execute_script("return document.documentElement.scrollWidth")
            assert wide <= width, f"{name}: {wide} px wide on a {width} px phone"
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", metrics | {"height": height})
        driver.save_screenshot(str(visit.folder / f"{visit.shots:02d}-{name}-{label}.png"))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def sign_in(visit: Visit, host: str, email: str) -> None:
    visit.base = host
    visit.go("/accounts/login/")
    visit.fill("id_login", email)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")


def body(browser: WebDriver) -> str:
    return str(browser.find_element(By.TAG_NAME, "body").text)


def send(visit: Visit, case: Case, tiznit: Commune, reason: str) -> None:
    visit.go(f"/cases/{case.pk}/")
    visit.click(f"a[href='/cases/{case.pk}/transfer/']")
    visit.wait_for("#id_to_commune")
    visit.choose("id_to_commune", str(tiznit.pk))
    visit.fill("id_reason", reason)
    visit.fill("id_note", "La famille vit à Berkane ; le terrain est à Tiznit.")


def test_a_case_goes_to_another_office_and_a_second_one_comes_back(
    server: str,
    office: tuple[Commune, User, ExternalService],
    tiznit: tuple[Commune, User],
    browser: WebDriver,
) -> None:
    berkane, agent, _service = office
    receiving, head = tiznit
    folder = SHOTS / "transfers"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    with schema_context(berkane.schema_name):
        User.objects.filter(pk=agent.pk).update(preferred_language="fr")
        person = Person.objects.get()
        land, urbanism = Category.objects.get(code="land_property"), Category.objects.get(code="urbanism")
        first = case_services.open_case(
            actor=agent, person=person, kind="request", category=land, channel="visit",
            subject="Titre foncier du terrain familial", description="Terrain hérité à Tiznit, titre à mettre à jour.",
        )  # fmt: skip
        second = case_services.open_case(
            actor=agent, person=person, kind="request", category=urbanism, channel="phone",
            subject="Permis de construire", description="Permis pour une maison à Berkane.",
        )  # fmt: skip
    at_berkane, at_tiznit = f"http://{SLUG}.{server}", f"http://{RECEIVER}.{server}"
    visit = Visit(browser, at_berkane, folder)

    # Berkane's agent, in French: the form refuses a transfer without the person's consent, keeping what was typed.
    sign_in(visit, at_berkane, agent.email)
    send(visit, first, receiving, "Le terrain et la conservation foncière sont à Tiznit.")
    full_page(visit, "berkane-form")
    visit.submit("main form.card")
    visit.wait_for(".field__error")
    assert "consentement" in body(browser)
    assert browser.find_element(By.ID, "id_reason").get_attribute("value").startswith("Le terrain")
    full_page(visit, "berkane-form-refused")
    visit.click("#id_consent")
    visit.submit("main form.card")
    visit.wait_for(".transfer-banner")
    assert "En attente de l'acceptation de ce dossier par le bureau d'accueil de Tiznit" in body(browser)
    full_page(visit, "berkane-waiting")

    # Tiznit's office head, in Arabic: the dashboard counts it, the queue lists it, the summary says what it is.
    sign_in(visit, at_tiznit, head.email)
    visit.wait_for(".stats")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == "rtl"
    stat = browser.find_element(By.CSS_SELECTOR, "a.stat[href='/transfers/incoming/']")
    assert stat.find_element(By.CSS_SELECTOR, ".stat__value").text == "1"
    full_page(visit, "tiznit-dashboard")
    stat.click()
    visit.wait_for("main .plain-list")
    full_page(visit, "tiznit-queue")
    visit.click("main .plain-list a")
    visit.wait_for("form[action$='/accept/']")
    assert "ملف من مكتب الاستقبال ببركان" in body(browser)
    assert "Terrain hérité" not in body(browser)  # the description waits for the acceptance
    full_page(visit, "tiznit-summary")
    visit.submit("form[action$='/accept/']")
    visit.wait_for(".timeline")
    assert "قُبل الملف" in body(browser)
    full_page(visit, "tiznit-accepted")
    with schema_context(receiving.schema_name):
        received = Case.objects.get()
    assert received.subject == first.subject
    assert received.description == first.description

    # Back in Berkane: the case says where it went, under which reference.
    visit.base = at_berkane
    visit.go(f"/cases/{first.pk}/")
    visit.wait_for(".transfer-banner")
    assert "Transféré au bureau d'accueil de Tiznit le" in body(browser)
    assert received.reference in body(browser)
    assert "transféré à un autre bureau" in body(browser)
    full_page(visit, "berkane-transferred")

    # A second case: Tiznit declines it, with a reason, and it comes back.
    send(visit, second, receiving, "Le permis concerne une maison à Tiznit.")
    visit.click("#id_consent")
    visit.submit("main form.card")
    visit.wait_for(".transfer-banner")
    visit.base = at_tiznit
    with schema_context(receiving.schema_name):
        waiting = IncomingTransfer.objects.get(status=IncomingTransfer.Status.PENDING)
    visit.go(f"/transfers/incoming/{waiting.pk}/")
    visit.submit("form[action$='/decline/']")  # without a reason: refused
    visit.wait_for(".field__error")
    full_page(visit, "tiznit-decline-refused")
    visit.fill("id_reason", "الرخصة من اختصاص جماعة بركان: المنزل يوجد ببركان.")
    visit.submit("form[action$='/decline/']")
    visit.wait_for(".messages")
    full_page(visit, "tiznit-declined")
    visit.base = at_berkane
    visit.go(f"/cases/{second.pk}/")
    visit.wait_for(".transfer-banner")
    assert "Le bureau d'accueil de Tiznit a refusé le transfert" in body(browser)
    assert "الرخصة من اختصاص جماعة بركان" in body(browser)
    assert browser.find_elements(By.CSS_SELECTOR, f"a[href='/cases/{second.pk}/edit/']")  # Berkane's again
    full_page(visit, "berkane-declined")
    with schema_context(berkane.schema_name):
        statuses = dict(OutgoingTransfer.objects.values_list("case_id", "status"))
        assert statuses == {first.pk: "accepted", second.pk: "declined"}
        assert Case.objects.get(pk=first.pk).status == Case.Status.TRANSFERRED
        assert Case.objects.get(pk=second.pk).is_open
