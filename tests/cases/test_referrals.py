"""Referrals: consent before sharing, the office head's override, outcomes and reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from cases.errors import CaseError, Conflict
from cases.models import Case, Referral
from cases.permissions import NotAllowed
from cases.services import referrals
from jisr.accounts.models import User
from jisr.outbox.models import Message
from network.models import ExternalService
from tests.cases.conftest import consenting, person
from tests.cases.test_workflow import new_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(db: None) -> ExternalService:
    return ExternalService.objects.create(
        name_fr="Conservation foncière d'Inezgane", name_ar="المحافظة العقارية بإنزكان", name_en="Land registry",
        kind="land_registry",
    )  # fmt: skip


def test_referring_with_consent_puts_the_case_in_waiting(agent: User, registry: ExternalService) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    referral = referrals.refer_case(
        actor=agent, case=case, regional_service=registry, purpose="Certificat de propriété"
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.WAITING_EXTERNAL
    assert len(referral.verification_code) == 10
    assert [event.kind for event in case.events.all()] == ["created", "referral", "status"]


def test_without_consent_an_agent_cannot_refer(agent: User, registry: ExternalService) -> None:
    case = new_case(agent)
    with pytest.raises(CaseError) as caught:
        referrals.refer_case(actor=agent, case=case, regional_service=registry, purpose="x")
    assert "consent_override_reason" in caught.value.message_dict
    with pytest.raises(NotAllowed):
        referrals.refer_case(
            actor=agent, case=case, regional_service=registry, purpose="x", consent_override_reason="urgent"
        )
    assert not Referral.objects.exists()


def test_the_office_head_can_refer_without_consent_giving_a_reason(head: User, registry: ExternalService) -> None:
    case = new_case(head)
    referral = referrals.refer_case(
        actor=head, case=case, regional_service=registry, purpose="x", consent_override_reason="Person abroad, by phone"
    )
    assert referral.consent_override_by == head
    assert "Person abroad, by phone" in case.events.get(kind="referral").body


def test_a_final_answer_brings_the_case_back_to_work(agent: User, registry: ExternalService) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    referral = referrals.refer_case(actor=agent, case=case, regional_service=registry, purpose="x")
    referrals.record_outcome(actor=agent, referral=referral, outcome=Referral.Outcome.ACKNOWLEDGED)
    assert Case.objects.get(pk=case.pk).status == Case.Status.WAITING_EXTERNAL
    referrals.record_outcome(
        actor=agent, referral=referral, outcome=Referral.Outcome.ANSWERED, note="Certificat délivré"
    )
    assert Case.objects.get(pk=case.pk).status == Case.Status.IN_PROGRESS
    with pytest.raises(Conflict):
        referrals.record_outcome(actor=agent, referral=referral, outcome=Referral.Outcome.REFUSED)


def test_one_service_exactly(agent: User, registry: ExternalService) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    with pytest.raises(CaseError) as caught:
        referrals.refer_case(actor=agent, case=case, purpose="x")
    assert "service" in caught.value.message_dict


def test_silent_services_get_the_case_followers_reminded_once_a_day(
    head: User, agent: User, registry: ExternalService
) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)), assigned_to=agent)
    referral = referrals.refer_case(actor=agent, case=case, regional_service=registry, purpose="x", remind_after_days=3)
    Referral.objects.filter(pk=referral.pk).update(sent_on=date(2026, 3, 2))  # a Monday
    assert referrals.remind_silent_referrals(today=date(2026, 3, 4)) == 0  # 2 business days
    assert referrals.remind_silent_referrals(today=date(2026, 3, 5)) == 1
    assert referrals.remind_silent_referrals(today=date(2026, 3, 5)) == 0  # not again the same day
    messages = Message.objects.filter(kind="referral_reminder")
    assert [message.recipient for message in messages] == [agent.email]
    assert case.events.filter(kind="reminder").count() == 1
    assert referrals.remind_silent_referrals(today=date(2026, 3, 5) + timedelta(days=5)) == 1  # 3 more business days
