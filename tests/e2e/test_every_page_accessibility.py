"""Every page of the office workspace and of the regional layer passes axe-core, in Arabic and French, on a phone
and on a desktop screen, and fits a phone's screen.

No hand-kept list of pages: the test walks the URL patterns of jisr.urls_tenant and jisr.urls_public, fills their
path arguments with objects it seeded (`arguments`), asks each address what it is for the visitor signed in (a
page, a file, a POST-only endpoint, a piece of a page that htmx fetches, a redirect) and checks every page once:
axe's WCAG 2.1 A and AA rules, none left out, the same id twice counted as an error (test_accessibility.Checker),
at a phone's width and, after a resize (no second load), at a desktop's; on the phone, no page wider than the
screen (WCAG 1.4.10, which axe does not test). Signed out first, then as whoever may see the rest: the office
head on the commune's host; a funder, a coordinator and the operator on the platform's. Then the states a page
reaches through a step: the main forms sent empty, showing their errors; two-step verification set up, then used
to sign in; an appointment booked; a person chosen, or found as their name is typed, in the intake.

Every page in Arabic, right to left, where layouts break most; in French, the same walk (every pattern still asked
for) checks a sample of pages (FRENCH_SAMPLE): the whole sweep again would double the suite's longest browser test
for the same templates.

A pattern whose arguments the test cannot fill, or that nobody reaches as a page, fails the test by its name: a
new page is never skipped in silence. The patterns left out are listed below (NOT_OURS, NOT_PAGES), with the
reason. Screenshots of every page on a phone, in Arabic: var/screenshots/ar/every-page/.
"""

from __future__ import annotations

import http.client
import re
import shutil
import time as clock
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from importlib import import_module
from pathlib import Path

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    SECRET_SESSION_KEY,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from cases.appointments import selectors as appointment_selectors
from cases.appointments import services as appointments
from cases.appointments.models import WeeklySlot
from cases.guide.models import DutyShift, Procedure
from cases.imports import services as imports
from cases.models import (
    Activity,
    Campaign,
    Case,
    Category,
    Consent,
    IdentityDocument,
    IncomingTransfer,
    LocalService,
    Person,
    SavedView,
)
from cases.portal import services as portal
from cases.reports import services as reports
from cases.reports.models import Report
from cases.services import cases as case_services
from cases.services import office as office_services
from cases.services import people, referrals
from jisr.accounts import services as accounts
from jisr.accounts.models import Role, User
from jisr.outbox.models import Message
from network import services as network_services
from network.models import ExternalService, Membership, Network, ProcedureTemplate, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import PASSWORD
from tests.e2e import test_regional_accessibility as regional_layer
from tests.e2e.conftest import SHOTS, SLUG, Visit, emulate_phone
from tests.e2e.test_accessibility import AXE, Checker

# The test's commune in PRIM's Oriental network, its figures extracted, and a coordinator of that network.
regional = regional_layer.regional
COORDINATOR, forget = regional_layer.COORDINATOR, regional_layer.forget
OPERATOR, FUNDER = "operator@e2e.test", "funder@e2e.test"
DESKTOP = (1280, 900)

# Patterns that are not pages of ours, by the start of their route.
NOT_OURS = {
    # The JSON APIs (the office's, the regional layer's), fuzzed against their schema in tests/security; and the
    # API's docs page, which is Swagger UI's own page, in English.
    "api/": "the API",
    # Django's admin, for the platform's operators: Django's templates, not ours.
    "admin/": "Django's admin",
}
# Patterns nobody needs to reach as a page (if one becomes a page, it is checked all the same).
NOT_PAGES = {
    # Django's language switch: the form in every page's header posts to it; a GET only redirects back.
    "set_language": "the language switch",
    # An old address: cases are opened from the intake, with their person; it redirects there.
    "case_create": "redirects to the intake",
    # For an account without a password; every account has one, and allauth redirects to its change.
    "account_set_password": "redirects to the password's change",
    # Signing in, or confirming one's identity, with a code sent by e-mail are turned off (allauth answers 404).
    "account_request_reauthentication_code": "codes by e-mail are off",
    "account_confirm_reauthentication_code": "codes by e-mail are off",
    "account_confirm_login_code": "codes by e-mail are off",
}
# The pages checked in French, by pattern name (with the states reached from them): the office's daily pages and
# forms, its settings and registers, and the operator's networks, which no other browser test checks in French
# (test_accessibility: the portal, timetable, guide, dashboard, case list, reports, register import;
# test_regional_accessibility: the regional pages; test_two_step_browser: two-step verification).
FRENCH_SAMPLE = frozenset(
    {
        "account_login",
        "home",
        "intake",
        "person_create",
        "person_detail",
        "case_detail",
        "case_edit",
        "referral_create",
        "office_settings",
        "office_contacts",
        "holiday_list",
        "category_list",
        "staff_list",
        "audit_list",
        "consent_list",
        "processing_register",
        "appointments:agenda",
        "guide:rota",
        "imports:run",
        "network:networks",
        "network:network",
    }
)
# An address ending in a file's extension is a file to download: not fetched (no PDF drawn for nothing).
FILE = re.compile(r"\.(\w+|<[^>]+>)\$?$")
# Forms sent with nothing typed in: (pattern, the form), on the commune's host as its head.
EMPTY_FORMS = [
    ("intake", "main form.intake"),
    ("person_create", "main form.card"),
    ("person_edit", "main form.card"),
    ("person_erase", "main form.card"),
    ("person_detail", "main form[action$='/documents/']"),
    ("case_edit", "main form.card"),
    ("case_detail", "main form[action$='/notes/']"),
    ("referral_create", "main form.card"),
    ("category_create", "main form.card"),
    ("campaign_create", "main form.card"),
    ("service_create", "main form.card"),
    ("holiday_list", "main form[action*='/holidays/']"),
    ("activity_list", "main form[method=post]"),
    ("staff_list", "main form[method=post]"),
    ("guide:procedure_create", "main form.card"),
    ("guide:rota", "main form.card"),
    ("appointments:slots", "main form.card"),
    ("appointments:closures", "main form.card"),
    ("reports:list", "main form.card"),
    ("imports:home", "main form[enctype]"),
    ("account_change_password", "main form"),
]
# On the platform's host, as the operator.
REGIONAL_EMPTY_FORMS = [
    ("network:network", "main form[action$='/join/']"),
    ("network:correct", "main form"),
]
# The form's fields emptied, and the browser's own checks off: the server answers.
BLANK = """
const form = document.querySelector(arguments[0]);
form.noValidate = true;
for (const field of form.querySelectorAll('input:not([type=hidden], [type=checkbox], [type=radio]), textarea')) {
  field.value = '';
}
"""
# How much wider than the window the page is, and the innermost elements whose content is too wide for them.
WIDER = """
const html = document.documentElement;
const over = html.scrollWidth - html.clientWidth;
if (over <= 0) return null;
const wide = [...document.body.querySelectorAll('*')]
  .filter(e => e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflowX === 'visible')
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + [...e.classList].map(c => '.' + c).join(''));
return [over, wide.slice(-3)];
"""
TWO_FRAMES = "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done()));"


@dataclass(frozen=True)
class Pattern:
    name: str
    route: str
    arguments: tuple[str, ...]


def patterns(urlconf: str) -> list[Pattern]:
    """Every URL pattern of a URL configuration, with its full name and its path's arguments."""
    found = []

    def walk(resolver: URLResolver, prefix: str, namespace: str, arguments: tuple[str, ...]) -> None:
        for entry in resolver.url_patterns:
            route = prefix + str(entry.pattern)
            names = arguments + tuple(entry.pattern.regex.groupindex)
            if isinstance(entry, URLResolver):
                walk(entry, route, ":".join(filter(None, [namespace, entry.namespace])), names)
            else:
                name = f"{namespace}:{entry.name}" if namespace and entry.name else (entry.name or "")
                found.append(Pattern(name, route, names))

    walk(get_resolver(urlconf), "", "", ())
    return found


@dataclass
class Seeded:
    """What the test made in its commune and on the platform, to fill the patterns' arguments."""

    head: User
    person: Person
    case: Case
    document: IdentityDocument
    consent: Consent
    attachment_id: int
    referral_id: int
    saved_view: SavedView
    category: Category
    holiday_id: int
    campaign: Campaign
    service: LocalService
    slot: WeeklySlot
    exception_id: int
    closure_id: int
    booking_id: int
    cancel_token: str
    free_slot: tuple[date, time]
    procedure: Procedure
    template: ProcedureTemplate
    shift: DutyShift
    report: Report
    run_id: int
    invitation_token: str
    survey_token: str
    incoming_id: int
    network: Network | None = None
    membership: Membership | None = None


def arguments(seeded: Seeded) -> dict[str, dict[str, object]]:
    """For each argument of a path, its value by the start of the pattern's name ("" for any pattern)."""
    network, membership = seeded.network, seeded.membership
    assert network is not None
    assert membership is not None
    return {
        "pk": {
            "person_": seeded.person.pk,
            "document_": seeded.person.pk,
            "consent_": seeded.person.pk,
            "link_": seeded.person.pk,
            "case_": seeded.case.pk,
            "attachment_": seeded.case.pk,
            "referral_": seeded.case.pk,
            "imports:": seeded.run_id,
            "network:": membership.pk,
            "transfer_": seeded.incoming_id,
        },
        "document_id": {"": seeded.document.pk},
        "consent_id": {"": seeded.consent.pk},
        "attachment_id": {"": seeded.attachment_id},
        "referral_id": {"": seeded.referral_id},
        "view_id": {"": seeded.saved_view.pk},
        "category_id": {"": seeded.category.pk},
        "holiday_id": {"": seeded.holiday_id},
        "campaign_id": {"": seeded.campaign.pk},
        "service_id": {"": seeded.service.pk},
        "booking_id": {"": seeded.booking_id},
        "slot_id": {"": seeded.slot.pk},
        "exception_id": {"": seeded.exception_id},
        "closure_id": {"": seeded.closure_id},
        "procedure_id": {"": seeded.procedure.pk},
        "template_id": {"": seeded.template.pk},
        "shift_id": {"": seeded.shift.pk},
        "report_id": {"": seeded.report.pk},
        "token": {
            "portal:survey": seeded.survey_token,
            "appointments:cancel": seeded.cancel_token,
            "accept_invitation": seeded.invitation_token,
        },
        "day": {"appointments:book_slot": seeded.free_slot[0].isoformat()},
        "start": {"appointments:book_slot": seeded.free_slot[1].strftime("%H%M")},
        "code": {"network:": network.code},
        # allauth's links from e-mails: the page a link shows once used or expired.
        "key": {"account_": "not-a-key"},
        "uidb36": {"account_": "0"},
    }


def fill(pattern: Pattern, values: dict[str, dict[str, object]]) -> dict[str, object] | None:
    """The pattern's arguments, or None when one of them has no value."""
    filled = {}
    for argument in pattern.arguments:
        by_name = values.get(argument, {})
        starts = [start for start in by_name if pattern.name.startswith(start)]
        if not starts:
            return None
        filled[argument] = by_name[max(starts, key=len)]
    return filled


@dataclass
class Walk:
    """The patterns of one host, asked for by each visitor in turn; each page checked once, at both widths."""

    visit: Visit
    checker: Checker
    language: str
    urlconf: str
    values: dict[str, dict[str, object]]
    skip: set[str] = field(default_factory=set)
    pending: dict[str, str] = field(default_factory=dict)  # name -> path, not yet known
    answers: dict[str, list[str]] = field(default_factory=dict)  # name -> what each visitor got
    kinds: dict[str, str] = field(default_factory=dict)  # name -> page, file, POST only, fragment
    problems: list[str] = field(default_factory=list)
    at_phone: bool = True
    sample: frozenset[str] | None = None  # the pages checked, by pattern name; None: every page
    checked: set[str] = field(default_factory=set)  # the pages checked, by pattern name

    def __post_init__(self) -> None:
        for pattern in patterns(self.urlconf):
            if any(pattern.route.startswith(start) for start in NOT_OURS) or pattern.name in self.skip:
                continue
            if not pattern.name:
                self.problems.append(f"{self.urlconf}: the pattern {pattern.route!r} has no name to reach it by")
            elif FILE.search(pattern.route):
                self.kinds[pattern.name] = "file"
            elif (filled := fill(pattern, self.values)) is None:
                self.problems.append(
                    f"{self.urlconf}: no value for the arguments {pattern.arguments} of {pattern.name!r} "
                    f"({pattern.route}): add the objects to `arguments`"
                )
            else:
                self.pending[pattern.name] = reverse(pattern.name, urlconf=self.urlconf, kwargs=filled)

    def round(self, who: str) -> None:
        """Each pattern not yet known, asked for by whoever is signed in now; each page found is checked."""
        for name, path in list(self.pending.items()):
            status, kind, location = probe(self.visit, path, self.language)
            if "/reauthenticate/" in location:  # the sign-in was a few minutes ago: the password again
                self.reauthenticate(location)
                status, kind, location = probe(self.visit, path, self.language)
            if not kind:
                self.answers.setdefault(name, []).append(f"{who}: {status}{' to ' + location if location else ''}")
                continue
            del self.pending[name]
            self.kinds[name] = kind
            if kind == "page" and self.sampled(name):
                self.visit.go(path)
                self.check(name)

    def sampled(self, page: str) -> bool:
        """Whether the page is checked: the pattern's name before the state ("intake, people found")."""
        return self.sample is None or page.split(",")[0] in self.sample

    def reached(self, name: str) -> None:
        """A page reached through a step rather than by its address; the caller checks it."""
        self.pending.pop(name, None)
        self.kinds[name] = "page"

    def reauthenticate(self, path: str) -> None:
        self.visit.go(path)
        self.visit.fill("id_password", PASSWORD)
        self.visit.submit("main form")

    def check(self, page: str) -> None:
        """At the width the page was loaded at, then at the other one (the next page loads at that one)."""
        if not self.sampled(page):
            return
        self.checked.add(page.split(",")[0])
        self.check_here(page)
        self.at_phone = not self.at_phone
        emulate_phone(self.visit.driver, on=self.at_phone)
        self.visit.driver.execute_async_script(TWO_FRAMES)
        self.check_here(page)

    def check_here(self, page: str) -> None:
        if self.at_phone:
            if self.language == "ar":
                self.visit.shot(re.sub(r"\W+", "-", page))
            self.check_reflow(page)
        self.checker.check(f"{page}, {'phone' if self.at_phone else 'desktop'}")

    def check_reflow(self, page: str) -> None:
        """On a phone, the page is no wider than the screen (WCAG 1.4.10): a wide table scrolls in its own box.
        A chart drawn at the desktop's width takes a moment to be drawn again at the phone's."""
        for _attempt in range(6):
            wider = self.visit.driver.execute_script(WIDER)
            if not wider:
                return
            clock.sleep(0.25)
        self.checker.found.append(
            f"[{page}, phone] {wider[0]} px wider than the screen (WCAG 1.4.10, reflow); too wide: {wider[1]}"
        )

    def check_empty_form(self, name: str, form: str, path: str | None = None) -> None:
        """The page's form sent with nothing typed in: it comes back with its errors."""
        if not self.sampled(name):
            return
        self.visit.go(path or self.path(name))
        try:
            self.visit.driver.execute_script(BLANK, form)
            self.visit.submit(form)
            self.visit.wait_for(".field__error, .form-errors")
        except WebDriverException as error:
            self.problems.append(f"{name}: the form {form!r} sent empty did not come back with errors ({error.msg})")
            return
        self.check(f"{name}, sent empty")

    def path(self, name: str) -> str:
        pattern = next(pattern for pattern in patterns(self.urlconf) if pattern.name == name)
        filled = fill(pattern, self.values)
        assert filled is not None, name
        return reverse(name, urlconf=self.urlconf, kwargs=filled)

    def report(self) -> list[str]:
        """Patterns not filled, and patterns nobody reached as a page, with what each visitor got."""
        unreached = [
            f"{name} ({path}) was never a page: {'; '.join(self.answers.get(name, []))}"
            for name, path in self.pending.items()
            if name not in NOT_PAGES
        ]
        return self.problems + unreached


def probe(visit: Visit, path: str, language: str) -> tuple[int, str, str]:
    """What an address is for the browser's session: its status; its kind, or "" when this visitor does not reach
    it (a redirect, a refusal); where it redirects to."""
    host, port = visit.base.removeprefix("http://").rsplit(":", 1)
    cookies = "; ".join(f"{cookie['name']}={cookie['value']}" for cookie in visit.driver.get_cookies())
    connection = http.client.HTTPConnection("127.0.0.1", int(port), timeout=60)
    try:
        connection.request(
            "GET", path, headers={"Host": f"{host}:{port}", "Cookie": cookies, "Accept-Language": language}
        )
        response = connection.getresponse()
        start = response.read(4096).lower()
    finally:
        connection.close()
    status, content_type = response.status, response.getheader("Content-Type", "")
    if status == 405:
        return status, "POST only", ""
    if status != 200:
        return status, "", response.getheader("Location", "")
    if not content_type.startswith("text/html"):
        return status, "file", ""
    if b"<html" not in start:
        return status, "fragment", ""
    return status, "page", ""


def sign_in(visit: Visit, email: str) -> None:
    visit.go("/accounts/login/")
    visit.fill("id_login", email)
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")


def session_value(visit: Visit, key: str) -> object:
    """A value allauth keeps in the browser's session (the key of two-step verification being set up)."""
    cookie = visit.driver.get_cookie(settings.SESSION_COOKIE_NAME)
    assert cookie is not None
    return import_module(settings.SESSION_ENGINE).SessionStore(session_key=cookie["value"]).load().get(key)


def totp_code(secret: str) -> str:
    """The code the app shows now; in the last seconds of its 30, the next one (it must still be good when sent)."""
    if clock.time() % 30 > 25:
        clock.sleep(30 - clock.time() % 30 + 0.1)
    return str(format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time()))))


def book(visit: Visit) -> None:
    """An appointment booked at the first free time: the page it lands on."""
    visit.go("/appointments/")
    visit.click("a.appointments-slot")
    visit.wait_for("form button[type=submit]")
    visit.fill("id_name", "Samira Ouali")
    visit.fill("id_phone", "+33 6 98 76 54 32")
    visit.fill("id_email", "samira.ouali@example.org")
    visit.driver.find_element(By.ID, "id_consent").click()
    visit.submit("main form")
    visit.wait_for("dl.facts")


def last_message(kind: str) -> str:
    return Message.objects.filter(kind=kind).latest("pk").body


@pytest.fixture
def window() -> tuple[int, int]:
    """A desktop's window; a phone's width by device emulation (emulate_phone), switched on and off."""
    return DESKTOP


@pytest.fixture
def seeded(office: tuple[Commune, User, ExternalService], language: str, settings, tmp_path: Path) -> Seeded:  # type: ignore[no-untyped-def]
    """Something on every page of the test's commune: a case referred to a service, with a note, a document
    and a consent; the office's settings; appointment times, one booked; a procedure, a duty shift; a report
    drawn; a register uploaded; an invitation waiting; a survey to answer."""
    settings.MEDIA_ROOT = str(tmp_path)
    commune, agent, service = office
    today = timezone.localdate()
    with schema_context(commune.schema_name):
        head = User.objects.create_user(
            f"head-{language}@e2e.test", PASSWORD, role=Role.OFFICE_HEAD, full_name="Najat Head",
            preferred_language=language,
        )  # fmt: skip
        person = Person.objects.get()
        Person.objects.filter(pk=person.pk).update(email="mohamed.oubella@example.org")
        person.refresh_from_db()
        consent = people.record_consent(actor=head, person=person, purpose="share_with_services", channel="visit")
        document = people.add_identity_document(actor=head, person=person, kind="passport", number="AB1234567")
        urbanism = Category.objects.get(code="urbanism")
        case = case_services.open_case(
            actor=head, person=person, kind="request", category=urbanism, channel="visit",
            subject="Permis de construire", description="Où en est la demande ?", assigned_to=agent,
        )  # fmt: skip
        case_services.add_note(actor=head, case=case, body="Appelé le service de l'urbanisme.")
        attachment = case_services.add_attachment(
            actor=head,
            case=case,
            upload=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"),
        )
        referral = referrals.refer_case(actor=head, case=case, purpose="Avis sur le permis", regional_service=service)
        closed = case_services.open_case(
            actor=head, person=person, kind="information", category=urbanism, channel="phone", subject="Horaires"
        )
        case_services.transition_case(actor=head, case=closed, to_status=Case.Status.ANSWERED)
        case_services.transition_case(actor=head, case=closed, to_status=Case.Status.CLOSED)
        portal.invite_to_survey(closed)  # as for a request made on the portal
        survey = re.search(r"/portal/survey/([\w-]+)/", last_message("portal_survey"))
        assert survey is not None
        saved_view = SavedView.objects.create(owner=head, name="Urbanisme", query="category=urbanism")
        holiday = office_services.add_holiday(
            actor=head, day=date(today.year, 12, 31), name_fr="Jour de test", name_ar="يوم الاختبار"
        )
        campaign = office_services.save_campaign(
            actor=head, campaign=None, name="Marhaba", kind="marhaba", starts_on=date(today.year, 6, 5),
            ends_on=date(today.year, 9, 15),
        )  # fmt: skip
        office_services.log_activity(
            actor=head, kind=Activity.Kind.MEETING, subject="Réunion du réseau", place="Oujda", day=today
        )
        local = office_services.save_local_service(
            actor=head, service=None, name_fr="Service de l'état civil", kind="civil_status"
        )
        slots = [
            appointments.add_weekly_slot(actor=head, weekday=weekday, start=time(9), duration_minutes=30, capacity=3)
            for weekday in range(7)
        ]
        exception = appointments.set_exception(
            actor=head, day=today + timedelta(days=20), start=time(15), duration_minutes=30, capacity=1
        )
        closure = appointments.add_closure(
            actor=head, starts_on=today + timedelta(days=25), ends_on=today + timedelta(days=26), reason="Inventaire"
        )
        open_days = [
            (day, slot) for day, day_slots in appointment_selectors.bookable_slots().items() for slot in day_slots
        ]
        first_day, first_slot = open_days[0]
        booking, cancel_token = appointments.book(
            data=appointments.BookingInput(
                day=first_day, start=first_slot.start, name="Fatima Ouali", phone="+33 6 12 34 56 78",
                email="fatima.ouali@example.org", preferred_language=language, consent=True,
            )
        )  # fmt: skip
        procedure = Procedure.objects.create(
            title_fr="Permis de construire", title_ar="رخصة البناء", category=urbanism,
            documents_fr="Copie de la CNIE\nPlan de situation", documents_ar="نسخة من البطاقة الوطنية\nتصميم الموقع",
            fees="Gratuit", delay="30 jours", handled_by="Service de l'urbanisme", links="https://www.rokhas.ma/",
            published=True,
        )  # fmt: skip
        shift = DutyShift.objects.create(
            day=today + timedelta(days=1), starts_at=time(9), ends_at=time(12), kind=DutyShift.Kind.OTHER, staff=head
        )
        first, last = reports.last_month(today)
        report = reports.generate(Report.objects.create(first=first, last=last, requested_by=head))
        sample = Path(imports.__file__).parent / "sample" / "register_aitmelloul.xlsx"
        run = imports.upload_register(actor=head, upload=SimpleUploadedFile(sample.name, sample.read_bytes()))
        invitation = accounts.invite_staff(
            email=f"new-{language}@e2e.test", role=Role.AGENT, full_name="Karim Nouveau", language=language,
            invited_by=head,
        )  # fmt: skip
        # A case another office sent, waiting in the queue: its summary only, as cases.services.transfers writes
        # it (the sending side is not needed to show the pages).
        incoming = IncomingTransfer.objects.create(
            from_commune_id=Commune.objects.get(slug="aitmelloul").pk,
            from_commune_name={"fr": "Aït Melloul", "ar": "أيت ملول"},
            outgoing_id=1, from_reference="AITM-2026-00001", category_code="urbanism",
            category_name={"fr": "Urbanisme", "ar": "التعمير"}, kind="request",
            subject="Permis de construire à Berkane", reason="La famille a déménagé à Berkane.",
            note="Dossier complet.", person_name_latin="Fatima Ouali", person_name_ar="فاطمة أوعلي",
            sent_at=timezone.now(),
        )  # fmt: skip
    return Seeded(
        head=head, person=person, case=case, document=document, consent=consent, attachment_id=attachment.pk,
        referral_id=referral.pk, saved_view=saved_view, category=urbanism, holiday_id=holiday.pk, campaign=campaign,
        service=local, slot=slots[0], exception_id=exception.pk, closure_id=closure.pk, booking_id=booking.pk,
        cancel_token=cancel_token, free_slot=(first_day, first_slot.start), procedure=procedure,
        template=ProcedureTemplate.objects.first() or pytest.fail("no procedure template"), shift=shift,
        report=report, run_id=run.pk, invitation_token=invitation.token, survey_token=survey.group(1),
        incoming_id=incoming.pk,
    )  # fmt: skip


@pytest.fixture
def platform_accounts(regional: Network, language: str) -> Iterator[dict[str, str]]:
    """The operator and a funder beside the regional fixture's coordinator, in the test's language."""
    for left in User.objects.filter(email__in=[OPERATOR, FUNDER]):  # by a run that stopped half-way
        forget(left)
    User.objects.filter(email=COORDINATOR).update(preferred_language=language)
    operator = User.objects.create_user(
        OPERATOR, PASSWORD, role=Role.OPERATOR, full_name="Opératrice", preferred_language=language
    )
    funder = User.objects.create_user(
        FUNDER, PASSWORD, role=Role.FUNDER, full_name="Bailleur", preferred_language=language
    )
    network_services.set_scope(user=funder, programmes=[Programme.objects.get(code="prim")])
    yield {"operator": OPERATOR, "coordinator": COORDINATOR, "funder": FUNDER}
    forget(operator)
    forget(funder)


def test_every_page_passes_axe_on_a_phone_and_a_desktop(
    server: str,
    office: tuple[Commune, User, ExternalService],
    seeded: Seeded,
    regional: Network,
    platform_accounts: dict[str, str],
    browser: WebDriver,
    language: str,
) -> None:
    commune = office[0]
    seeded.network = regional
    seeded.membership = Membership.objects.get(network=regional, commune=commune, left_on__isnull=True)
    values = arguments(seeded)
    folder = SHOTS / language / "every-page"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    emulate_phone(browser)
    # axe in every page as it opens, rather than sent over WebDriver after each load.
    browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": AXE + ";axe.configure({noHtml: true});"}
    )
    visit = Visit(browser, f"http://{SLUG}.{server}", folder)
    checker = Checker(visit, language)
    sample = None if language == "ar" else FRENCH_SAMPLE
    names = {p.name for p in patterns("jisr.urls_tenant")} | {p.name for p in patterns("jisr.urls_public")}
    assert not FRENCH_SAMPLE - names, FRENCH_SAMPLE - names  # a page renamed: the sample follows it
    here = Walk(visit, checker, language, "jisr.urls_tenant", values, sample=sample)

    # The commune's host, signed out: the public pages, the sign-in page (a wrong password too), e-mails' links.
    here.round("signed out")
    here.check_empty_form("appointments:book_slot", "main form")
    book(visit)
    here.reached("appointments:booked")
    here.check("appointments:booked")
    visit.go("/accounts/login/")
    visit.fill("id_login", seeded.head.email)
    visit.fill("id_password", "not-the-password")
    visit.submit("main form")
    visit.wait_for(".form-errors")
    here.check("account_login, wrong password")

    # The office head: reminded to set up two-step verification, sets it up (the password asked again, the
    # code sent empty first), signs in with it (a code sent empty, then a recovery code); then every page.
    sign_in(visit, seeded.head.email)
    visit.wait_for(".mfa-reminder")
    here.check("home, two-step verification to set up")
    visit.go(reverse("mfa_index", urlconf="jisr.urls_tenant"))
    here.check("mfa_index, not set up")
    visit.go(reverse("mfa_activate_totp", urlconf="jisr.urls_tenant"))
    here.reached("account_reauthenticate")
    here.check("account_reauthenticate")
    here.check_empty_form("account_reauthenticate", "main form", path=browser.current_url.removeprefix(visit.base))
    visit.fill("id_password", PASSWORD)
    visit.submit("main form")
    here.reached("mfa_activate_totp")
    here.check("mfa_activate_totp")
    here.check_empty_form("mfa_activate_totp", "main form")
    with schema_context(commune.schema_name):
        secret = str(session_value(visit, SECRET_SESSION_KEY))
    visit.fill("id_code", totp_code(secret))
    visit.submit("main form")
    with schema_context(commune.schema_name):
        authenticator = Authenticator.objects.get(user=seeded.head, type=Authenticator.Type.RECOVERY_CODES)
        recovery_code = RecoveryCodes(authenticator).get_unused_codes()[0]
    browser.delete_all_cookies()
    sign_in(visit, seeded.head.email)
    visit.wait_for("form[action$='/2fa/authenticate/']")
    here.reached("mfa_authenticate")
    here.check("mfa_authenticate")
    here.check_empty_form("mfa_authenticate", "main form", path=browser.current_url.removeprefix(visit.base))
    visit.fill("id_code", recovery_code)
    visit.submit("main form")
    here.round("office head")

    # The main forms sent empty; the intake with its person chosen, and with people found as a name is typed.
    for name, form in EMPTY_FORMS:
        here.check_empty_form(name, form)
    visit.go(here.path("intake") + f"?person={seeded.person.pk}")
    here.check("intake, someone chosen")
    visit.go(here.path("intake"))
    visit.fill("id_person-last_name_latin", "Oubella")
    visit.wait_for("ul.matches")
    here.check("intake, people found")

    # The platform's host: signed out, then as a funder, a coordinator, the operator. The accounts' pages are the
    # same views and templates as on the commune's host, checked there.
    browser.delete_all_cookies()
    platform_visit = Visit(browser, f"http://{server}", folder)
    platform_visit.shots = visit.shots
    checker.visit = platform_visit
    shared = {p.name for p in patterns("jisr.urls_public")} & {p.name for p in patterns("jisr.urls_tenant")}
    there = Walk(
        platform_visit, checker, language, "jisr.urls_public", values, skip=shared, at_phone=here.at_phone,
        sample=sample,
    )  # fmt: skip
    there.round("signed out")
    for role in ("funder", "coordinator", "operator"):
        browser.delete_all_cookies()
        sign_in(platform_visit, platform_accounts[role])
        there.round(role)
    for name, form in REGIONAL_EMPTY_FORMS:
        there.check_empty_form(name, form)
    platform_visit.go(there.path("api_token"))
    platform_visit.submit("form.token-new")
    platform_visit.wait_for("#new-token")
    there.check("api_token, a new key")

    found = here.report() + there.report() + checker.found
    assert not found, f"in {language}:\n" + "\n".join(found)
    pages = [name for walk in (here, there) for name, kind in walk.kinds.items() if kind == "page"]
    assert len(pages) > 80, pages  # the walk did reach the pages
    unchecked = (sample or set(pages)) - here.checked - there.checked
    assert not unchecked, f"in {language}, not checked: {sorted(unchecked)}"
