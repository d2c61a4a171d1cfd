"""The regional pages' periods are chosen from lists of months named as the reader says them, Moroccan month
names in Arabic, not by the browser's month field (which names months in the browser's language)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.utils import timezone

from analytics.forms import YEARS_LISTED, default_period, month_choices
from jisr.accounts.models import Role
from network.models import Network
from tests.analytics.test_compare import signed_in

pytestmark = pytest.mark.django_db


def selected(page: str, name: str) -> list[str]:
    field = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert field is not None, name
    return re.findall(r'<option value="([^"]+)"[^>]*selected', field.group(1))


def test_the_months_are_listed_newest_first_back_to_january_ten_years_ago() -> None:
    choices = month_choices(date(2026, 12, 7))
    assert choices[0][0] == "2026-12"
    assert choices[-1][0] == f"{2026 - YEARS_LISTED + 1}-01"
    assert len(choices) == (YEARS_LISTED - 1) * 12 + 12
    assert month_choices(date(2026, 12, 7), also=["2001-03", "2026-13", "x"])[-1][0] == "2001-03"


@pytest.mark.parametrize(("language", "may"), [("ar", "ماي 2026"), ("fr", "mai 2026"), ("en", "May 2026")])
def test_the_comparison_names_months_in_the_readers_words(language: str, may: str) -> None:
    client = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-souss-massa")], email=f"m-{language}@j.test")
    client.cookies["django_language"] = language
    page = client.get("/regional/compare/").content.decode()
    assert 'type="month"' not in page
    assert (
        f'<option value="2026-05">{may}</option>' in page or f'<option value="2026-05" selected>{may}</option>' in page
    )
    first, last = default_period(timezone.localdate())
    assert selected(page, "first") == [f"{first:%Y-%m}"]
    assert selected(page, "last") == [f"{last:%Y-%m}"]


def test_a_month_typed_in_the_address_stays_chosen_even_outside_the_list() -> None:
    client = signed_in(Role.COORDINATOR, [Network.objects.get(code="prim-souss-massa")], email="m-old@j.test")
    page = client.get("/regional/compare/", {"first": "2012-03", "last": "2013-02"}).content.decode()
    assert selected(page, "first") == ["2012-03"]
    assert selected(page, "last") == ["2013-02"]
    assert "March 2012" in page
