"""The procedures guide: the office copies the network's templates, edits and publishes; the public reads."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from cases.errors import CaseError
from cases.guide import selectors, services
from cases.guide.models import Procedure
from cases.guide.services import ProcedureInput
from cases.models import Category
from jisr.accounts.models import User
from network.models import ProcedureTemplate, Province, Region
from tenants.context import use_public
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.guide.conftest import field_block, public, signed_in

pytestmark = pytest.mark.django_db


def template(code: str = "building-permit") -> ProcedureTemplate:
    return ProcedureTemplate.objects.get(code=code)


def published(actor: User, title: str = "Permis de construire (Aït Melloul)", **data: object) -> Procedure:
    procedure = services.save_procedure(
        actor=actor,
        procedure=None,
        data=ProcedureInput(title_fr=title, title_ar="رخصة البناء", **data),  # type: ignore[arg-type]
    )
    return services.set_published(actor=actor, procedure=procedure, published=True)


def test_the_network_seeds_national_templates_with_portal_links(db: None) -> None:
    codes = set(ProcedureTemplate.objects.values_list("code", flat=True))
    assert {"building-permit", "civil-status-extract", "complaint-administration", "access-to-information"} <= codes
    assert template("building-permit").links == "https://www.rokhas.ma"
    assert template("complaint-administration").links == "https://www.chikaya.ma"
    assert all(item.region_id is None for item in ProcedureTemplate.objects.all())


def test_copying_a_template_makes_an_unpublished_office_procedure(head: User) -> None:
    procedure = services.copy_template(actor=head, template=template("civil-status-extract"))
    assert procedure.published is False
    assert procedure.template == template("civil-status-extract")
    assert procedure.category == Category.objects.get(code="civil_status")
    assert procedure.title_ar == "نسخة موجزة من رسم الولادة"
    assert procedure.portal_links == [("https://www.watiqa.ma", "Watiqa")]
    assert not selectors.published_procedures().exists()


def test_the_head_copies_edits_and_publishes_through_the_pages(head: User, in_a: Commune) -> None:
    client = signed_in(in_a, head)
    page = client.get("/guide/office/templates/").content.decode()
    assert "Request for access to information" in page
    assert "Building permit" in page
    response = client.post(f"/guide/office/templates/{template().pk}/copy/")
    assert response.status_code == 302
    with schema_context(in_a.schema_name):
        procedure = Procedure.objects.get()
    assert response["Location"] == f"/guide/office/procedures/{procedure.pk}/"
    form = {
        "title_fr": "Permis de construire à Aït Melloul",
        "title_ar": "رخصة البناء",
        "documents_fr": "Demande signée\nPlans",
        "fees": "Selon la commune",
        "links": "https://www.rokhas.ma\nhttps://www.idarati.ma/fr/procedures",
        "position": "5",
    }
    assert client.post(f"/guide/office/procedures/{procedure.pk}/", form).status_code == 302
    assert public(in_a).get(f"/guide/procedures/{procedure.pk}/").status_code == 404  # still a draft
    assert client.post(f"/guide/office/procedures/{procedure.pk}/publish/", {"published": "1"}).status_code == 302
    page = public(in_a, "fr").get(f"/guide/procedures/{procedure.pk}/").content.decode()
    assert "Permis de construire à Aït Melloul" in page
    assert "<li>Plans</li>" in page
    assert 'href="https://www.rokhas.ma" target="_blank" rel="noopener noreferrer"' in page
    client.post(f"/guide/office/procedures/{procedure.pk}/publish/", {"published": "0"})
    assert public(in_a).get(f"/guide/procedures/{procedure.pk}/").status_code == 404


def test_links_outside_the_national_portals_or_not_https_are_refused_on_the_field(head: User, in_a: Commune) -> None:
    client = signed_in(in_a, head)
    form = {
        "title_fr": "Réclamation",
        "links": "http://www.chikaya.ma\nhttps://evil.example/chikaya.ma\nhttps://chikaya.ma.evil.example",
        "position": "1",
    }
    response = client.post("/guide/office/procedures/new/", form)
    assert response.status_code == 400
    block = field_block(response.content.decode(), "links")
    assert "Only https links to the national portals" in block
    assert "http://www.chikaya.ma" in block  # what was typed stays
    with schema_context(in_a.schema_name):
        assert not Procedure.objects.exists()


def test_bad_input_keeps_what_was_typed_and_never_fails(head: User, in_a: Commune) -> None:
    client = signed_in(in_a, head)
    form = {"title_fr": "Certificat\x00", "title_ar": "شهادة", "category": "999999", "position": "x" * 50}
    response = client.post("/guide/office/procedures/new/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "شهادة" in page
    assert field_block(page, "title_fr").count("field__error") == 1
    assert field_block(page, "category").count("field__error") == 1
    assert client.post("/guide/office/procedures/new/", {"title_fr": "  ", "position": "1"}).status_code == 400
    huge = client.post("/guide/office/procedures/new/", {"title_fr": "x" * 5000, "position": str(10**30)})
    assert huge.status_code == 400
    assert "field__error" in field_block(huge.content.decode(), "title_fr")
    assert client.get("/guide/office/procedures/99999999/").status_code == 404
    assert client.post("/guide/office/templates/99999999/copy/").status_code == 404
    anonymous = public(in_a)
    assert anonymous.get("/guide/?q=%00permis&category=%00").status_code == 200
    assert anonymous.get("/guide/?q=" + "x" * 5000).status_code == 200
    assert anonymous.get("/guide/procedures/99999999999999999999/").status_code == 404
    with schema_context(in_a.schema_name):
        assert not Procedure.objects.exists()


def test_public_list_shows_only_published_procedures_by_category_and_search(head: User, in_a: Commune) -> None:
    published(head, "Extrait d'acte de naissance", category=Category.objects.get(code="civil_status"))
    published(head, "Permis de construire", category=Category.objects.get(code="urbanism"))
    services.save_procedure(actor=head, procedure=None, data=ProcedureInput(title_fr="Brouillon secret"))
    client = public(in_a)
    page = client.get("/guide/").content.decode()
    assert "Extrait d&#x27;acte de naissance" in page
    assert "Permis de construire" in page
    assert "Brouillon secret" not in page
    assert "Civil status and archives" in page  # grouped under its category
    page = client.get("/guide/?q=permis").content.decode()
    assert "Permis de construire" in page
    assert "naissance" not in page
    page = client.get("/guide/?category=civil_status").content.decode()
    assert "naissance" in page
    assert "Permis de construire" not in page


def test_the_procedure_is_shown_in_the_language_of_the_page(head: User, in_a: Commune) -> None:
    procedure = published(head, "Légalisation", documents_fr="CIN", documents_ar="البطاقة الوطنية")
    assert "البطاقة الوطنية" in public(in_a, "ar").get(f"/guide/procedures/{procedure.pk}/").content.decode()
    assert "<li>CIN</li>" in public(in_a, "fr").get(f"/guide/procedures/{procedure.pk}/").content.decode()


def test_agents_cannot_edit_procedures_and_viewers_can_read_the_staff_list(
    head: User, agent: User, viewer: User, in_a: Commune
) -> None:
    procedure = published(head, "Permis")
    with pytest.raises(PermissionDenied):
        services.copy_template(actor=agent, template=template())
    with pytest.raises(PermissionDenied):
        services.set_published(actor=viewer, procedure=procedure, published=False)
    for user in (agent, viewer):
        client = signed_in(in_a, user)
        page = client.get("/guide/office/procedures/")
        assert page.status_code == 200
        assert "Permis" in page.content.decode()
        assert "Add a procedure" not in page.content.decode()
        assert client.get("/guide/office/procedures/new/").status_code == 403
        assert client.post(f"/guide/office/procedures/{procedure.pk}/", {"title_fr": "X"}).status_code == 403
        assert client.post(f"/guide/office/procedures/{procedure.pk}/publish/", {"published": "0"}).status_code == 403
        assert client.post(f"/guide/office/templates/{template().pk}/copy/").status_code == 403
        assert client.get("/guide/office/templates/").status_code == 403
    with schema_context(in_a.schema_name):
        assert Procedure.objects.get().published
        assert Procedure.objects.get().title_fr == "Permis"


def test_the_staff_pages_need_signing_in(in_a: Commune) -> None:
    response = public(in_a).get("/guide/office/procedures/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_templates_offered_are_national_and_of_the_communes_region(head: User, in_a: Commune) -> None:
    use_public()
    souss = Region.objects.get(code="souss-massa")
    oriental = Region.objects.get(code="oriental")
    ProcedureTemplate.objects.create(code="souss-only", title_fr="Modèle Souss-Massa", title_ar="س", region=souss)
    ProcedureTemplate.objects.create(code="oriental-only", title_fr="Modèle Oriental", title_ar="ش", region=oriental)
    Commune.objects.filter(pk=in_a.pk).update(province=Province.objects.filter(region=souss).first())
    with schema_context(in_a.schema_name):
        titles = set(selectors.templates_for_office().values_list("title_fr", flat=True))
    assert "Modèle Souss-Massa" in titles
    assert "Permis de construire" in titles
    assert "Modèle Oriental" not in titles
    client = signed_in(in_a, head)
    oriental_template = ProcedureTemplate.objects.get(code="oriental-only")
    assert client.post(f"/guide/office/templates/{oriental_template.pk}/copy/").status_code == 404


def test_save_procedure_refuses_an_empty_title(head: User) -> None:
    with pytest.raises(CaseError) as refused:
        services.save_procedure(actor=head, procedure=None, data=ProcedureInput(title_fr=""))
    assert "title_fr" in refused.value.message_dict
