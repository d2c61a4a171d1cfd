"""Commune B never sees nor changes commune A's procedures or rota; the network's templates are everyone's."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.guide import services
from cases.guide.models import DutyShift, Procedure
from cases.guide.services import ProcedureInput
from jisr.accounts.models import Role
from network.models import ProcedureTemplate
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.guide.conftest import public, signed_in
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db


def test_commune_b_cannot_see_or_change_as_procedures_and_shifts(commune_a: Commune, commune_b: Commune) -> None:
    head_a = make_staff(commune_a, role=Role.OFFICE_HEAD, email="head-a@guide.test")
    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD, email="head-b@guide.test")
    tomorrow = timezone.localdate() + timedelta(days=1)
    with schema_context(commune_a.schema_name):
        # Several procedures, so that the published one's id is not one B could have by chance.
        for title in ("Brouillon A", "Autre A", "Encore A"):
            services.save_procedure(actor=head_a, procedure=None, data=ProcedureInput(title_fr=title))
        procedure = services.save_procedure(
            actor=head_a, procedure=None, data=ProcedureInput(title_fr="Permis Aït Melloul")
        )
        services.set_published(actor=head_a, procedure=procedure, published=True)
        shift = services.plan_shift(
            actor=head_a, staff=head_a, day=tomorrow, starts_at=timezone.datetime(2000, 1, 1, 9).time(),
            ends_at=timezone.datetime(2000, 1, 1, 12, 17).time(), kind=DutyShift.Kind.OTHER, note="Secret A",
        )  # fmt: skip

    assert "Permis Aït Melloul" in public(commune_a).get("/guide/").content.decode()
    assert "09:00" in public(commune_a).get("/guide/on-duty/").content.decode()
    anonymous_b = public(commune_b)
    assert "Permis Aït Melloul" not in anonymous_b.get("/guide/").content.decode()
    assert anonymous_b.get(f"/guide/procedures/{procedure.pk}/").status_code == 404
    assert "12:17" not in anonymous_b.get("/guide/on-duty/").content.decode()

    client_b = signed_in(commune_b, head_b)
    assert "Permis Aït Melloul" not in client_b.get("/guide/office/procedures/").content.decode()
    assert client_b.get(f"/guide/office/procedures/{procedure.pk}/").status_code == 404
    assert client_b.post(f"/guide/office/procedures/{procedure.pk}/publish/", {"published": "0"}).status_code == 404
    assert client_b.post(f"/guide/office/procedures/{procedure.pk}/delete/").status_code == 404
    page = client_b.get(f"/guide/office/rota/?month={tomorrow:%Y-%m}").content.decode()
    assert "Secret A" not in page
    assert client_b.post(f"/guide/office/rota/{shift.pk}/remove/").status_code == 404

    with schema_context(commune_a.schema_name):
        assert Procedure.objects.get(pk=procedure.pk).published
        assert DutyShift.objects.filter(pk=shift.pk).exists()
    with schema_context(commune_b.schema_name):
        assert not Procedure.objects.exists()
        assert not DutyShift.objects.exists()


def test_both_communes_see_the_networks_templates(commune_a: Commune, commune_b: Commune) -> None:
    count = ProcedureTemplate.objects.filter(region__isnull=True).count()
    assert count >= 8
    for commune in (commune_a, commune_b):
        client = signed_in(commune, make_staff(commune, role=Role.OFFICE_HEAD, email=f"t@{commune.slug}.test"))
        page = client.get("/guide/office/templates/").content.decode()
        assert "Building permit" in page
        assert "Complaint to the administration" in page
