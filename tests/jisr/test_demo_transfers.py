"""The demo hands cases between its offices through the transfer service: one accepted, one declined, and a
second run adds nothing."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases import demo
from cases.demo.transfers import DemoTransfer, seed_transfers
from cases.models import Case, IncomingTransfer, OutgoingTransfer
from tenants.cross_schema import schema_context
from tenants.models import Commune

pytestmark = pytest.mark.django_db

PLANS = (
    DemoTransfer("aitmelloul", "nador", ("land_property",), {"ar": "القطعة توجد بالناظور.", "fr": "-"}, "accept"),
    DemoTransfer(
        "nador",
        "aitmelloul",
        ("civil_status",),
        {"fr": "La famille vit à Aït Melloul.", "ar": "-"},
        "decline",
        {"ar": "الرسم مسجل بالناظور.", "fr": "-"},
    ),
)
LANGUAGES = {"aitmelloul": "ar", "nador": "fr"}


def test_the_demo_transfers_go_through_the_service_once(commune_a: Commune, commune_b: Commune) -> None:
    for seed, commune in enumerate((commune_a, commune_b)):
        with schema_context(commune.schema_name):
            demo.seed_office(commune, rng_seed=seed, today=timezone.localdate())

    done = seed_transfers(LANGUAGES, PLANS)
    assert len(done) == 4, done

    with schema_context(commune_a.schema_name):
        sent = OutgoingTransfer.objects.get(to_commune_id=commune_b.pk)
        assert sent.status == OutgoingTransfer.Status.ACCEPTED
        assert sent.case.status == Case.Status.TRANSFERRED
        assert sent.case.category.code == "land_property"
        declined = IncomingTransfer.objects.filter(from_commune_id=commune_b.pk)
        assert not declined.exists()  # a declined summary leaves nothing of the person behind
    with schema_context(commune_b.schema_name):
        received = Case.objects.get(reference=sent.received_reference)
        assert received.channel == Case.Channel.TRANSFERRED
        back = OutgoingTransfer.objects.get(to_commune_id=commune_a.pk)
        assert back.status == OutgoingTransfer.Status.DECLINED
        assert back.case.status in Case.OPEN_STATUSES  # it came back to where it was
        assert back.decline_reason == "الرسم مسجل بالناظور."

    assert seed_transfers(LANGUAGES, PLANS) == []
