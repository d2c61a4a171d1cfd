"""Fault tests: real servers on 127.0.0.1 that the tests start, stop, kill and restart.

Each runs the platform's own processes (gunicorn, a Celery worker) as
subprocesses against the test database, so what is proven is what production
does: a process dies, a server goes away, a pooler sits in between.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cases.guide.models import Procedure
from tenants.cross_schema import schema_context
from tenants.models import Commune


@pytest.fixture
def procedures(live_db: None) -> Iterator[dict[str, str]]:
    """One published procedure per test commune, titled after it: a page that lists them shows whose rows it read."""
    titles = {}
    communes = list(Commune.objects.filter(slug__in=("aitmelloul", "nador")))
    for commune in communes:
        titles[commune.slug] = f"Procedure-of-{commune.slug}-only"
        with schema_context(commune.schema_name):
            Procedure.objects.create(title_fr=titles[commune.slug], published=True)
    yield titles
    for commune in communes:
        with schema_context(commune.schema_name):
            Procedure.objects.filter(title_fr=titles[commune.slug]).delete()
