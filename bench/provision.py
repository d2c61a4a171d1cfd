"""Seconds to create one commune, with 1, 100 and 500 communes already there.

    python3 dev.py bench provision [--levels 1,100,500] [--samples 5]

Side by side, in one run, on one database:
- django-tenants default: CREATE SCHEMA, then every migration (`auto_create_schema`);
- django-tenants clone: copy of a migrated base schema (`TENANT_BASE_SCHEMA`,
  `clone_schema`), then migrations faked; once more after ANALYZE;
- ours, from the pool: a ready schema renamed (`tenants.services.provision_commune`);
  the pool is refilled in the background, so the refill is timed apart:
- ours, pool empty: a schema built on the spot from the recorded migration SQL, then claimed.

Every method adds the same rows (commune and domain). Prints medians with
min and max. A benchmark, not a test: nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]

from common import prepare_database, setup_django  # noqa: E402 - bench/ is the script's folder

BENCH_DATABASE = "jisr_bench_provision"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", default="1,100,500", help="existing communes before each measurement")
    parser.add_argument("--samples", type=int, default=5, help="communes created per method and level")
    args = parser.parse_args()
    levels = [int(level) for level in args.levels.split(",")]

    prepare_database(BENCH_DATABASE)
    setup_django(migrate=True)
    run(levels, args.samples)


def run(levels: list[int], samples: int) -> None:
    from django.db import connection
    from django.test import override_settings

    from tenants import cross_schema, services
    from tenants.models import Commune, Domain

    counter = iter(range(10**6))

    def existing() -> int:
        return Commune.objects.exclude(status=Commune.Status.POOLED).count()

    def django_tenants_create() -> None:
        n = next(counter)
        commune = Commune(schema_name=f"commune_dt{n}", slug=f"dt{n}", code=f"DT{n:04d}", name_fr=f"DT {n}")
        commune.auto_create_schema = True  # django-tenants' own path, not ours
        commune.save(verbosity=0)
        Domain.objects.create(domain=services.commune_domain(f"dt{n}"), tenant=commune)

    def ours() -> None:
        n = next(counter)
        services.provision_commune(slug=f"our{n}", name_fr=f"Ours {n}")

    def grow_to(target: int) -> float:
        missing = target - existing()
        if missing <= 0:
            return 0.0
        started = time.perf_counter()
        services.fill_pool(size=missing)
        for _ in range(missing):
            ours()
        return (time.perf_counter() - started) / missing

    def sample(action: Callable[[], None], before: Callable[[], None] = lambda: None) -> list[float]:
        times = []
        for _ in range(samples):
            before()
            started = time.perf_counter()
            action()
            times.append(time.perf_counter() - started)
        return times

    cross_schema.create_schema_by_migrating("bench_base")  # django-tenants' clone source
    cross_schema.recipe_script()  # recorded once per migration state, as after a deploy
    connection.close()

    columns = [
        "django-tenants default",
        "django-tenants clone",
        "clone after ANALYZE",
        "ours (pool)",
        "ours (pool empty)",
        "pool refill, per schema",
    ]
    rows = []
    for level in levels:
        setup = grow_to(level)
        at = existing()
        print(f"... {at} communes exist (grown at {setup:.3f} s each); measuring", flush=True)
        results = {"django-tenants default": sample(django_tenants_create)}
        with override_settings(TENANT_BASE_SCHEMA="bench_base", TENANT_CREATION_FAKES_MIGRATIONS=True):
            results["django-tenants clone"] = sample(django_tenants_create)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            results["clone after ANALYZE"] = sample(django_tenants_create)
        refill = sample(lambda: services.fill_pool(size=Commune.objects.filter(status="pooled").count() + 1))
        results["pool refill, per schema"] = refill
        results["ours (pool)"] = sample(ours)
        results["ours (pool empty)"] = sample(ours)
        rows.append((at, results))

    print()
    print("Seconds to create one commune (median, min-max of", samples, "each)")
    header = f"{'existing':>9} | " + " | ".join(f"{name:>24}" for name in columns)
    print(header)
    print("-" * len(header))
    for at, results in rows:
        cells = []
        for name in columns:
            values = results[name]
            cells.append(f"{statistics.median(values):.4f} ({min(values):.3f}-{max(values):.3f})".rjust(24))
        print(f"{at:>9} | " + " | ".join(cells))
    print()
    for at, results in rows:
        default = statistics.median(results["django-tenants default"])
        clone = statistics.median(results["django-tenants clone"])
        pool = statistics.median(results["ours (pool)"])
        print(
            f"at {at:>4} communes: ours (pool) is {default / pool:5.1f}x faster than django-tenants' default,"
            f" {clone / pool:5.1f}x than its clone"
        )


if __name__ == "__main__":
    main()
