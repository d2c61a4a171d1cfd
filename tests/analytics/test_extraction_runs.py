"""The hourly task and the rebuild command: which communes they count, and what they say."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Sum

from analytics.models import CaseFact, Extraction
from analytics.tasks import extract_facts, rebuild_facts
from tenants.models import Commune
from tests.analytics.conftest import open_cases

pytestmark = pytest.mark.django_db


def cases_counted(commune: Commune) -> int:
    return CaseFact.objects.filter(commune=commune).aggregate(n=Sum("count"))["n"] or 0


def test_the_hourly_task_counts_the_active_communes_and_leaves_suspended_ones_alone(
    commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 3)
    open_cases(commune_b, 2)
    Commune.objects.filter(pk=commune_b.pk).update(status=Commune.Status.SUSPENDED)
    assert extract_facts.apply().get() >= 1
    assert cases_counted(commune_a) == 3
    assert cases_counted(commune_b) == 0
    assert not Extraction.objects.filter(commune=commune_b).exists()
    # A case opened since the last run: the next run counts its month again.
    open_cases(commune_a, 1)
    extract_facts.apply().get()
    assert cases_counted(commune_a) == 4


def test_the_rebuild_command_counts_everything_again_and_shows_its_progress(
    commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 2)
    CaseFact.objects.create(
        commune=commune_a, month="2020-01-01", kind="request", category="x", channel="phone", status="new", count=99
    )  # stale: a full run removes it
    out = StringIO()
    call_command("rebuild_facts", commune_a.slug, stdout=out)
    assert f"Counting the facts of 1 communes: {commune_a.slug}\n" in out.getvalue()
    assert "1 communes: " in out.getvalue()
    assert cases_counted(commune_a) == 2
    assert not CaseFact.objects.filter(commune=commune_b).exists()
    errors = StringIO()
    call_command("rebuild_facts", "nowhere", stdout=StringIO(), stderr=errors)
    assert "No active commune with the slug: nowhere" in errors.getvalue()
    with pytest.raises(CommandError):
        call_command("rebuild_facts", "--no-such-option")


def test_the_nightly_task_counts_every_month_again_and_leaves_suspended_communes_alone(
    commune_a: Commune, commune_b: Commune
) -> None:
    open_cases(commune_a, 3)
    open_cases(commune_b, 2)
    CaseFact.objects.create(
        commune=commune_a, month="2020-01-01", kind="request", category="x", channel="phone", status="new", count=99
    )  # a month no hourly run would look at again
    Commune.objects.filter(pk=commune_b.pk).update(status=Commune.Status.SUSPENDED)
    assert rebuild_facts.apply().get() >= 1
    assert cases_counted(commune_a) == 3
    assert cases_counted(commune_b) == 0
    assert not Extraction.objects.filter(commune=commune_b).exists()
