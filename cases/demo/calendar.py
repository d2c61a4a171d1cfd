"""The demo's clock: a story spread over months, in business days."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import connection
from django.db.models import Max

from cases import calendar
from cases.models import (
    AuditEntry,
    Case,
    CaseEvent,
    Referral,
)

# How far back the register goes.
HISTORY_DAYS = 270

S = Case.Status
Outcome = Referral.Outcome


def has_sample_data() -> bool:
    return Case.objects.exists()


# --- Calendar ------------------------------------------------------------------


class Days:
    """Business days on the office's calendar, with the holidays read once."""

    def __init__(self, start: date, end: date) -> None:
        self.holidays = calendar.holidays_between(start, end)

    def is_open(self, day: date) -> bool:
        return calendar.is_business_day(day, self.holidays)

    def after(self, day: date, count: int) -> date:
        while count > 0:
            day += timedelta(days=1)
            if self.is_open(day):
                count -= 1
        return day

    def on_or_before(self, day: date) -> date:
        while not self.is_open(day):
            day -= timedelta(days=1)
        return day


class Clock:
    """Moves what the services just wrote back to when the demo's story says it happened.

    Timeline events and audit entries are stamped with the real clock; after each
    action, the rows it added get the story's moment. Used by the demo only.
    """

    def __init__(self) -> None:
        self._event = CaseEvent.objects.aggregate(last=Max("id"))["last"] or 0
        self._audit = AuditEntry.objects.aggregate(last=Max("id"))["last"] or 0

    def stamp(self, moment: datetime) -> None:
        # One statement for both tables: the demo stamps a few hundred times per office.
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH events AS (UPDATE {CaseEvent._meta.db_table} SET at = %s WHERE id > %s RETURNING id),"
                f" audit AS (UPDATE {AuditEntry._meta.db_table} SET at = %s WHERE id > %s RETURNING id)"
                " SELECT (SELECT max(id) FROM events), (SELECT max(id) FROM audit)",
                [moment, self._event, moment, self._audit],
            )
            events, audit = cursor.fetchone()
        self._event, self._audit = events or self._event, audit or self._audit
