"""Locust users of bench/load.py: office staff at work and visitors of the public portal, across communes.

Run by bench/load.py in its own process (locust brings gevent, which must not patch
the platform's process). What it gets from there, in the environment:

- JISR_BENCH_HOSTS: the communes' host names (`<slug>.<domain>:<port>`), comma-separated;
  each user is bound to one of them, in turn, by the order it was started in, so that
  two runs with the same users and hosts put the same people on the same communes;
- JISR_BENCH_PASSWORD: the staff accounts' password (head@<slug>.demo, agent@<slug>.demo);
- JISR_BENCH_WRITES: "1" if visitors also submit requests and book appointments
  (the comparison runs read only, so that the second run finds the data the first did);
- JISR_BENCH_TIMES: a file where every request's name and time are written at the end,
  for percentiles finer than locust's rounded ones.

Every page is checked for being the page asked for (its item of the navigation is the
current one): a redirect to the sign-in page or to the set-up of two-factor
authentication is a failure, not a success.
"""

from __future__ import annotations

import csv
import itertools
import os
import random
import re
import uuid
from datetime import date, timedelta
from http.cookiejar import Cookie, DefaultCookiePolicy
from typing import Any

from locust import HttpUser, between, events, task
from locust.clients import ResponseContextManager
from portal_form import TOKEN, acknowledged, filled_in

HOSTS = [host for host in os.environ.get("JISR_BENCH_HOSTS", "").split(",") if host]
PASSWORD = os.environ.get("JISR_BENCH_PASSWORD", "")
WRITES = os.environ.get("JISR_BENCH_WRITES", "1") == "1"
TIMES_FILE = os.environ.get("JISR_BENCH_TIMES", "")

PERSON_LINK = re.compile(r'href="/people/(\d+)/"[^>]*>([^<]+)</a>')
CASE_LINK = re.compile(r'href="/cases/(\d+)/"')
PROCEDURE_LINK = re.compile(r'href="/guide/procedures/(\d+)/"')
SLOT_LINK = re.compile(r'href="(/appointments/book/\d{4}-\d{2}-\d{2}/\d{4}/)"')
ERRNO = re.compile(r"\[Errno -?\d+\] [^\"'()]+")

# What people type in the register's search: names in either script, a phone number's start.
SEARCHES = ["Mohamed", "محمد", "Fatima", "فاطمة", "El Amrani", "Ait", "Benali", "+33 6", "06 12", "Khadija"]

# Users are numbered as locust starts them: the same run twice binds the same users to the same communes.
STAFF_NUMBERS = itertools.count()
VISITOR_NUMBERS = itertools.count()
# Every visit comes from an address of its own, as it would through the platform's proxy (TRUSTED_PROXY_COUNT=1).
ADDRESSES = itertools.count(1)

# Every request's name, time (ms), whether it failed, and whether all users had started by then.
RESPONSE_TIMES: list[tuple[str, float, bool, bool]] = []
STARTED = {"all": False}
READING = between(1, 4)  # people read a page before the next one


@events.spawning_complete.add_listener
def _all_started(**kwargs: Any) -> None:
    STARTED["all"] = True


@events.request.add_listener
def _record(name: str, response_time: float, exception: BaseException | None, **kwargs: Any) -> None:
    RESPONSE_TIMES.append((name, response_time, exception is not None, STARTED["all"]))


@events.quit.add_listener  # after the users have stopped: their last requests are in
def _write_times(**kwargs: Any) -> None:
    if not TIMES_FILE:
        return
    with open(TIMES_FILE, "w", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["name", "ms", "failed", "all_started"])
        writer.writerows((name, f"{ms:.2f}", int(failed), int(started)) for name, ms, failed, started in RESPONSE_TIMES)


class LoopbackCookies(DefaultCookiePolicy):
    """The platform's cookies are Secure (production settings): over the loopback's plain HTTP the client
    would keep them and never send them back (requests copies them into a jar of the default policy for
    each request). They are kept as not Secure, as a browser over TLS would send them."""

    def set_ok(self, cookie: Cookie, request: Any) -> bool:
        cookie.secure = False
        return bool(super().set_ok(cookie, request))


def _address() -> str:
    n = next(ADDRESSES)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _current(path: str) -> str:
    """The navigation's item of the page at `path`, marked as the current one (cases/templates, base.html)."""
    return f'href="{path}" aria-current="page"'


class _Browser(HttpUser):
    abstract = True
    wait_time = READING
    commune_host = ""  # `<slug>.<domain>:<port>`, chosen in on_start

    def on_start(self) -> None:
        self.client.headers["Host"] = self.commune_host
        self.client.cookies.set_policy(LoopbackCookies())

    def page(self, path: str, name: str, *, marker: str, params: dict[str, str] | None = None) -> str | None:
        """GET a page; a failure unless it answers 200 with `marker` on it. Its text, or None."""
        with self.client.get(path, params=params, name=name, allow_redirects=False, catch_response=True) as response:
            return _checked(response, marker)


def _reason(response: ResponseContextManager) -> str:
    if response.status_code == 0:  # no answer at all: the connection's error says why (without the URL,
        # so that locust counts the same reason once)
        error = response.error
        found = ERRNO.search(str(error))
        return f"no response ({type(error).__name__}: {found.group(0) if found else str(error)[:100]})"
    if response.is_redirect:
        return f"status {response.status_code} to {response.headers.get('Location')}"
    return f"status {response.status_code}"


def _checked(response: ResponseContextManager, marker: str) -> str | None:
    if response.status_code != 200:
        response.failure(_reason(response))
        return None
    if marker not in response.text:
        response.failure("not the page asked for")
        return None
    return response.text


class StaffMember(_Browser):
    """An office head or an agent: signs in once, then works through the register and the cases."""

    weight = 1

    def on_start(self) -> None:
        number = next(STAFF_NUMBERS)
        self.commune_host = HOSTS[number % len(HOSTS)]
        slug = self.commune_host.split(".", 1)[0]
        # The first round of staff on each commune are its office heads, the next its agents.
        self.email = f"{'head' if number // len(HOSTS) % 2 == 0 else 'agent'}@{slug}.demo"
        self.people: list[tuple[str, str]] = []  # (id, name) seen in the register
        self.cases: list[str] = []
        super().on_start()
        self.client.headers["X-Forwarded-For"] = _address()  # the office's own computer, all day
        self.sign_in()

    def sign_in(self) -> None:
        form = self.page("/accounts/login/", "staff: sign-in page", marker='name="password"')
        token = TOKEN.search(form or "")
        if token is None:
            return
        with self.client.post(
            "/accounts/login/",
            data={"csrfmiddlewaretoken": token.group(1), "login": self.email, "password": PASSWORD},
            name="staff: sign in",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/":
                response.failure(f"{_reason(response)}, not signed in")

    @task(3)
    def dashboard(self) -> None:
        self.page("/", "staff: dashboard", marker=_current("/"))

    @task(3)
    def people_list(self) -> None:
        params = {"page": str(random.choice([1, 1, 1, 2, 3]))}
        text = self.page("/people/", "staff: people list", marker=_current("/people/"), params=params)
        if text:
            self.people = [(pk, name.strip()) for pk, name in PERSON_LINK.findall(text)] or self.people

    @task(3)
    def people_search(self) -> None:
        typed = random.choice(SEARCHES)
        if self.people and random.random() < 0.6:  # a name from the register, as the visitor spells it
            typed = random.choice(self.people)[1].split()[-1]
        self.page("/people/", "staff: people search", marker=_current("/people/"), params={"q": typed})

    @task(3)
    def person(self) -> None:
        if not self.people:
            self.people_list()
            return
        pk, _name = random.choice(self.people)
        self.page(f"/people/{pk}/", "staff: person page", marker=_current("/people/"))

    @task(3)
    def case_list(self) -> None:
        view = random.choice(["", "", "mine", "overdue", "waiting"])
        text = self.page(
            "/cases/", "staff: cases list", marker=_current("/cases/"), params={"view": view} if view else None
        )
        if text:
            self.cases = CASE_LINK.findall(text) or self.cases

    @task(3)
    def case(self) -> None:
        if not self.cases:
            self.case_list()
            return
        self.page(f"/cases/{random.choice(self.cases)}/", "staff: case page", marker=_current("/cases/"))

    @task(1)
    def agenda(self) -> None:
        day = date.today() + timedelta(days=random.choice([0, 0, 1, 2, 7]))
        self.page(
            "/appointments/agenda/",
            "staff: agenda",
            marker=_current("/appointments/agenda/"),
            params={"day": day.isoformat()},
        )

    @task(1)
    def intake_matches(self) -> None:
        """The matches the intake form proposes as a name is typed (htmx: a fragment, no navigation)."""
        typed = random.choice(self.people)[1].split()[0] if self.people else random.choice(SEARCHES)
        with self.client.get(
            "/intake/search/",
            params={"person-last_name_latin": typed},
            name="staff: intake matches",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code != 200 or "<html" in response.text:
                response.failure(f"{_reason(response)}, not the matches")


class Visitor(_Browser):
    """People who reach the office's portal, from a phone, one after the other: each visit is a new person
    (another address, no cookies) who reads a few pages, and sometimes sends a request or books a time."""

    weight = 2

    def on_start(self) -> None:
        self.commune_host = HOSTS[next(VISITOR_NUMBERS) % len(HOSTS)]
        super().on_start()
        self.new_visit()

    def new_visit(self) -> None:
        self.client.cookies.clear()
        self.client.headers["X-Forwarded-For"] = _address()
        self.tasks_left = random.randint(2, 6)

    def wait_time(self) -> float:
        """Between pages the person reads; after a few, they leave and someone else arrives."""
        self.tasks_left -= 1
        if self.tasks_left <= 0:
            self.new_visit()
        return READING(self)

    @task(5)
    def home(self) -> None:
        self.page("/portal/", "portal: home", marker=_current("/portal/"))

    @task(3)
    def procedures(self) -> None:
        text = self.page("/guide/", "portal: procedures", marker=_current("/guide/"))
        found = PROCEDURE_LINK.findall(text or "")
        if found and random.random() < 0.7:
            self.page(f"/guide/procedures/{random.choice(found)}/", "portal: a procedure", marker=_current("/guide/"))

    @task(2)
    def on_duty(self) -> None:
        self.page("/guide/on-duty/", "portal: on duty", marker=_current("/guide/on-duty/"))

    @task(1)
    def track_form(self) -> None:
        self.page("/portal/track/", "portal: track form", marker=_current("/portal/track/"))

    @task(2)
    def request_form(self) -> None:
        text = self.page("/portal/request/", "portal: request form", marker=_current("/portal/request/"))
        if text and WRITES and random.random() < 0.3:
            self.submit_request(text)

    def submit_request(self, form: str) -> None:
        data = filled_in(form, choose=random.choice)
        if data is None:
            return
        with self.client.post(
            "/portal/request/", data=data, name="portal: submit a request", allow_redirects=False, catch_response=True
        ) as response:
            if not acknowledged(response):
                response.failure(f"{_reason(response)}, no reference on the page")

    @task(3)
    def appointments(self) -> None:
        text = self.page("/appointments/", "portal: appointments", marker=_current("/appointments/"))
        slots = SLOT_LINK.findall(text or "")
        if not slots or random.random() < 0.4:
            return
        slot = random.choice(slots)
        form = self.page(slot, "portal: a time's form", marker=_current("/appointments/"))
        if form and WRITES and random.random() < 0.25:
            self.book(slot, form)

    def book(self, slot: str, form: str) -> None:
        token = TOKEN.search(form)
        if token is None:
            return
        unique = uuid.uuid4().hex[:8]
        # A phone of their own: the office refuses a second booking of the same time by the same phone.
        phone = "+33 6 12 " + " ".join(f"{random.randint(0, 99):02d}" for _ in range(3))
        data = BOOKING | {
            "csrfmiddlewaretoken": token.group(1),
            "email": f"booker-{unique}@example.org",
            "phone": phone,
        }
        with self.client.post(
            slot, data=data, name="portal: book a time", allow_redirects=False, catch_response=True
        ) as response:
            if response.status_code != 302 or response.headers.get("Location") != "/appointments/booked/":
                response.failure(f"{_reason(response)}, not booked")
                return
        self.page("/appointments/booked/", "portal: booked", marker="/appointments/cancel/")


# The fields of the booking form (cases/appointments/forms.py); the subject is optional.
BOOKING = {
    "name": "Rachid Oukacha",
    "notify_by": "email",
    "preferred_language": "fr",
    "consent": "on",
}
