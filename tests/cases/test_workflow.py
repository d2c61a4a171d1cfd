"""Cases from intake to answer: numbering, due dates, the workflow in one place, the timeline."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail

from cases import workflow
from cases.errors import CaseError, Conflict
from cases.models import Campaign, Case, CaseEvent
from cases.permissions import NotAllowed
from cases.services import cases as services
from jisr.accounts.models import User
from tests.cases.conftest import category, person

pytestmark = pytest.mark.django_db
S = Case.Status


def new_case(actor: User, **extra: object) -> Case:
    values: dict[str, object] = {
        "person": person(actor), "kind": "complaint", "category": category(), "channel": "visit",
        "subject": "Pension de réversion",
    }  # fmt: skip
    values.update(extra)
    return services.open_case(actor=actor, **values)  # type: ignore[arg-type]


def test_a_case_gets_a_reference_a_due_date_and_a_first_timeline_line(agent: User) -> None:
    case = new_case(agent, opened_on=date(2026, 3, 6))
    second = new_case(agent, opened_on=date(2026, 3, 6))
    assert case.reference == "AITM-2026-00001"  # the commune's code (tenants.codes), the year, a number
    assert second.reference == "AITM-2026-00002"
    assert case.due_on == date(2026, 4, 6)  # 20 business days for a foreign pension, Eid al-Fitr (20 March) off
    assert case.status == S.NEW
    assert [event.kind for event in case.events.all()] == [CaseEvent.Kind.CREATED]


def test_cases_opened_during_a_campaign_are_tagged_with_it(agent: User) -> None:
    marhaba = Campaign.objects.create(
        name="Marhaba 2026", kind="marhaba", starts_on=date(2026, 6, 15), ends_on=date(2026, 9, 15)
    )
    assert list(new_case(agent, opened_on=date(2026, 7, 20)).campaigns.all()) == [marhaba]
    assert list(new_case(agent, opened_on=date(2026, 10, 1)).campaigns.all()) == []


@pytest.mark.parametrize(("start", "target"), [(s, t) for s in S.values for t in S.values if s != t])
def test_only_the_allowed_transitions_happen(agent: User, start: str, target: str) -> None:
    case = new_case(agent)
    Case.objects.filter(pk=case.pk).update(status=start, answered_at="2026-01-01T10:00Z", closed_at="2026-01-01T10:00Z")
    if workflow.allowed(start, target):
        moved = services.transition_case(actor=agent, case=case, to_status=target)
        assert moved.status == target
        event = moved.events.last()
        assert (event.kind, event.from_status, event.to_status, event.actor) == ("status", start, target, agent)
    else:
        with pytest.raises(Conflict):
            services.transition_case(actor=agent, case=case, to_status=target)
        assert Case.objects.get(pk=case.pk).status == start


def test_answering_closing_and_reopening_keep_their_dates(agent: User) -> None:
    case = new_case(agent)
    case = services.transition_case(actor=agent, case=case, to_status=S.ANSWERED, note="Dossier transmis")
    assert case.answered_at is not None
    case = services.transition_case(actor=agent, case=case, to_status=S.CLOSED)
    assert case.closed_at is not None
    case = services.transition_case(actor=agent, case=case, to_status=S.IN_PROGRESS)
    assert (case.answered_at, case.closed_at) == (None, None)


def test_a_move_chosen_on_a_stale_page_does_nothing(agent: User) -> None:
    case = new_case(agent)
    services.transition_case(actor=agent, case=case, to_status=S.IN_PROGRESS)
    with pytest.raises(Conflict):
        services.transition_case(actor=agent, case=case, to_status=S.CANCELLED, expected_status=S.NEW)
    assert Case.objects.get(pk=case.pk).status == S.IN_PROGRESS


def test_assigning_tells_the_agent_by_e_mail(head: User, agent: User, django_capture_on_commit_callbacks) -> None:  # type: ignore[no-untyped-def]
    case = new_case(head)
    services.assign_case(actor=head, case=case, assignee=agent)
    assert Case.objects.get(pk=case.pk).assigned_to == agent
    from jisr.outbox.models import Message

    message = Message.objects.get(kind="case_assigned")
    assert message.recipient == agent.email
    assert case.reference in message.subject
    assert mail.outbox == []  # sent by the worker, after the commit


def test_viewers_and_auditors_cannot_change_cases(agent: User, viewer: User, auditor: User) -> None:
    case = new_case(agent)
    for reader in (viewer, auditor):
        with pytest.raises(NotAllowed):
            services.transition_case(actor=reader, case=case, to_status=S.IN_PROGRESS)
        with pytest.raises(NotAllowed):
            services.add_note(actor=reader, case=case, body="x")
        with pytest.raises(NotAllowed):
            new_case(reader)


def test_cases_go_only_to_staff_who_handle_cases(head: User, viewer: User) -> None:
    with pytest.raises(CaseError) as caught:
        new_case(head, assigned_to=viewer)
    assert "assigned_to" in caught.value.message_dict


def test_notes_are_internal_unless_marked_shareable(agent: User) -> None:
    case = new_case(agent)
    services.add_note(actor=agent, case=case, body="Appelé la CNAV")
    services.add_note(actor=agent, case=case, body="Votre dossier est transmis", shareable=True)
    notes = case.events.filter(kind="note")
    assert [(note.body, note.shareable) for note in notes] == [
        ("Appelé la CNAV", False),
        ("Votre dossier est transmis", True),
    ]
    with pytest.raises(CaseError):
        services.add_note(actor=agent, case=case, body="   ")


def test_changing_the_category_of_an_open_case_moves_its_due_date(agent: User) -> None:
    case = new_case(agent, opened_on=date(2026, 3, 6))
    changed = services.update_case(
        actor=agent, case=case, kind="request", category=category("civil_status"), channel="visit",
        subject="Extrait d'acte de naissance", description="", campaigns=[],
    )  # fmt: skip
    assert changed.due_on == date(2026, 3, 13)  # 5 business days
    assert changed.events.filter(kind="edited").exists()


def test_unknown_kind_or_channel_is_refused(agent: User) -> None:
    with pytest.raises(CaseError) as caught:
        new_case(agent, kind="petition", channel="pigeon")
    assert set(caught.value.message_dict) == {"kind", "channel"}
