"""PRIM's yearly targets in the demo, so that the funder's indicators page has something to measure against.

Sized on what the demo seeds: PRIM's two networks hold eleven offices, each with about sixty
cases over nine months (cases.demo), so some 800 cases a year across the programme. Last
year's targets are lower, as a programme's first targets tend to be; the demo's history
barely reaches into last year, so last year's actual values are mostly empty or hidden.
Idempotent: update_or_create on (programme, indicator, year).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

# By indicator code: (this year's target, last year's target), in the indicator's unit (shares in percent).
PRIM_TARGETS: dict[str, tuple[str, str]] = {
    "JSR-01": ("800", "600"),  # cases received
    "JSR-02": ("75", "70"),  # % answered
    "JSR-03": ("70", "65"),  # % answered in time
    "JSR-04": ("15", "20"),  # median days to answer (lower is better)
    "JSR-05": ("550", "400"),  # referrals sent
    "JSR-06": ("60", "55"),  # % of referrals the service answered
    "JSR-07": ("40", "35"),  # % women
    "JSR-08": ("4.0", "3.8"),  # mean satisfaction out of 5
    "JSR-09": ("11", "9"),  # active offices
}
NOTE = "Cible de démonstration (cadre logique fictif)"


def seed_targets(today: date | None = None) -> list[str]:
    """PRIM's targets for this year and the last; what was created."""
    from django.utils import timezone

    from analytics.indicators import BY_CODE
    from analytics.models import Target
    from network.models import Programme

    today = today or timezone.localdate()
    programme = Programme.objects.filter(code="prim").first()
    if programme is None:
        return []
    created = []
    for code, (this_year, last_year) in PRIM_TARGETS.items():
        assert code in BY_CODE, code
        for year, value in ((today.year, this_year), (today.year - 1, last_year)):
            _target, new = Target.objects.update_or_create(
                programme=programme, indicator=code, year=year, defaults={"value": Decimal(value), "note": NOTE}
            )
            if new:
                created.append(f"target prim {code} {year}")
    return created
