"""What the browser tests share: the platform in a server thread, a commune of their own,
Debian's Chromium driven by selenium, and a visit that takes screenshots."""

from __future__ import annotations

import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import Select, WebDriverWait

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
# A common phone's screen, in CSS pixels: most people reach the portal from one.
PHONE = (390, 844)


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
def window() -> tuple[int, int]:
    """The browser window's size; a test module overrides it (the portal's: a phone)."""
    return (1280, 1600)


@pytest.fixture
def browser(language: str, window: tuple[int, int]) -> Iterator[WebDriver]:
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
        f"--window-size={window[0]},{window[1]}",
        f"--host-resolver-rules=MAP *.{settings.PLATFORM_DOMAIN} 127.0.0.1, MAP {settings.PLATFORM_DOMAIN} 127.0.0.1",
        f"--lang={language}",
    ):
        options.add_argument(flag)
    options.add_experimental_option("prefs", {"intl.accept_languages": language})
    # The console, to fail on anything the Content-Security-Policy blocked.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(options=options, service=Service(str(CHROMEDRIVER)))
    driver.implicitly_wait(5)
    if window[0] < 500:
        emulate_phone(driver, window)
    yield driver
    blocked = [entry["message"] for entry in driver.get_log("browser") if "Content Security Policy" in entry["message"]]
    driver.quit()
    assert not blocked, "the Content-Security-Policy blocked:\n" + "\n".join(blocked)


def emulate_phone(driver: WebDriver, size: tuple[int, int] = PHONE, *, on: bool = True) -> None:
    """Lay pages out at a phone's width, or (on=False) back at the window's own.

    Headless Chromium keeps its window at least 500 pixels wide: narrower, the page is laid out
    at 500 and a phone's overflow goes unseen. The device emulation gives the page the phone's width."""
    if on:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": True},
        )
    else:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def gone(element: WebElement) -> bool:
    """The element's page was replaced. Chromium says so in two ways."""
    try:
        element.is_enabled()
    except (StaleElementReferenceException, WebDriverException):
        return True
    return False


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
        """Send the form and wait for the next page (the old one's elements would go stale under us)."""
        for _attempt in range(3):  # the page may still be settling (a redirect to an anchor): find it again
            try:
                page = self.driver.find_element(By.TAG_NAME, "html")
                self.driver.find_element(By.CSS_SELECTOR, f"{form_selector} button[type=submit]").click()
                break
            except StaleElementReferenceException:
                time.sleep(0.2)
        WebDriverWait(self.driver, 15).until(lambda _driver: gone(page))

    def click(self, css: str) -> None:
        """Click what the selector finds now: a part of the page that htmx swaps (search results
        as a name is typed) may be replaced between finding and clicking: wait for htmx to have no
        request in flight, and find it again if it was replaced all the same."""
        WebDriverWait(self.driver, 10).until(
            lambda driver: driver.execute_script("return document.querySelector('.htmx-request') === null")
        )
        for attempt in range(5):
            try:
                self.driver.find_element(By.CSS_SELECTOR, css).click()
                return
            except StaleElementReferenceException:
                if attempt == 4:
                    raise
                time.sleep(0.3)

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
