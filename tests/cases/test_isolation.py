"""One commune's register, cases and audit are invisible from another's schema."""

from __future__ import annotations

import pytest

from cases import selectors
from cases.models import AuditEntry, Case, Person
from jisr.accounts.models import Role
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_people_and_cases_stay_in_their_commune(commune_a: Commune, commune_b: Commune) -> None:
    with schema_context(commune_a.schema_name):
        head_a = make_staff(commune_a, role=Role.OFFICE_HEAD)
        case = new_case(head_a)
        person_id = case.person_id
    with schema_context(commune_b.schema_name):
        head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
        assert not Person.objects.filter(pk=person_id).exists()
        assert not Case.objects.exists()
        assert selectors.search_people(actor=head_b, query="Fatima Ouali") == []
        with pytest.raises(Person.DoesNotExist):
            selectors.person_for_display(actor=head_b, person_id=person_id)
        assert not AuditEntry.objects.exists()
        own = new_case(head_b)
        assert own.reference.startswith("NADOR-")
        assert own.reference.endswith("-00001")  # its own numbering
