"""Load test of the public request form: many people submitting at once, on localhost.

    python3 dev.py bench portal_load [--users 50] [--seconds 60]

A commune is provisioned in a database of the benchmark's own; the platform runs
under gunicorn (2 workers x 8 threads, as a small production pod) with the static
files collected as in production; locust (a separate process) plays `--users`
visitors who each open the form and submit a request, again and again, for
`--seconds`. Printed, side by side in one run: throughput and latency (p50, p95,
max) of opening the form (the reference: a page read) and of submitting it (a
person, a consent, a case, an acknowledgement in the outbox, in one transaction),
and the errors. Afterwards the cases in the database are counted against the
submissions locust saw succeed. The per-address rate limit of the portal is
lifted for the run (PORTAL_SUBMISSIONS_PER_HOUR), since every visitor here comes
from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import csv
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from common import prepare_database, start_gunicorn  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "jisr_bench_portal"
SLUG = "benchville"
LOCUSTFILE = Path(__file__).with_name("locust_portal.py")


def setup_commune() -> None:
    """Migrate, provision the commune the visitors submit to."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jisr.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from tenants import services

    call_command("migrate_schemas", "--shared", verbosity=0)
    services.fill_pool(size=1)
    services.provision_commune(slug=SLUG, name_fr="Bench-ville", name_ar="مدينة القياس")


def read_stats(prefix: str) -> list[dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as file:
        return list(csv.DictReader(file))


def count_cases() -> int:
    from cases.models import Case
    from tenants.cross_schema import schema_context
    from tenants.models import Commune

    with schema_context(Commune.objects.get(slug=SLUG).schema_name):
        return Case.objects.filter(channel=Case.Channel.WEB).count()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50, help="concurrent visitors")
    parser.add_argument("--seconds", type=int, default=60, help="how long they keep submitting")
    args = parser.parse_args()

    prepare_database(BENCH_DATABASE)
    os.environ["PORTAL_SUBMISSIONS_PER_HOUR"] = "1000000"
    os.environ["TENANT_POOL_SIZE"] = "0"
    work = Path(tempfile.mkdtemp(prefix="jisr-bench-portal-"))
    os.environ["STATIC_ROOT"] = str(work / "static")
    os.environ["MEDIA_ROOT"] = str(work / "media")
    setup_commune()
    env = dict(os.environ)
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "collectstatic", "--noinput", "-v", "0"], env=env, check=True
    )
    from tests.services import free_port

    port = free_port()
    server = start_gunicorn(port, env)
    host = f"{SLUG}.{env['PLATFORM_DOMAIN']}:{port}"
    for _ in range(40):  # warm up: templates compiled, connections opened in every worker
        request = urllib.request.Request(f"http://127.0.0.1:{port}/portal/request/", headers={"Host": host})
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - our own server
            response.read()
    prefix = str(work / "locust")
    try:
        started = time.monotonic()
        locust = [
            sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
            "-u", str(args.users), "-r", str(args.users), "-t", f"{args.seconds}s",
            "--host", f"http://127.0.0.1:{port}", "--csv", prefix, "--loglevel", "WARNING",
        ]  # fmt: skip
        subprocess.run(
            locust,
            env={**env, "JISR_BENCH_HOST": host},
            check=False,
        )
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)
    rows = {row["Name"]: row for row in read_stats(prefix)}
    cases = count_cases()
    print(f"\n{args.users} visitors, {args.seconds} s, 127.0.0.1, gunicorn 2 workers x 8 threads ({elapsed:.0f} s)")
    header = f"{'':28} {'requests':>9} {'errors':>7} {'per s':>7} {'p50 ms':>7} {'p95 ms':>7} {'max ms':>8}"
    print(header)
    print("-" * len(header))
    for name in ("open the form", "submit a request", "Aggregated"):
        row = rows.get(name)
        if row is None:
            continue
        print(
            f"{name:28} {row['Request Count']:>9} {row['Failure Count']:>7} {float(row['Requests/s']):>7.1f}"
            f" {row['50%']:>7} {row['95%']:>7} {float(row['Max Response Time']):>8.0f}"
        )
    submitted = int(rows.get("submit a request", {}).get("Request Count", 0)) - int(
        rows.get("submit a request", {}).get("Failure Count", 0)
    )
    print(
        f"\nCases in the office's queue: {cases}; submissions locust saw succeed: {submitted}"
        " (those cut off by the end of the run may still have been saved)"
    )


if __name__ == "__main__":
    main()
