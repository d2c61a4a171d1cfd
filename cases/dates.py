"""The plausible dates of the office's work: the one place that says which day a date may be.

The office pages (cases.forms), the API (cases.api.serializers), the register import (cases.imports) and the
services themselves ask these rules, so a date refused in one place is refused, with the same words, in all:

- **Not before 2000** (EARLIEST): no office worked on the platform's terms before then (the reception offices
  for Moroccans of the world date from the 2000s, the oldest registers the offices keep from the 2010s); an
  earlier year is a typo (1950, 0001). The regional layer's memberships keep the same floor
  (network.services.EARLIEST_MEMBERSHIP_DATE).
- **Not in the future** for what has happened: a case received, answered or closed, a referral sent, a
  service's answer, a consent given. (Appointments are booked ahead, in the slots their own app offers.)
- **In order**: a case is answered and closed on or after the day it was received, closed on or after the
  day it was answered; a service answers on or after the day the case was sent to it.

Each rule gives `Problem`s: the field at fault, the reason in English marked for translation but not yet
translated (the import keeps it so in its report, and words it in the language of whoever reads it), and
its parameters (days written day first, 07/12/2026). `check` raises them as a CaseError by field.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from cases.errors import CaseError
from jisr.dates import short_date

EARLIEST = date(2000, 1, 1)

BEFORE_EARLIEST = N_("This date is before 2000: check the year.")
IN_THE_FUTURE = N_("This date is in the future: only what has already happened is recorded.")
ANSWERED_BEFORE_RECEIVED = N_("A case cannot be answered before the day it was received (%(date)s).")
CLOSED_BEFORE_RECEIVED = N_("A case cannot be closed before the day it was received (%(date)s).")
CLOSED_BEFORE_ANSWERED = N_("A case cannot be closed before the day it was answered (%(date)s).")
ANSWER_BEFORE_SENT = N_("The service cannot answer before the day the case was sent to it (%(date)s).")


@dataclasses.dataclass(frozen=True)
class Problem:
    field: str
    reason: str  # English, marked with gettext_noop
    params: dict[str, object] = dataclasses.field(default_factory=dict)

    @property
    def message(self) -> str:
        """The reason in the active language."""
        return _(self.reason) % self.params if self.params else _(self.reason)


def happened(day: date | None, name: str, *, today: date | None = None) -> list[Problem]:
    """A day something happened on: from 2000 to today."""
    if day is None:
        return []
    if day < EARLIEST:
        return [Problem(name, BEFORE_EARLIEST)]
    if day > (today or timezone.localdate()):
        return [Problem(name, IN_THE_FUTURE)]
    return []


def _not_before(day: date | None, earlier: date | None, name: str, reason: str) -> list[Problem]:
    if day is None or earlier is None or day >= earlier:
        return []
    return [Problem(name, reason, {"date": short_date(earlier)})]


def case_dates(
    *,
    opened_on: date | None,
    answered_on: date | None = None,
    closed_on: date | None = None,
    today: date | None = None,
    names: dict[str, str] | None = None,
) -> list[Problem]:
    """A case's days: received, answered, closed, each plausible and in that order. `names` renames the fields
    for the caller (the import's columns, the API's fields)."""
    named = {"opened_on": "opened_on", "answered_on": "answered_on", "closed_on": "closed_on"} | (names or {})
    found = [
        *happened(opened_on, named["opened_on"], today=today),
        *happened(answered_on, named["answered_on"], today=today),
        *happened(closed_on, named["closed_on"], today=today),
    ]
    faulty = {problem.field for problem in found}

    def plausible(name: str) -> bool:
        return named[name] not in faulty

    if plausible("opened_on") and plausible("answered_on"):
        found += _not_before(answered_on, opened_on, named["answered_on"], ANSWERED_BEFORE_RECEIVED)
    if plausible("closed_on"):
        answered = answered_on if plausible("answered_on") else None
        closing = _not_before(closed_on, answered, named["closed_on"], CLOSED_BEFORE_ANSWERED)
        if not closing and plausible("opened_on"):
            closing = _not_before(closed_on, opened_on, named["closed_on"], CLOSED_BEFORE_RECEIVED)
        found += closing
    return found


def answer_date(
    *, sent_on: date, answered_on: date | None, name: str = "on", today: date | None = None
) -> list[Problem]:
    """The day a service answered a referral: plausible, and not before the case was sent to it."""
    return happened(answered_on, name, today=today) or _not_before(answered_on, sent_on, name, ANSWER_BEFORE_SENT)


def check(problems: list[Problem]) -> None:
    """Raise the problems as a CaseError by field, in the active language (nothing when there are none)."""
    if not problems:
        return
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(problem.field, []).append(problem.message)
    raise CaseError(errors)


def moment(day: date) -> datetime:
    """The time a day of the office's history is recorded at: noon in the office's time zone, or now for today
    (never a time still to come)."""
    return min(timezone.make_aware(datetime.combine(day, time(12))), timezone.now())
