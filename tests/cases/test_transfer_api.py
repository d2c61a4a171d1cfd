"""Transfers between offices through the API: Aït Melloul's (A) agent sends a case with a script, Nador's (B) office
head answers with another; the errors are the API's usual ones, and another commune's ids are 404s.
"""

from __future__ import annotations

from typing import Any

import pytest

from cases.models import Case, Category, IncomingTransfer, OutgoingTransfer
from cases.services import cases as case_services
from jisr.accounts.models import Role
from network.models import Membership, Network
from tenants import services as tenant_services
from tenants.models import Commune
from tests.cases.test_api import api, signed_in_api, token_of, with_token
from tests.cases.test_transfers import (  # noqa: F401  (fixtures)
    CIN,
    PHONE,
    Offices,
    a_case,
    counts,
    in_,
    incoming_of,
    media,
    propose,
    two,
)
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

# What B's summary of a case may say before B accepts it, and nothing else.
SUMMARY = {
    "id", "from_commune", "from_office", "from_reference", "category", "needs_category", "kind", "subject", "reason",
    "note", "person_name", "sent_at",
}  # fmt: skip


def sending(commune: Commune, **extra: Any) -> dict[str, Any]:
    return {"to_commune": commune.pk, "reason": "The land is in Nador", "consent": True, "note": "Family here"} | extra


def test_an_agent_sends_a_case_and_follows_it(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    agent = api(two.a, two.agent_a)

    communes = agent.get("/api/transfers/communes/").json()
    assert {"id": two.b.pk, "name": "Nador", "in_network": False} in communes
    assert two.a.pk not in [row["id"] for row in communes]

    response = agent.post(f"/api/cases/{case.pk}/transfer/", sending(two.b), format="json")
    assert response.status_code == 201, response.content
    sent = response.json()
    assert (sent["status"], sent["to_commune"], sent["to_office"]) == ("pending", two.b.pk, "Nador")
    assert sent["case"] == {"id": case.pk, "reference": case.reference}
    assert sent["outcome"] is None

    again = agent.post(f"/api/cases/{case.pk}/transfer/", sending(two.b), format="json")
    assert again.status_code == 409
    assert again.json() == {"detail": "Un transfert de ce dossier attend déjà une réponse."}
    frozen = agent.post(f"/api/cases/{case.pk}/notes/", {"body": "More"}, format="json")
    assert frozen.status_code == 409

    listed = agent.get(f"/api/cases/{case.pk}/transfers/").json()
    assert [row["id"] for row in listed] == [sent["id"]]

    cancelled = agent.post(f"/api/cases/{case.pk}/transfer/cancel/")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert agent.post(f"/api/cases/{case.pk}/transfer/cancel/").status_code == 409
    with in_(two.b):
        assert not IncomingTransfer.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"consent": False}, "consent"),
        ({"consent": None}, "consent"),
        ({"reason": " "}, "reason"),
        ({"reason": None}, "reason"),
        ({"to_commune": "same"}, "to_commune"),
        ({"to_commune": 987654}, "to_commune"),
        ({"to_commune": "abc"}, "to_commune"),
        ({"to_commune": 2**40}, "to_commune"),
    ],
)
def test_a_refused_transfer_is_a_400_naming_the_field(two: Offices, change: dict[str, Any], field: str) -> None:  # noqa: F811
    case = a_case(two)
    data = sending(two.b)
    for key, value in change.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = two.a.pk if value == "same" else value
    before = counts(two.a), counts(two.b)
    response = api(two.a, two.agent_a).post(f"/api/cases/{case.pk}/transfer/", data, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert response.json()[field]
    assert all(isinstance(message, str) for message in response.json()[field])
    assert (counts(two.a), counts(two.b)) == before


def test_the_receiving_office_lists_the_summary_and_accepts(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    head = api(two.b, two.head_b)

    response = head.get("/api/transfers/incoming/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert set(row) == SUMMARY
    assert row["person_name"] == "Fatima Ouali"
    assert row["category"]["code"] == "land_property"
    assert (row["from_commune"], row["from_reference"], row["needs_category"]) == (two.a.pk, case.reference, False)
    body = response.content.decode()
    for hidden in ("Terrain hérité", "Internal: the family", "Your file goes to Nador", CIN, PHONE[3:], "acte.pdf"):
        assert hidden not in body, hidden
    assert head.get(f"/api/transfers/incoming/{pending.pk}/").json() == row

    response = head.post(f"/api/transfers/incoming/{pending.pk}/accept/", {}, format="json")
    assert response.status_code == 201, response.content
    received = response.json()
    assert received["channel"] == "transferred"
    assert received["reference"] != case.reference
    assert [item["original_name"] for item in received["attachments"]] == ["acte.pdf", "photo.png"]
    assert head.get("/api/transfers/incoming/").json()["results"] == []
    assert head.get(f"/api/transfers/incoming/{pending.pk}/").status_code == 404  # no longer waiting
    assert head.post(f"/api/transfers/incoming/{pending.pk}/accept/", {}, format="json").status_code == 409

    sent = api(two.a, two.agent_a).get(f"/api/cases/{case.pk}/transfers/").json()[0]
    assert (sent["status"], sent["received_reference"]) == ("accepted", received["reference"])
    assert sent["outcome"]["status"] == "new"
    with in_(two.b):
        case_services.answer_and_close(actor=two.head_b, case=Case.objects.get(pk=received["id"]))
    outcome = api(two.a, two.agent_a).get(f"/api/cases/{case.pk}/transfers/").json()[0]["outcome"]
    assert (outcome["status"], outcome["reference"], outcome["office"]) == ("closed", received["reference"], "Nador")
    assert outcome["closed_on"] is not None


def test_accepting_needs_a_category_when_the_office_has_none_of_that_code(two: Offices) -> None:  # noqa: F811
    propose(two, a_case(two))
    pending = incoming_of(two)
    with in_(two.b):
        Category.objects.filter(code="land_property").update(active=False)
    head = api(two.b, two.head_b)
    assert head.get(f"/api/transfers/incoming/{pending.pk}/").json()["needs_category"] is True
    refused = head.post(f"/api/transfers/incoming/{pending.pk}/accept/", {}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["category"]
    unknown = head.post(f"/api/transfers/incoming/{pending.pk}/accept/", {"category": "nope"}, format="json")
    assert unknown.status_code == 400
    accepted = head.post(f"/api/transfers/incoming/{pending.pk}/accept/", {"category": "other"}, format="json")
    assert accepted.status_code == 201
    assert accepted.json()["category"]["code"] == "other"


def test_declining_needs_a_reason_and_it_goes_back(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    agent_b = signed_in_api(two.b, two.agent_b)  # a browser's session works as well as a token
    refused = agent_b.post(f"/api/transfers/incoming/{pending.pk}/decline/", {"reason": ""}, format="json")
    assert refused.status_code == 400
    assert list(refused.json()) == ["reason"]
    declined = agent_b.post(f"/api/transfers/incoming/{pending.pk}/decline/", {"reason": "Ahfir"}, format="json")
    assert declined.status_code == 204
    again = agent_b.post(f"/api/transfers/incoming/{pending.pk}/decline/", {"reason": "x"}, format="json")
    assert again.status_code == 404
    sent = api(two.a, two.agent_a).get(f"/api/cases/{case.pk}/transfers/").json()[0]
    assert (sent["status"], sent["decline_reason"]) == ("declined", "Ahfir")


def test_the_communes_of_the_offices_networks_come_first(two: Offices) -> None:  # noqa: F811
    tiznit = tenant_services.provision_commune(slug="tiznit", name_fr="Tiznit", name_ar="تزنيت")
    network = Network.objects.create(code="souss-test", kind="partnership", name_fr="Souss")
    for commune in (two.a, tiznit):
        Membership.objects.create(network=network, commune=commune, joined_on="2024-01-01")
    rows = api(two.a, two.agent_a).get("/api/transfers/communes/").json()
    assert rows[:2] == [
        {"id": tiznit.pk, "name": "Tiznit", "in_network": True},
        {"id": two.b.pk, "name": "Nador", "in_network": False},
    ]


# --- Who may not -------------------------------------------------------------------------------------------------


def test_a_third_communes_staff_get_404s_for_a_transfer_not_theirs(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    propose(two, case)
    pending = incoming_of(two)
    tiznit = tenant_services.provision_commune(slug="tiznit", name_fr="Tiznit", name_ar="تزنيت")
    head_c = api(tiznit, make_staff(tiznit, email="head@tiznit.test", role=Role.OFFICE_HEAD))
    before = counts(two.a), counts(two.b), counts(tiznit)

    assert head_c.get("/api/transfers/incoming/").json()["results"] == []
    assert head_c.get(f"/api/transfers/incoming/{pending.pk}/").status_code == 404
    assert head_c.post(f"/api/transfers/incoming/{pending.pk}/accept/", {}, format="json").status_code == 404
    decline = head_c.post(f"/api/transfers/incoming/{pending.pk}/decline/", {"reason": "Not ours"}, format="json")
    assert decline.status_code == 404
    # A's case by its id, at Tiznit: not found; B's token carried to Tiznit's host: not signed in.
    assert head_c.post(f"/api/cases/{case.pk}/transfer/", sending(two.b), format="json").status_code == 404
    assert head_c.post(f"/api/cases/{case.pk}/transfer/cancel/").status_code == 404
    assert head_c.get(f"/api/cases/{case.pk}/transfers/").status_code == 404
    carried = with_token(tiznit, token_of(two.b, two.head_b))
    assert carried.get("/api/transfers/incoming/").status_code == 401
    assert carried.post(f"/api/transfers/incoming/{pending.pk}/accept/", {}, format="json").status_code == 401
    assert (counts(two.a), counts(two.b), counts(tiznit)) == before
    with in_(two.b):
        assert incoming_of(two).status == "pending"


def test_a_forged_transfer_naming_another_communes_case_changes_nothing(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    before = counts(two.a), counts(two.b)
    agent_b = api(two.b, two.agent_b)
    with in_(two.b):
        assert not Case.objects.filter(pk=case.pk).exists()
    assert agent_b.post(f"/api/cases/{case.pk}/transfer/", sending(two.a), format="json").status_code == 404
    assert (counts(two.a), counts(two.b)) == before


def test_read_only_accounts_neither_transfer_nor_answer(two: Offices) -> None:  # noqa: F811
    case = a_case(two)
    viewer_a = api(two.a, make_staff(two.a, role=Role.VIEWER))
    assert viewer_a.post(f"/api/cases/{case.pk}/transfer/", sending(two.b), format="json").status_code == 403
    assert viewer_a.get("/api/transfers/communes/").status_code == 403
    propose(two, case)
    assert viewer_a.post(f"/api/cases/{case.pk}/transfer/cancel/").status_code == 403
    pending = incoming_of(two)
    for role in (Role.VIEWER, Role.AUDITOR):
        reader = api(two.b, make_staff(two.b, email=f"{role}@nador.test", role=role))
        assert reader.get("/api/transfers/incoming/").status_code == 403
        assert reader.get(f"/api/transfers/incoming/{pending.pk}/").status_code == 403
        assert reader.post(f"/api/transfers/incoming/{pending.pk}/accept/", {}, format="json").status_code == 403
        refused = reader.post(f"/api/transfers/incoming/{pending.pk}/decline/", {"reason": "No"}, format="json")
        assert refused.status_code == 403
    with in_(two.a):
        assert OutgoingTransfer.objects.get().status == "pending"
    with in_(two.b):
        assert incoming_of(two).status == "pending"
        assert not Case.objects.exists()
