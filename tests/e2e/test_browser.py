"""A newcomer's day in a real browser (Debian's Chromium, headless): a visit recorded,
referred, answered and closed, in Arabic and in French.

The platform runs in a server thread against the test database; the commune is
provisioned for this test and deleted after it. Screenshots of every step are
written to var/screenshots/ (the test command prints the folder) for people to look at.
"""

from __future__ import annotations

import shutil

from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select, WebDriverWait

from cases.models import Case, Consent, Referral
from cases.services import people
from jisr.accounts.models import User
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD
from tests.e2e.conftest import SHOTS, SLUG, Visit

TYPED = {
    "ar": {
        "names": {"id_person-first_name_ar": "محمد", "id_person-last_name_ar": "اوبلا"},
        "subject": "رخصة بناء متوقفة منذ ستة أشهر",
        "description": "طلب رخصة البناء على أرض موروثة.",
        "purpose": "إبداء الرأي في ملف رخصة البناء",
        "answer": "الرأي بالموافقة",
    },
    "fr": {
        "names": {"id_person-first_name_latin": "Mohammed", "id_person-last_name_latin": "Oubela"},
        "subject": "Permis de construire bloqué depuis six mois",
        "description": "Demande de permis sur un terrain hérité.",
        "purpose": "Avis sur le dossier de permis de construire",
        "answer": "Avis favorable",
    },
}


def test_a_visit_recorded_referred_answered_and_closed(
    server: str, office: tuple[Commune, User, ExternalService], browser: WebDriver, language: str
) -> None:
    """In Arabic (right to left) and in French: the newcomer's whole flow."""
    commune, agent, service = office
    with schema_context(commune.schema_name):
        User.objects.filter(pk=agent.pk).update(preferred_language=language)
    direction = "rtl" if language == "ar" else "ltr"
    folder = SHOTS / language
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)

    visit.go("/accounts/login/")
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == direction
    visit.fill("id_login", agent.email)
    visit.fill("id_password", PASSWORD)
    visit.shot("login")
    visit.submit("main form")
    visit.wait_for("#chart-weeks")
    visit.shot("dashboard")

    # Record the visit: the person is already registered, found as their name is typed
    # (in Arabic script without its hamza, or in another Latin spelling).
    visit.go("/intake/")
    typed = TYPED[language]
    for field, text in typed["names"].items():
        visit.fill(field, text)
    visit.wait_for("#matches input[name=person_id][value]:not([value=''])")
    visit.shot("intake-match")
    visit.click("#matches input[name=person_id]:not([value=''])")
    visit.choose("id_case-kind", "complaint")
    visit.choose("id_case-category", str(_category_pk(commune, "urbanism")))
    visit.choose("id_case-channel", "visit")
    visit.fill("id_case-subject", typed["subject"])
    visit.fill("id_case-description", typed["description"])
    for box in browser.find_elements(By.CSS_SELECTOR, "input[name=consent-consents]"):
        if not box.is_selected():
            box.click()
    visit.shot("intake-filled")
    visit.submit("form.intake")
    visit.wait_for(".timeline")
    visit.shot("case-opened")

    with schema_context(commune.schema_name):
        case = Case.objects.get()
        assert case.person.last_name_latin == "Oubella"  # nobody registered twice
        assert people.has_consent(case.person, Consent.Purpose.SHARE_WITH_SERVICES)

    # Refer it to the urban agency, then print the slip.
    visit.go(f"/cases/{case.pk}/referrals/new/")
    visit.choose("id_service", f"r{service.pk}")
    visit.fill("id_purpose", typed["purpose"])
    visit.shot("referral")
    visit.submit("main form.card")
    visit.wait_for(".timeline")
    visit.shot("referred")
    with schema_context(commune.schema_name):
        referral = Referral.objects.get()
        assert Case.objects.get().status == Case.Status.WAITING_EXTERNAL
    slip = visit.download(f"/cases/{case.pk}/referrals/{referral.pk}/slip.pdf")
    assert slip.startswith(b"%PDF")
    (folder / "slip.pdf").write_bytes(slip)

    # The agency answers: the case is back in progress; it is answered, then closed.
    prefix = f"id_r{referral.pk}"
    visit.choose(f"{prefix}-outcome", "answered")
    visit.fill(f"{prefix}-note", typed["answer"])
    visit.submit(f"#referral-{referral.pk} form")
    visit.wait_for(".timeline")
    for status in ("answered", "closed"):
        visit.choose("id_to_status", status)
        visit.submit(f"form[action='/cases/{case.pk}/transition/']")
        visit.wait_for(f".page-head .status--{status}")
    visit.shot("closed")

    with schema_context(commune.schema_name):
        closed = Case.objects.get()
        assert closed.status == Case.Status.CLOSED
        assert Referral.objects.get().outcome == Referral.Outcome.ANSWERED
        kinds = list(closed.events.order_by("at", "pk").values_list("kind", flat=True))
    assert kinds[0] == "created"
    assert kinds.count("status") == 4  # waiting, in progress, answered, closed
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction

    # The same case in the other language, after switching: the choice is kept on the account.
    other = "fr" if language == "ar" else "ar"
    visit.go(f"/cases/{case.pk}/")
    Select(browser.find_element(By.CSS_SELECTOR, ".language-switch select")).select_by_value(other)
    visit.submit(".language-switch")  # waits for the page in the new language
    WebDriverWait(browser, 10, ignored_exceptions=[StaleElementReferenceException]).until(
        lambda driver: driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == other
    )
    assert browser.find_element(By.TAG_NAME, "html").get_attribute("dir") == ("ltr" if other == "fr" else "rtl")
    visit.shot(f"case-in-{other}")
    with schema_context(commune.schema_name):
        assert User.objects.get(pk=agent.pk).preferred_language == other


def _category_pk(commune: Commune, code: str) -> int:
    from cases.models import Category

    with schema_context(commune.schema_name):
        return int(Category.objects.get(code=code).pk)
