"""The office reads what people answered in the satisfaction survey; another office reads none of it."""

from __future__ import annotations

import re

import pytest

from cases.models import Case
from cases.portal.models import Survey
from cases.services import cases as case_services
from jisr.accounts.models import Role
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.portal.test_portal import submit, visitor
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db


def closed_request(commune: Commune) -> tuple[str, str]:
    """A request from abroad that the office answered and closed: its reference and survey token."""
    reference, _code = submit(commune, visitor(commune))
    with schema_context(commune.schema_name):
        head = make_staff(commune, email=f"head.{reference.lower()}@example.org")
        case = Case.objects.get(reference=reference)
        case = case_services.transition_case(actor=head, case=case, to_status=Case.Status.ANSWERED)
        case_services.transition_case(actor=head, case=case, to_status=Case.Status.CLOSED)
        invitation = Message.objects.filter(kind="portal_survey").latest("created_at")
    assert reference in invitation.body
    token = re.search(r"/portal/survey/([\w-]+)/", invitation.body).group(1)  # type: ignore[union-attr]
    return reference, token


def answer(commune: Commune, score: int, comment: str) -> str:
    """A closed request whose person answered the survey; its reference."""
    reference, token = closed_request(commune)
    response = visitor(commune).post(f"/portal/survey/{token}/", {"score": str(score), "comment": comment})
    assert response.status_code == 200
    return reference


def test_the_office_sees_scores_comments_and_the_cases_they_are_about(commune_a: Commune, commune_b: Commune) -> None:
    answers = {5: "Accueil parfait, merci.", 4: "", 2: "Réponse très lente de l'administration."}
    references = {score: answer(commune_a, score, comment) for score, comment in answers.items()}
    silent, _token = closed_request(commune_a)  # invited, never answered
    with schema_context(commune_a.schema_name):
        head = make_staff(commune_a, email="head.reader@example.org")
        assert Survey.objects.count() == 4
    client = signed_in_client(commune_a, head)
    client.cookies["django_language"] = "en"

    page = client.get("/portal/office/satisfaction/").content.decode()
    assert "3.7/5" in page  # (5 + 4 + 2) / 3
    assert "75 %" in page  # 3 answers of 4 people invited
    assert silent not in page
    for score, comment in answers.items():
        if comment:
            assert comment.replace("'", "&#x27;") in page
        assert references[score] in page
    assert page.index(references[2]) < page.index(references[5])  # the latest first

    only_low = client.get("/portal/office/satisfaction/", {"score": "2"}).content.decode()
    assert references[2] in only_low
    assert references[5] not in only_low
    with_comment = client.get("/portal/office/satisfaction/", {"with_comment": "on"}).content.decode()
    assert references[4] not in with_comment
    assert references[5] in with_comment
    # A score that is not one is ignored, not an error.
    assert client.get("/portal/office/satisfaction/", {"score": "9", "page": "x"}).status_code == 200

    # The dashboard's figure leads here.
    assert 'href="/portal/office/satisfaction/"' in client.get("/").content.decode()

    # Another office: its own (empty) page; nothing of this one, by its page or its staff.
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, email="head.other@example.org")
    other = signed_in_client(commune_b, other_head)
    other.cookies["django_language"] = "en"
    elsewhere = other.get("/portal/office/satisfaction/").content.decode()
    assert "No answer yet." in elsewhere
    assert not any(reference in elsewhere for reference in references.values())
    assert "Accueil parfait" not in elsewhere


def test_the_public_and_staff_without_the_dashboard_cannot_read_the_answers(commune_a: Commune) -> None:
    answer(commune_a, 3, "Correct.")
    assert visitor(commune_a).get("/portal/office/satisfaction/").status_code == 302  # to sign in
    with schema_context(commune_a.schema_name):
        viewer = make_staff(commune_a, email="viewer.sat@example.org", role=Role.VIEWER)
    # The read-only role has the dashboard, and so the answers.
    assert signed_in_client(commune_a, viewer).get("/portal/office/satisfaction/").status_code == 200
