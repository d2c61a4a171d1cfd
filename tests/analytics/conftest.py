"""What the analytics tests share: a commune with some work done."""

from __future__ import annotations

from django.utils import timezone

from cases.models import Case
from cases.services import cases as case_services
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category, person
from tests.conftest import make_staff

# Query strings the regional views refuse with a 400 (month out of range, period reversed or too long,
# unknown channel, a NUL byte, a network code far too long).
BAD_QUERIES = [
    {"first": "2026-13"},
    {"first": "2026-05", "last": "2025-01"},
    {"first": "2020-01", "last": "2026-01"},
    {"channel": "pigeon"},
    {"category": "\x00"},
    {"network": "x" * 500},
]


def open_cases(commune: Commune, how_many: int, *, answered: int = 0, women: bool = False) -> None:
    """Cases of one person each, opened over the last months; the first `answered` of them answered."""
    with schema_context(commune.schema_name):
        agent = make_staff(commune, email=f"agent.{commune.slug}.{how_many}@example.org")
        today = timezone.localdate()
        for number in range(how_many):
            someone = person(agent, sex="female" if women and number % 2 else "male", last_name_latin=f"N{number}")
            case = case_services.open_case(
                actor=agent,
                person=someone,
                kind="request",
                category=category(),
                channel="phone",
                subject="Pension",
                opened_on=today - timezone.timedelta(days=30 * (number % 4)),
            )
            if number < answered:
                case_services.transition_case(actor=agent, case=case, to_status=Case.Status.ANSWERED)
