"""Load of a working day, on localhost: office staff and portal visitors of many communes at once.

    python3 dev.py bench load [--phase load|compare|both] [--communes 50] [--users 200] [--seconds 300]
                              [--compare-communes 1503] [--compare-with 10] [--compare-users 50]
                              [--compare-seconds 60] [--spawn-rate 10] [--keep]

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
  communes? `--compare-with` communes of their own are set up first, and
  `--compare-users` read-only users (nothing submitted or booked, so that the
  second run finds the data the first did) browse them for `--compare-seconds`;
  then the database is grown to `--compare-communes` communes in all (empty
  ones, through the pool: the fastest real path, timed), gunicorn restarts
  (fresh workers, as for the first run) and the identical run is made again on
  the same communes. Printed: p50 and p95 of the same pages (and of all staff
  pages, all portal pages) in both runs and the ratio of the p95s (target: 1.1x
  at most), from every request's own time rather than locust's rounded
  percentiles, counting the requests made once every user had started (sign-ins
  aside). Before every run the filled communes' tables are vacuumed and
  analysed and a checkpoint is made: no run pays for what was written before it.
- `both` (the default): the comparison's first run, then the load (on its own
  communes, which the comparison's never see), then the comparison's second run
  (the load's communes count among the `--compare-communes`).

The platform's proxy is played as in production (TRUSTED_PROXY_COUNT=1): each
visit and each staff member's computer has an address of its own, so the
per-address limits of sign-in, the portal and bookings apply as they would.
The portal's hourly limit of requests is lifted all the same
(PORTAL_SUBMISSIONS_PER_HOUR), as in bench/portal_load.py. The cache keys of
the run have a prefix of their own. Afterwards the database is dropped (unless
`--keep`), and what the run left in Redis is removed (the Celery messages it
queued, as no worker runs here, and its cache keys).

A short run, to see it work: --communes 3 --users 10 --seconds 20 --compare-communes 30 --compare-seconds 15
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import os
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

from common import drop_database, prepare_database, setup_django  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "jisr_bench_load"
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
    parser.add_argument("--keep", action="store_true", help="keep the benchmark's database afterwards")
    args = parser.parse_args()
    compare_with = args.compare_with or min(10, args.communes)
    compare_users = args.compare_users or min(50, args.users)

    # Ctrl-C and `kill` both end in the `finally` below: gunicorn and locust stopped, the database dropped.
    signal.signal(signal.SIGTERM, _interrupt)
    processes = Processes()
    work = Path(tempfile.mkdtemp(prefix="jisr-bench-load-"))
    cache_prefix = f"jisr-bench-load-{uuid.uuid4().hex[:8]}"
    prepare_database(BENCH_DATABASE)
    try:
        os.environ["PORTAL_SUBMISSIONS_PER_HOUR"] = "1000000"
        os.environ["TRUSTED_PROXY_COUNT"] = "1"
        # Counters of a previous run (rate limits, keyed by address) must not carry over to this one.
        os.environ["CACHE_KEY_PREFIX"] = cache_prefix
        os.environ["STATIC_ROOT"] = str(work / "static")
        os.environ["MEDIA_ROOT"] = str(work / "media")
        bench = Bench(work=work, processes=processes, spawn_rate=args.spawn_rate)
        bench.set_up()
        if args.phase in ("compare", "both"):
            compared = bench.communes("cmp", compare_with, "Comparaison", "مقارنة")
            before = bench.run(
                f"with {bench.count()} communes",
                compared,
                users=compare_users,
                seconds=args.compare_seconds,
                writes=False,
            )
        if args.phase in ("load", "both"):
            loaded = bench.communes("load", args.communes, "Charge", "حمولة")
            load = bench.run("load", loaded, users=args.users, seconds=args.seconds, writes=True)
            print_load(load)
        if args.phase in ("compare", "both"):
            bench.grow_to(args.compare_communes)
            after = bench.run(
                f"with {bench.count()} communes",
                compared,
                users=compare_users,
                seconds=args.compare_seconds,
                writes=False,
            )
            print_comparison(before, after)
        bench.print_set_up()
    finally:
        try:
            processes.stop()
            if "django" in sys.modules:
                forget_run(cache_prefix)
        finally:
            if args.keep:
                print(f"\nThe database {BENCH_DATABASE} is kept (--keep).")
            else:
                drop_database(BENCH_DATABASE)
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
    def __init__(self, *, work: Path, processes: Processes, spawn_rate: float) -> None:
        self.work = work
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
        vacuum_schemas(schemas)
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

    def run(self, label: str, hosts: list[str], *, users: int, seconds: int, writes: bool) -> Run:
        """A fresh gunicorn, warmed up, and locust's users over `hosts` for `seconds`."""
        settle_database(self.filled_schemas)
        env = dict(os.environ)
        server = self.start_server(env)
        prefix = str(self.work / label.replace(" ", "-"))
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
        command = [
            sys.executable, "-m", "gunicorn", "jisr.wsgi", "--bind", f"127.0.0.1:{self.port}",
            "--workers", "2", "--threads", "8", "--log-level", "warning",
            # Users pause up to 4 s between pages and reuse their connection: with gunicorn's default (2 s)
            # the server would close it as they send, an error no user behind the production proxy sees.
            "--keep-alive", "10",
        ]  # fmt: skip
        server = self.processes.start(command, env)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/healthz", timeout=2):
                    return server
            except OSError:
                time.sleep(0.3)
        raise SystemExit("gunicorn did not start")

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


def vacuum_schemas(schemas: list[str]) -> None:
    """The freshly filled tables vacuumed and analysed, as autovacuum has long done in production: otherwise
    it does so during the next run (their inserts call for it), and plans go without statistics."""
    from django.db import connection

    with connection.cursor() as cursor:  # Django's autocommit: VACUUM runs outside a transaction
        cursor.execute(
            "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables WHERE schemaname = ANY(%s)",
            [schemas],
        )
        for (table,) in cursor.fetchall():
            cursor.execute(f"VACUUM (ANALYZE) {table}")


def settle_database(filled_schemas: list[str]) -> None:
    """Before each run, what the set-up and the previous run did is settled: the communes' tables vacuumed
    and analysed, the public tables that grew with the communes analysed, what was written flushed to disk.
    Neither a run's plans nor its I/O then depend on what came just before it."""
    from django.db import DatabaseError, connection

    from tenants.models import Commune, Domain

    vacuum_schemas(filled_schemas)
    with connection.cursor() as cursor:
        for model in (Commune, Domain):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        # The system catalogs grew by some 250 relations a commune: vacuumed and analysed as autovacuum does in
        # production (a server with autovacuum off, like this machine's, would otherwise never do it).
        cursor.execute("SELECT quote_ident(relname) FROM pg_class WHERE relnamespace = 'pg_catalog'::regnamespace"
                       " AND relkind = 'r'")  # fmt: skip
        for (table,) in cursor.fetchall():
            cursor.execute(f"VACUUM (ANALYZE) pg_catalog.{table}")
        try:
            cursor.execute("CHECKPOINT")
        except DatabaseError:  # not a superuser: the run goes on without it
            print("(CHECKPOINT refused: not a superuser; the run goes on without it)")
    connection.close()


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
        for key in client.scan_iter(match=f"*:{cache_prefix}:*", count=1000):
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


def print_comparison(before: Run, after: Run) -> None:
    print(
        f"\nThe same pages {before.label} and {after.label} in the database: {before.users} users (read only)"
        f" over the same {before.communes} communes, {before.seconds} s each, a fresh gunicorn each time"
    )
    for run in (before, after):
        print(f"  {run.label}: {run.stats['Aggregated']['Request Count']} requests")
        print_errors(run, title="  errors")
    left, right = before.label.removeprefix("with "), after.label.removeprefix("with ")
    print("\nTimes of the requests made once every user had started and signed in (n: how many), sign-ins aside")
    header = f"{'':22} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} | {'n':>6} {'p50 ms':>8} {'p95 ms':>8} | {'p95 ratio':>9}"
    print(f"{'':22} {left:>24} | {right:>24} |")
    print(header)
    print("-" * len(header))
    # Signing in (argon2, once per staff member) belongs to the start; one that ends late is left out too.
    names = sorted(name for name in set(before.times) | set(after.times) if not name.startswith("staff: sign"))
    groups = {page: [page] for page in COMPARED_PAGES} | {
        "all staff pages": [name for name in names if name.startswith("staff: ")],
        "all portal pages": [name for name in names if name.startswith("portal: ")],
        "all requests": names,
    }
    for label, group in groups.items():
        cells = []
        p95s = []
        for run in (before, after):
            values = [ms for name in group for ms in run.times.get(name, [])]
            p95s.append(percentile(values, 95))
            cells.append(f"{len(values):>6} {percentile(values, 50):>8.1f} {p95s[-1]:>8.1f}")
        print(f"{label:22} {cells[0]} | {cells[1]} | {p95s[1] / p95s[0]:>8.2f}x")
    print("Target: a p95 ratio of 1.1x at most.")


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:  # everything is stopped and cleaned by then: no traceback to read
        sys.exit("Interrupted.")
