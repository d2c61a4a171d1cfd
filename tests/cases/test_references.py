"""Case references never repeat, even when cases are opened at the same moment in separate transactions."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
from django.db import connection, transaction

from cases.models import ReferenceCounter
from cases.services.cases import next_reference
from tenants.cross_schema import schema_context
from tenants.models import Commune

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
    assert sorted(given) == [f"NAD-{YEAR}-{n:05d}" for n in range(1, threads + 1)]
    with schema_context(commune.schema_name):
        assert ReferenceCounter.objects.get(year=YEAR).last == threads


def test_a_rolled_back_case_gives_its_number_back(commune: Commune) -> None:
    with schema_context(commune.schema_name):
        with transaction.atomic():
            assert next_reference(YEAR) == f"NAD-{YEAR}-00001"
            transaction.set_rollback(True)
        assert next_reference(YEAR) == f"NAD-{YEAR}-00001"
