"""Search before create: the intake form finds the person however the name or number is typed."""

from __future__ import annotations

import pytest

from cases import selectors
from cases.services import people
from jisr.accounts.models import User
from tests.cases.conftest import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def register(head: User) -> dict[str, int]:
    found = {
        "mohamed": person(
            head, first_name_latin="Mohamed", last_name_latin="El Idrissi", first_name_ar="محمد",
            last_name_ar="الإدريسي", phone="+33 6 12 34 56 78",
        ),
        "fatima": person(head, first_name_latin="Fatima Zahra", last_name_latin="Alaoui", phone="0661234567"),
        "youssef": person(head, first_name_ar="يوسف", last_name_ar="بنعلي", whatsapp="+34 612 34 56 78"),
        "khadija": person(head, first_name_latin="Khadija", last_name_latin="Cherkaoui"),
    }  # fmt: skip
    for number in range(30):  # others, so that a match has something to stand out from
        person(head, first_name_latin=f"Visitor{number}", last_name_latin=f"Family{number % 7}")
    people.add_identity_document(actor=head, person=found["khadija"], kind="cin", number="JB445566")
    return {name: who.pk for name, who in found.items()}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Mhamed Idrissi", "mohamed"),
        ("Mohammed Elidrissi", "mohamed"),
        ("محمد الادريسي", "mohamed"),
        ("Muhammad", "mohamed"),
        ("فاطمة العلوي", "fatima"),
        ("Fatma Zahra", "fatima"),
        ("Youssef Benali", "youssef"),
        ("Yusuf", "youssef"),
        ("خديجة الشرقاوي", "khadija"),
        ("Khadidja", "khadija"),
        ("0033 6 12 34 56 78", "mohamed"),
        ("06 61 23 45 67", "fatima"),
        ("+212661234567", "fatima"),
        ("612345678", "youssef"),
        ("jb 445 566", "khadija"),
    ],
)
def test_finds_the_person_whatever_the_spelling(
    head: User, register: dict[str, int], query: str, expected: str
) -> None:
    results = [found.pk for found in selectors.search_people(actor=head, query=query)]
    assert register[expected] in results[:3], (query, results)


def test_short_queries_find_nothing_rather_than_everything(head: User, register: dict[str, int]) -> None:
    assert selectors.search_people(actor=head, query="m") == []
