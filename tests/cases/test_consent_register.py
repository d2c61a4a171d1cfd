"""The consent register (Law 09.08): every consent recorded, filtered, counted, downloaded; the office's own."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from cases import selectors
from cases.models import Consent
from cases.permissions import NotAllowed
from cases.services import people
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import person
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db

CONTACT, SHARE = Consent.Purpose.CONTACT, Consent.Purpose.SHARE_WITH_SERVICES


@pytest.fixture
def register(head: User) -> dict[str, Consent]:
    fatima = person(head, first_name_ar="فاطمة", last_name_ar="الوالي")
    mohamed = person(head, first_name_latin='=HYPERLINK("x")', last_name_latin="Amrani")
    given = {
        "fatima_contact": people.record_consent(
            actor=head, person=fatima, purpose=CONTACT, channel="visit", given_on=date(2026, 3, 2)
        ),
        "fatima_share": people.record_consent(
            actor=head, person=fatima, purpose=SHARE, channel="visit", given_on=date(2026, 5, 10)
        ),
        "mohamed_share": people.record_consent(
            actor=head, person=mohamed, purpose=SHARE, channel="phone", given_on=date(2026, 9, 1)
        ),
    }
    people.withdraw_consent(actor=head, consent=given["fatima_share"], on=date(2026, 10, 1))
    return given


def test_filters_and_totals_follow_the_database(head: User, register: dict[str, Consent]) -> None:
    everything = selectors.consent_register(actor=head)
    assert everything.count() == Consent.objects.count() == 3
    assert {row["purpose"]: (row["current"], row["ended"]) for row in selectors.consent_totals(everything)} == {
        CONTACT: (1, 0),
        SHARE: (1, 1),
    }
    assert list(selectors.consent_register(actor=head, state="withdrawn")) == [
        Consent.objects.get(pk=register["fatima_share"].pk)
    ]
    assert set(selectors.consent_register(actor=head, purpose=SHARE, state="in_force")) == {
        Consent.objects.get(pk=register["mohamed_share"].pk)
    }
    assert selectors.consent_register(actor=head, given_from=date(2026, 4, 1), given_to=date(2026, 6, 30)).count() == 1


def test_agents_and_viewers_cannot_read_it_the_auditor_can(
    head: User, agent: User, viewer: User, auditor: User, in_a: Commune, register: dict[str, Consent]
) -> None:
    for user in (agent, viewer):
        with pytest.raises(NotAllowed):
            selectors.consent_register(actor=user)
        assert signed_in_client(in_a, user).get("/audit/consents/").status_code == 403
    response = signed_in_client(in_a, auditor).get("/audit/consents/")
    assert response.status_code == 200
    assert "Fatima Ouali" in response.content.decode()


def test_the_page_keeps_a_bad_filter_and_the_csv_equals_the_register(
    head: User, in_a: Commune, register: dict[str, Consent]
) -> None:
    client = signed_in_client(in_a, head)
    bad = client.get("/audit/consents/?date_from=2026-13-45&state=withdrawn")
    assert bad.status_code == 200
    assert 'value="2026-13-45"' in bad.content.decode()  # what was typed, with its error

    download = client.get("/audit/consents/?purpose=share_with_services&format=csv")
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    assert download["Cache-Control"] == "no-store"
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    body = rows[1:]
    assert sorted(row[4] for row in body) == ["2026-05-10", "2026-09-01"]
    assert sorted(row[5] for row in body) == ["", "2026-10-01"]
    assert any(row[0].startswith("'=HYPERLINK") for row in body)  # no formula reaches a spreadsheet


def test_another_commune_sees_only_its_own(head: User, register: dict[str, Consent], commune_b: Commune) -> None:
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, role=Role.OFFICE_HEAD)
        response = signed_in_client(commune_b, other_head).get("/audit/consents/?format=csv")
        assert response.status_code == 200
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert len(rows) - 1 == Consent.objects.count()
        assert "Ouali" not in response.content.decode()
        assert "Amrani" not in response.content.decode()
