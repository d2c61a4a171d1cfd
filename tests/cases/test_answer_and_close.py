"""Answering a case and closing it in one step, where the workflow allows it: on the case page, with a service's
answer, and in the API; two moves on the timeline and in the audit log as for the two steps, both or neither."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from analytics import extraction
from analytics.models import CaseFact
from cases import workflow
from cases.errors import CaseError, Conflict
from cases.models import AuditEntry, Case, CaseEvent, LocalService, Referral
from cases.permissions import NotAllowed
from cases.services import cases as services
from cases.services import referrals as referral_services
from jisr.accounts.models import User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.test_api import api as api_of
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db


def api(commune: Commune, user: User) -> Any:
    """A script of `user`'s that reads English (the API answers in the language the request asks)."""
    client = api_of(commune, user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


S = Case.Status


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


@pytest.fixture
def service(in_a: Commune) -> LocalService:
    return LocalService.objects.create(name_fr="Régie de distribution d'eau", kind="utility")


def moves(case: Case) -> list[tuple[str, str, str]]:
    return list(
        CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.STATUS).values_list("from_status", "to_status", "body")
    )


@pytest.mark.parametrize("start", [S.NEW, S.IN_PROGRESS, S.WAITING_EXTERNAL])
def test_an_open_case_is_answered_and_closed_in_one_step_with_both_moves_recorded(agent: User, start: str) -> None:
    case = new_case(agent)
    Case.objects.filter(pk=case.pk).update(status=start)
    done = services.answer_and_close(actor=agent, case=case, note="Acte remis", expected_status=start)
    assert done.status == S.CLOSED
    assert done.answered_at is not None
    assert done.closed_at is not None
    assert done.answered_at <= done.closed_at
    assert moves(case) == [(start, S.ANSWERED, "Acte remis"), (S.ANSWERED, S.CLOSED, "")]
    details = AuditEntry.objects.filter(target_type="case", target_id=case.pk, action="update").values_list(
        "detail", flat=True
    )
    assert set(details) >= {f"{start} → answered", "answered → closed"}


@pytest.mark.parametrize("start", [S.ANSWERED, S.CLOSED, S.CANCELLED])
def test_where_the_workflow_does_not_allow_it_nothing_moves(agent: User, start: str) -> None:
    assert not workflow.answers_and_closes(start)
    case = new_case(agent)
    Case.objects.filter(pk=case.pk).update(status=start, answered_at="2026-01-01T10:00Z", closed_at="2026-01-01T10:00Z")
    with pytest.raises(Conflict, match="cannot be answered and closed in one step"):
        services.answer_and_close(actor=agent, case=case)
    assert Case.objects.get(pk=case.pk).status == start
    assert moves(case) == []


def test_a_stale_page_or_a_read_only_role_changes_nothing(agent: User, viewer: User) -> None:
    case = new_case(agent)
    services.transition_case(actor=agent, case=case, to_status=S.IN_PROGRESS)
    with pytest.raises(Conflict, match="Someone changed this case meanwhile"):
        services.answer_and_close(actor=agent, case=case, expected_status=S.NEW)
    with pytest.raises(NotAllowed):
        services.answer_and_close(actor=viewer, case=case)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS
    assert len(moves(case)) == 1


def test_the_facts_count_the_case_answered_as_two_steps_would(in_a: Commune, agent: User) -> None:
    one_step, two_steps = new_case(agent), new_case(agent)
    with schema_context("public"):
        extraction.extract(in_a, full=True)
    services.answer_and_close(actor=agent, case=one_step)
    services.transition_case(actor=agent, case=two_steps, to_status=S.ANSWERED)
    services.transition_case(actor=agent, case=two_steps, to_status=S.CLOSED)
    with schema_context("public"):
        extraction.extract(in_a)
        facts = list(CaseFact.objects.filter(commune=in_a, count__gt=0).values_list("status", "count", "answered"))
        assert facts == [("closed", 2, 2)]
        extraction.extract(in_a, full=True)
        assert list(CaseFact.objects.filter(commune=in_a, count__gt=0).values_list("status", "count", "answered")) == (
            facts
        )


# --- The case page -------------------------------------------------------------------------------------------


def test_the_case_page_offers_answer_and_close_where_allowed_and_does_it(in_a: Commune, agent: User) -> None:
    User.objects.filter(pk=agent.pk).update(preferred_language="en")
    client = signed_in_client(in_a, agent)
    case = new_case(agent)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'value="{workflow.ANSWER_AND_CLOSE}"' in page
    assert "answered and closed, in one step" in page
    response = client.post(
        f"/cases/{case.pk}/transition/",
        {"to_status": workflow.ANSWER_AND_CLOSE, "expected_status": "new", "note": "Réponse envoyée"},
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.CLOSED
    assert moves(case) == [(S.NEW, S.ANSWERED, "Réponse envoyée"), (S.ANSWERED, S.CLOSED, "")]
    closed_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert workflow.ANSWER_AND_CLOSE not in closed_page  # closed: only reopening is offered


def test_a_move_refused_on_the_page_keeps_the_note_typed(in_a: Commune, agent: User) -> None:
    User.objects.filter(pk=agent.pk).update(preferred_language="en")
    client = signed_in_client(in_a, agent)
    case = new_case(agent)
    services.transition_case(actor=agent, case=case, to_status=S.CANCELLED)
    response = client.post(
        f"/cases/{case.pk}/transition/",
        {"to_status": workflow.ANSWER_AND_CLOSE, "expected_status": "cancelled", "note": "Appel du 3 mars"},
    )
    assert response.status_code == 409
    text = response.content.decode()
    assert "cannot be answered and closed in one step" in text
    assert "Appel du 3 mars</textarea>" in text
    assert Case.objects.get(pk=case.pk).status == S.CANCELLED


# --- With a service's answer -----------------------------------------------------------------------------------


def test_a_services_answer_that_settles_the_case_answers_and_closes_it(agent: User, service: LocalService) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    referral = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Raccordement")
    referral_services.record_outcome(
        actor=agent, referral=referral, outcome=Referral.Outcome.ANSWERED, note="Raccordé", close_case=True
    )
    case = Case.objects.get(pk=case.pk)
    assert case.status == S.CLOSED
    assert [(f, t) for f, t, _b in moves(case)] == [
        (S.NEW, S.WAITING_EXTERNAL),
        (S.WAITING_EXTERNAL, S.IN_PROGRESS),
        (S.IN_PROGRESS, S.ANSWERED),
        (S.ANSWERED, S.CLOSED),
    ]


def test_a_case_still_waiting_for_another_service_is_not_closed_and_nothing_is_recorded(
    agent: User, service: LocalService
) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    first = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Raccordement")
    case = Case.objects.get(pk=case.pk)  # now waiting for the service
    referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Compteur")
    with pytest.raises(CaseError) as caught:
        referral_services.record_outcome(actor=agent, referral=first, outcome="answered", close_case=True)
    assert list(caught.value.message_dict) == ["close_case"]
    with pytest.raises(CaseError) as acknowledged:
        referral_services.record_outcome(actor=agent, referral=first, outcome="acknowledged", close_case=True)
    assert "final answer" in acknowledged.value.message_dict["close_case"][0]
    assert Referral.objects.get(pk=first.pk).outcome == "sent"
    assert Case.objects.get(pk=case.pk).status == S.WAITING_EXTERNAL


def test_the_case_page_records_the_answer_and_closes_the_case_in_one_form(
    in_a: Commune, agent: User, service: LocalService
) -> None:
    User.objects.filter(pk=agent.pk).update(preferred_language="en")
    client = signed_in_client(in_a, agent)
    case = new_case(agent, person=consenting(agent, person(agent)))
    referral = referral_services.refer_case(actor=agent, case=case, local_service=service, purpose="Raccordement")
    prefix = f"r{referral.pk}"
    assert f'name="{prefix}-close_case"' in client.get(f"/cases/{case.pk}/").content.decode()
    response = client.post(
        f"/cases/{case.pk}/referrals/{referral.pk}/outcome/",
        {f"{prefix}-outcome": "answered", f"{prefix}-note": "Raccordé", f"{prefix}-close_case": "on"},
        follow=True,
    )
    assert "The case is answered and closed." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == S.CLOSED


# --- The API -------------------------------------------------------------------------------------------------------


def test_the_api_answers_and_closes_in_one_call(in_a: Commune, agent: User, service: LocalService) -> None:
    client = api(in_a, agent)
    case = new_case(agent)
    response = client.post(f"/api/cases/{case.pk}/answer-and-close/", {"note": "Fait", "expected_status": "new"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed"
    assert response.json()["answered_at"]
    assert response.json()["closed_at"]
    again = client.post(f"/api/cases/{case.pk}/answer-and-close/", {})
    assert again.status_code == 409
    assert "one step" in again.json()["detail"]

    waiting = new_case(agent, person=consenting(agent, person(agent, last_name_latin="Amrani")))
    referral = referral_services.refer_case(actor=agent, case=waiting, local_service=service, purpose="Compteur")
    answered = client.post(f"/api/referrals/{referral.pk}/outcome/", {"outcome": "answered", "close_case": True})
    assert answered.status_code == 200, answered.content
    assert Case.objects.get(pk=waiting.pk).status == S.CLOSED


def test_another_commune_cannot_answer_and_close_a_communes_case(
    in_a: Commune, agent: User, commune_b: Commune
) -> None:
    case = new_case(agent)
    intruder_user = make_staff(commune_b)
    with schema_context(commune_b.schema_name):
        intruder = api(commune_b, intruder_user)
        assert intruder.post(f"/api/cases/{case.pk}/answer-and-close/", {}).status_code == 404
        page = signed_in_client(commune_b, intruder_user)
        response = page.post(f"/cases/{case.pk}/transition/", {"to_status": workflow.ANSWER_AND_CLOSE})
        assert response.status_code == 404
    assert Case.objects.get(pk=case.pk).status == S.NEW
    assert moves(case) == []
