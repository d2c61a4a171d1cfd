"""Accessibility of the public portal (and the workspace's first pages), checked by axe-core in real Chromium.

WCAG 2.1 A and AA rules only, on a phone, in Arabic (right to left) and French: every
public page of the test's commune, including a form showing its errors, a booked and a
cancelled appointment. axe-core is vendored in tests/e2e/vendor/ (MPL-2.0).
"""

from __future__ import annotations

import re
import shutil
from datetime import time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import WebDriverWait

from cases.appointments.models import WeeklySlot
from cases.guide.models import DutyShift, Procedure
from cases.models import Case, Category
from cases.services import cases as case_services
from jisr.accounts.models import User
from jisr.outbox.models import Message
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD
from tests.e2e.conftest import PHONE, SHOTS, SLUG, Visit, gone

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
  .then(results => done(results.violations.map(rule => ({
    id: rule.id, impact: rule.impact, help: rule.help,
    nodes: rule.nodes.map(node => ({target: node.target, summary: node.failureSummary})),
  }))))
  .catch(error => done({error: String(error)}));
"""

REPEATED_IDS = """
const seen = {};
for (const element of document.querySelectorAll('[id]')) seen[element.id] = (seen[element.id] || 0) + 1;
return Object.keys(seen).filter(id => seen[id] > 1);
"""


@pytest.fixture
def window() -> tuple[int, int]:
    return PHONE


def violations(browser: WebDriver) -> list[dict[str, Any]]:
    """What axe finds wrong on the page shown, WCAG 2.1 A and AA."""
    browser.set_script_timeout(60)
    if not browser.execute_script("return typeof window.axe !== 'undefined'"):
        browser.execute_script(AXE)
    found = browser.execute_async_script(RUN_AXE, TAGS)
    assert not isinstance(found, dict), found
    return list(found)


def described(page: str, found: list[dict[str, Any]]) -> str:
    lines = []
    for rule in found:
        lines.append(f"[{page}] {rule['id']} ({rule['impact']}): {rule['help']}")
        lines.extend(f"    {node['target']}: {node['summary']}" for node in rule["nodes"])
    return "\n".join(lines)


class Checker:
    """Runs axe on each page visited and keeps what it finds, so one run reports every page."""

    def __init__(self, visit: Visit, language: str) -> None:
        self.visit, self.language, self.found = visit, language, []  # type: list[str]

    def check(self, page: str) -> None:
        browser = self.visit.driver
        html = browser.find_element(By.TAG_NAME, "html")
        assert html.get_attribute("lang") == self.language, page
        assert html.get_attribute("dir") == ("rtl" if self.language == "ar" else "ltr"), page
        if found := violations(browser):
            self.found.append(described(page, found))
        # axe only asks for a review of repeated ids; a label then names the wrong field, so they are errors here.
        if repeated := browser.execute_script(REPEATED_IDS):
            self.found.append(f"[{page}] the same id on several elements: {repeated}")

    def report(self) -> str:
        return "axe found, in " + self.language + ":\n" + "\n".join(self.found)


def fill_the_request(visit: Visit, commune: Commune, language: str) -> None:
    with schema_context(commune.schema_name):
        urbanism = str(Category.objects.get(code="urbanism").pk)
    visit.choose("id_category", urbanism)
    visit.fill("id_description", "Où en est ma demande de permis de construire ?")
    visit.fill("id_first_name", "Fatima")
    visit.fill("id_last_name", "Ouali")
    visit.fill("id_email", "fatima.ouali@example.org")
    visit.fill("id_phone", "06 12 34 56 78")
    visit.choose("id_residence_country", "FR")
    visit.choose("id_preferred_language", language)
    visit.driver.find_element(By.ID, "id_consent").click()


def track(visit: Visit, reference: str, code: str) -> None:
    tracking = next(
        form
        for form in visit.driver.find_elements(By.TAG_NAME, "form")
        if form.find_elements(By.CSS_SELECTOR, "input[name=action][value=track]")
    )
    tracking.find_element(By.NAME, "reference").clear()
    tracking.find_element(By.NAME, "reference").send_keys(reference)
    tracking.find_element(By.NAME, "code").clear()
    tracking.find_element(By.NAME, "code").send_keys(code)
    page = visit.driver.find_element(By.TAG_NAME, "html")
    tracking.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(visit.driver, 15).until(lambda _driver: gone(page))


@pytest.fixture
def public_pages(office: tuple[Commune, User, ExternalService]) -> Procedure:
    """Something on every public page: appointment times every day, a published procedure, a duty shift."""
    commune, agent, _service = office
    with schema_context(commune.schema_name):
        for weekday in range(7):
            WeeklySlot.objects.create(weekday=weekday, start=time(9), duration_minutes=30, capacity=2)
            WeeklySlot.objects.create(weekday=weekday, start=time(15), duration_minutes=30, capacity=1)
        procedure = Procedure.objects.create(
            title_fr="Permis de construire",
            title_ar="رخصة البناء",
            category=Category.objects.get(code="urbanism"),
            documents_fr="Copie de la CNIE\nPlan de situation",
            documents_ar="نسخة من البطاقة الوطنية\nتصميم الموقع",
            fees="Gratuit",
            delay="30 jours",
            handled_by="Service de l'urbanisme",
            links="https://www.rokhas.ma/",
            published=True,
        )
        DutyShift.objects.create(
            day=timezone.localdate() + timedelta(days=1),
            starts_at=time(9),
            ends_at=time(12),
            kind=DutyShift.Kind.OTHER,
            staff=agent,
        )
    return procedure


def test_the_public_portal_passes_axe(
    server: str,
    office: tuple[Commune, User, ExternalService],
    public_pages: Procedure,
    browser: WebDriver,
    language: str,
) -> None:
    commune, agent, _service = office
    folder = SHOTS / f"accessibility-{language}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)
    checker = Checker(visit, language)

    visit.go("/portal/")
    checker.check("office page")

    # Keyboard users see where they are: the first Tab lands on the skip link, the next on a link, both outlined.
    for stop in range(2):
        ActionChains(browser).send_keys(Keys.TAB).perform()
        focused = browser.switch_to.active_element
        assert focused.tag_name == "a"
        outline = browser.execute_script(
            "const s = getComputedStyle(arguments[0]);return [s.outlineStyle, s.outlineWidth, s.boxShadow];",
            focused,
        )
        assert (outline[0] != "none" and outline[1] != "0px") or outline[2] != "none", outline
        assert focused.is_displayed()
        visit.shot(f"focus-{stop + 1}")

    visit.go("/portal/request/")
    checker.check("request form")
    visit.submit("form.portal-form")  # nothing filled in: the form comes back with its errors
    visit.wait_for(".field__error, .form-errors")
    checker.check("request form with errors")

    fill_the_request(visit, commune, language)
    visit.submit("form.portal-form")
    visit.wait_for(".portal-code")
    checker.check("request received")
    reference, code = (element.text for element in browser.find_elements(By.CSS_SELECTOR, ".portal-code"))

    visit.go("/portal/track/")
    checker.check("track form")
    track(visit, reference, "WRONG-CODE")
    checker.check("track, code wrong")
    track(visit, reference, code)
    visit.wait_for(".portal-status")
    checker.check("track, found")

    # Closed: the person is asked how it went.
    with schema_context(commune.schema_name):
        case = Case.objects.get(reference=reference)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)
        case_services.transition_case(actor=agent, case=case, to_status=Case.Status.CLOSED)
        invitation = Message.objects.get(kind="portal_survey")
    found = re.search(r"/portal/survey/([\w-]+)/", invitation.body)
    assert found is not None, invitation.body
    visit.go(found.group(0))
    checker.check("survey")
    visit.submit("main form")  # no score chosen
    visit.wait_for(".field__error")
    checker.check("survey with errors")

    visit.go("/appointments/")
    checker.check("appointment times")
    browser.find_element(By.CSS_SELECTOR, "a.appointments-slot").click()
    visit.wait_for("form button[type=submit]")
    checker.check("appointment form")
    visit.submit("main form")  # nothing filled in
    visit.wait_for(".field__error")
    checker.check("appointment form with errors")
    visit.fill("id_name", "Fatima Ouali")
    visit.fill("id_phone", "+33 6 12 34 56 78")
    visit.fill("id_email", "fatima.ouali@example.org")
    browser.find_element(By.ID, "id_consent").click()
    visit.submit("main form")
    visit.wait_for("dl.facts")
    checker.check("appointment booked")
    browser.find_element(By.CSS_SELECTOR, "main a[href*='/appointments/cancel/']").click()
    visit.wait_for("main form button[type=submit]")
    checker.check("cancel an appointment")
    visit.submit("main form")
    visit.wait_for("main .message")
    checker.check("appointment cancelled")
    visit.go("/appointments/cancel/not-a-token/")
    checker.check("cancellation link not valid")

    visit.go("/guide/")
    checker.check("procedures")
    visit.go(f"/guide/procedures/{public_pages.pk}/")
    checker.check("procedure")
    visit.go("/guide/on-duty/")
    checker.check("on duty")

    visit.go("/verify/")
    checker.check("check a slip")
    visit.go("/verify/?code=WRONG-CODE&reference=")
    checker.check("check a slip, not found")

    assert not checker.found, checker.report()


def test_the_workspace_dashboard_and_case_list_pass_axe(
    server: str, office: tuple[Commune, User, ExternalService], browser: WebDriver, language: str
) -> None:
    commune, agent, _service = office
    with schema_context(commune.schema_name):
        User.objects.filter(pk=agent.pk).update(preferred_language=language)
    visit = Visit(browser, f"http://{SLUG}.{server}", Path("/nonexistent"))
    checker = Checker(visit, language)

    visit.go("/accounts/login/")
    checker.check("sign in")
    visit.fill("id_login", agent.email)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")
    visit.wait_for("#chart-weeks")
    checker.check("dashboard")
    visit.go("/cases/")
    checker.check("case list")

    assert not checker.found, checker.report()


def test_the_office_heads_reports_and_register_import_pass_axe(
    server: str, office: tuple[Commune, User, ExternalService], browser: WebDriver, language: str
) -> None:
    """The office head's reports (a drawn one, with its downloads) and the import of the sample register up to
    its columns to confirm; screenshots of each in var/screenshots/<language>/head-*."""
    from cases.imports import services as imports
    from cases.reports import services as reports
    from cases.reports.models import Report
    from jisr.accounts.models import Role

    commune, _agent, _service = office
    with schema_context(commune.schema_name):
        head = User.objects.create_user(
            f"head-{language}@e2e.test", PASSWORD, role=Role.OFFICE_HEAD, full_name="Najat Head",
            preferred_language=language,
        )  # fmt: skip
        first, last = reports.last_month(timezone.localdate())
        drawn = reports.generate(Report.objects.create(first=first, last=last, requested_by=head))
    folder = SHOTS / language / "head"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)
    checker = Checker(visit, language)

    visit.go("/accounts/login/")
    visit.fill("id_login", head.email)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")
    visit.go("/reports/")
    visit.shot("reports")
    checker.check("reports")
    visit.go(f"/reports/{drawn.pk}/")
    assert browser.find_elements(By.CSS_SELECTOR, f"a[href='/reports/{drawn.pk}/{language}.pdf']")
    visit.shot("report")
    checker.check("a report")
    visit.go("/imports/")
    visit.shot("imports")
    checker.check("imports")
    sample = Path(imports.__file__).parent / "sample" / "register_aitmelloul.xlsx"
    browser.find_element(By.CSS_SELECTOR, "main input[type=file]").send_keys(str(sample))
    visit.submit("main form[enctype]")
    visit.wait_for("form[action$='/mapping/']")
    visit.shot("import-columns")
    checker.check("import: the columns to confirm")

    assert not checker.found, checker.report()
