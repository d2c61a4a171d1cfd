"""Case references never repeat, even when cases are opened at the same moment in separate transactions; they
begin with the commune's code, unique in the country, and those numbered before codes are still found."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date

import pytest
from django.db import connection, transaction

from cases import slip
from cases.models import Case, ReferenceCounter
from cases.services import cases as case_services
from cases.services import referrals
from cases.services.cases import next_reference
from jisr.accounts.models import Role, User
from network.models import ExternalService
from tenants import services
from tenants.context import use_public
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import consenting, person
from tests.cases.portal.test_portal import NEUTRAL, submit, tracking, visitor
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff

YEAR = 2001  # a year no other test numbers cases in: the committed counter is this test's own


@pytest.fixture
def commune(live_db: None) -> Iterator[Commune]:
    commune = Commune.objects.get(slug="nador")
    with schema_context(commune.schema_name):
        ReferenceCounter.objects.filter(year=YEAR).delete()
    yield commune
    with schema_context(commune.schema_name):
        ReferenceCounter.objects.filter(year=YEAR).delete()


def test_cases_numbered_at_the_same_moment_get_consecutive_numbers_each_once(commune: Commune) -> None:
    threads, start, lock = 8, threading.Barrier(8), threading.Lock()
    given: list[str] = []

    def one() -> None:
        try:
            with schema_context(commune.schema_name):
                start.wait(timeout=30)
                with transaction.atomic():
                    reference = next_reference(YEAR)
                    time.sleep(0.05)  # the case would be written here: the year's row stays locked meanwhile
                with lock:
                    given.append(reference)
        finally:
            connection.close()

    workers = [threading.Thread(target=one) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=60)
    assert sorted(given) == [f"NADOR-{YEAR}-{n:05d}" for n in range(1, threads + 1)]
    with schema_context(commune.schema_name):
        assert ReferenceCounter.objects.get(year=YEAR).last == threads


def test_a_rolled_back_case_gives_its_number_back(commune: Commune) -> None:
    with schema_context(commune.schema_name):
        with transaction.atomic():
            assert next_reference(YEAR) == f"NADOR-{YEAR}-00001"
            transaction.set_rollback(True)
        assert next_reference(YEAR) == f"NADOR-{YEAR}-00001"


# --- References that travel: one case in the whole country -------------------------------------------------


def test_communes_whose_names_begin_alike_never_give_the_same_reference(db: None, commune_a: Commune) -> None:
    """Before codes, all three numbered their first case of the year AIT-2002-00001."""
    given = {}
    for commune in [
        commune_a,
        services.provision_commune(slug="aitbaha", name_fr="Aït Baha"),
        services.provision_commune(slug="aitiaaza", name_fr="Aït Iaaza"),
    ]:
        agent = make_staff(commune, role=Role.AGENT)
        with schema_context(commune.schema_name):
            given[commune.slug] = new_case(agent, opened_on=date(2002, 5, 2)).reference
    assert given == {"aitmelloul": "AITM-2002-00001", "aitbaha": "AITB-2002-00001", "aitiaaza": "AITI-2002-00001"}


def test_a_request_numbered_the_old_way_is_still_tracked(
    commune_a: Commune, db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Made before communes had codes: its reference began with the slug's first three letters.
    monkeypatch.setattr(case_services, "next_reference", lambda year: "AIT-2025-00001")
    reference, code = submit(commune_a)
    monkeypatch.undo()
    assert reference == "AIT-2025-00001"
    page = tracking(visitor(commune_a), " ait-2025-00001 ", code.lower())
    assert NEUTRAL not in page
    assert reference in page
    assert NEUTRAL in tracking(visitor(commune_a), "AITM-2025-00001", code)  # nor is it any other case's


def test_a_slip_of_a_case_numbered_the_old_way_is_still_checked(agent: User, commune_a: Commune) -> None:
    case = new_case(agent, person=consenting(agent, person(agent)))
    Case.objects.filter(pk=case.pk).update(reference="AIT-2025-00001")  # as written before codes
    case.refresh_from_db()
    service = ExternalService.objects.create(
        name_fr="Conservation foncière d'Inezgane", name_en="Land registry", kind="land_registry"
    )
    referral = referrals.refer_case(actor=agent, case=case, regional_service=service, purpose="Pension")

    found = slip.check_slip(code=referral.verification_code, reference="ait-2025-00001")
    assert found is not None
    assert found.reference == "AIT-2025-00001"
    assert slip.check_slip(code=referral.verification_code, reference="AITM-2025-00001") is None
    use_public()
    page = (
        visitor(commune_a)
        .get("/verify/", {"code": referral.verification_code, "reference": "AIT-2025-00001"})
        .content.decode()
    )
    assert "AIT-2025-00001" in page
    assert "Land registry" in page
