"""Facts extraction at national scale: our per-commune run against one set-based pass over all schemas.

    python3 dev.py bench facts [--communes 1503] [--cases 2000] [--changed 0.01] [--network 60] [--reuse]

N communes (Morocco has 1,503) are provisioned the project's way
(tenants.services: fill_pool, then provision_commune), and each schema gets
synthetic people, cases, referrals and portal surveys written by set-based SQL
(INSERT ... SELECT over generate_series), not the ORM: kinds, categories (the
seeded ones, a few used far more than others), channels, statuses that depend
on the age of the case, answers before or after the due date, sex, year of
birth, generation, country of residence (mostly France, Spain, Italy, Belgium,
the Netherlands), referrals to the network's directory or the office's own
services with their outcomes, and survey scores.

Side by side, in one run, over the same rows:
- raw: the single `UNION ALL ... GROUP BY` per chunk of schemas computing the
  rows of all five fact tables, read and thrown away (the practical limit the
  issue compares with): `analytics.extraction.fact_rows` per theme;
- ours, first count: `analytics.extraction.extract_all(communes, full=True)`
  over empty fact tables: every fact written;
- ours, nightly full: the same again over the facts it wrote: every month
  counted again into a temporary table, nothing written where nothing differs;
- per-commune fan-out: `extract(commune, full=True)` for each commune in turn,
  the work a Celery task per commune would do (same SQL, one schema a time);
- django-tenants' usual loop: for each tenant, `schema_context` and one ORM
  `values(...).annotate(Count)` on Case, read only (one theme of five);
- ours, incremental: after `--changed` of the cases were edited (picked among
  open cases first, as offices work on those; status moved and updated_at
  set, by one UPDATE per schema), `extract_all(communes)`, the hourly run,
  which adds the changes the communes' triggers wrote. The same edit is timed
  with the triggers off too (on other cases, the facts then counted again):
  what the triggers add to the offices' own writes;
- a coordinator's comparison over 36 months (analytics.selectors.comparison,
  the cell key method included) for a network of `--network` communes, against
  the raw SQL reading the same sums from the facts.

The synthetic rows are written with the triggers off (session_replication_role
= replica, as a restore would), then counted by the first full run. Each is the
best of 3 rounds when a round takes under CHEAP seconds, else timed once. The
fact tables written by ours are checked equal to the raw rows, after the full
run and after the incremental one. Prints the machine's load average with the
figures: timings taken beside other work are noisy.

--reuse keeps the generated database (and uses the last run's when it has
the same --communes and --cases); without it the database is dropped at the
end. A benchmark, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from common import database_exists, drop_database, prepare_database, setup_django, use_database  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "jisr_bench_facts"
ROUNDS = 3
CHEAP = 20.0  # seconds: a method whose round takes longer is timed once
FULL_TARGET = 1.3  # the target: ours within 1.3x of the raw UNION ALL
INCREMENTAL_TARGET = 0.05  # the target: an incremental run at most 5% of a full one
DASHBOARD_TARGET = 1.5  # the target: the coordinator's comparison within 1.5x of raw SQL on the facts
RAW = "raw UNION ALL ... GROUP BY, five themes, read only"
OURS_FIRST = "ours, first count (full, every fact written)"
OURS_FULL = "ours, nightly full (full, facts already right)"
FAN_OUT = "per-commune fan-out (extract(commune) x N)"
DASHBOARD = "analytics.selectors.comparison (cell key method)"
DASHBOARD_RAW = "raw SQL: the same statements, by a plain cursor"

# Weighted draws: each value repeated by its weight, indexed by floor(random() * length).
KINDS = ["request"] * 7 + ["information"] * 4 + ["orientation"] * 4 + ["complaint"] * 3 + ["grievance"] * 2
CHANNELS = (
    ["visit"] * 9 + ["phone"] * 4 + ["whatsapp"] * 3 + ["web"] * 2 + ["email", "consulate", "association"]  # 21
)
COUNTRIES = (
    ["FR"] * 30
    + ["ES"] * 15
    + ["IT"] * 12
    + ["BE"] * 10
    + ["NL"] * 8
    + ["DE"] * 6
    + ["MA"] * 6
    + ["CA", "US", "AE", "SA", "QA", "GB", "CH", "SE", "DZ", "TN", "TR", "SN"]
    + [""] * 3
)
GENERATIONS = ["1"] * 4 + ["2"] * 3 + ["3"] + [""] * 2
LOCAL_SERVICES = [
    ("Bureau d'état civil", "civil_status"),
    ("Service de l'urbanisme", "urbanism"),
    ("Association des MRE", "association"),
    ("Centre de santé", "health"),
    ("Régie des eaux", "utility"),
]


def array(values: list[str]) -> str:
    """A PostgreSQL text array literal (the values are the bench's own constants)."""
    return "ARRAY[" + ", ".join("'" + value.replace("'", "''") + "'" for value in values) + "]::text[]"


def pick(values: list[str], draw: str) -> str:
    return f"({array(values)})[1 + floor({draw} * {len(values)})::int]"


# --- Synthetic data, one schema at a time, set-based -------------------------------

PEOPLE = f"""
INSERT INTO cases_person (
    first_name_latin, last_name_latin, first_name_ar, last_name_ar, sex, birth_year, generation, status,
    residence_country, residence_city, nationalities, phone, whatsapp, email, preferred_language, notify_by,
    search_names, search_keys, search_phones, created_at, updated_at)
SELECT 'Person ' || g, 'Bench', '', '',
       CASE WHEN r1 < 0.58 THEN 'male' WHEN r1 < 0.97 THEN 'female' ELSE '' END,
       CASE WHEN r2 < 0.08 THEN NULL ELSE 1935 + floor(r2 * 72)::int END,
       {pick(GENERATIONS, "r3")}, 'mre', {pick(COUNTRIES, "r4")}, '', '', '', '', '', 'fr', 'email', '', '', '',
       now() - interval '800 days', now() - interval '800 days'
  FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, random() AS r4
          FROM generate_series(1, %(people)s) AS g) AS draws
"""

LOCAL = f"""
INSERT INTO cases_localservice (name_ar, name_fr, kind, address, phone, email, contact_person, active)
SELECT '', name, kind, '', '', '', '', true
  FROM unnest({array([name for name, _kind in LOCAL_SERVICES])}, {array([kind for _name, kind in LOCAL_SERVICES])})
       AS services(name, kind)
"""

# Older cases are more often done; answers take days to weeks (some after the due
# date: 14 days, about 10 business days); nothing is dated in the future.
CASES = f"""
WITH categories AS (SELECT array_agg(id ORDER BY position, id) AS ids FROM cases_category),
     people AS (SELECT min(id) AS first, count(*) AS n FROM cases_person),
     drawn AS (
        SELECT g, opened, current_date - opened AS age, r1, r2, r3, r4, r5, r6, r7, r8
          FROM (SELECT g, current_date - floor(power(random(), 1.4) * 730)::int AS opened,
                       random() AS r1, random() AS r2, random() AS r3, random() AS r4,
                       random() AS r5, random() AS r6, random() AS r7, random() AS r8
                  FROM generate_series(1, %(cases)s) AS g) AS d),
     statuses AS (
        SELECT drawn.*,
               CASE WHEN r1 < CASE WHEN age < 14 THEN 0.8 WHEN age < 60 THEN 0.3 ELSE 0.05 END
                    THEN (ARRAY['new', 'in_progress', 'in_progress', 'waiting_external'])[1 + floor(r2 * 4)::int]
                    ELSE (ARRAY['answered', 'answered', 'answered', 'closed', 'closed', 'closed', 'closed', 'closed',
                                'closed', 'cancelled'])[1 + floor(r2 * 10)::int]
               END AS status,
               least(floor(-ln(1 - r3) * 9)::int, age) AS days
          FROM drawn),
     answers AS (
        SELECT statuses.*,
               CASE WHEN status IN ('answered', 'closed')
                    THEN least((opened + days + time '09:00' + r4 * interval '8 hours') AT TIME ZONE %(zone)s,
                               now() - interval '1 hour')
               END AS answered_at
          FROM statuses)
INSERT INTO cases_case (
    reference, person_id, kind, category_id, channel, subject, description, status,
    opened_on, due_on, answered_at, closed_at, created_at, updated_at)
SELECT 'B-' || g, people.first + floor(r5 * people.n)::int, {pick(KINDS, "r6")},
       categories.ids[1 + floor(power(r7, 2.2) * array_length(categories.ids, 1))::int],
       {pick(CHANNELS, "r8")}, 'Case ' || g, '', status,
       opened, opened + 14, answered_at,
       CASE WHEN status IN ('closed', 'cancelled')
            THEN least(coalesce(answered_at, opened::timestamptz) + interval '2 days', now() - interval '1 hour')
       END,
       opened::timestamptz,
       least(coalesce(answered_at, opened::timestamptz) + interval '2 days', now() - interval '1 hour')
  FROM answers, categories, people
"""

# About a third of requests, complaints and grievances go to a service: mostly the
# network's directory; older ones mostly have an outcome.
REFERRALS = """
WITH regional AS (SELECT coalesce(array_agg(id ORDER BY id), '{}') AS ids FROM public.network_externalservice),
     local AS (SELECT array_agg(id ORDER BY id) AS ids FROM cases_localservice),
     sent AS (
        SELECT c.id, least(c.opened_on + floor(random() * 5)::int, current_date) AS sent_on,
               random() AS r1, random() AS r2, random() AS r3, random() AS r4
          FROM cases_case c
         WHERE c.kind IN ('request', 'complaint', 'grievance') AND random() < 0.35),
     outcomes AS (
        SELECT sent.*,
               CASE WHEN current_date - sent_on > 30
                    THEN (ARRAY['answered', 'answered', 'answered', 'answered', 'answered', 'refused', 'no_answer',
                                'no_answer', 'acknowledged', 'sent'])[1 + floor(r1 * 10)::int]
                    ELSE (ARRAY['sent', 'sent', 'sent', 'sent', 'sent', 'acknowledged', 'acknowledged',
                                'acknowledged', 'answered', 'answered'])[1 + floor(r1 * 10)::int]
               END AS outcome
          FROM sent)
INSERT INTO cases_referral (
    case_id, regional_service_id, local_service_id, purpose, verification_code, outcome, outcome_note,
    sent_on, outcome_on, remind_after_days, consent_override_reason, updated_at, created_at)
SELECT outcomes.id,
       CASE WHEN r2 < 0.7 AND array_length(regional.ids, 1) > 0
            THEN regional.ids[1 + floor(r3 * array_length(regional.ids, 1))::int] END,
       CASE WHEN NOT (r2 < 0.7 AND array_length(regional.ids, 1) > 0)
            THEN local.ids[1 + floor(r3 * array_length(local.ids, 1))::int] END,
       'Bench', 'V' || lpad(outcomes.id::text, 11, '0'), outcome, '', sent_on,
       CASE WHEN outcome IN ('answered', 'refused', 'no_answer')
            THEN least(sent_on + floor(-ln(1 - r4) * 15)::int, current_date) END,
       10, '', sent_on::timestamptz, sent_on::timestamptz
  FROM outcomes, regional, local
"""

# A survey for a third of the closed cases; most are answered, scores lean high.
SURVEYS = """
INSERT INTO portal_survey (case_id, token_hash, score, comment, invited_at, answered_at)
SELECT id, md5('s' || id) || md5('t' || id), CASE WHEN r1 < 0.6 THEN 1 + floor(power(r2, 0.6) * 5)::int END, '',
       closed_at, CASE WHEN r1 < 0.6 THEN least(closed_at + r3 * interval '5 days', now() - interval '1 hour') END
  FROM (SELECT id, closed_at, random() AS r1, random() AS r2, random() AS r3
          FROM cases_case WHERE status = 'closed' AND random() < 0.33) AS closed
"""

# Offices edit open cases far more than done ones: the changed share is taken among
# open cases first. A note or a move: the status steps on where it can, updated_at is now.
CHANGES = """
UPDATE cases_case SET
       status = CASE status WHEN 'new' THEN 'in_progress' WHEN 'in_progress' THEN 'waiting_external' ELSE status END,
       updated_at = now()
 WHERE id IN (SELECT id FROM cases_case
               ORDER BY status IN ('new', 'in_progress', 'waiting_external') DESC, random()
               LIMIT ceil((SELECT count(*) FROM cases_case) * %(share)s))
"""


def fill(schema_name: str, cases: int, zone: str) -> None:
    from django.db import connection, transaction

    from tenants.cross_schema import quote

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL search_path = {quote(schema_name)}, public")
        cursor.execute("SET LOCAL session_replication_role = replica")  # no triggers: a load, counted after
        cursor.execute(PEOPLE, {"people": max(1, cases * 7 // 10)})
        cursor.execute(LOCAL)
        cursor.execute(CASES, {"cases": cases, "zone": zone})
        cursor.execute(REFERRALS)
        cursor.execute(SURVEYS)
        cursor.execute("SET LOCAL search_path = public")
    with connection.cursor() as cursor:
        for table in ("cases_person", "cases_case", "cases_referral", "portal_survey", "cases_localservice"):
            cursor.execute(f"ANALYZE {quote(schema_name)}.{table}")


def generate(communes: int, cases: int) -> dict[str, float]:
    from django.utils import timezone

    from tenants import services

    timings = {}
    started = time.perf_counter()
    services.fill_pool(size=communes)
    timings["schemas built (fill_pool, from the recorded recipe)"] = time.perf_counter() - started
    started = time.perf_counter()
    created = [services.provision_commune(slug=f"f{n:04d}", name_fr=f"Commune {n}") for n in range(communes)]
    timings["communes provisioned (provision_commune)"] = time.perf_counter() - started
    started = time.perf_counter()
    zone = timezone.get_current_timezone_name()
    for number, commune in enumerate(created, start=1):
        fill(commune.schema_name, cases, zone)
        if number % 100 == 0:
            print(f"... {number} communes filled", flush=True)
    timings["people, cases, referrals, surveys (INSERT ... SELECT)"] = time.perf_counter() - started
    return timings


# --- Measuring ---------------------------------------------------------------------


def best_of(
    methods: dict[str, Callable[[], Any]],
    untimed_after: dict[str, Callable[[], Any]],
    untimed_before: dict[str, Callable[[], Any]] | None = None,
) -> dict[str, float]:
    """Each method's best round; rounds interleave the methods, and a slow method runs once.

    `untimed_before` and `untimed_after` run before and after each run of the method of the same name, outside
    the timing.
    """
    untimed_before = untimed_before or {}
    best: dict[str, float] = {}
    for round_number in range(ROUNDS):
        for name, method in methods.items():
            if round_number and best[name] > CHEAP:
                continue
            if name in untimed_before:
                untimed_before[name]()
            started = time.perf_counter()
            method()
            elapsed = time.perf_counter() - started
            best[name] = min(best.get(name, elapsed), elapsed)
            if name in untimed_after:
                untimed_after[name]()
        print(f"... round {round_number + 1} done", flush=True)
    return best


def fact_keys(model: Any, communes: list[Any], theme: Any) -> list[tuple[Any, ...]]:
    """The rows of a fact table for these communes, as tuples in the theme's column order."""
    rows = model.objects.filter(commune__in=communes).values_list(*theme.columns)
    return sorted(tuple(row) for row in rows)


def raw_keys(communes: list[Any]) -> dict[str, list[tuple[Any, ...]]]:
    from analytics import extraction

    return {
        theme.model.__name__: sorted(tuple(row) for row in extraction.fact_rows(theme, communes))
        for theme in extraction.THEMES
    }


def written_keys(communes: list[Any]) -> dict[str, list[tuple[Any, ...]]]:
    from analytics import extraction

    return {theme.model.__name__: fact_keys(theme.model, communes, theme) for theme in extraction.THEMES}


def dashboard_measures(network: list[Any], period: Any) -> dict[str, float]:
    """The coordinator's comparison against the raw SQL it runs: its statements, captured from one comparison,
    executed again by a plain cursor and fetched (what PostgreSQL costs alone, without publishing anything)."""
    from django.db import connection

    from analytics import selectors

    filters = selectors.Filters(period=period)
    statements: list[tuple[str, Any]] = []

    def capture(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(capture):
        selectors.comparison(network, filters)

    def dashboard() -> None:
        selectors.comparison(network, filters)

    def dashboard_raw() -> None:
        with connection.cursor() as cursor:
            for statement, params in statements:
                cursor.execute(statement, params)
                if cursor.description is not None:
                    cursor.fetchall()

    return best_of({DASHBOARD: dashboard, DASHBOARD_RAW: dashboard_raw}, untimed_after={})


def print_dashboard(dashboards: dict[str, float], network_size: int) -> None:
    dash, dash_raw = dashboards[DASHBOARD], dashboards[DASHBOARD_RAW]
    verdict = "met" if dash <= DASHBOARD_TARGET * dash_raw else "NOT met"
    print(f"Coordinator dashboard, {network_size} communes over 36 months (best of {ROUNDS}):")
    print(f"  {DASHBOARD:<56} {dash * 1000:9.1f} ms")
    print(f"  {DASHBOARD_RAW:<56} {dash_raw * 1000:9.1f} ms")
    print(f"  ratio {dash / dash_raw:.2f}x; <= {DASHBOARD_TARGET}x: {verdict}")


def run(communes_wanted: int, cases: int, changed: float, network_size: int, *, reuse: bool) -> None:
    from django.db import connection
    from django.db.models import Count, DateField
    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from analytics import extraction, selectors
    from analytics.forms import months_before
    from cases.models import Case
    from tenants.cross_schema import CHUNK, quote, schema_context
    from tenants.models import Commune

    def active() -> list[Commune]:
        return list(Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("pk"))

    communes = active()
    if reuse and communes:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {quote(communes[0].schema_name)}.cases_case")
            first = cursor.fetchone()[0]
        if (len(communes), first) != (communes_wanted, cases):
            sys.exit(
                f"--reuse: the database holds {len(communes)} communes of {first} cases,"
                f" not {communes_wanted} of {cases}; run once without --reuse"
            )
        timings: dict[str, float] = {}
    else:
        timings = generate(communes_wanted, cases)
        communes = active()
    with connection.cursor() as cursor:
        totals = {}
        for table in ("cases_person", "cases_case", "cases_referral", "portal_survey"):
            total = 0
            for start in range(0, len(communes), CHUNK):
                chunk = communes[start : start + CHUNK]
                union = " UNION ALL ".join(f"SELECT count(*) FROM {quote(c.schema_name)}.{table}" for c in chunk)
                cursor.execute(f"SELECT sum(n) FROM ({union}) AS counts(n)")
                total += cursor.fetchone()[0]
            totals[table] = total

    def raw() -> None:
        for theme in extraction.THEMES:
            extraction.fact_rows(theme, communes)

    def ours_full() -> None:
        extraction.extract_all(communes, full=True)

    def no_facts() -> None:
        with connection.cursor() as cursor:
            for theme in extraction.THEMES:
                cursor.execute(f"TRUNCATE {theme.table}")

    def fan_out() -> None:
        for commune in communes:
            extraction.extract(commune, full=True)

    def django_tenants_loop() -> None:
        for commune in communes:
            with schema_context(commune.schema_name):
                list(
                    Case.objects.values(
                        "kind",
                        "category__code",
                        "channel",
                        "status",
                        month=TruncMonth("opened_on", output_field=DateField()),
                    ).annotate(n=Count("id"))
                )

    network = communes[:network_size]
    last = timezone.localdate().replace(day=1)
    period = selectors.Period(first=months_before(last, 35), last=last)

    print(f"Measuring over {len(communes)} communes, {totals['cases_case']:,} cases", flush=True)
    ours_after_full: dict[str, list[tuple[Any, ...]]] = {}

    def keep_ours() -> None:  # what ours wrote, before the fan-out writes it again
        ours_after_full.update(written_keys(communes))

    best = best_of(
        {
            RAW: raw,
            OURS_FIRST: ours_full,
            OURS_FULL: ours_full,
            FAN_OUT: fan_out,
            "django-tenants loop (schema_context + ORM Count, 1 theme)": django_tenants_loop,
        },
        untimed_after={OURS_FIRST: keep_ours},
        untimed_before={OURS_FIRST: no_facts},
    )
    expected = raw_keys(communes)
    same = ours_after_full == expected
    fact_rows = sum(len(rows) for rows in expected.values())

    def edit(*, triggers: bool) -> tuple[int, float]:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            edited = 0
            if not triggers:
                cursor.execute("SET session_replication_role = replica")
            for commune in communes:
                cursor.execute(f"SET search_path = {quote(commune.schema_name)}, public")
                cursor.execute(CHANGES, {"share": changed})
                edited += cursor.rowcount
            cursor.execute("SET search_path = public")
            cursor.execute("RESET session_replication_role")
        return edited, time.perf_counter() - started

    _edited, untriggered_seconds = edit(triggers=False)
    extraction.extract_all(communes, full=True)  # what no trigger saw, counted at night
    edited, change_seconds = edit(triggers=True)
    started = time.perf_counter()
    months = extraction.extract_all(communes).months
    incremental = time.perf_counter() - started
    same_after = written_keys(communes) == raw_keys(communes)

    dashboards = dashboard_measures(network, period)

    report(
        communes=len(communes),
        cases=cases,
        totals=totals,
        timings=timings,
        best=best,
        incremental=incremental,
        edited=edited,
        change_seconds=change_seconds,
        untriggered_seconds=untriggered_seconds,
        months=months,
        verified=(same, fact_rows, same_after),
        dashboards=dashboards,
        network_size=len(network),
    )


def report(
    *,
    communes: int,
    cases: int,
    totals: dict[str, int],
    timings: dict[str, float],
    best: dict[str, float],
    incremental: float,
    edited: int,
    change_seconds: float,
    untriggered_seconds: float,
    months: int,
    verified: tuple[bool, int, bool],
    dashboards: dict[str, float],
    network_size: int,
) -> None:
    print()
    if timings:
        print(f"Generation: {sum(timings.values()):.1f} s")
        for step, seconds in timings.items():
            print(f"  {step:<58} {seconds:8.1f} s")
    else:
        print("Data of the last run (--reuse)")
    print(
        f"Scale: {communes:,} communes x {cases:,} cases = {totals['cases_case']:,} cases,"
        f" {totals['cases_person']:,} people, {totals['cases_referral']:,} referrals,"
        f" {totals['portal_survey']:,} surveys"
    )
    load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
    print(f"Load average {load} (1, 5, 15 min) on {os.cpu_count()} CPUs")
    same, rows, same_after = verified
    print(
        f"Fact tables written by ours vs the raw UNION ALL rows: {'identical' if same else 'DIFFERENT'}"
        f" ({rows:,} rows over five tables); after the incremental run vs a fresh raw count:"
        f" {'identical' if same_after else 'DIFFERENT'}"
    )
    print()
    raw = best[RAW]
    full = best[OURS_FULL]
    rows_out = [*best.items(), (f"ours, incremental ({edited:,} cases edited)", incremental)]
    header = f"{'method':<58} | {'seconds':>9} | {'x raw':>7} | target"
    print(header)
    print("-" * len(header))
    for name, seconds in rows_out:
        target = ""
        if name in (OURS_FIRST, OURS_FULL):
            verdict = "met" if seconds <= FULL_TARGET * raw else "NOT met"
            target = f"<= {FULL_TARGET}x raw: {verdict}"
            if name == OURS_FIRST:  # a first load: what it costs beyond the count is writing
                target += f" ({rows:,} rows and their keys written; the raw count writes none)"
        elif name.startswith("ours, incremental"):
            share = seconds / full
            verdict = "met" if share <= INCREMENTAL_TARGET else "NOT met"
            target = f"{share:.1%} of ours full; <= {INCREMENTAL_TARGET:.0%}: {verdict}"
        print(f"{name:<58} | {seconds:9.3f} | {seconds / raw:6.2f}x | {target}")
    print(f"(best of {ROUNDS} rounds where a round takes under {CHEAP:.0f} s; the incremental run once)")
    print(
        f"Incremental: the changes of {months:,} (commune, month) pairs over {communes:,} communes added to the"
        f" facts. The edit itself ({edited:,} cases, one UPDATE per schema): {change_seconds:.1f} s with the"
        f" triggers, {untriggered_seconds:.1f} s without ({change_seconds / untriggered_seconds:.2f}x)"
    )
    fan = best[FAN_OUT]
    print(
        f"Fan-out: one task per commune costs {fan / communes * 1000:.1f} ms; {communes:,} tasks = {fan:.2f} s of"
        f" database work. One set-based pass: {full:.2f} s ({fan / full:.2f}x less work), in chunks of"
        " analytics.extraction.CHUNK communes a transaction, which spread over workers as the tasks would. Picked: "
        + ("the set-based pass." if full <= fan else "the fan-out.")
    )
    print()
    print_dashboard(dashboards, network_size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=int, default=1503, help="communes (Morocco has 1,503)")
    parser.add_argument("--cases", type=int, default=2000, help="cases per commune")
    parser.add_argument("--changed", type=float, default=0.01, help="share of cases edited before the incremental run")
    parser.add_argument("--network", type=int, default=60, help="communes in the coordinator's network")
    parser.add_argument("--reuse", action="store_true", help="keep the generated database; use the last run's if any")
    parser.add_argument(
        "--dashboard-only", action="store_true", help="with --reuse: only the coordinator's comparison against raw SQL"
    )
    args = parser.parse_args()
    if args.dashboard_only:
        if not (args.reuse and database_exists(BENCH_DATABASE)):
            sys.exit("--dashboard-only needs --reuse and the database of an earlier run")
        use_database(BENCH_DATABASE)
        setup_django(migrate=False)
        from django.utils import timezone

        from analytics import selectors
        from analytics.forms import months_before
        from tenants.models import Commune

        network = list(Commune.objects.filter(status=Commune.Status.ACTIVE).order_by("pk")[: args.network])
        last = timezone.localdate().replace(day=1)
        print_dashboard(
            dashboard_measures(network, selectors.Period(first=months_before(last, 35), last=last)), args.network
        )
        return

    reusing = args.reuse and database_exists(BENCH_DATABASE)
    if reusing:
        use_database(BENCH_DATABASE)
    else:
        prepare_database(BENCH_DATABASE)
    setup_django(migrate=not reusing)
    try:
        run(args.communes, args.cases, args.changed, args.network, reuse=reusing)
    finally:
        if not args.reuse:
            drop_database(BENCH_DATABASE)


if __name__ == "__main__":
    main()
