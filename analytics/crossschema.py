"""Case facts of many communes in one statement: a set-based pass across schemas.

analytics.extraction counts each commune in turn, in its own schema, through
the ORM: a dozen round trips per commune, 1,503 times over. Here one
`UNION ALL` statement per chunk of schemas (tenants.cross_schema.CHUNK) reads
every commune's cases and counts them over the same dimensions as
`extraction.case_facts` builds its CaseFact rows (month of opening, kind,
category code, channel, status; opened, answered, answered by the due date,
days to answer). Dates are taken in the platform's time zone, as the ORM's
TruncDate does, so that both ways give the same rows.

Only CaseFact so far: people, answer-time, referral and satisfaction facts
still come from analytics.extraction.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from analytics.models import CaseFact
from tenants.cross_schema import CHUNK, quote
from tenants.models import Commune


@dataclass(frozen=True, slots=True)
class CaseFactRow:
    """A CaseFact row as plain data: the fields of analytics.models.CaseFact, without building a model."""

    commune_id: int
    month: date
    kind: str
    category: str
    channel: str
    status: str
    count: int
    answered: int
    answered_in_time: int
    days_to_answer: int


# One schema's cases, counted; %s are its commune id and the time zone of dates.
_BRANCH = """
SELECT %s::integer AS commune_id,
       date_trunc('month', c.opened_on)::date AS month,
       c.kind, k.code AS category, c.channel, c.status,
       count(*) AS count,
       count(*) FILTER (WHERE c.answered_at IS NOT NULL) AS answered,
       count(*) FILTER (WHERE (c.answered_at AT TIME ZONE %s)::date <= c.due_on) AS answered_in_time,
       greatest(coalesce(sum((c.answered_at AT TIME ZONE %s)::date - c.opened_on), 0), 0) AS days_to_answer
  FROM {schema}.cases_case c
  JOIN {schema}.cases_category k ON k.id = c.category_id
 GROUP BY 2, 3, 4, 5, 6
"""


def _statement(communes: Sequence[Commune]) -> tuple[str, list[Any]]:
    zone = timezone.get_current_timezone_name()
    branches = [_BRANCH.format(schema=quote(commune.schema_name)) for commune in communes]
    params: list[Any] = []
    for commune in communes:
        params += [commune.pk, zone, zone]
    return " UNION ALL ".join(branches), params


def _chunks(communes: Sequence[Commune]) -> list[Sequence[Commune]]:
    return [communes[start : start + CHUNK] for start in range(0, len(communes), CHUNK)]


def case_fact_rows(communes: Sequence[Commune]) -> list[CaseFactRow]:
    """The CaseFact rows of every month of these communes, one statement per chunk of schemas."""
    rows: list[CaseFactRow] = []
    for chunk in _chunks(communes):
        statement, params = _statement(chunk)
        with connection.cursor() as cursor:
            cursor.execute(statement, params)
            rows += [CaseFactRow(*row) for row in cursor.fetchall()]
    return rows


def replace_case_facts(communes: Sequence[Commune]) -> int:
    """Count every month of these communes again and replace their CaseFact rows, in one transaction.

    The rows never leave the server: `INSERT ... SELECT` over the UNION ALL.
    Returns how many rows were written.
    """
    table = quote(CaseFact._meta.db_table)
    columns = ", ".join(field.name for field in fields(CaseFactRow))
    written = 0
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE commune_id = ANY(%s)", [[commune.pk for commune in communes]])
        for chunk in _chunks(communes):
            statement, params = _statement(chunk)
            cursor.execute(f"INSERT INTO {table} ({columns}) {statement}", params)
            written += cursor.rowcount
    return written
