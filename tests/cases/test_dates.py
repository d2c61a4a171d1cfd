"""Dates checked against reality (cases.dates), on the pages, in the API and in the services alike: nothing before
2000, nothing that happened dated in the future, each pair in its order, a clear message on the field, never a
500; and cases of the office's history back-filled through the API with the days they were answered and closed,
counted so by the regional layer's facts."""

from __future__ import annotations

import json
from datetime import date, timedelta
from typing import Any

import pytest
from django.db.models import Sum
from django.test import Client
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import extraction
from analytics.models import CaseFact
from cases import dates
from cases.errors import CaseError
from cases.models import AuditEntry, Case, CaseEvent, Consent, LocalService, Referral
from cases.services import cases as case_services
from cases.services import referrals as referral_services
from jisr.accounts.models import User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category, consenting, person
from tests.cases.test_api import api as api_of
from tests.cases.test_workflow import new_case
from tests.conftest import signed_in_client

pytestmark = pytest.mark.django_db


def api(commune: Commune, user: User) -> Any:
    """A script of `user`'s that reads English (the API answers in the language the request asks)."""
    client = api_of(commune, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


TODAY = timezone.localdate()
IMPLAUSIBLE = {
    "9999-12-31": dates.IN_THE_FUTURE,  # was a 500: OverflowError in the due date's computation
    "0001-01-01": dates.BEFORE_EARLIEST,
    "1950-06-01": dates.BEFORE_EARLIEST,
    "1999-12-31": dates.BEFORE_EARLIEST,
    f"{TODAY.year + 2}-01-15": dates.IN_THE_FUTURE,  # 2028: it moved a network's open-data window
    (TODAY + timedelta(days=1)).isoformat(): dates.IN_THE_FUTURE,
}


def english(reason: str, **params: object) -> str:
    return reason % params if params else reason


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def service(in_a: Commune) -> LocalService:
    return LocalService.objects.create(name_fr="Agence urbaine d'Agadir", kind="urban_agency")


def case_body(agent: User, **dates_sent: object) -> dict[str, object]:
    body: dict[str, object] = {
        "person": person(agent).pk, "kind": "request", "category": "foreign_pension", "channel": "visit",
        "subject": "Pension de réversion",
    }  # fmt: skip
    return body | dates_sent


# --- The rules ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"opened_on": date(2024, 3, 1)}, []),
        ({"opened_on": date(2024, 3, 1), "answered_on": date(2024, 3, 1), "closed_on": date(2024, 3, 1)}, []),
        ({"opened_on": date(1999, 12, 31)}, [("opened_on", dates.BEFORE_EARLIEST, {})]),
        ({"opened_on": TODAY + timedelta(days=1)}, [("opened_on", dates.IN_THE_FUTURE, {})]),
        (
            {"opened_on": date(2024, 3, 1), "answered_on": date(2024, 2, 29)},
            [("answered_on", dates.ANSWERED_BEFORE_RECEIVED, {"date": "01/03/2024"})],
        ),
        (
            {"opened_on": date(2024, 3, 1), "answered_on": date(2024, 3, 10), "closed_on": date(2024, 3, 9)},
            [("closed_on", dates.CLOSED_BEFORE_ANSWERED, {"date": "10/03/2024"})],
        ),
        (
            {"opened_on": date(2024, 3, 1), "closed_on": date(2024, 2, 1)},
            [("closed_on", dates.CLOSED_BEFORE_RECEIVED, {"date": "01/03/2024"})],
        ),
        (  # an implausible day is said once, not again as out of order
            {"opened_on": date(2024, 3, 1), "answered_on": date(1990, 1, 1), "closed_on": TODAY + timedelta(days=9)},
            [("answered_on", dates.BEFORE_EARLIEST, {}), ("closed_on", dates.IN_THE_FUTURE, {})],
        ),
    ],
)
def test_each_day_of_a_case_is_plausible_and_in_order(given: dict[str, date], expected: list[tuple[Any, ...]]) -> None:
    found = dates.case_dates(**given)  # type: ignore[arg-type]
    assert [(problem.field, problem.reason, problem.params) for problem in found] == expected


def test_the_messages_speak_arabic_and_french_with_the_day_first() -> None:
    problem = dates.case_dates(opened_on=date(2024, 3, 1), answered_on=date(2024, 2, 1))[0]
    with translation.override("fr"):
        assert "01/03/2024" in problem.message
        assert problem.message != english(problem.reason, **problem.params)
    with translation.override("ar"):
        assert "01/03/2024" in problem.message
        assert any("\u0600" <= char <= "\u06ff" for char in problem.message)


def test_a_day_of_history_is_recorded_at_noon_and_today_never_later_than_now() -> None:
    assert timezone.localtime(dates.moment(date(2024, 3, 1))).hour == 12
    assert dates.moment(TODAY) <= timezone.now()


# --- The API -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("day", "reason"), IMPLAUSIBLE.items())
def test_a_case_opened_on_an_implausible_day_is_a_400_on_its_field(
    in_a: Commune, agent: User, day: str, reason: str
) -> None:
    response = api(in_a, agent).post("/api/cases/", case_body(agent, opened_on=day), format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {"opened_on": [reason]}
    assert not Case.objects.exists()


def test_the_services_refuse_an_implausible_day_whoever_calls_them(agent: User) -> None:
    with pytest.raises(CaseError) as caught:
        new_case(agent, opened_on=date(9999, 12, 31))
    assert caught.value.message_dict == {"opened_on": [dates.IN_THE_FUTURE]}
    with pytest.raises(CaseError):
        new_case(agent, opened_on=date(2024, 3, 1), answered_on=date(2024, 2, 1))
    assert not Case.objects.exists()


def test_a_case_of_the_offices_history_is_back_filled_with_its_days_and_counted_so(in_a: Commune, agent: User) -> None:
    with schema_context("public"):
        extraction.extract(in_a, full=True)
    client = api(in_a, agent)
    body = case_body(agent, opened_on="2024-03-04", answered_on="2024-03-11", closed_on="2024-03-20")
    response = client.post("/api/cases/", body, format="json")
    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["status"] == "closed"
    case = Case.objects.get(pk=answer["id"])
    assert timezone.localtime(case.answered_at).date() == date(2024, 3, 11)
    assert timezone.localtime(case.closed_at).date() == date(2024, 3, 20)
    assert not case.is_overdue
    # The timeline as if the moves had been made on those days, each said to be recorded afterwards.
    lines = [(e.kind, e.from_status, e.to_status, timezone.localtime(e.at).date()) for e in case.events.all()]
    assert lines == [
        ("created", "", "new", date(2024, 3, 4)),
        ("status", "new", "answered", date(2024, 3, 11)),
        ("status", "answered", "closed", date(2024, 3, 20)),
    ]
    assert "Recorded afterwards" in case.events.filter(kind="status").first().note_text  # type: ignore[union-attr]
    assert AuditEntry.objects.filter(target_type="case", target_id=case.pk, action="update").exists()

    # Only a closing day: answered that day too, as the workflow does.
    closed_only = client.post("/api/cases/", case_body(agent, opened_on="2024-03-04", closed_on="2024-04-30"))
    assert closed_only.status_code == 201, closed_only.content
    late = Case.objects.get(pk=closed_only.json()["id"])
    assert timezone.localtime(late.answered_at).date() == date(2024, 4, 30)

    with schema_context("public"):
        extraction.extract(in_a)
        month = CaseFact.objects.filter(commune=in_a, month=date(2024, 3, 1), status="closed")
        totals = month.aggregate(n=Sum("count"), answered=Sum("answered"), in_time=Sum("answered_in_time"))
        assert totals == {"n": 2, "answered": 2, "in_time": 1}  # 5 business days, then 41 (20 allowed)
        incremental = sorted(CaseFact.objects.filter(commune=in_a).values_list("month", "status", "count", "answered"))
        extraction.extract(in_a, full=True)
        assert sorted(CaseFact.objects.filter(commune=in_a).values_list("month", "status", "count", "answered")) == (
            incremental
        )


@pytest.mark.parametrize(
    ("sent", "field", "reason"),
    [
        ({"answered_on": "2024-03-01"}, "answered_on", english(dates.ANSWERED_BEFORE_RECEIVED, date="04/03/2024")),
        (
            {"answered_on": "2024-03-10", "closed_on": "2024-03-08"},
            "closed_on",
            english(dates.CLOSED_BEFORE_ANSWERED, date="10/03/2024"),
        ),
        ({"closed_on": "2024-03-01"}, "closed_on", english(dates.CLOSED_BEFORE_RECEIVED, date="04/03/2024")),
        ({"answered_on": (TODAY + timedelta(days=3)).isoformat()}, "answered_on", dates.IN_THE_FUTURE),
        ({"closed_on": "0001-01-01"}, "closed_on", dates.BEFORE_EARLIEST),
    ],
)
def test_days_of_history_out_of_order_are_a_400_on_the_field_at_fault(
    in_a: Commune, agent: User, sent: dict[str, str], field: str, reason: str
) -> None:
    response = api(in_a, agent).post("/api/cases/", case_body(agent, opened_on="2024-03-04", **sent), format="json")
    assert response.status_code == 400, response.content
    assert response.json() == {field: [reason]}
    assert not Case.objects.exists()


def test_a_services_answer_and_a_consent_are_dated_plausibly_through_the_api(
    in_a: Commune, agent: User, service: LocalService
) -> None:
    client = api(in_a, agent)
    fatima = consenting(agent, person(agent))
    case = new_case(agent, person=fatima, opened_on=date(2024, 3, 4))
    referral = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Permis")
    Referral.objects.filter(pk=referral.pk).update(sent_on=date(2024, 3, 5))
    url = f"/api/referrals/{referral.pk}/outcome/"
    for day, reason in (
        ("2024-03-04", english(dates.ANSWER_BEFORE_SENT, date="05/03/2024")),
        ("9999-12-31", dates.IN_THE_FUTURE),
        ("0001-01-01", dates.BEFORE_EARLIEST),
    ):
        response = client.post(url, {"outcome": "answered", "on": day}, format="json")
        assert response.status_code == 400, (day, response.content)
        assert response.json() == {"on": [reason]}
    assert Referral.objects.get(pk=referral.pk).outcome == "sent"
    done = client.post(url, {"outcome": "answered", "on": "2024-03-05"}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["outcome_on"] == "2024-03-05"

    consents = f"/api/people/{fatima.pk}/consents/"
    for day, reason in (("1950-01-01", dates.BEFORE_EARLIEST), ("2999-01-01", dates.IN_THE_FUTURE)):
        refused = client.post(consents, {"purpose": "contact", "channel": "visit", "given_on": day}, format="json")
        assert refused.status_code == 400
        assert refused.json() == {"given_on": [reason]}
    assert not fatima.consents.filter(purpose=Consent.Purpose.CONTACT).exists()


# --- Hypothesis: whatever date is sent, never a 500 ----------------------------------------------------------

ANY_DAY = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat)
AROUND_NOW = st.dates(min_value=date(1998, 1, 1), max_value=TODAY + timedelta(days=400)).map(date.isoformat)
ODD = st.sampled_from(["", "2024-02-30", "2024-13-01", "31/12/2024", "yesterday", "99999-01-01", "-0001-01-01"])
DAY = st.one_of(ANY_DAY, AROUND_NOW, AROUND_NOW, ODD, st.none(), st.text(max_size=12))


def test_no_date_sent_to_the_api_is_ever_a_server_error(in_a: Commune, agent: User, service: LocalService) -> None:
    """Every date field the office API takes (a case's days received, answered and closed, a service's answer, a
    consent), fuzzed: 201/200 with days that pass the rules, 400 on the field otherwise, 409 for a state that
    forbids it; a server error would raise here (the test client re-raises it)."""
    client = api(in_a, agent)
    fatima = consenting(agent, person(agent))
    answers: dict[int, int] = {}

    def tally(response: Any) -> None:
        answers[response.status_code] = answers.get(response.status_code, 0) + 1
        assert response.status_code in (200, 201, 400, 409), response.content[:300]

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(opened=DAY, answered=DAY, closed=DAY)
    def open_one(opened: Any, answered: Any, closed: Any) -> None:
        body: dict[str, Any] = {
            "person": fatima.pk, "kind": "request", "category": "foreign_pension", "channel": "visit", "subject": "x",
        }  # fmt: skip
        for name, value in (("opened_on", opened), ("answered_on", answered), ("closed_on", closed)):
            if value is not None:
                body[name] = value
        response = client.post("/api/cases/", json.dumps(body), content_type="application/json")
        tally(response)
        if response.status_code == 201:
            case = Case.objects.get(pk=response.json()["id"])
            assert dates.EARLIEST <= case.opened_on <= timezone.localdate()
            assert case.due_on >= case.opened_on
            if case.answered_at is not None:
                assert case.opened_on <= timezone.localtime(case.answered_at).date() <= timezone.localdate()
            if case.closed_at is not None:
                assert case.answered_at is not None
                assert case.answered_at <= case.closed_at

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(on=DAY, given_on=DAY)
    def answer_one(on: Any, given_on: Any) -> None:
        case = case_services.open_case(
            actor=agent, person=fatima, kind="request", category=category(), channel="visit", subject="y"
        )
        referral = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="z")
        body = {"outcome": "answered"} | ({"on": on} if on is not None else {})
        tally(client.post(f"/api/referrals/{referral.pk}/outcome/", json.dumps(body), content_type="application/json"))
        consent = {"purpose": "contact", "channel": "phone"} | ({"given_on": given_on} if given_on is not None else {})
        tally(client.post(f"/api/people/{fatima.pk}/consents/", json.dumps(consent), content_type="application/json"))

    open_one()
    answer_one()
    assert answers.get(400, 0) > 10
    assert answers.get(201, 0) + answers.get(200, 0) > 10


# --- The pages -----------------------------------------------------------------------------------------------


def test_the_case_page_refuses_an_implausible_answer_day_and_keeps_what_was_typed(
    in_a: Commune, agent: User, service: LocalService
) -> None:
    User.objects.filter(pk=agent.pk).update(preferred_language="en")
    client: Client = signed_in_client(in_a, agent)
    case = new_case(agent, person=consenting(agent, person(agent)), opened_on=date(2024, 3, 4))
    referral = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Permis")
    url = f"/cases/{case.pk}/referrals/{referral.pk}/outcome/"
    prefix = f"r{referral.pk}"
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'max="{TODAY.isoformat()}"' in page  # the browser's date picker stops at today
    for day, message in (
        ("1999-12-31", dates.BEFORE_EARLIEST),
        ("9999-12-31", dates.IN_THE_FUTURE),
        ((TODAY - timedelta(days=1)).isoformat(), english(dates.ANSWER_BEFORE_SENT, date=TODAY.strftime("%d/%m/%Y"))),
    ):
        response = client.post(url, {f"{prefix}-outcome": "answered", f"{prefix}-on": day, f"{prefix}-note": "Vu"})
        assert response.status_code == 400, day
        text = response.content.decode()
        assert message.replace("'", "&#x27;") in text, day
        assert f'value="{day}"' in text
        assert "Vu</textarea>" in text
    assert Referral.objects.get(pk=referral.pk).outcome == "sent"


def test_the_person_page_refuses_a_consent_dated_in_the_future(in_a: Commune, agent: User) -> None:
    User.objects.filter(pk=agent.pk).update(preferred_language="en")
    client = signed_in_client(in_a, agent)
    fatima = person(agent)
    day = (TODAY + timedelta(days=30)).isoformat()
    response = client.post(
        f"/people/{fatima.pk}/consents/", {"purpose": "contact", "channel": "visit", "given_on": day}, follow=True
    )
    assert dates.IN_THE_FUTURE in response.content.decode()
    assert not fatima.consents.exists()


# --- Each commune's own --------------------------------------------------------------------------------------


def test_another_commune_cannot_back_fill_or_date_the_cases_of_a_commune(
    in_a: Commune, agent: User, commune_b: Commune, service: LocalService
) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    referral = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Permis")
    with schema_context(commune_b.schema_name):
        from tests.conftest import make_staff

        intruder = api(commune_b, make_staff(commune_b))
        assert intruder.post(f"/api/referrals/{referral.pk}/outcome/", {"outcome": "answered"}).status_code == 404
        assert (
            intruder.post(
                "/api/cases/",
                {"person": case.person_id, "kind": "request", "category": "foreign_pension", "channel": "visit",
                 "subject": "x", "opened_on": "2024-03-04", "closed_on": "2024-03-10"},
                format="json",
            ).status_code
            == 400  # A's person is no person of B's
        )  # fmt: skip
        assert not Case.objects.exists()
    assert Referral.objects.get(pk=referral.pk).outcome == "sent"
    assert Case.objects.get(pk=case.pk).status == "waiting_external"
    assert list(CaseEvent.objects.filter(case=case).values_list("kind", flat=True)) == ["created", "referral", "status"]
