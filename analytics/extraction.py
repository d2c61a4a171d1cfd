"""Taking the communes' facts out of their schemas: set-based, across schemas, incrementally.

One pass serves every commune, a chunk of schemas (CHUNK) at a time, one
transaction per chunk. In it, one `UNION ALL` statement finds the months that
changed since each commune's watermark (cases and their people edited,
referrals edited, surveys answered); then, per theme, one `INSERT ... SELECT`
over a `UNION ALL` of the schemas counts those months again into a temporary
table, and only the fact rows that differ are deleted or inserted in the public
schema. The rows never travel to Python, and a commune's month is always whole,
never half old and half new.

Why not a task per commune (django-tenants' usual loop)? bench/facts.py measured
both over the same 3,006,000 cases of 1,503 communes: the same statements run
commune by commune cost 92 s of database work, the set-based pass 44 s (the raw
read alone, 23 s); the per-commune ORM extraction this replaced took 236 s for
250 communes. Chunks spread over workers as tasks per commune would.

Counting a month again is harmless, so a run looks back a little before its
watermark (OVERLAP) for changes that committed late. Deleted rows, or a case
whose opening date was corrected into another month, are not seen by an
incremental run (cases are anonymised, never deleted, by the data-protection
tools); the nightly full run (`extract_all(full=True)`, the `rebuild_facts`
command) counts everything again.

The dimensions are computed in SQL from the same definitions as
analytics.dimensions (age bands from cases.models.AGE_BANDS, country groups from
dimensions.AREAS); tests/analytics/test_facts.py checks the facts against
counts computed in Python from the communes' own rows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from analytics.dimensions import AREAS, DAYS_CAP, OWN_GROUP
from analytics.models import AnswerTimeFact, CaseFact, Extraction, PeopleFact, ReferralFact, SatisfactionFact
from cases.models import AGE_BANDS
from tenants.cross_schema import quote
from tenants.models import Commune

logger = logging.getLogger(__name__)

OVERLAP = timedelta(minutes=10)
# Schemas per statement and per transaction. Reading a commune's six source tables locks them and their
# indexes until the transaction ends: 4,237 locks for 100 schemas (measured), and PostgreSQL's lock table
# holds max_locks_per_transaction x max_connections entries (64 x 100 by default) for every session at
# once; 250 schemas ran out ("out of shared memory"). 50 take about a third of the default table.
CHUNK = 50


@dataclass(frozen=True)
class Written:
    deleted: int
    inserted: int


@dataclass(frozen=True)
class Extracted:
    communes: int
    months: int  # (commune, month) pairs counted again, over the three sources
    rows: int  # fact rows inserted (those already right are kept)
    deleted: int = 0  # fact rows deleted (counts that changed, or that no longer exist)


# --- Dimensions, in SQL ----------------------------------------------------------


def _literal(value: str) -> str:
    """A SQL string literal of one of our own constants (never of user input)."""
    return "'" + value.replace("'", "''") + "'"


def _age_band_sql(birth_year: str, year: str) -> str:
    """cases.models.age_band in SQL: the band of the age reached in `year`."""
    bands = []
    for low, high in AGE_BANDS:
        if high is None:
            bands.append(f"ELSE {_literal(f'{low}+')}")
        else:
            bands.append(f"WHEN {year} - {birth_year} <= {high} THEN {_literal(f'{low}-{high}')}")
    return f"CASE WHEN {birth_year} IS NULL THEN '' {' '.join(bands)} END"


def _country_group_sql(country: str) -> str:
    """analytics.dimensions.country_group in SQL."""
    code = f"upper(coalesce({country}, ''))"
    own = ", ".join(_literal(c) for c in OWN_GROUP)
    areas = " ".join(
        f"WHEN {code} IN ({', '.join(_literal(c) for c in countries)}) THEN {_literal(group)}"
        for group, countries in AREAS.items()
    )
    return f"CASE WHEN {code} = '' THEN '' WHEN {code} IN ({own}) THEN {code} {areas} ELSE 'elsewhere' END"


# --- The themes ------------------------------------------------------------------

# Each branch counts one schema: {schema}, and placeholders for the commune's id
# ({commune}), the condition that keeps the months to count ({in_months}: TRUE for
# all; else a range of the theme's `period` column per month, so that its index
# serves) and the time zone dates of timestamps are taken in ({zone}, the platform's).
_CASES_MONTH = "date_trunc('month', c.opened_on)::date"
_ANSWERED_ON = "(c.answered_at AT TIME ZONE {zone})::date"
_DAYS = f"({_ANSWERED_ON} - c.opened_on)"


@dataclass(frozen=True)
class Theme:
    model: type
    source: str  # which changes make its months stale: cases, referrals, surveys
    columns: tuple[str, ...]
    branch: str
    period: str  # the column whose month the fact's month is
    local_time: bool = False  # the period column is a timestamp, its month taken in the platform's time zone

    @property
    def table(self) -> str:
        return quote(self.model._meta.db_table)  # type: ignore[attr-defined]


THEMES = (
    Theme(
        model=CaseFact,
        source="cases",
        columns=(
            "commune_id",
            "month",
            "kind",
            "category",
            "channel",
            "status",
            "count",
            "answered",
            "answered_in_time",
            "days_to_answer",
        ),
        branch=f"""
SELECT {{commune}}::integer, {_CASES_MONTH}, c.kind, k.code, c.channel, c.status,
       count(*), count(*) FILTER (WHERE c.answered_at IS NOT NULL),
       count(*) FILTER (WHERE {_ANSWERED_ON} <= c.due_on),
       greatest(coalesce(sum({_DAYS}), 0), 0)
  FROM {{schema}}.cases_case c JOIN {{schema}}.cases_category k ON k.id = c.category_id
 WHERE {{in_months}}
 GROUP BY 2, 3, 4, 5, 6""",
        period="c.opened_on",
    ),
    Theme(
        model=PeopleFact,
        source="cases",
        columns=("commune_id", "month", "sex", "age_band", "generation", "country_group", "count"),
        branch=f"""
SELECT {{commune}}::integer, {_CASES_MONTH}, p.sex,
       {_age_band_sql("p.birth_year", "extract(year FROM c.opened_on)::integer")},
       p.generation, {_country_group_sql("p.residence_country")}, count(*)
  FROM {{schema}}.cases_case c JOIN {{schema}}.cases_person p ON p.id = c.person_id
 WHERE {{in_months}}
 GROUP BY 2, 3, 4, 5, 6""",
        period="c.opened_on",
    ),
    Theme(
        model=AnswerTimeFact,
        source="cases",
        columns=("commune_id", "month", "category", "channel", "days", "count"),
        branch=f"""
SELECT {{commune}}::integer, {_CASES_MONTH}, k.code, c.channel, least(greatest({_DAYS}, 0), {DAYS_CAP}), count(*)
  FROM {{schema}}.cases_case c JOIN {{schema}}.cases_category k ON k.id = c.category_id
 WHERE c.answered_at IS NOT NULL AND {{in_months}}
 GROUP BY 2, 3, 4, 5""",
        period="c.opened_on",
    ),
    Theme(
        model=ReferralFact,
        source="referrals",
        columns=("commune_id", "month", "target_type", "outcome", "count", "with_outcome", "days_to_outcome"),
        branch="""
SELECT {commune}::integer, date_trunc('month', r.sent_on)::date,
       CASE WHEN g.kind IS NOT NULL THEN 'regional:' || g.kind
            ELSE 'local:' || coalesce(nullif(l.kind, ''), 'other') END,
       r.outcome, count(*), count(*) FILTER (WHERE r.outcome_on IS NOT NULL),
       greatest(coalesce(sum(r.outcome_on - r.sent_on), 0), 0)
  FROM {schema}.cases_referral r
  LEFT JOIN public.network_externalservice g ON g.id = r.regional_service_id
  LEFT JOIN {schema}.cases_localservice l ON l.id = r.local_service_id
 WHERE {in_months}
 GROUP BY 2, 3, 4""",
        period="r.sent_on",
    ),
    Theme(
        model=SatisfactionFact,
        source="surveys",
        columns=("commune_id", "month", "score", "count"),
        branch="""
SELECT {commune}::integer, date_trunc('month', s.answered_at AT TIME ZONE {zone})::date, s.score, count(*)
  FROM {schema}.portal_survey s
 WHERE s.answered_at IS NOT NULL AND {in_months}
 GROUP BY 2, 3""",
        period="s.answered_at",
        local_time=True,
    ),
)


def _in_months(theme: Theme, months: list[date] | None, name: str, params: dict[str, Any]) -> str:
    """The condition keeping the rows of these months (one range each, reached by the period column's index)."""
    if months is None:
        return "TRUE"
    ranges = []
    for number, month in enumerate(months):
        start, end = f"{name}_{number}", f"{name}_{number}e"
        params[start], params[end] = month, (month + timedelta(days=32)).replace(day=1)
        if theme.local_time:  # local midnights, as instants
            bounds = f"(%({start})s::timestamp AT TIME ZONE %(zone)s)", f"(%({end})s::timestamp AT TIME ZONE %(zone)s)"
        else:
            bounds = f"%({start})s::date", f"%({end})s::date"
        ranges.append(f"({theme.period} >= {bounds[0]} AND {theme.period} < {bounds[1]})")
    return "(" + " OR ".join(ranges) + ")" if ranges else "FALSE"


def _across(
    template: str, items: Sequence[tuple[Commune, Any]], fill: Callable[[str, Any, dict[str, Any]], dict[str, str]]
) -> tuple[str, dict[str, Any]]:
    """`template` once per commune of `items`, joined by UNION ALL, with named parameters: `{schema}`, `{commune}`
    (its id) and `{zone}` (the platform's time zone) filled here, the rest by `fill(prefix, item, params)`, which
    adds its own parameters under the branch's prefix."""
    params: dict[str, Any] = {"zone": timezone.get_current_timezone_name()}
    branches = []
    for number, (commune, item) in enumerate(items):
        params[f"c{number}"] = commune.pk
        placeholders = {"schema": quote(commune.schema_name), "commune": f"%(c{number})s", "zone": "%(zone)s"}
        branches.append("(" + template.format(**placeholders, **fill(f"b{number}", item, params)) + ")")
    return " UNION ALL ".join(branches), params


def _union(theme: Theme, work: Sequence[tuple[Commune, list[date] | None]]) -> tuple[str, dict[str, Any]]:
    """The theme's branches over the schemas of `work`, each keeping the months asked for it (None: all)."""
    return _across(
        theme.branch, work, lambda prefix, months, params: {"in_months": _in_months(theme, months, prefix, params)}
    )


def _chunks(items: Sequence[Any], size: int = CHUNK) -> list[Sequence[Any]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _without_jit(cursor: Any) -> None:
    """For the rest of the transaction: no JIT compilation. A UNION ALL of 250 branches costs enough for PostgreSQL
    to compile each branch's expressions, and the compiling took six times longer than the counting (bench/facts.py:
    12.9 s instead of 2.0 s for the people facts of 250 communes)."""
    cursor.execute("SET LOCAL jit = off")


def fact_rows(theme: Theme, communes: Sequence[Commune]) -> list[tuple[Any, ...]]:
    """Every month of the communes counted for one theme, read but not written: the raw `UNION ALL ... GROUP BY`
    the bench compares a full run with."""
    rows: list[tuple[Any, ...]] = []
    for chunk in _chunks(communes):
        with transaction.atomic(), connection.cursor() as cursor:  # a chunk's locks at a time
            _without_jit(cursor)
            statement, params = _union(theme, [(commune, None) for commune in chunk])
            cursor.execute(statement, params)
            rows += cursor.fetchall()
    return rows


# --- What changed ----------------------------------------------------------------

_CHANGED = """
SELECT DISTINCT {commune}::integer, 'cases', date_trunc('month', c.opened_on)::date
  FROM {schema}.cases_case c WHERE c.updated_at > {since}
 UNION ALL
SELECT DISTINCT {commune}::integer, 'cases', date_trunc('month', c.opened_on)::date
  FROM {schema}.cases_case c
 WHERE c.person_id IN (SELECT p.id FROM {schema}.cases_person p WHERE p.updated_at > {since})
 UNION ALL
SELECT DISTINCT {commune}::integer, 'referrals', date_trunc('month', r.sent_on)::date
  FROM {schema}.cases_referral r WHERE r.updated_at > {since}
 UNION ALL
SELECT DISTINCT {commune}::integer, 'surveys', date_trunc('month', s.answered_at AT TIME ZONE {zone})::date
  FROM {schema}.portal_survey s WHERE s.answered_at > {since}"""


def changed_months(watermarks: dict[Commune, datetime]) -> dict[int, dict[str, set[date]]]:
    """Per commune id, per source (cases, referrals, surveys): the months whose facts may differ since its mark.

    One statement: a chunk's worth of communes (CHUNK) at most."""

    def since(prefix: str, mark: datetime, params: dict[str, Any]) -> dict[str, str]:
        params[prefix] = mark
        return {"since": f"%({prefix})s"}

    changed: dict[int, dict[str, set[date]]] = defaultdict(lambda: defaultdict(set))
    if not watermarks:
        return changed
    statement, params = _across(_CHANGED, list(watermarks.items()), since)
    with transaction.atomic(), connection.cursor() as cursor:
        _without_jit(cursor)
        cursor.execute(statement, params)
        for commune_id, source, month in cursor.fetchall():
            changed[commune_id][source].add(month)
    return changed


# --- A run -----------------------------------------------------------------------


def _replace(theme: Theme, work: Sequence[tuple[Commune, list[date] | None]]) -> Written:
    """Count the (commune, months) pairs of `work` again and make their facts say so, touching only what differs.

    The fresh counts go to a temporary table (one INSERT ... SELECT over the chunk's schemas); then the facts
    of those pairs that no fresh row matches are deleted, and the fresh rows no fact matches are inserted.
    Most nights a full run finds the facts the hourly runs left already right, and writes next to nothing:
    writing is what costs
    (bench/facts.py: writing a row costs more than counting it). The same in one statement (the fresh counts as
    a materialised CTE) took 51-65 s instead of 46 s for a full run of 1,503 communes: the temporary table
    has statistics, the CTE none.
    """
    columns = ", ".join(theme.columns)
    fresh = f"fresh_{theme.model._meta.model_name}"  # type: ignore[attr-defined]
    everything = [commune.pk for commune, months in work if months is None]
    pairs = [(commune.pk, month) for commune, months in work if months is not None for month in months]
    scope: dict[str, Any] = {
        "everything": everything,
        "ids": [pk for pk, _m in pairs],
        "months": [month for _pk, month in pairs],
    }
    # The fact rows being counted again: whole communes, or (commune, month) pairs; each side reached by the
    # (commune, month) index. (One condition with OR between the two read every fact row of every commune.)
    in_scope = (
        f"(SELECT f.* FROM {theme.table} f WHERE f.commune_id = ANY(%(everything)s)"
        f" UNION ALL SELECT f.* FROM {theme.table} f"
        " JOIN unnest(%(ids)s::integer[], %(months)s::date[]) AS stale(commune_id, month)"
        " ON f.commune_id = stale.commune_id AND f.month = stale.month)"
    )
    with connection.cursor() as cursor:
        _without_jit(cursor)
        cursor.execute(
            f"CREATE TEMPORARY TABLE {fresh} ON COMMIT DROP AS SELECT {columns} FROM {theme.table} WITH NO DATA"
        )
        statement, params = _union(theme, work)
        cursor.execute(f"INSERT INTO {fresh} ({columns}) {statement}", params)
        cursor.execute(f"ANALYZE {fresh}")
        matches = " AND ".join(f"n.{column} = f.{column}" for column in theme.columns)
        cursor.execute(
            f"DELETE FROM {theme.table} WHERE id IN (SELECT f.id FROM {in_scope} f"
            f" WHERE NOT EXISTS (SELECT 1 FROM {fresh} n WHERE {matches}))",
            scope,
        )
        deleted = cursor.rowcount
        cursor.execute(
            f"INSERT INTO {theme.table} ({columns}) SELECT {columns} FROM {fresh}"
            f" EXCEPT SELECT {columns} FROM {in_scope} f",
            scope,
        )
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {fresh}")
    return Written(deleted=deleted, inserted=inserted)


def _months_held(commune_ids: list[int]) -> dict[int, int]:
    """Per commune, how many (source, month) pairs its facts hold: what a full run counted."""
    held: dict[int, int] = defaultdict(int)
    if not commune_ids:
        return held
    # The first theme of each source counts every row of it (case, referral, answered survey): its months are all.
    sources = {theme.source: theme.table for theme in reversed(THEMES)}
    union = " UNION ALL ".join(
        f"SELECT DISTINCT commune_id, month FROM {table} WHERE commune_id = ANY(%(ids)s)" for table in sources.values()
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT commune_id, count(*) FROM ({union}) AS held GROUP BY 1", {"ids": commune_ids})
        held.update(dict(cursor.fetchall()))
    return held


def _extract_chunk(communes: Sequence[Commune], *, full: bool) -> Extracted:
    """One transaction: the facts of these communes brought up to date, and their watermarks moved."""
    started = timezone.now()
    with transaction.atomic():
        Extraction.objects.bulk_create([Extraction(commune=commune) for commune in communes], ignore_conflicts=True)
        # Lock the watermarks: two runs at once would each count, and the later commit win with older counts.
        states = {
            state.commune_id: state
            for state in Extraction.objects.select_for_update().filter(commune__in=communes).order_by("commune_id")
        }
        marks = {commune: states[commune.pk].changes_until for commune in communes}
        stale = {commune for commune, mark in marks.items() if full or mark is None}
        changed = changed_months({c: mark - OVERLAP for c, mark in marks.items() if c not in stale and mark})
        inserted = deleted = months = 0
        for theme in THEMES:
            work: list[tuple[Commune, list[date] | None]] = []
            for commune in communes:
                if commune in stale:
                    work.append((commune, None))
                elif changed[commune.pk][theme.source]:
                    work.append((commune, sorted(changed[commune.pk][theme.source])))
            if work:
                written = _replace(theme, work)
                inserted, deleted = inserted + written.inserted, deleted + written.deleted
        counted_in_full = _months_held([commune.pk for commune in stale])
        for commune in communes:
            state = states[commune.pk]
            if commune in stale:
                counted = counted_in_full[commune.pk]
            else:
                counted = sum(len(months) for months in changed[commune.pk].values())
            state.changes_until, state.ran_at, state.months_rebuilt = started, timezone.now(), counted
            months += counted
        Extraction.objects.bulk_update(states.values(), ["changes_until", "ran_at", "months_rebuilt"])
    return Extracted(communes=len(communes), months=months, rows=inserted, deleted=deleted)


def extract_all(communes: Sequence[Commune], *, full: bool = False, chunk: int = CHUNK) -> Extracted:
    """Bring the facts of these communes up to date; `full` counts every month of every commune again.

    One transaction per chunk of communes: a commune's months are always whole, and a transaction
    touches at most `chunk` schemas. All schemas in one transaction ran out of PostgreSQL's lock table
    at national scale (1,503 schemas x every table and index read: "out of shared memory", bench/facts.py).
    """
    communes = list(communes)
    total = Extracted(communes=0, months=0, rows=0)
    for part in _chunks(communes, chunk):
        done = _extract_chunk(part, full=full)
        total = Extracted(
            communes=total.communes + done.communes,
            months=total.months + done.months,
            rows=total.rows + done.rows,
            deleted=total.deleted + done.deleted,
        )
    logger.info(
        "Facts of %s communes: %s months counted again, %s rows inserted, %s deleted",
        total.communes,
        total.months,
        total.rows,
        total.deleted,
    )
    return total


def extract(commune: Commune, *, full: bool = False) -> Extracted:
    """One commune's facts brought up to date (the same pass, over one schema)."""
    return extract_all([commune], full=full)
