"""A newcomer's day in a real browser (Debian's Chromium, headless): a visit recorded,
referred, answered and closed, in Arabic and in French.

The platform runs in a server thread against the test database; the commune is
provisioned for this test and deleted after it. Screenshots of every step are
written to var/screenshots/ (the test command prints the folder) for people to look at.
"""

from __future__ import annotations

import shutil
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

from cases.models import Case, Consent, Referral
from cases.services import people
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants import services
from tenants.context import use_public
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD
from tests.services import free_port

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
SLUG = "e2eoffice"


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


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def server(live_db: None, settings) -> Iterator[str]:  # type: ignore[no-untyped-def]
    # Production settings, but plain HTTP on the loopback: cookies cannot be "Secure" here.
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = False
    httpd = ThreadedWSGIServer(("127.0.0.1", free_port()), QuietHandler, allow_reuse_address=True)
    httpd.set_app(WSGIHandler())
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"{settings.PLATFORM_DOMAIN}:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def office(live_db: None) -> Iterator[tuple[Commune, User, ExternalService]]:
    """A commune of this test's own, with an agent and a regional service; removed afterwards."""
    commune = services.provision_commune(slug=SLUG, name_fr="Berkane", name_ar="بركان", name_tzm="ⴱⵔⴽⴰⵏ")
    service = ExternalService.objects.create(
        name_fr="Agence urbaine d'Oujda", name_ar="الوكالة الحضرية لوجدة", kind="urban_agency"
    )
    with schema_context(commune.schema_name):
        agent = User.objects.create_user(
            "agent@e2e.test", PASSWORD, role=Role.AGENT, full_name="Salma Agent", preferred_language="ar"
        )
        registered = people.register_person(
            actor=agent,
            data=people.PersonInput(
                first_name_latin="Mohamed",
                last_name_latin="Oubella",
                first_name_ar="محمد",
                last_name_ar="أوبلا",
                residence_country="BE",
                phone="+32 470 12 34 56",
            ),
        )
        assert registered.pk
    yield commune, agent, service
    use_public()
    commune.refresh_from_db()
    services.suspend_commune(commune=commune, reason="end of the browser test")
    services.delete_commune(commune=commune, confirm_slug=SLUG)
    # Directory entries are never deleted by the platform (offices' referrals point at them);
    # this one was the test's own and nothing points at it once the commune is gone.
    ExternalService.objects.filter(pk=service.pk)._raw_delete(using="default")


@pytest.fixture(params=["ar", "fr"])
def language(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def browser(language: str) -> Iterator[WebDriver]:
    needed = "Debian's chromium and chromium-driver are needed: `python3 dev.py test` installs them (apt-get)"
    assert CHROMIUM.exists(), needed
    assert CHROMEDRIVER.exists(), needed
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,1600",
        f"--host-resolver-rules=MAP *.{settings.PLATFORM_DOMAIN} 127.0.0.1, MAP {settings.PLATFORM_DOMAIN} 127.0.0.1",
        f"--lang={language}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.implicitly_wait(5)
    yield driver
    driver.quit()


class Visit:
    """The steps a person takes in the browser, with a screenshot after each."""

    def __init__(self, driver: WebDriver, base: str, folder: Path) -> None:
        self.driver, self.base, self.folder, self.shots = driver, base, folder, 0

    def go(self, path: str) -> None:
        self.driver.get(self.base + path)

    def shot(self, name: str) -> None:
        self.shots += 1
        self.driver.save_screenshot(str(self.folder / f"{self.shots:02d}-{name}.png"))

    def fill(self, field_id: str, text: str) -> None:
        element = self.driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(text)

    def choose(self, field_id: str, value: str) -> None:
        Select(self.driver.find_element(By.ID, field_id)).select_by_value(value)

    def submit(self, form_selector: str) -> None:
        self.driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()

    def wait_for(self, css: str) -> None:
        WebDriverWait(self.driver, 10).until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, css)))

    def download(self, path: str) -> bytes:
        """What the browser's session gets at this address (a PDF the headless browser would not show)."""
        cookies = "; ".join(f"{c['name']}={c['value']}" for c in self.driver.get_cookies())
        host, port = self.base.removeprefix("http://").rsplit(":", 1)
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Cookie": cookies, "Host": f"{host}:{port}"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return bytes(response.read())

    def text(self) -> str:
        return str(self.driver.find_element(By.TAG_NAME, "body").text)


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
    browser.find_element(By.CSS_SELECTOR, "#matches input[name=person_id]:not([value=''])").click()
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
    browser.find_element(By.CSS_SELECTOR, ".language-switch button").click()
    WebDriverWait(browser, 10).until(
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
