"""Taking the communes' facts out of their schemas: maintained by triggers, recounted set-based at night.

Hourly, from what the communes wrote down. Each commune table a theme reads
(TENANT_TABLES) has a trigger that, in the same transaction as an edit, writes
what the edit does to the facts into the theme's changes table in the public
schema: the edited row's old contribution taken away, its new one added, both
computed by the theme's own SQL with the row in place of its table. The hourly
run (`extract_all`) sums the changes per fact key, adds them to the facts and
deletes them, in one REPEATABLE READ transaction: no commune schema is read, so
its cost follows the edits, not the communes (bench/facts.py).

Nightly, from the communes themselves (`extract_all(full=True)`, the
`rebuild_facts` command), for what no trigger sees (a directory service's kind
changed in the public schema, rows written with triggers off): a chunk of
schemas (CHUNK) at a time, one transaction per chunk, per theme one
`INSERT ... SELECT` over a `UNION ALL` of the schemas counts every month into a
temporary table, and only the fact rows that differ are deleted or inserted;
the changes the count includes are deleted in the same snapshot. A commune
never counted is counted this way by the hourly run too.

Measured by bench/facts.py over 3,006,000 cases of 1,503 communes (one run,
2 cores): the raw read 52.6 s; the nightly pass 99.1 s, the same statements as
a task per commune (django-tenants' usual loop) 220.0 s of database work; the
hourly run after 30,060 cases were edited 3.8 s (the previous design, recounting
the months that changed, took 64% of a full run). The triggers made that edit
itself 2.1x as long (26.2 s instead of 12.5 s: under half a millisecond a case).

The dimensions are computed in SQL from the same definitions as
analytics.dimensions (age bands from cases.models.AGE_BANDS, country groups from
dimensions.AREAS); tests/analytics/test_facts.py checks the facts against
counts computed in Python from the communes' own rows, and the facts the
triggers maintain against a recount after every kind of edit.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from analytics.dimensions import AREAS, DAYS_CAP, OWN_GROUP
from analytics.models import (
    AnswerTimeFact,
    AnswerTimeFactChange,
    CaseFact,
    CaseFactChange,
    Extraction,
    PeopleFact,
    PeopleFactChange,
    ReferralFact,
    ReferralFactChange,
    SatisfactionFact,
    SatisfactionFactChange,
)
from cases.models import AGE_BANDS, RECORD_KEY_MODULUS
from tenants.cross_schema import quote
from tenants.models import Commune

logger = logging.getLogger(__name__)

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

# Each branch counts one schema: placeholders for its tables ({cases_case}, ...: the
# schema's, or in a trigger the edited row), the commune's id ({commune}), the rows
# kept ({reached}: all of them, or in a trigger those that reach the edited row) and
# the time zone dates of timestamps are taken in ({zone}, the platform's).
_CASES_MONTH = "date_trunc('month', c.opened_on)::date"
_ANSWERED_ON = "(c.answered_at AT TIME ZONE {zone})::date"
_DAYS = f"({_ANSWERED_ON} - c.opened_on)"


def _key_sum(alias: str, where: str = "") -> str:
    """The sum of the record keys of the rows counted (those `where` keeps), modulo the keys' modulus."""
    kept = f" FILTER (WHERE {where})" if where else ""
    return f"mod(coalesce(sum({alias}.record_key){kept}, 0), {RECORD_KEY_MODULUS})"


def is_key_sum(measure: str) -> bool:
    """Key sums add up modulo RECORD_KEY_MODULUS, and are never below zero."""
    return measure.endswith("key_sum")


# The tables of a commune's schema the themes read: each has a trigger (jisr_facts) that writes what an
# edit of it does to the facts (cases/migrations/0006, cases/portal/migrations/0003).
TENANT_TABLES = (
    "cases_case",
    "cases_person",
    "cases_category",
    "cases_referral",
    "cases_localservice",
    "portal_survey",
)


@dataclass(frozen=True)
class Theme:
    model: type
    changes: type  # the table the triggers write this theme's changes to
    source: str  # what it counts: cases, referrals, surveys
    keys: tuple[str, ...]  # commune_id, month, then the dimensions: unique in the facts
    measures: tuple[str, ...]  # counts and sums, added up
    branch: str

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.measures

    @property
    def table(self) -> str:
        return quote(self.model._meta.db_table)  # type: ignore[attr-defined]

    @property
    def changes_table(self) -> str:
        return quote(self.changes._meta.db_table)  # type: ignore[attr-defined]

    def aliases(self) -> dict[str, str]:
        """The commune tables the branch reads, with their aliases."""
        return {table: alias for table, alias in re.findall(r"\{(\w+)\} (\w+)", self.branch) if table in TENANT_TABLES}

    def columns_read(self, alias: str) -> list[str]:
        """The columns of one of its tables the branch reads: an edit of any other changes none of its facts."""
        return sorted(set(re.findall(rf"\b{alias}\.(\w+)", self.branch)))


THEMES = (
    Theme(
        model=CaseFact,
        changes=CaseFactChange,
        source="cases",
        keys=("commune_id", "month", "kind", "category", "channel", "status"),
        measures=(
            "count",
            "answered",
            "answered_in_time",
            "days_to_answer",
            "key_sum",
            "answered_key_sum",
            "in_time_key_sum",
        ),
        branch=f"""
SELECT {{commune}}::integer, {_CASES_MONTH}, c.kind, k.code, c.channel, c.status,
       count(*), count(*) FILTER (WHERE c.answered_at IS NOT NULL),
       count(*) FILTER (WHERE {_ANSWERED_ON} <= c.due_on),
       coalesce(sum(greatest({_DAYS}, 0)), 0),
       {_key_sum("c")}, {_key_sum("c", "c.answered_at IS NOT NULL")}, {_key_sum("c", f"{_ANSWERED_ON} <= c.due_on")}
  FROM {{cases_case}} c JOIN {{cases_category}} k ON k.id = c.category_id
 WHERE {{reached}}
 GROUP BY 2, 3, 4, 5, 6""",
    ),
    Theme(
        model=PeopleFact,
        changes=PeopleFactChange,
        source="cases",
        keys=("commune_id", "month", "sex", "age_band", "generation", "country_group"),
        measures=("count", "key_sum"),
        branch=f"""
SELECT {{commune}}::integer, {_CASES_MONTH}, p.sex,
       {_age_band_sql("p.birth_year", "extract(year FROM c.opened_on)::integer")},
       p.generation, {_country_group_sql("p.residence_country")}, count(*), {_key_sum("c")}
  FROM {{cases_case}} c JOIN {{cases_person}} p ON p.id = c.person_id
 WHERE {{reached}}
 GROUP BY 2, 3, 4, 5, 6""",
    ),
    Theme(
        model=AnswerTimeFact,
        changes=AnswerTimeFactChange,
        source="cases",
        keys=("commune_id", "month", "category", "channel", "days"),
        measures=("count", "key_sum"),
        branch=f"""
SELECT {{commune}}::integer, {_CASES_MONTH}, k.code, c.channel, least(greatest({_DAYS}, 0), {DAYS_CAP}), count(*),
       {_key_sum("c")}
  FROM {{cases_case}} c JOIN {{cases_category}} k ON k.id = c.category_id
 WHERE c.answered_at IS NOT NULL AND {{reached}}
 GROUP BY 2, 3, 4, 5""",
    ),
    Theme(
        model=ReferralFact,
        changes=ReferralFactChange,
        source="referrals",
        keys=("commune_id", "month", "target_type", "outcome"),
        measures=("count", "with_outcome", "days_to_outcome", "key_sum"),
        branch=f"""
SELECT {{commune}}::integer, date_trunc('month', r.sent_on)::date,
       CASE WHEN g.kind IS NOT NULL THEN 'regional:' || g.kind
            ELSE 'local:' || coalesce(nullif(l.kind, ''), 'other') END,
       r.outcome, count(*), count(*) FILTER (WHERE r.outcome_on IS NOT NULL),
       coalesce(sum(greatest(r.outcome_on - r.sent_on, 0)), 0), {_key_sum("r")}
  FROM {{cases_referral}} r
  LEFT JOIN public.network_externalservice g ON g.id = r.regional_service_id
  LEFT JOIN {{cases_localservice}} l ON l.id = r.local_service_id
 WHERE {{reached}}
 GROUP BY 2, 3, 4""",
    ),
    Theme(
        model=SatisfactionFact,
        changes=SatisfactionFactChange,
        source="surveys",
        keys=("commune_id", "month", "score"),
        measures=("count", "key_sum"),
        branch=f"""
SELECT {{commune}}::integer, date_trunc('month', s.answered_at AT TIME ZONE {{zone}})::date, s.score, count(*),
       {_key_sum("s")}
  FROM {{portal_survey}} s
 WHERE s.answered_at IS NOT NULL AND {{reached}}
 GROUP BY 2, 3""",
    ),
)


def _across(template: str, communes: Sequence[Commune]) -> tuple[str, dict[str, Any]]:
    """`template` once per commune, joined by UNION ALL, with named parameters: its tables (`{cases_case}`, ...)
    in the commune's schema, `{commune}` (its id), `{zone}` (the platform's time zone), every row kept."""
    params: dict[str, Any] = {"zone": timezone.get_current_timezone_name()}
    branches = []
    for number, commune in enumerate(communes):
        params[f"c{number}"] = commune.pk
        placeholders = {table: f"{quote(commune.schema_name)}.{table}" for table in TENANT_TABLES}
        placeholders |= {"commune": f"%(c{number})s", "zone": "%(zone)s", "reached": "TRUE"}
        branches.append("(" + template.format(**placeholders) + ")")
    return " UNION ALL ".join(branches), params


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
            statement, params = _across(theme.branch, chunk)
            cursor.execute(statement, params)
            rows += cursor.fetchall()
    return rows


# --- Changes, written by triggers in the communes' schemas -------------------------

TRIGGER = "jisr_facts"
FUNCTION_PREFIX = f"{TRIGGER}_"


def create_triggers(tables: Sequence[str]) -> list[str]:
    """The trigger of each of these commune tables, for a tenant migration (which runs in the commune's schema)."""
    return [
        f"CREATE TRIGGER {TRIGGER} AFTER INSERT OR UPDATE OR DELETE ON {table}"
        f" FOR EACH ROW EXECUTE FUNCTION public.{FUNCTION_PREFIX}{table}()"
        for table in tables
    ]


def drop_triggers(tables: Sequence[str]) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {TRIGGER} ON {table}" for table in tables]


def _change_statement(theme: Theme, table: str, row: str) -> str:
    """What the `row` (OLD or NEW) of `table` adds to the theme's facts, taken away for OLD, into its changes table.

    The theme's own branch, with `table` replaced by the one row (the columns the theme reads of it), the
    commune's other tables read in their current state, and the commune's id. The row joins on its own id:
    a LEFT JOIN to it keeps only the rows that reach it.
    """
    alias = theme.aliases()[table]
    read = sorted({"id", *theme.columns_read(alias)})
    one_row = "(SELECT " + ", ".join(f"{row}.{column} AS {column}" for column in read) + ")"
    tables = {name: one_row if name == table else name for name in TENANT_TABLES}
    zone = _literal(timezone.get_current_timezone_name())
    branch = theme.branch.format(**tables, commune="jisr_commune", zone=zone, reached=f"{alias}.id IS NOT NULL")
    columns = ", ".join(theme.columns)
    sign = "-" if row == "OLD" else ""
    signed = ", ".join([*theme.keys, *(f"{sign}{measure}" for measure in theme.measures)])
    return (
        f"INSERT INTO public.{theme.changes_table} ({columns})\n"
        f"      SELECT {signed} FROM ({branch}) AS counted({columns});"
    )


def _function(table: str) -> str:
    """The trigger function of one commune table: for each theme that reads it, an insert takes the edited row's
    old contribution away and adds its new one, when a column the theme reads changed.

    Static statements, so that PostgreSQL plans them once per session (the same through EXECUTE, planned at
    every row, made an edit of a case cost twice as much). They name the commune's tables without a schema:
    for their span, the search path is the trigger's schema, then the caller's again."""
    themes = [theme for theme in THEMES if table in theme.aliases()]
    on_update, on_insert, on_delete = [], [], []
    for theme in themes:
        read = theme.columns_read(theme.aliases()[table])
        old, new = (", ".join(f"{row}.{column}" for column in read) for row in ("OLD", "NEW"))
        taken, added = _change_statement(theme, table, "OLD"), _change_statement(theme, table, "NEW")
        on_update.append(
            f"    IF ROW({old}) IS DISTINCT FROM ROW({new}) THEN\n      {taken}\n      {added}\n    END IF;"
        )
        on_insert.append(f"    {added}")
        on_delete.append(f"    {taken}")
    nl = "\n"
    return f"""CREATE OR REPLACE FUNCTION public.{FUNCTION_PREFIX}{table}() RETURNS trigger LANGUAGE plpgsql AS $jisr$
DECLARE
  jisr_commune integer;
  jisr_caller text := current_setting('search_path');
BEGIN
  SELECT id INTO jisr_commune FROM public.{quote(Commune._meta.db_table)} WHERE schema_name = TG_TABLE_SCHEMA;
  IF jisr_commune IS NULL THEN  -- a spare schema of the pool, or a scratch one: no commune's facts
    RETURN NULL;
  END IF;
  PERFORM set_config('search_path', quote_ident(TG_TABLE_SCHEMA) || ', public', true);
  IF TG_OP = 'UPDATE' THEN
{nl.join(on_update)}
  ELSIF TG_OP = 'INSERT' THEN
{nl.join(on_insert)}
  ELSE
{nl.join(on_delete)}
  END IF;
  PERFORM set_config('search_path', jisr_caller, true);
  RETURN NULL;
END
$jisr$"""


def trigger_functions() -> dict[str, str]:
    """Per commune table, the `CREATE FUNCTION` of its trigger, from the themes' own branches."""
    return {table: _function(table) for table in TENANT_TABLES}


def _version(sql: str) -> str:
    return "jisr facts " + hashlib.sha256(sql.encode()).hexdigest()[:16]


def install_trigger_functions(*, force: bool = False) -> int:
    """Create or replace the trigger functions in the public schema where they differ from the themes'; returns
    how many were written. Run by the analytics migrations and before each extraction, so that a change to a
    theme reaches the triggers with the code that made it."""
    functions = trigger_functions()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.proname, obj_description(p.oid, 'pg_proc') FROM pg_proc p"
            " WHERE p.pronamespace = 'public'::regnamespace AND p.proname LIKE %s",
            [FUNCTION_PREFIX + "%"],
        )
        installed = dict(cursor.fetchall())
        written = 0
        for table, sql in functions.items():
            name = FUNCTION_PREFIX + table
            if force or installed.get(name) != _version(sql):
                cursor.execute(sql)
                cursor.execute(f"COMMENT ON FUNCTION public.{name}() IS {_literal(_version(sql))}")
                written += 1
    return written


# --- A run -----------------------------------------------------------------------


def _replace(theme: Theme, communes: Sequence[Commune]) -> Written:
    """Count every month of `communes` again and make their facts say so, touching only what differs.

    One statement counts the chunk's schemas (the UNION ALL of `_across`) and sets the fresh rows beside the facts
    those communes hold, grouped on every column: a row both sides have is right, a fresh row alone is to insert
    (+1), a fact alone to delete (-1). Only the differences reach a temporary table. A nightly run finds the facts
    the hourly runs left right, and writes next to nothing: writing is what costs. Grouping once instead of
    comparing each way (a DELETE ... NOT EXISTS, then an INSERT ... EXCEPT over a temporary table of the fresh
    counts, analysed) cost the full run a third more than the raw count; this costs it what the raw count does
    (bench/facts.py).
    """
    columns = ", ".join(theme.columns)
    same_key = " AND ".join(f"f.{key} = d.{key}" for key in theme.keys)
    diff = f"diff_{theme.model._meta.model_name}"  # type: ignore[attr-defined]
    statement, params = _across(theme.branch, communes)
    params["ids"] = [commune.pk for commune in communes]
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {diff} ON COMMIT DROP AS"
            f" SELECT {columns}, sum(side) AS side FROM ("
            f"SELECT *, 1 AS side FROM ({statement}) AS fresh ({columns})"
            f" UNION ALL SELECT {columns}, -1 FROM {theme.table} WHERE commune_id = ANY(%(ids)s)"
            f") AS both_sides GROUP BY {columns} HAVING sum(side) <> 0",
            params,
        )
        # Deleted first: a key whose measures changed is on both sides, and unique in the facts.
        cursor.execute(f"DELETE FROM {theme.table} f USING {diff} d WHERE d.side < 0 AND {same_key}")
        deleted = cursor.rowcount
        cursor.execute(f"INSERT INTO {theme.table} ({columns}) SELECT {columns} FROM {diff} WHERE side > 0")
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {diff}")
    return Written(deleted=deleted, inserted=inserted)


def _apply_changes(theme: Theme, ids: list[int]) -> tuple[Written, set[tuple[int, date]], set[int]]:
    """Add the changes waiting for these communes to their facts, and delete them: one statement.

    The changes are summed per fact key (an edit back and forth cancels out) and each sum is set beside the fact
    it adds to, found once by the key's index: its place in the table (ctid) and its measures. Then a fact that
    would count nothing is deleted, one that stays is updated, both by their place, and a key the facts lack is
    inserted. Facts that would fall below zero were not counted from what the changes followed (rows written
    with the triggers off, a restore): those communes are left alone, to be counted whole. Returns the rows
    written (inserted or updated) and deleted, the (commune, month) pairs touched, and those communes.

    The parts of one statement share its snapshot and write disjoint rows. Each part a statement of its own, over
    temporary tables, made the hourly run cost twice as much: creating, analysing and dropping ten small tables,
    and four index descents per sum instead of one (bench/facts.py).
    """
    keys, columns = ", ".join(theme.keys), ", ".join(theme.columns)
    sums = ", ".join(f"sum({measure}) AS {measure}" for measure in theme.measures)
    was = ", ".join(f"f.{measure} AS was_{measure}" for measure in theme.measures)
    some = " OR ".join(f"d.{measure} <> 0" for measure in theme.measures)
    counts = [measure for measure in theme.measures if not is_key_sum(measure)]
    below = " OR ".join(f"coalesce(was_{measure}, 0) + {measure} < 0" for measure in counts)

    def modular(total: str, measure: str) -> str:  # a key sum stays in [0, modulus), whatever the signs added
        return (
            f"mod(mod({total}, {RECORD_KEY_MODULUS}) + {RECORD_KEY_MODULUS}, {RECORD_KEY_MODULUS})"
            if is_key_sum(measure)
            else total
        )

    added = ", ".join(f"{measure} = {modular(f'd.was_{measure} + d.{measure}', measure)}" for measure in theme.measures)
    new_values = ", ".join([*theme.keys, *(modular(f"d.{measure}", measure) for measure in theme.measures)])
    same_key = " AND ".join(f"f.{key} = d.{key}" for key in theme.keys)
    right = "d.commune_id NOT IN (SELECT commune_id FROM wrong)"
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH gone AS (DELETE FROM {theme.changes_table} WHERE commune_id = ANY(%(ids)s) RETURNING *),"
            f" summed AS (SELECT {keys}, {sums} FROM gone GROUP BY {keys}),"
            f" beside AS MATERIALIZED (SELECT d.*, f.ctid AS fact, {was}"
            f"  FROM summed d LEFT JOIN {theme.table} f ON {same_key} WHERE {some}),"
            f" wrong AS MATERIALIZED (SELECT DISTINCT commune_id FROM beside WHERE {below}),"
            f" deleted AS (DELETE FROM {theme.table} f USING beside d"
            f"  WHERE f.ctid = d.fact AND d.was_count + d.count = 0 AND {right} RETURNING 1),"
            f" updated AS (UPDATE {theme.table} f SET {added} FROM beside d"
            f"  WHERE f.ctid = d.fact AND d.was_count + d.count > 0 AND {right} RETURNING 1),"
            f" inserted AS (INSERT INTO {theme.table} ({columns}) SELECT {new_values} FROM beside d"
            f"  WHERE d.fact IS NULL AND {right} RETURNING 1)"
            " SELECT (SELECT count(*) FROM deleted), (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted),"
            "  (SELECT coalesce(array_agg(commune_id), '{}') FROM wrong),"
            "  (SELECT coalesce(json_agg(json_build_array(commune_id, month)), '[]')"
            f"   FROM (SELECT DISTINCT d.commune_id, d.month FROM beside d WHERE {right}) AS touched)",
            {"ids": ids},
        )
        deleted, written, wrong, touched = cursor.fetchone()
    pairs = {(commune_id, date.fromisoformat(month)) for commune_id, month in touched}
    return Written(deleted=deleted, inserted=written), pairs, set(wrong)


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


def _never_counted(communes: Sequence[Commune]) -> set[int]:
    """The ids of those communes whose facts were never counted."""
    counted = Extraction.objects.filter(commune__in=communes, changes_until__isnull=False)
    return {commune.pk for commune in communes} - set(counted.values_list("commune_id", flat=True))


def _mark(started: datetime, months: dict[int, int]) -> None:
    """The communes of `months` are up to date with every change committed by `started`; how many months their
    run touched. One statement, the marks created where missing (Django's bulk_update builds a CASE per row:
    seconds for 1,503 communes)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(Extraction._meta.db_table)} (commune_id, changes_until, ran_at, months_rebuilt)"
            " SELECT m.commune_id, %s, %s, m.n FROM unnest(%s::integer[], %s::integer[]) AS m(commune_id, n)"
            " ON CONFLICT (commune_id) DO UPDATE SET changes_until = EXCLUDED.changes_until,"
            " ran_at = EXCLUDED.ran_at, months_rebuilt = EXCLUDED.months_rebuilt",
            [started, timezone.now(), list(months), list(months.values())],
        )


@contextmanager
def _run_transaction() -> Iterator[Any]:
    """One transaction of a run: REPEATABLE READ, its snapshot taken once no other run holds the extraction.

    One snapshot for the whole transaction: the changes it deletes are exactly those its counts include (a
    change committed meanwhile stays for the next run). LOCK TABLE takes no snapshot, so two runs never
    interleave and the later sees what the earlier committed. Inside an enclosing transaction (tests), that
    one's isolation stands."""
    outermost = not connection.in_atomic_block
    with transaction.atomic(), connection.cursor() as cursor:
        if outermost:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute(f"LOCK TABLE {quote(Extraction._meta.db_table)} IN SHARE ROW EXCLUSIVE MODE")
        _without_jit(cursor)
        yield cursor


def _drain(communes: Sequence[Commune]) -> tuple[Extracted, list[Commune]]:
    """The hourly run: the changes waiting for communes already counted, added to their facts. Returns what it
    did and the communes to count whole: never counted, or whose facts turned out not to match their changes."""
    started = timezone.now()
    with _run_transaction() as cursor:
        # A few thousand changes against millions of facts: each reached by its key's index, which PostgreSQL's
        # default cost of a random read (4, for spinning disks) made it prefer to scan every fact instead.
        cursor.execute("SET LOCAL random_page_cost = 1.1")
        never = _never_counted(communes)
        ids = [commune.pk for commune in communes if commune.pk not in never]
        inserted = deleted = 0
        touched: dict[int, set[tuple[str, date]]] = defaultdict(set)
        out_of_step: set[int] = set()
        for theme in THEMES:
            written, pairs, wrong = _apply_changes(theme, ids)
            inserted, deleted = inserted + written.inserted, deleted + written.deleted
            for commune_id, month in pairs:
                touched[commune_id].add((theme.source, month))
            out_of_step |= wrong
        if out_of_step:
            logger.warning("Facts of communes %s did not match their changes: counted whole", sorted(out_of_step))
        months = {pk: len(touched[pk]) for pk in ids if pk not in out_of_step}
        _mark(started, months)
    done = Extracted(communes=len(months), months=sum(months.values()), rows=inserted, deleted=deleted)
    return done, [commune for commune in communes if commune.pk not in months]


def _count_whole(communes: Sequence[Commune]) -> Extracted:
    """One transaction: every month of these communes counted again, the changes it includes deleted."""
    started = timezone.now()
    ids = [commune.pk for commune in communes]
    with _run_transaction() as cursor:
        # The fresh counts and the facts of a chunk grouped in memory rather than spilled to disk (PostgreSQL's
        # 4 MB default): runs come one at a time, and a chunk's rows fit (bench/facts.py: a fifth faster).
        cursor.execute("SET LOCAL work_mem = '64MB'")
        inserted = deleted = 0
        for theme in THEMES:
            cursor.execute(f"DELETE FROM {theme.changes_table} WHERE commune_id = ANY(%s)", [ids])
            written = _replace(theme, communes)
            inserted, deleted = inserted + written.inserted, deleted + written.deleted
        held = _months_held(ids)
        _mark(started, {commune.pk: held[commune.pk] for commune in communes})
    return Extracted(communes=len(communes), months=sum(held.values()), rows=inserted, deleted=deleted)


def _sum(results: Sequence[Extracted]) -> Extracted:
    return Extracted(
        communes=sum(result.communes for result in results),
        months=sum(result.months for result in results),
        rows=sum(result.rows for result in results),
        deleted=sum(result.deleted for result in results),
    )


def extract_all(communes: Sequence[Commune], *, full: bool = False, chunk: int = CHUNK) -> Extracted:
    """Bring the facts of these communes up to date: the changes the triggers wrote since the last run are
    added (hourly), or, with `full` (nightly), every month of every commune is counted again, in chunks.

    A commune never counted is counted whole either way. One transaction per chunk of communes: a commune's
    months are always whole, and a transaction touches at most `chunk` schemas. All schemas in one transaction
    ran out of PostgreSQL's lock table at national scale (1,503 schemas x every table and index read: "out of
    shared memory", bench/facts.py).
    """
    communes = list(communes)
    install_trigger_functions()
    results: list[Extracted] = []
    if full:
        whole = communes
    else:
        drained, whole = _drain(communes)
        results.append(drained)
    results += [_count_whole(part) for part in _chunks(whole, chunk)]
    total = _sum(results)
    logger.info(
        "Facts of %s communes (%s): %s months counted again, %s rows inserted, %s deleted",
        total.communes,
        "full" if full else "changes",
        total.months,
        total.rows,
        total.deleted,
    )
    return total


def extract(commune: Commune, *, full: bool = False) -> Extracted:
    """One commune's facts brought up to date (the same pass, over one schema)."""
    return extract_all([commune], full=full)
