"""Booking an appointment on a phone, in a real browser (Debian's Chromium, headless), in Arabic and French:
a person picks a time, books it, gets the confirmation, then cancels with the link they were sent.

Screenshots in var/screenshots/appointments-<language>/.
"""

from __future__ import annotations

import re
import shutil
from datetime import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from cases.appointments.models import Booking, WeeklySlot
from jisr.accounts.models import User
from jisr.outbox.models import Message
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.e2e.conftest import PHONE, SHOTS, SLUG, Visit, gone
from tests.e2e.test_portal_browser import fits_the_screen

WRITTEN = {
    "ar": {"name": "فاطمة الوالي", "phone": "+33 6 12 34 56 78", "email": "fatima.ouali@example.org"},
    "fr": {"name": "Fatima Ouali", "phone": "06 12 34 56 78", "email": "fatima.ouali@example.org"},
}
CANCEL_LINK = re.compile(r"/appointments/cancel/([\w-]+)/")


@pytest.fixture
def window() -> tuple[int, int]:
    return PHONE


@pytest.fixture
def timetable(office: tuple[Commune, User, ExternalService]) -> None:
    """The office receives by appointment every day of the week, morning and afternoon."""
    commune, _agent, _service = office
    with schema_context(commune.schema_name):
        for weekday in range(7):
            WeeklySlot.objects.create(weekday=weekday, start=time(9), duration_minutes=30, capacity=2)
            WeeklySlot.objects.create(weekday=weekday, start=time(14, 30), duration_minutes=20, capacity=1)


def test_a_person_books_an_appointment_then_cancels_it(
    server: str, office: tuple[Commune, User, ExternalService], timetable: None, browser: WebDriver, language: str
) -> None:
    commune, _agent, _service = office
    folder = SHOTS / f"appointments-{language}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)
    direction = "rtl" if language == "ar" else "ltr"

    visit.go("/appointments/")
    html = browser.find_element(By.TAG_NAME, "html")
    assert html.get_attribute("lang") == language
    assert html.get_attribute("dir") == direction
    assert browser.execute_script("return window.innerWidth") == PHONE[0]
    slots = browser.find_elements(By.CSS_SELECTOR, "a.appointments-slot")
    assert slots, "the office's weekly times are offered"
    assert fits_the_screen(browser)
    # One week on the phone, not four: at most seven days of two times (four weeks made 7,600 pixels).
    days = browser.find_elements(By.CSS_SELECTOR, ".appointments-day")
    assert 1 <= len(days) <= 7
    assert browser.execute_script("return document.documentElement.scrollHeight") < 2600
    visit.shot("times")

    # The next week, and back.
    first_week = browser.find_element(By.ID, "week-title").text
    page = browser.find_element(By.TAG_NAME, "html")
    visit.click("a[rel=next]")
    WebDriverWait(browser, 15).until(lambda _driver: gone(page))
    assert browser.find_element(By.ID, "week-title").text != first_week
    assert fits_the_screen(browser)
    visit.shot("next-week")
    page = browser.find_element(By.TAG_NAME, "html")
    visit.click("a[rel=prev]")
    WebDriverWait(browser, 15).until(lambda _driver: gone(page))
    assert browser.find_element(By.ID, "week-title").text == first_week
    slots = browser.find_elements(By.CSS_SELECTOR, "a.appointments-slot")

    # The second time offered: a later one than the first, to pick from the list rather than take the top.
    chosen = slots[1]
    day, start = re.search(r"/appointments/book/([\d-]+)/(\d{4})/", chosen.get_attribute("href") or "").groups()  # type: ignore[union-attr]
    chosen.click()
    visit.wait_for("main form button[type=submit]")
    assert fits_the_screen(browser)
    visit.shot("form")

    written = WRITTEN[language]
    visit.fill("id_name", written["name"])
    visit.fill("id_phone", written["phone"])
    visit.fill("id_email", written["email"])
    visit.choose("id_preferred_language", language)
    browser.find_element(By.ID, "id_consent").click()
    assert fits_the_screen(browser)
    button = browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    visit.shot("form-filled")
    visit.submit("main form")
    visit.wait_for("main dl.facts")
    page = visit.text()
    assert written["name"] in page
    assert written["email"] in page
    assert f"{start[:2]}:{start[2:]}" in page
    assert fits_the_screen(browser)
    visit.shot("booked")

    with schema_context(commune.schema_name):
        booking = Booking.objects.get()
        assert (booking.day.isoformat(), booking.start.strftime("%H%M")) == (day, start)
        assert (booking.name, booking.email, booking.preferred_language) == (
            written["name"],
            written["email"],
            language,
        )
        assert booking.status == Booking.Status.BOOKED
        confirmation = Message.objects.get(kind="appointment_confirmation")
        assert (confirmation.recipient, confirmation.language) == (written["email"], language)
    sent = CANCEL_LINK.search(confirmation.body)
    assert sent is not None, confirmation.body
    shown = browser.find_element(By.CSS_SELECTOR, "main a[href*='/appointments/cancel/']").get_attribute("href")
    assert (shown or "").endswith(sent.group(0)), "the page and the e-mail give the same link"

    # Days later, from the e-mail.
    visit.go(sent.group(0))
    visit.wait_for("main form button[type=submit]")
    assert fits_the_screen(browser)
    visit.shot("cancel")
    visit.submit("main form")
    visit.wait_for("main .message")
    assert fits_the_screen(browser)
    visit.shot("cancelled")
    assert browser.find_elements(By.CSS_SELECTOR, "main a[href$='/appointments/']"), "a way to book another time"

    with schema_context(commune.schema_name):
        booking.refresh_from_db()
        assert booking.status == Booking.Status.CANCELLED
        assert booking.cancelled_at is not None
