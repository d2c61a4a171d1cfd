"""An office's files at scale: importing a big register, and drawing a report of a busy period.

    python3 dev.py bench office_files [--rows 20000] [--seed 7]

One commune (tenants.services: fill_pool, then provision_commune) gets a register of N rows, made by the
sample register's own generator (cases/imports/sample/make_sample.py) with more visitors: Arabic and Latin
names, phones of seven countries, dates written the ways offices write them, some people on several rows.

Import, side by side on the same rows:
- ours: the import as the page runs it (cases.imports.services): reading and mapping the file
  (`upload_register`), the dry run, then the import, each timed, and a second import of the same file
  (which must create nothing);
- baseline: the same people and cases written straight through the services the import calls
  (`register_person`, `open_case`), from the generator's own values, in one transaction, in a second
  commune: what any import through the services pays at the least. Our import adds the reading of the
  file, the parsing of each value, finding people on several rows, fingerprints and the report.

Report, on the commune filled by the import: counting the figures (cases.reports.figures) and drawing each
of the four files (PDF and XLSX, Arabic and French), for the busiest month and for the whole register.

Prints rows per second and seconds; the machine's load average with them. A benchmark, not a test:
nothing here asserts on time.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

from common import ROOT, prepare_database, setup_django

BENCH_DATABASE = "jisr_bench_office_files"


def load_generator():  # type: ignore[no-untyped-def]
    path = ROOT / "cases" / "imports" / "sample" / "make_sample.py"
    spec = importlib.util.spec_from_file_location("make_sample", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_sample"] = module  # its dataclasses look themselves up there
    spec.loader.exec_module(module)
    return module


def register(rows: int, seed: int) -> tuple[bytes, list, int]:  # type: ignore[type-arg]
    """A register of `rows` rows as CSV (French headings), the visits behind it, and how many people."""
    sample = load_generator()
    people = max(1, round(rows * 122 / 150))  # as in the shipped sample: some come back
    make_visitors = sample._visitors
    sample._visitors = lambda rng, _count: make_visitors(rng, people)
    sample.ROWS = rows
    rng = random.Random(seed)
    visits, visitors = sample._visits(rng)
    _arabic, french = sample._rows(visits, rng)
    return sample._csv(french), visits, visitors


def timed(work):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = work()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000, help="rows of the register (at most 20,000)")
    parser.add_argument("--seed", type=int, default=7, help="seed of the generator")
    args = parser.parse_args()
    prepare_database(BENCH_DATABASE)
    setup_django(migrate=True)
    run(args.rows, args.seed)


def run(rows: int, seed: int) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import translation

    from analytics.funding import month_end
    from cases.imports import services as imports
    from cases.imports.models import ImportRun
    from cases.models import Case, Category, Person
    from cases.reports import pdf, xlsx
    from cases.reports.figures import office_figures
    from cases.services import people as people_services
    from cases.services.cases import open_case
    from jisr.accounts.models import Role, User
    from tenants import services
    from tenants.cross_schema import schema_context

    content, visits, visitors = register(rows, seed)
    size = len(content) / 1e6
    print(f"Register: {rows:,} rows, {visitors:,} people, {size:.1f} MB of CSV; load {os.getloadavg()[0]:.1f}")
    services.fill_pool(size=2)
    ours_commune = services.provision_commune(slug="benchimport", name_fr="Bench import", name_ar="بنش")
    floor_commune = services.provision_commune(slug="benchfloor", name_fr="Bench floor", name_ar="بنش")

    figures: dict[str, float] = {}
    with schema_context(ours_commune.schema_name), translation.override("fr"):
        head = User.objects.create_user("head@bench.test", None, role=Role.OFFICE_HEAD, full_name="Office head")
        run, figures["read and map the file"] = timed(
            lambda: imports.upload_register(actor=head, upload=SimpleUploadedFile("register.csv", content))
        )
        imports.confirm_mapping(
            actor=head, run=run, fields=run.mapping, default_category=None, default_kind="request",
            default_channel="visit",
        )  # fmt: skip
        checked, figures["dry run"] = timed(lambda: imports.execute(run_id=run.pk))
        checked = ImportRun.objects.get(pk=run.pk)
        problems = checked.report["counts"]["with_problems"]
        imports.ask_import(actor=head, run=checked, only_valid=bool(problems))
        done, figures["import"] = timed(lambda: imports.execute(run_id=run.pk))
        done = ImportRun.objects.get(pk=run.pk)
        assert done.state == ImportRun.State.DONE, done.error
        again = imports.upload_register(actor=head, upload=SimpleUploadedFile("register.csv", content))
        imports.confirm_mapping(
            actor=head, run=again, fields=again.mapping, default_category=None, default_kind="request",
            default_channel="visit",
        )  # fmt: skip
        _same, figures["dry run of the same file again"] = timed(lambda: imports.execute(run_id=again.pk))
        again = ImportRun.objects.get(pk=again.pk)
        created = (Person.objects.count(), Case.objects.count())

    with schema_context(floor_commune.schema_name), translation.override("fr"):
        floor_head = User.objects.create_user("head@floor.test", None, role=Role.OFFICE_HEAD, full_name="Head")
        categories = {category.name_fr: category for category in Category.objects.all()}
        sample = load_generator()

        def through_the_services() -> int:
            known: dict[int, Person] = {}
            with transaction.atomic():
                for visit in visits:
                    who = visit.visitor
                    person = known.get(id(who))
                    if person is None:
                        data = people_services.PersonInput.from_data(
                            {
                                "first_name_latin": who.first[0], "last_name_latin": who.last[0],
                                "first_name_ar": who.first[1], "last_name_ar": who.last[1],
                                "sex": "female" if who.female else "male", "birth_year": who.birth_year,
                                "generation": str(who.generation),
                                "residence_country": sample.COUNTRIES[who.country][0],
                                "residence_city": who.city, "phone": who.phone, "email": who.email,
                            }
                        )  # fmt: skip
                        person = known[id(who)] = people_services.register_person(actor=floor_head, data=data)
                    category = categories.get(sample.SUBJECTS[visit.subject][0][1]) or categories["Autre"]
                    open_case(
                        actor=floor_head, person=person, kind="request", category=category, channel="visit",
                        subject=sample.SUBJECTS[visit.subject][1][visit.topic][1][:200], opened_on=visit.day,
                    )  # fmt: skip
            return len(known)

        _floor_people, figures["baseline: the services alone"] = timed(through_the_services)

    print()
    print(f"{'Import of the register':<44}{'seconds':>10}{'rows/s':>10}")
    for name in ("read and map the file", "dry run", "import", "dry run of the same file again"):
        print(f"{'  ' + name:<44}{figures[name]:>10.2f}{rows / figures[name]:>10,.0f}")
    ours_total = figures["dry run"] + figures["import"]
    print(f"{'  ours: dry run + import':<44}{ours_total:>10.2f}{rows / ours_total:>10,.0f}")
    floor = figures["baseline: the services alone"]
    print(f"{'  baseline: the services alone':<44}{floor:>10.2f}{rows / floor:>10,.0f}")
    print(f"  import alone / baseline: {figures['import'] / floor:.2f}×; with its dry run: {ours_total / floor:.2f}×")
    print(f"  created: {created[0]:,} people, {created[1]:,} cases; rows with problems {problems}; "
          f"same file again: {again.report['counts']['already_imported']:,} rows already imported, "
          f"{again.report['counts']['to_import']} to import")  # fmt: skip

    with schema_context(ours_commune.schema_name):
        months = Counter(day.replace(day=1) for day in Case.objects.values_list("opened_on", flat=True))
        busiest = max(months, key=lambda month: months[month])
        first_day = min(months)
        last_day = max(Case.objects.values_list("opened_on", flat=True))
        periods = {
            f"busiest month ({busiest:%Y-%m}, {months[busiest]:,} cases)": (busiest, month_end(busiest)),
            f"whole register ({first_day:%Y-%m} to {last_day:%Y-%m}, {sum(months.values()):,} cases)": (
                first_day,
                last_day,
            ),
        }
        commune = ours_commune
        print()
        print(f"{'Report':<60}{'count':>8}{'PDF ar':>8}{'XLSX ar':>8}{'PDF fr':>8}{'XLSX fr':>8}{'all':>8}")
        for name, (first, last) in periods.items():
            counted, count_time = timed(lambda first=first, last=last: office_figures(first, last))
            cells = [count_time]
            for language in ("ar", "fr"):
                for render in (pdf.render, xlsx.render):
                    _file, seconds = timed(
                        lambda render=render, language=language, counted=counted: render(counted, commune, language)
                    )
                    cells.append(seconds)
            print(f"{name:<60}" + "".join(f"{cell:>8.2f}" for cell in cells) + f"{sum(cells):>8.2f}")
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    main()
