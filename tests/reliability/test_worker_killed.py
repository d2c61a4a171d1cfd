"""A Celery worker killed (SIGKILL) in the middle of a task: the task is done again and its effect happens once.

The task is the longest an office starts: importing a register (one transaction, all or nothing; rows already
imported are known by their fingerprint). Two ways a worker dies:
- the pool process running the task is killed (the kernel's OOM killer, say): the worker's main process sees
  it and, with acks_late and reject_on_worker_lost, puts the task back at once;
- the whole worker goes (SIGKILL to the process group, a lost node): nobody acknowledged the task, and Redis
  hands it to the next worker once its visibility timeout has passed (CELERY_VISIBILITY_TIMEOUT, an hour in
  production, a few seconds here).
Either way the killed transaction is rolled back by PostgreSQL, and the run imports every row exactly once.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.imports import services
from cases.imports.models import ImportedRow, ImportRun
from cases.models import AuditEntry, Case, Person
from jisr.accounts.models import Role
from tenants import services as tenant_services
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import make_staff
from tests.services import CeleryWorker, RedisServer, celery_broker, platform_env, wait_for

ROWS = 600
VISIBILITY_TIMEOUT = 6
HEADINGS = ["Date de réception", "Nom", "Prénom", "Sexe", "Pays", "Téléphone", "Catégorie", "Objet"]
FAMILY = [
    "Ouali",
    "Bennani",
    "Amrani",
    "Idrissi",
    "Tazi",
    "Alaoui",
    "Berrada",
    "Fassi",
    "Chraibi",
    "Kettani",
    "Lahlou",
    "Sebti",
    "Naciri",
    "Ziani",
    "Ouazzani",
    "Hajji",
    "Bouzid",
    "Karimi",
    "Mansouri",
    "Rachidi",
]
GIVEN = [
    "Fatima",
    "Mohamed",
    "Khadija",
    "Youssef",
    "Amina",
    "Omar",
    "Salma",
    "Hassan",
    "Nadia",
    "Karim",
    "Samira",
    "Rachid",
    "Layla",
    "Hamid",
    "Zineb",
    "Said",
    "Imane",
    "Driss",
    "Hind",
    "Aziz",
    "Souad",
    "Mehdi",
    "Meryem",
    "Anas",
    "Sanae",
    "Ilyas",
    "Hafsa",
    "Adil",
    "Rim",
    "Tarik",
]


def register() -> bytes:
    """ROWS visitors, each a different person (name and phone), each with one request."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADINGS)
    for n, (family, given) in enumerate(itertools.islice(itertools.product(FAMILY, GIVEN), ROWS)):
        phone = f"+33 6 12 {n // 100:02d} {n % 100:02d} 00"
        writer.writerow(["12/03/2023", family, given, "F", "France", phone, "État civil et archives", f"Acte {n}"])
    return out.getvalue().encode("utf-8-sig")


@pytest.fixture
def commune(live_db: None) -> Iterator[Commune]:
    """A commune of the test's own, dropped afterwards: the import fills its register."""
    created = tenant_services.provision_commune(slug="killtest", name_fr="Kill-test")
    yield created
    tenant_services.suspend_commune(commune=created, reason="test over")
    tenant_services.delete_commune(commune=Commune.objects.get(pk=created.pk), confirm_slug=created.slug)


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def queued_import(commune: Commune) -> ImportRun:
    """The office head uploads the register, checks it (dry run, here) and asks for the import (queued)."""
    with schema_context(commune.schema_name):
        head = make_staff(commune, role=Role.OFFICE_HEAD)
        run = services.upload_register(actor=head, upload=SimpleUploadedFile("registre.csv", register()))
        services.confirm_mapping(
            actor=head,
            run=run,
            fields=run.mapping,
            default_category=run.default_category,
            default_kind=run.default_kind,
            default_channel=run.default_channel,
        )
        services.execute(run_id=run.pk)
        run.refresh_from_db()
        assert run.report["counts"]["to_import"] == ROWS
        return services.ask_import(actor=head, run=run)


def rows_done(commune: Commune, run: ImportRun) -> int:
    with schema_context(commune.schema_name):
        done, _, _ = cache.get(run.progress_key()) or (0, 0, "")
    return int(done)


@pytest.mark.parametrize("killed", ["the pool process running the task", "the whole worker"])
def test_a_worker_killed_mid_import_leaves_the_register_imported_exactly_once(
    commune: Commune, media: Path, private_redis: RedisServer, killed: str
) -> None:
    env = platform_env(
        CELERY_BROKER_URL=private_redis.url,
        CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY_TIMEOUT),
        MEDIA_ROOT=str(media),
        DATABASE_CONN_MAX_AGE="0",
    )
    workers = [CeleryWorker(env)]
    try:
        with celery_broker(private_redis.url):
            run = queued_import(commune)
        workers[0].start()
        # Killed once it is writing people and cases, well before the end.
        assert wait_for(lambda: rows_done(commune, run) >= 100, timeout=90), "the import never started"
        taken_at = time.monotonic()
        if killed == "the whole worker":
            workers[0].kill()
        else:
            [pool_process] = workers[0].pool_processes()
            os.kill(pool_process, signal.SIGKILL)

        with schema_context(commune.schema_name):
            # The killed transaction is gone with its connection: nothing half-written is left.
            assert wait_for(lambda: Person.objects.count() == 0, timeout=10)
            assert ImportRun.objects.get(pk=run.pk).state == ImportRun.State.RUNNING

        if killed == "the whole worker":
            # Another worker, once Redis gives up waiting for the dead one's acknowledgement.
            time.sleep(max(0.0, taken_at + VISIBILITY_TIMEOUT + 1 - time.monotonic()))
            workers.append(CeleryWorker(env))
            workers[-1].start()

        with schema_context(commune.schema_name):
            assert wait_for(lambda: ImportRun.objects.get(pk=run.pk).finished, timeout=120), "never done again"
            done = ImportRun.objects.get(pk=run.pk)
            assert (done.state, done.error) == (ImportRun.State.DONE, "")
            assert (done.people_created, done.cases_created) == (ROWS, ROWS)
            assert Person.objects.count() == ROWS
            assert Case.objects.count() == ROWS
            assert ImportedRow.objects.filter(run=done).count() == ROWS
            assert AuditEntry.objects.filter(detail__startswith="register import").count() == 1
    finally:
        for worker in workers:
            worker.stop()
