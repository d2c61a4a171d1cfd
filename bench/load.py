"""Load of a working day, on localhost: office staff and portal visitors of many communes at once.

    python3 dev.py bench load [--phase load|compare|both] [--communes 50] [--users 200] [--seconds 300]
                              [--compare-communes 1503] [--compare-with 10] [--compare-users 50]
                              [--compare-seconds 60] [--compare-rounds 8] [--spawn-rate 10] [--keep]

In a database of the benchmark's own, communes are provisioned as an operator
does (the pool of ready schemas, tenants.services) and filled with the demo's
sample office (cases.demo: staff, nine months of people and cases, referrals,
timetable, procedures, duty rota, portal requests); the set-up is timed. The
platform runs under gunicorn (2 workers x 8 threads, as a small production pod;
connections kept open 10 s, longer than a user's pause between pages) with the
static files collected as in production; locust runs in a separate process
(bench/locust_load.py). A third of its users are office staff (an office
head or an agent) who sign in once and then browse the dashboard, the register
(list, search, a person), the cases (lists, a case), the agenda and the intake
form's matches; the others are visitors of the public portal (the office, the
procedures, who is on duty, the request form, the appointments), each visit a
new person, who sometimes submits a request or books a time. Everyone reads
1 to 4 s between pages. Every page is checked for being the one asked for: a
redirect (to the sign-in page, to the set-up of two-factor authentication) is
an error.

- Phase `load`: `--users` over `--communes` communes for `--seconds`. Printed:
  requests, requests/s, p50/p95/p99 and errors (with the first reasons), in all
  and by page (locust's own figures).
- Phase `compare`: does a commune's page get slower as the database holds more
  communes? `--compare-with` communes of their own are set up first and the
  database, as it is then, is copied aside; the benchmark's own is then grown
  to `--compare-communes` communes in all (empty ones, through the pool: the
  fastest real path, timed). `--compare-users` read-only users (nothing
  submitted or booked, so that every run finds the same data) browse the
  compared communes for `--compare-seconds`, on the copy and on the grown
  database in turns (ABBA, `--compare-rounds` runs on each side: a drift of
  the machine during the comparison falls on both sides alike), each run with
  a fresh gunicorn and cache keys of its own. Printed: p50 and p95 of the same
  pages (and of all staff pages, all portal pages) on each side, pooled over
  its runs, the ratio of the p95s (target: 1.1x at most), and each run's p95,
  from every request's own time rather than locust's rounded percentiles,
  counting the requests made once every user had started (sign-ins aside).
  Before every run the filled communes' tables and the system catalogs are
  vacuumed and analysed and a checkpoint is made: no run pays for what was
  written before it.
  Last, in process (Django's test client: no server, no load), the compared
  communes' public pages are asked on a new database connection (cold: the
  backend reads the commune's tables into its catalog cache) and again on the
  same one (warm), on each side: median times, and the system catalog's blocks
  a request reads (from pg_statio: a count the machine's noise does not move).
- `both` (the default): the comparison's communes, then the load (on its own
  communes, which the comparison's never see), then the comparison's runs (the
  load's communes count among the `--compare-communes`).

The platform's proxy is played as in production (TRUSTED_PROXY_COUNT=1): each
visit and each staff member's computer has an address of its own, so the
per-address limits of sign-in, the portal and bookings apply as they would.
The portal's hourly limit of requests is lifted all the same
(PORTAL_SUBMISSIONS_PER_HOUR), as in bench/portal_load.py. The cache keys of
the run have a prefix of their own. Afterwards the database is dropped (unless
`--keep`), with its copy, and what the run left in Redis is removed (the Celery messages it
queued, as no worker runs here, and its cache keys).

A short run, to see it work: --communes 3 --users 10 --seconds 20 --compare-communes 30 --compare-seconds 15
--compare-rounds 1
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from common import (  # noqa: E402 - bench/ is the script's folder
    connect,
    copy_database,
    database_url,
    drop_database,
    prepare_database,
    setup_django,
    start_gunicorn,
)

BENCH_DATABASE = "jisr_bench_load"
# The comparison's database with few communes: a copy of the benchmark's, taken before it grows.
FEW_DATABASE = "jisr_bench_load_few"
LOCUSTFILE = Path(__file__).with_name("locust_load.py")
# The pages whose p95 the comparison sets side by side: the office's dashboard and register (staff,
# signed in), the portal's home (the public); each request pays for finding its commune by host name.
COMPARED_PAGES = ("staff: dashboard", "staff: people list", "portal: home")
# The steps of the set-up, as printed.
POOL = "schemas built for the pool (fill_pool)"
PROVISIONED = "communes provisioned from the pool"
SEEDED = "offices filled with sample data (cases.demo)"
EMPTY = "empty communes provisioned from the pool"
# Public pages every gunicorn worker renders a few times before a run: templates compiled, connections open.
# Rounds over the compared communes' public pages of the in-process probe, each time on each side.
PROBE_ROUNDS = 5
WARM_UP_PAGES = ("/portal/", "/guide/", "/guide/on-duty/", "/appointments/", "/portal/request/", "/accounts/login/")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--phase", choices=["load", "compare", "both"], default="both")
    parser.add_argument("--communes", type=int, default=50, help="communes the load is spread over")
    parser.add_argument("--users", type=int, default=200, help="concurrent users of the load")
    parser.add_argument("--seconds", type=int, default=300, help="how long the load lasts")
    parser.add_argument("--spawn-rate", type=float, default=10, help="users started per second")
    parser.add_argument(
        "--compare-communes", type=int, default=1503, help="communes in the database for the comparison's second run"
    )
    parser.add_argument(
        "--compare-with",
        type=int,
        default=None,
        help="communes of the comparison's runs (default: 10, at most --communes)",
    )
    parser.add_argument(
        "--compare-users", type=int, default=None, help="users of the comparison's runs (default: 50, at most --users)"
    )
    parser.add_argument("--compare-seconds", type=int, default=60, help="how long each comparison run lasts")
    parser.add_argument(
        "--compare-rounds", type=int, default=8, help="runs of the comparison on each side, taken in turns"
    )
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's database afterwards")
    args = parser.parse_args()
    compare_with = args.compare_with or min(10, args.communes)
    compare_users = args.compare_users or min(50, args.users)

    # Ctrl-C and `kill` both end in the `finally` below: gunicorn and locust stopped, the databases dropped.
    signal.signal(signal.SIGTERM, _interrupt)
    processes = Processes()
    work = Path(tempfile.mkdtemp(prefix="jisr-bench-load-"))
    cache_prefix = f"jisr-bench-load-{uuid.uuid4().hex[:8]}"
    prepare_database(BENCH_DATABASE)
    try:
        os.environ["PORTAL_SUBMISSIONS_PER_HOUR"] = "1000000"
        os.environ["TRUSTED_PROXY_COUNT"] = "1"
        # Counters of a previous run (rate limits, keyed by address) must not carry over to this one; each run
        # adds a number of its own to the prefix.
        os.environ["CACHE_KEY_PREFIX"] = cache_prefix
        os.environ["STATIC_ROOT"] = str(work / "static")
        os.environ["MEDIA_ROOT"] = str(work / "media")
        bench = Bench(work=work, processes=processes, spawn_rate=args.spawn_rate, cache_prefix=cache_prefix)
        bench.set_up()
        if args.phase in ("compare", "both"):
            compared = bench.communes("cmp", compare_with, "Comparaison", "مقارنة")
            # The database as it is now, with the compared communes only, kept aside for the comparison.
            copy_database(BENCH_DATABASE, FEW_DATABASE)
            few = bench.count()
        if args.phase in ("load", "both"):
            loaded = bench.communes("load", args.communes, "Charge", "حمولة")
            load = bench.run("load", loaded, users=args.users, seconds=args.seconds, writes=True)
            print_load(load)
        if args.phase in ("compare", "both"):
            bench.grow_to(args.compare_communes)
            many = bench.count()
            runs: dict[str, list[Run]] = {FEW_DATABASE: [], BENCH_DATABASE: []}
            labels = {FEW_DATABASE: f"with {few} communes", BENCH_DATABASE: f"with {many} communes"}
            for round_ in range(args.compare_rounds):
                # ABBA: neither side is always the first of a pair, so a drift of the machine evens out.
                order = [FEW_DATABASE, BENCH_DATABASE] if round_ % 2 == 0 else [BENCH_DATABASE, FEW_DATABASE]
                for database in order:
                    run = bench.run(
                        f"{labels[database]}, round {round_ + 1}",
                        compared,
                        users=compare_users,
                        seconds=args.compare_seconds,
                        writes=False,
                        database=database,
                    )
                    runs[database].append(run)
            print_comparison(few, runs[FEW_DATABASE], many, runs[BENCH_DATABASE])
            print(
                f"\n... in process: the compared communes' public pages, cold and warm, {PROBE_ROUNDS} x 2 on each side"
            )
            probes: dict[str, list[Probe]] = {FEW_DATABASE: [], BENCH_DATABASE: []}
            for database in [FEW_DATABASE, BENCH_DATABASE, BENCH_DATABASE, FEW_DATABASE]:
                settle_database(database, bench.filled_schemas)
                probes[database].append(probe_in_process(database, compared, PROBE_ROUNDS))
            print_probes(few, probes[FEW_DATABASE], many, probes[BENCH_DATABASE])
        bench.print_set_up()
    finally:
        try:
            processes.stop()
            if "django" in sys.modules:
                forget_run(cache_prefix)
        finally:
            if args.keep:
                print(f"\nThe databases {BENCH_DATABASE} and {FEW_DATABASE} are kept (--keep).")
            else:
                drop_database(BENCH_DATABASE)
                drop_database(FEW_DATABASE)
            shutil.rmtree(work, ignore_errors=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


class Processes:
    """What the benchmark starts (gunicorn, locust), stopped whatever ends the benchmark.

    They stay in the benchmark's process group: Ctrl-C reaches them directly, so they stop even when
    `dev.py bench` kills this script soon after Ctrl-C (subprocess.run does, a quarter of a second
    later). gunicorn's workers leave when their master does.
    """

    def __init__(self) -> None:
        self.running: list[subprocess.Popen[bytes]] = []

    def start(self, command: list[str], env: dict[str, str], **kwargs: Any) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(command, env=env, cwd=ROOT, **kwargs)
        self.running.append(process)
        return process

    def stop(self, process: subprocess.Popen[bytes] | None = None) -> None:
        for one in [process] if process is not None else list(self.running):
            if one.poll() is None:
                one.terminate()
                try:
                    one.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    one.kill()
                    one.wait()
            self.running.remove(one)


@dataclass
class Step:
    what: str
    count: int
    seconds: float


@dataclass
class Run:
    """A locust run's figures: locust's own (CSV stats, failures, exceptions) and every request's time."""

    label: str
    communes: int
    users: int
    seconds: int
    elapsed: float
    stats: dict[str, dict[str, str]]
    failures: list[dict[str, str]]
    exceptions: list[dict[str, str]]
    times: dict[str, list[float]] = field(default_factory=dict)  # ms of the successful requests, by name


class Bench:
    def __init__(self, *, work: Path, processes: Processes, spawn_rate: float, cache_prefix: str) -> None:
        self.work = work
        self.cache_prefix = cache_prefix
        self.runs = 0
        self.processes = processes
        self.spawn_rate = spawn_rate
        self.steps: list[Step] = []
        self.province_index = 0
        self.port = 0
        self.filled_schemas: list[str] = []  # of the communes with sample data

    def set_up(self) -> None:
        started = time.perf_counter()
        setup_django(migrate=True)
        self.timed("shared schema migrated", 1, started)
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"],
            env=dict(os.environ),
            check=True,
        )
        self.timed("static files collected", 1, started)
        from tests.services import free_port

        self.port = free_port()

    def count(self) -> int:
        from tenants.models import Commune

        return Commune.objects.exclude(status=Commune.Status.POOLED).count()

    def communes(self, prefix: str, count: int, name_fr: str, name_ar: str) -> list[str]:
        """`count` communes provisioned and filled with the demo's sample office; their host names."""
        from django.db import connection

        from network.models import Province
        from tenants import services
        from tenants.models import Commune

        provinces = list(Province.objects.order_by("code"))
        slugs = [f"{prefix}{n:02d}" for n in range(1, count + 1)]
        print(f"... provisioning {count} communes with sample data", flush=True)
        started = time.perf_counter()
        services.fill_pool(size=count)
        self.timed(POOL, count, started)
        started = time.perf_counter()
        for n, slug in enumerate(slugs, start=1):
            services.provision_commune(
                slug=slug,
                name_fr=f"{name_fr} {n}",
                name_ar=f"{name_ar} {n}",
                # Spread over the country, like the network: the sample's names and services follow the region.
                province=provinces[self.province_index % len(provinces)] if provinces else None,
            )
            self.province_index += 1
        self.timed(PROVISIONED, count, started)
        started = time.perf_counter()
        seed_offices(slugs)
        self.timed(SEEDED, count, started)
        schemas = [Commune.schema_name_for(slug) for slug in slugs]
        self.filled_schemas += schemas
        started = time.perf_counter()
        with connection.cursor() as cursor:  # Django's autocommit: VACUUM runs outside a transaction
            vacuum_schemas(cursor, schemas)
        self.timed("their tables vacuumed and analysed", count, started)
        return [services.commune_domain(slug) for slug in slugs]

    def grow_to(self, total: int) -> None:
        """Empty communes, through the pool, until the database holds `total`."""
        from tenants import services

        missing = total - self.count()
        if missing <= 0:
            print(f"... {self.count()} communes exist already: nothing to add for --compare-communes {total}")
            return
        print(f"... provisioning {missing} empty communes, up to {total}", flush=True)
        started = time.perf_counter()
        services.fill_pool(size=missing)
        self.timed(POOL, missing, started)
        started = time.perf_counter()
        for n in range(1, missing + 1):
            services.provision_commune(slug=f"empty{n:04d}", name_fr=f"Commune {n}")
        self.timed(EMPTY, missing, started)

    def run(
        self,
        label: str,
        hosts: list[str],
        *,
        users: int,
        seconds: int,
        writes: bool,
        database: str = BENCH_DATABASE,
    ) -> Run:
        """A fresh gunicorn on `database`, warmed up, and locust's users over `hosts` for `seconds`.

        Each run has cache keys of its own: none finds what an earlier one left (pages, counters of the
        rate limits), and all start alike."""
        settle_database(database, self.filled_schemas)
        self.runs += 1
        env = os.environ | {
            "DATABASE_URL": database_url(database),
            "CACHE_KEY_PREFIX": f"{self.cache_prefix}-{self.runs}",
        }
        server = self.start_server(env)
        prefix = str(self.work / f"{self.runs}-{label.replace(' ', '-').replace(',', '')}")
        times_file = f"{prefix}_times.csv"
        try:
            self.warm_up(hosts)
            print(f"... {label}: {users} users over {len(hosts)} communes for {seconds} s", flush=True)
            command = [
                sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
                "-u", str(users), "-r", str(self.spawn_rate), "-t", f"{seconds}s",
                "--host", f"http://127.0.0.1:{self.port}", "--csv", prefix, "--loglevel", "WARNING",
            ]  # fmt: skip
            locust_env = env | {
                "JISR_BENCH_HOSTS": ",".join(f"{host}:{self.port}" for host in hosts),
                "JISR_BENCH_PASSWORD": demo_password(),
                "JISR_BENCH_WRITES": "1" if writes else "0",
                "JISR_BENCH_TIMES": times_file,
            }
            log = Path(f"{prefix}_locust.log")
            started = time.monotonic()
            with log.open("wb") as output:
                locust = self.processes.start(command, locust_env, stdout=output, stderr=subprocess.STDOUT)
                returncode = locust.wait()
                self.processes.stop(locust)
            elapsed = time.monotonic() - started
        finally:
            self.processes.stop(server)
        output_text = log.read_text(errors="replace")
        if not Path(f"{prefix}_stats.csv").exists() or returncode not in (0, 1):  # 1: some requests failed
            print(output_text[-3000:])
            raise SystemExit(f"locust failed (exit status {returncode})")
        if "CPU usage" in output_text:  # locust short of CPU measures its own waiting too
            print("    (locust warned that its CPU use went above 90% during this run: times are inflated)")
        return Run(
            label=label,
            communes=len(hosts),
            users=users,
            seconds=seconds,
            elapsed=elapsed,
            stats={row["Name"]: row for row in read_csv(f"{prefix}_stats.csv")},
            failures=read_csv(f"{prefix}_failures.csv"),
            exceptions=read_csv(f"{prefix}_exceptions.csv"),
            times=read_times(times_file),
        )

    def start_server(self, env: dict[str, str]) -> subprocess.Popen[bytes]:
        # Users pause up to 4 s between pages and reuse their connection: with gunicorn's default (2 s) the
        # server would close it as they send, an error no user behind the production proxy sees.
        return start_gunicorn(self.port, env, options=["--keep-alive", "10"], start=self.processes.start)

    def warm_up(self, hosts: list[str]) -> None:
        """Each public page on each commune, then some more on the first: both workers have rendered them."""
        for host in [*hosts, *[hosts[0]] * 6]:
            for path in WARM_UP_PAGES:
                request = urllib.request.Request(
                    f"http://127.0.0.1:{self.port}{path}", headers={"Host": f"{host}:{self.port}"}
                )
                with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
                    response.read()

    def print_set_up(self) -> None:
        print("\nSet-up")
        header = f"{'':44} {'count':>6} {'seconds':>8} {'each':>8}"
        print(header)
        print("-" * len(header))
        for step in self.steps:
            print(f"{step.what:44} {step.count:>6} {step.seconds:>8.1f} {step.seconds / step.count:>8.3f}")
        each = {
            what: sum(s.seconds for s in self.steps if s.what == what)
            / max(sum(s.count for s in self.steps if s.what == what), 1)
            for what in (POOL, PROVISIONED, SEEDED, EMPTY)
        }
        if each[SEEDED]:
            full = each[POOL] + each[PROVISIONED] + each[SEEDED]
            print(
                f"A commune with its sample office: {full:.2f} s (schema {each[POOL]:.2f} s, provisioning"
                f" {each[PROVISIONED]:.3f} s, sample data {each[SEEDED]:.2f} s);"
                f" 1,503 of them: {1503 * full / 60:.0f} min"
            )
        if each[EMPTY]:
            empty = each[POOL] + each[EMPTY]
            print(f"An empty commune: {empty:.2f} s; 1,503 of them: {1503 * empty / 60:.0f} min")

    def timed(self, what: str, count: int, started: float) -> None:
        step = Step(what, count, time.perf_counter() - started)
        self.steps.append(step)
        print(f"    {what}: {count} in {step.seconds:.1f} s ({step.seconds / count:.3f} s each)", flush=True)


def demo_password() -> str:
    from jisr.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def seed_offices(slugs: list[str]) -> None:
    """The demo's sample office in each commune, a few at a time, as `jisr demo` seeds its own."""
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connections
    from django.utils import timezone

    from cases import demo as office_demo
    from jisr.demo import SEEDING_THREADS
    from tenants.cross_schema import schema_context
    from tenants.models import Commune

    today = timezone.localdate()

    def seed_one(slug: str) -> None:
        try:
            commune = Commune.objects.select_related("province__region").get(slug=slug)
            with schema_context(commune.schema_name):
                # The same office for a slug on every run: the draw is seeded by it.
                office_demo.seed_office(commune, rng_seed=zlib.crc32(slug.encode()), today=today)
        finally:
            connections.close_all()  # this thread's connections

    with ThreadPoolExecutor(max_workers=SEEDING_THREADS) as pool:
        list(pool.map(seed_one, slugs))


def vacuum_schemas(cursor: Any, schemas: list[str]) -> None:
    """The freshly filled tables vacuumed and analysed, as autovacuum has long done in production: otherwise
    it does so during the next run (their inserts call for it), and plans go without statistics. `cursor`
    is of a connection in autocommit (VACUUM runs outside a transaction)."""
    cursor.execute(
        "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname = ANY(%s)",
        [schemas],
    )
    for (table,) in cursor.fetchall():
        cursor.execute(f"VACUUM (ANALYZE) {table}")


def settle_database(database: str, filled_schemas: list[str]) -> None:
    """Before each run, what the set-up and the previous run did is settled: the communes' tables vacuumed
    and analysed, the public tables that grew with the communes analysed, what was written flushed to disk.
    Neither a run's plans nor its I/O then depend on what came just before it."""
    import psycopg2
    from psycopg2 import sql

    from tenants.models import Commune, Domain

    connection = connect(database)
    with connection.cursor() as cursor:
        vacuum_schemas(cursor, filled_schemas)
        for model in (Commune, Domain):
            cursor.execute(sql.SQL("ANALYZE {}").format(sql.Identifier(model._meta.db_table)))
        # The system catalogs grew by some 250 relations a commune: vacuumed and analysed as autovacuum does in
        # production (a server with autovacuum off, like this machine's, would otherwise never do it).
        cursor.execute("SELECT quote_ident(relname) FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace"
                       " AND relkind = 'r'")  # fmt: skip
        for (table,) in cursor.fetchall():
            cursor.execute(f"VACUUM (ANALYZE) pg_catalog.{table}")
        try:
            cursor.execute("CHECKPOINT")
        except psycopg2.Error:  # not a superuser: the run goes on without it
            print("(CHECKPOINT refused: not a superuser; the run goes on without it)")
    connection.close()


@dataclass
class Probe:
    """In process (Django's test client, no server, no load): the public pages of the compared communes, each
    asked on a new database connection (a backend that has not served the commune yet: it reads the
    commune's tables into its catalog cache) and again on the same one (warm)."""

    database: str
    cold: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))  # ms, by path
    warm: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    catalog: dict[str, int] = field(default_factory=dict)  # catalog buffer accesses a request, cold and warm


def probe_in_process(database: str, hosts: list[str], rounds: int) -> Probe:
    """The pages of WARM_UP_PAGES on `database`, cold and warm, `rounds` times over the hosts. The catalog
    pages the requests read (pg_statio, buffers found in shared_buffers or read) are counted for the cold
    and the warm requests apart, less what taking the count costs: unlike times, they do not vary with what
    else the machine does."""
    from django.db import connection
    from django.test import Client

    probe = Probe(database)
    client = Client()
    settings_dict = connection.settings_dict
    connection.close()
    name, settings_dict["NAME"] = settings_dict["NAME"], database
    try:
        for host in hosts:  # templates compiled, the pages' caches filled: what is left is the database's work
            for path in WARM_UP_PAGES:
                client.get(path, HTTP_HOST=host)
        for kind in ("cold", "warm"):
            connection.close()
            before = catalog_accesses(database)
            counted = catalog_accesses(database) - before  # what counting costs
            before += counted
            requests = 0
            for _ in range(rounds):
                for host in hosts:
                    for path in WARM_UP_PAGES:
                        if kind == "cold":
                            connection.close()
                        else:
                            client.get(path, HTTP_HOST=host)
                            requests += 1
                        started = time.perf_counter()
                        response = client.get(path, HTTP_HOST=host)
                        getattr(probe, kind)[path].append((time.perf_counter() - started) * 1000)
                        if response.status_code != 200:
                            raise SystemExit(f"{host}{path} answered {response.status_code} in process")
                        requests += 1
            connection.close()  # a backend's counts reach pg_statio when it ends
            time.sleep(0.5)
            probe.catalog[kind] = round((catalog_accesses(database) - before - counted) / requests)
    finally:
        connection.close()
        settings_dict["NAME"] = name
    return probe


def catalog_accesses(database: str) -> int:
    """Blocks of the system catalogs (tables and indexes) read so far in `database`, found in shared_buffers or not."""
    connection = connect(database)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT sum(coalesce(heap_blks_read, 0) + coalesce(heap_blks_hit, 0) + coalesce(idx_blks_read, 0)"
            " + coalesce(idx_blks_hit, 0))::bigint FROM pg_statio_all_tables WHERE schemaname = 'pg_catalog'"
        )
        (count,) = cursor.fetchone()
    connection.close()
    return int(count)


def forget_run(cache_prefix: str) -> None:
    """What the run left in Redis: the Celery messages it queued (pool refills, acknowledgements: no worker
    runs here) and its cache keys (rate-limit counters; django-tenants writes `<schema>:<prefix>:...`)."""
    import redis
    from django.conf import settings
    from kombu.exceptions import OperationalError

    from jisr.celery import app

    with contextlib.suppress(OperationalError, redis.RedisError, OSError):  # Redis gone: nothing left to forget
        app.control.purge()
        client = redis.Redis.from_url(settings.REDIS_URL)
        for key in client.scan_iter(match=f"*:{cache_prefix}[:-]*", count=1000):
            client.delete(key)


def read_csv(path: str) -> list[dict[str, str]]:
    if not Path(path).exists():
        return []
    with open(path, newline="") as file:
        return list(csv.DictReader(file))


def read_times(path: str) -> dict[str, list[float]]:
    """The times of the successful requests made once every user had started (and the staff signed in)."""
    times: dict[str, list[float]] = defaultdict(list)
    for row in read_csv(path):
        if row["failed"] == "0" and row["all_started"] == "1":
            times[row["name"]].append(float(row["ms"]))
    return times


def percentile(values: list[float], p: int) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1]


def bootstrap_ratio(few: list[float], many: list[float], resamples: int = 10_000) -> tuple[float, float]:
    """The 2.5th and 97.5th percentiles of mean(many) / mean(few) over the runs drawn again with replacement
    (a seeded draw: the same runs print the same interval)."""
    draw = random.Random(1503)
    ratios = sorted(
        statistics.mean(draw.choices(many, k=len(many))) / statistics.mean(draw.choices(few, k=len(few)))
        for _ in range(resamples)
    )
    return ratios[int(0.025 * resamples)], ratios[int(0.975 * resamples) - 1]


def print_probes(few: int, few_probes: list[Probe], many: int, many_probes: list[Probe]) -> None:
    print(
        "\nIn process (no server, no load), each public page of the compared communes on a new database connection"
        "\n(cold: the backend reads the commune's tables into its catalog cache) and again on the same one (warm):"
        "\nmedian ms, and the catalog blocks a request reads (pg_statio: in shared_buffers or not)"
    )
    header = f"{'':22} {'cold':>8} {'warm':>8} | {'cold':>8} {'warm':>8} | {'cold':>6} {'warm':>6}"
    print(f"{'':22} {f'{few} communes':>17} | {f'{many} communes':>17} | {'ratio':>13}")
    print(header)
    print("-" * len(header))
    for path in [*WARM_UP_PAGES, "all"]:
        cells = []
        for probes in (few_probes, many_probes):
            medians = []
            for kind in ("cold", "warm"):
                values = [
                    ms for probe in probes for page, times in getattr(probe, kind).items() if path in ("all", page)
                    for ms in times
                ]  # fmt: skip
                medians.append(statistics.median(values))
            cells.append(medians)
        ratios = [cells[1][0] / cells[0][0], cells[1][1] / cells[0][1]]
        print(
            f"{path:22} {cells[0][0]:>8.1f} {cells[0][1]:>8.1f} | {cells[1][0]:>8.1f} {cells[1][1]:>8.1f} |"
            f" {ratios[0]:>5.2f}x {ratios[1]:>5.2f}x"
        )
    blocks = [
        [statistics.mean(probe.catalog[kind] for probe in probes) for kind in ("cold", "warm")]
        for probes in (few_probes, many_probes)
    ]
    print(
        f"{'catalog blocks/request':22} {blocks[0][0]:>8.0f} {blocks[0][1]:>8.0f} | {blocks[1][0]:>8.0f}"
        f" {blocks[1][1]:>8.0f} | {blocks[1][0] / blocks[0][0]:>5.2f}x {blocks[1][1] / max(blocks[0][1], 1):>5.2f}x"
    )


def print_errors(run: Run, title: str = "Errors") -> None:
    failed = sum(int(row["Occurrences"]) for row in run.failures)
    crashed = sum(int(row["Count"]) for row in run.exceptions)
    print(f"{title}: {failed} failed requests" + (f", {crashed} exceptions in the locustfile" if crashed else ""))
    for row in sorted(run.failures, key=lambda row: -int(row["Occurrences"]))[:5]:
        print(f"  {row['Occurrences']:>5} x {row['Method']} {row['Name']}: {row['Error']}")
    for row in run.exceptions[:3]:
        print(f"  {row['Count']:>5} x {row['Message']}")


def print_load(run: Run) -> None:
    total = run.stats["Aggregated"]
    print(
        f"\nLoad: {run.users} users over {run.communes} communes, {run.seconds} s ({run.elapsed:.0f} s with start and"
        f" stop), 127.0.0.1, gunicorn 2 workers x 8 threads"
    )
    print(
        f"Requests: {total['Request Count']}, {float(total['Requests/s']):.1f}/s;"
        f" p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms"
    )
    print_errors(run)
    print()
    header = (
        f"{'':28} {'requests':>9} {'errors':>7} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>8}"
    )
    print(header)
    print("-" * len(header))
    names = sorted(name for name in run.stats if name != "Aggregated")
    for name in [*names, "Aggregated"]:
        row = run.stats[name]
        print(
            f"{name:28} {row['Request Count']:>9} {row['Failure Count']:>7} {float(row['Requests/s']):>7.1f}"
            f" {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} {float(row['Max Response Time']):>8.0f}"
        )


def print_comparison(few: int, few_runs: list[Run], many: int, many_runs: list[Run]) -> None:
    """The same pages' times with `few` and with `many` communes in the database, pooled over each side's runs."""
    first = few_runs[0]
    print(
        f"\nThe same pages with {few} and with {many} communes in the database: {first.users} users (read only) over"
        f" the same {first.communes} communes, {len(few_runs)} runs of {first.seconds} s on each side, taken in turns"
        " (ABBA), a fresh gunicorn and cache each time"
    )
    for run in [*few_runs, *many_runs]:
        print(f"  {run.label}: {run.stats['Aggregated']['Request Count']} requests")
        print_errors(run, title="    errors")
    print("\nTimes of the requests made once every user had started and signed in (n: how many), sign-ins aside,")
    print("pooled over the runs of each side; then each side's p95 run by run")
    header = f"{'':22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} | {'n':>6} {'p50 ms':>8} {'p95 ms':>8} | {'p95 ratio':>9}"
    print(f"{'':22} {f'{few} communes':>24} | {f'{many} communes':>24} |")
    print(header)
    print("-" * len(header))
    # Signing in (argon2, once per staff member) belongs to the start; one that ends late is left out too.
    names = sorted(
        {name for run in [*few_runs, *many_runs] for name in run.times if not name.startswith("staff: sign")}
    )
    groups = {page: [page] for page in COMPARED_PAGES} | {
        "all staff pages": [name for name in names if name.startswith("staff: ")],
        "all portal pages": [name for name in names if name.startswith("portal: ")],
        "all requests": names,
    }
    by_run = []
    intervals = []
    for label, group in groups.items():
        # The group's times in each run, on each side.
        times = [
            [[ms for name in group for ms in run.times.get(name, [])] for run in runs] for runs in (few_runs, many_runs)
        ]
        cells = []
        p95s = []
        for side in times:
            values = [ms for run in side for ms in run]
            p95s.append(percentile(values, 95))
            cells.append(f"{len(values):>6} {percentile(values, 50):>8.1f} {p95s[-1]:>8.1f}")
        print(f"{label:22} {cells[0]} | {cells[1]} | {p95s[1] / p95s[0]:>8.2f}x")
        sides = [[percentile(run, 95) for run in side] for side in times]
        by_run.append(f"{label:22} " + " | ".join(" ".join(f"{p95:>6.1f}" for p95 in side) for side in sides))
        sides = [[p95 for p95 in side if p95 == p95] for side in sides]  # a run with no such request: left out
        if not (sides[0] and sides[1]):
            continue
        low, high = bootstrap_ratio(sides[0], sides[1])
        ratio = statistics.mean(sides[1]) / statistics.mean(sides[0])
        intervals.append(
            f"{label:22} {statistics.mean(sides[0]):>8.1f} {statistics.mean(sides[1]):>8.1f} {ratio:>8.2f}x"
            f"   {low:.2f}x to {high:.2f}x"
        )
    print("\np95 ms of each run, in the order taken, on each side")
    print("\n".join(by_run))
    print(
        "\nThe runs' p95 averaged on each side, their ratio, and its 95% interval (bootstrap over the runs: how far"
        "\nthe run-to-run spread leaves the ratio uncertain)"
    )
    print(f"{'':22} {few:>8} {many:>8} {'ratio':>9}   interval")
    print("\n".join(intervals))
    print("Target: a p95 ratio of 1.1x at most.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # everything is stopped and cleaned by then: no traceback to read
        sys.exit("Interrupted.")
