"""The person's tracker follows a request handed to another commune's office.

Fatima asks Aït Melloul's portal (A) for help; A transfers the case to Nador (B). With the reference and code
she was given, A's tracker says where the case went and where it stands there; the same code works at B with
the new reference; a third commune's portal knows nothing of either. Nothing of B's office (its staff, its
internal notes) reaches her beyond what a tracker shows.
"""

from __future__ import annotations

import re

import pytest
from django.test import Client

from cases.models import Case
from cases.portal import services as portal
from cases.portal.models import Tracking
from cases.services import cases as case_services
from cases.services import transfers
from jisr.accounts.models import Role, User
from tenants import services as tenant_services
from tests.cases.portal.test_portal import NEUTRAL, submit, tracking, visitor
from tests.cases.test_transfers import (  # noqa: F401  (fixtures)
    Offices,
    a_case,
    accept,
    in_,
    incoming_of,
    media,
    propose,
    two,
)
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

HANDED = "is being handed to the reception office of Nador"
MOVED = "Your request was transferred to the reception office of Nador, which handles it now."


def answer(page: str) -> str:
    """What the tracking page says about the request: from its title to its form."""
    return page[page.index("<h1>") : page.index('<form method="post" novalidate>')]


def portal_request(o: Offices, client: Client) -> tuple[str, str, Case]:
    """A request made on A's portal: its reference, its code, and the case in A."""
    reference, code = submit(o.a, client)
    with in_(o.a):
        return reference, code, Case.objects.get(reference=reference)


def test_the_tracker_follows_the_case_to_the_office_that_accepted_it(two: Offices) -> None:  # noqa: F811
    at_a = visitor(two.a)
    reference, code, case = portal_request(two, at_a)
    propose(two, case)

    page = tracking(at_a, reference, code)
    assert f"Your request {HANDED}" in page
    assert "New reference" not in page
    assert re.search(r'portal-status--new">new<', page)  # A's own case still, as it was
    assert re.search(rf'href="https?://{re.escape(host_of(two.b))}(:\d+)?/portal/"', page)

    received = accept(two)
    assert received.reference != reference
    page = tracking(at_a, reference, code)
    assert MOVED in page
    assert HANDED not in page
    assert ">transferred to another office<" in page  # A's case
    assert "Transferred on</dt>" in page
    assert "Closed on" not in page
    assert f'<dd dir="ltr">{received.reference}</dd>' in page
    assert re.search(r'portal-status--new">new<', page)  # where it stands at B
    site = rf'href="https?://{re.escape(host_of(two.b))}(:\d+)?'
    assert re.search(rf'{site}/portal/track/\?reference={re.escape(received.reference)}"', page)
    assert re.search(rf'{site}/portal/"', page)

    with in_(two.b):  # B closes it: its outcome shows at A
        case_services.answer_and_close(actor=two.head_b, case=received)
    page = tracking(at_a, reference, code)
    assert re.search(r'portal-status--closed">closed<', page)
    assert page.count("Closed on") == 1


def test_the_same_code_tracks_the_new_reference_at_the_new_office(two: Offices) -> None:  # noqa: F811
    at_a = visitor(two.a)
    reference, code, case = portal_request(two, at_a)
    propose(two, case)
    received = accept(two)
    with in_(two.b):
        copied = Tracking.objects.get(case=received)
        assert copied.code_reference == reference

    at_b = visitor(two.b)
    page = tracking(at_b, received.reference, code)
    assert NEUTRAL not in page
    assert f'<dd dir="ltr">{received.reference}</dd>' in page
    assert NEUTRAL in tracking(visitor(two.b), received.reference, "WRONG-CODE1")
    assert NEUTRAL in tracking(visitor(two.b), reference, code)  # A's reference names nothing at B
    assert NEUTRAL in tracking(visitor(two.a), received.reference, code)  # nor B's at A
    with in_(two.b):
        found = portal.track(reference=received.reference, code=code)
        assert found is not None
        assert (found.reference, found.status, found.moved) == (received.reference, Case.Status.NEW, None)


def test_a_third_communes_portal_knows_nothing(two: Offices) -> None:  # noqa: F811
    third = tenant_services.provision_commune(slug="tiznit", name_fr="Tiznit", name_ar="تزنيت")
    at_a = visitor(two.a)
    reference, code, case = portal_request(two, at_a)
    propose(two, case)
    received = accept(two)
    for typed in (reference, received.reference):
        assert NEUTRAL in tracking(visitor(third), typed, code)
    with in_(third):
        assert not Tracking.objects.exists()
        assert portal.track(reference=received.reference, code=code) is None


def test_a_declined_transfer_changes_nothing_for_the_person(two: Offices) -> None:  # noqa: F811
    at_a = visitor(two.a)
    reference, code, case = portal_request(two, at_a)
    before = tracking(at_a, reference, code)
    propose(two, case)
    with in_(two.b):
        transfers.decline_transfer(incoming=incoming_of(two), reason="The land is not here", by=two.head_b)
    page = tracking(at_a, reference, code)
    for text in (HANDED, MOVED, "Nador", "New reference", "The land is not here"):
        assert text not in page
    assert answer(page) == answer(before)
    with in_(two.b):
        assert not Tracking.objects.exists()


def test_nothing_of_the_receiving_office_reaches_the_tracker(two: Offices) -> None:  # noqa: F811
    at_a = visitor(two.a)
    reference, code, case = portal_request(two, at_a)
    propose(two, case)
    received = accept(two)
    with in_(two.b):
        agent = User.objects.create_user(
            "khadija@nador.test", "x-Password-1", role=Role.AGENT, full_name="Khadija Benmoussa"
        )
        case_services.assign_case(actor=two.head_b, case=received, assignee=agent)
        case_services.add_note(actor=two.head_b, case=received, body="Internal at Nador: the brother called")
        case_services.add_note(actor=two.head_b, case=received, body="Nador asks for the deed", shareable=True)
        case_services.transition_case(actor=two.head_b, case=received, to_status=Case.Status.IN_PROGRESS)
    page = tracking(at_a, reference, code)
    assert MOVED in page
    assert re.search(r'portal-status--in_progress">in progress<', page)
    for private in ("Khadija", "Benmoussa", "Staff of nador", "the brother called", "Nador asks for the deed"):
        assert private not in page, private
    for personal in ("Fatima", "Ouali", "Fatima.Ouali@example.org", "+33"):
        assert personal not in page, personal
    # At B, the code holder sees B's messages to them, as any tracker shows its office's.
    assert "Nador asks for the deed" in tracking(visitor(two.b), received.reference, code)


def test_the_tracker_speaks_the_readers_language(two: Offices) -> None:  # noqa: F811
    at_a = visitor(two.a)
    reference, code, case = portal_request(two, at_a)
    propose(two, case)
    accept(two)
    for language, sentence in (
        ("fr", "transférée au bureau d'accueil de Nador"),
        ("ar", "مكتب الاستقبال بالناظور"),
        ("es", "oficina de acogida de Nador"),
        ("de", "Anlaufstelle in Nador"),
        ("nl", "ontvangstbureau van Nador"),
    ):
        reader = visitor(two.a, HTTP_ACCEPT_LANGUAGE=language)
        reader.cookies["django_language"] = language
        page = tracking(reader, reference, code)
        assert sentence in page, language


def test_a_case_opened_at_the_office_has_no_code_to_copy(two: Offices) -> None:  # noqa: F811
    propose(two, a_case(two, documents=False))
    received = accept(two)
    with in_(two.b):
        assert not Tracking.objects.filter(case=received).exists()
