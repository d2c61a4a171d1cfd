"""A request made on the portal gets a short title in the office's lists: its category and first words."""

from __future__ import annotations

import pytest

from cases.models import Case
from cases.portal.services import SUBJECT_LENGTH, case_title
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category
from tests.cases.portal.test_portal import submit

pytestmark = pytest.mark.django_db

LONG = (
    "Bonjour, ma mère est veuve depuis 2019 et sa pension de réversion versée par la caisse de retraite "
    "française n'arrive plus depuis le mois de mars; la caisse demande un certificat de vie signé par la commune."
)


def test_a_long_request_is_titled_by_its_category_and_first_words(commune_a: Commune) -> None:
    reference, _code = submit(commune_a, description=LONG)
    with schema_context(commune_a.schema_name):
        case = Case.objects.select_related("category").get(reference=reference)
        title = case.subject
        assert title.startswith(f"{case.category.name_fr}: Bonjour, ma mère est veuve")
        assert title.endswith("…")
        assert 60 <= len(title) <= SUBJECT_LENGTH
        cut = title.removesuffix("…").removeprefix(f"{case.category.name_fr}: ")
        assert LONG.startswith(cut)
        assert LONG[len(cut)] == " "  # cut between two words, not inside one
        assert case.description == LONG  # the whole text stays in the case


def test_a_short_request_is_titled_whole_and_an_arabic_one_names_its_category_in_arabic(in_a: Commune) -> None:
    pension = category()
    assert (
        case_title(category=pension, description="  Certificat\n de vie  ") == f"{pension.name_fr}: Certificat de vie"
    )
    arabic = "معاش الأرملة لم يعد يصل منذ شهر مارس، والصندوق الأجنبي يطلب شهادة الحياة موقعة من الجماعة الترابية"
    title = case_title(category=pension, description=arabic)
    assert title.startswith(f"{pension.name_ar}: معاش الأرملة")
    assert title.endswith("…")
    assert len(title) <= SUBJECT_LENGTH
    assert arabic.startswith(title.removesuffix("…").removeprefix(f"{pension.name_ar}: "))


def test_one_endless_word_is_cut_all_the_same(in_a: Commune) -> None:
    title = case_title(category=category(), description="x" * 300)
    assert len(title) == SUBJECT_LENGTH
    assert title.endswith("x…")
