"""Write the perturbation table of the cell key method (analytics/data/ptable.json) from its parameters.

    python3 dev.py manage ptable --maximum 3 --variance 1 --small 4 --small-variance 2 --table-version 2026-12.1

The table is versioned data: a change of parameters is a new version, committed with the reason, since every
published figure moves with it. tests/analytics/test_cellkey.py checks the committed file against what this
writes from the file's own parameters.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from analytics.disclosure import PTABLE, Parameters, maximum_entropy_table


class Command(BaseCommand):
    requires_system_checks: list[str] = []
    help = "Write the cell key method's perturbation table (maximum entropy) from its parameters."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--table-version", required=True, help="The table's version, e.g. 2026-12.1.")
        parser.add_argument("--maximum", type=int, default=3, help="D: the largest perturbation either way.")
        parser.add_argument("--variance", type=float, default=1.0, help="V: the variance of larger counts' noise.")
        parser.add_argument("--small", type=int, default=4, help="Counts 1 to this get --small-variance.")
        parser.add_argument("--small-variance", type=float, default=2.0)

    def handle(self, *args: Any, **options: Any) -> None:
        parameters = Parameters(
            version=options["table_version"],
            maximum=options["maximum"],
            variance=options["variance"],
            small=options["small"],
            small_variance=options["small_variance"],
        )
        table = maximum_entropy_table(parameters)
        PTABLE.write_text(json.dumps(table.as_json(), indent=1) + "\n")
        for count, row in enumerate(table.rows):
            shown = ", ".join(f"{v:+d}: {p:.3f}" for v, p in row)
            self.stdout.write(f"{count}{'+' if count == len(table.rows) - 1 else ''}  {shown}")
        self.stdout.write(f"Written to {PTABLE}")
