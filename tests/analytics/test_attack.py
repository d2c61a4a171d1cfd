"""An adversary with a coordinator's token tries to work out small counts from everything the regional layer
publishes, as issue 20's reviewer did: every span of months of a year, every category, channel and their
crossings, the countries and generations, the programme's indicators and the open data, for the same
communes; then a linear program (scipy) solves for the true cells.

Against the cell key method no cell of true count 1 to 4 is pinned to one value, and the best reconstruction
errs on them by a good margin. The same attack against yesterday's suppression (analytics.suppression, the
same questions answered the old way) is printed beside it: there it pins hidden cells exactly.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import pytest
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token
from scipy.optimize import linprog, lsq_linear

from analytics import disclosure, extraction, suppression
from jisr.accounts.models import Role, User
from network import services
from network.models import Network, Programme
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category, person
from tests.conftest import PASSWORD, client_for, make_staff

pytestmark = pytest.mark.django_db

YEAR = 2025
MONTHS = list(range(1, 13))
CATEGORIES = ("urbanism", "civil_status")
CHANNELS = ("visit", "phone")
K = 5  # the suppression baseline's threshold, the platform's default until now
D = disclosure.table().parameters.maximum


@dataclass(frozen=True)
class Cell:
    commune: int  # index among the communes
    month: int
    category: str
    channel: str


@dataclass
class Equation:
    """A published figure: the sum of some true cells, within `slack` of `value`; `value` None when hidden."""

    cells: frozenset[Cell]
    value: int | None
    slack: int


def _counts(rng: np.random.Generator) -> dict[Cell, int]:
    """Small counts, as an office's month of one category by one channel usually is."""
    counts = {}
    for commune, month, cat, chan in itertools.product(range(2), MONTHS, CATEGORIES, CHANNELS):
        rate = 1.2 if cat == CATEGORIES[0] else 0.6
        counts[Cell(commune, month, cat, chan)] = int(rng.poisson(rate * (1.5 if chan == "visit" else 0.8)))
    return counts


def _open(commune: Commune, index: int, truth: dict[Cell, int], seed: float) -> None:
    """The true cells as cases of the commune: one person each, all of one country, generation and sex (so that
    the people tables sum the same cells), none answered. Record keys come from a seeded random()."""
    with schema_context(commune.schema_name):
        with connection.cursor() as cursor:
            cursor.execute("SELECT setseed(%s)", [seed])
        agent = make_staff(commune, email=f"attack.{commune.slug}@example.org")
        number = 0
        for cell, n in truth.items():
            if cell.commune != index:
                continue
            for _ in range(n):
                number += 1
                from cases.services import cases as case_services

                case_services.open_case(
                    actor=agent,
                    person=person(agent, last_name_latin=f"A{number}", sex="male", generation="1", birth_year=1980),
                    kind="request",
                    category=category(cell.category),
                    channel=cell.channel,
                    subject="Dossier",
                    opened_on=date(YEAR, cell.month, 3 + number % 20),
                )


@pytest.fixture
def published(commune_a: Commune, commune_b: Commune) -> tuple[dict[Cell, int], Client, Network]:
    truth = _counts(np.random.default_rng(20))
    network = Network.objects.get(code="prim-souss-massa")
    for index, commune in enumerate((commune_a, commune_b)):
        services.join(commune=commune, network=network, on=date(2020, 1, 1))
        _open(commune, index, truth, seed=0.2 + index / 10)
        extraction.extract(commune, full=True)
    coordinator = User.objects.create_user("attacker@jisr.test", PASSWORD, role=Role.COORDINATOR)
    services.set_scope(user=coordinator, networks=[network])
    client = client_for(None)
    client.defaults["HTTP_AUTHORIZATION"] = f"Token {Token.objects.create(user=coordinator).key}"
    return truth, client, network


def _filters() -> list[tuple[str, str]]:
    return [(c, h) for c in ("", *CATEGORIES) for h in ("", *CHANNELS)]


def _cells(truth: dict[Cell, int], **wanted: Any) -> frozenset[Cell]:
    def keep(cell: Cell) -> bool:
        return all(not value or getattr(cell, name) in value for name, value in wanted.items())

    return frozenset(cell for cell in truth if keep(cell))


def _spans() -> list[tuple[int, int]]:
    return [(first, last) for first in MONTHS for last in MONTHS if first <= last]


def _asked(client: Client, network: Network, truth: dict[Cell, int], communes: list[str]) -> list[Equation]:
    """Everything the coordinator can read about these cells, as equations."""
    equations = []
    for (first, last), (cat, chan) in itertools.product(_spans(), _filters()):
        answer = client.get(
            "/api/regional/comparison/",
            {
                "network": network.code,
                "first": f"{YEAR}-{first:02}",
                "last": f"{YEAR}-{last:02}",
                "category": cat,
                "channel": chan,
            },
        )
        assert answer.status_code == 200, answer.content
        data = answer.json()
        slack = D * len(data["disclosure"]["blocks"])
        months = range(first, last + 1)
        for row in data["rows"]:
            index = communes.index(row["commune"])
            cells = _cells(truth, commune={index}, month=set(months), category={cat} - {""}, channel={chan} - {""})
            equations.append(Equation(cells, row["received"], slack))
        for series in data["trend"]:
            index = communes.index(series["commune"])
            for month, value in zip(months, series["values"], strict=True):
                cells = _cells(truth, commune={index}, month={month}, category={cat} - {""}, channel={chan} - {""})
                equations.append(Equation(cells, value, D))
        for table in ("countries", "generations"):  # one country, one generation: the network's cases
            for count in data[table] or ():  # absent from a filtered answer
                equations.append(Equation(_cells(truth, month=set(months)), count["count"], slack))
    for row in client.get(f"/api/regional/open-data/{network.code}/", {"page_size": 10_000}).json()["results"]:
        year, month = map(int, row["month"].split("-"))
        if year == YEAR and row["theme"] == "cases" and row["dimension"] == "all":
            index = communes.index(row["commune"])
            equations.append(Equation(_cells(truth, commune={index}, month={month}), row["count"], D))
    return equations


def _funder_equations(network: Network, truth: dict[Cell, int]) -> list[Equation]:
    """The programme's indicators for the year: received over the year and month by month."""
    from analytics import funding

    programme: Programme = network.programme  # type: ignore[assignment]
    received = next(v for v in funding.indicator_values(programme, YEAR) if v.indicator.slug == "received")
    equations = [Equation(_cells(truth), int(received.actual or 0), D)]
    for month, value in zip(MONTHS, received.monthly, strict=True):
        equations.append(Equation(_cells(truth, month={month}), int(value or 0), D))
    return equations


def _suppressed(truth: dict[Cell, int]) -> list[Equation]:
    """The same questions answered by yesterday's suppression (k = 5, secondary suppression per answer)."""
    equations = []
    for (first, last), (cat, chan) in itertools.product(_spans(), _filters()):
        months = range(first, last + 1)
        cells = {
            index: _cells(truth, commune={index}, month=set(months), category={cat} - {""}, channel={chan} - {""})
            for index in range(2)
        }
        table = suppression.Table(
            rows=(0, 1), columns=("open",), cells={(i, "open"): _true(truth, cells[i]) for i in range(2)}
        )
        shown = suppression.protect(table, K, column_totals=False)
        equations += [Equation(cells[i], shown.row_totals[i], 0) for i in range(2)]
        trend_cells = {
            (i, m): _cells(truth, commune={i}, month={m}, category={cat} - {""}, channel={chan} - {""})
            for i in range(2)
            for m in months
        }
        trend = suppression.protect(
            suppression.Table(
                rows=(0, 1), columns=tuple(months), cells={key: _true(truth, c) for key, c in trend_cells.items()}
            ),
            K,
            column_totals=False,
        )
        equations += [Equation(c, trend.cells[key], 0) for key, c in trend_cells.items()]
    return equations


def _true(truth: dict[Cell, int], cells: frozenset[Cell]) -> int:
    return sum(truth[cell] for cell in cells)


@dataclass(frozen=True)
class Attack:
    small: int  # cells of true count 1 to 4
    pinned: int  # of those, how many the published figures leave one possible value
    within_one: int  # how many they pin to at most three values (the truth ± 1)
    mean_error: float  # of the best reconstruction (an L1 fit by linear programming, rounded) on those cells
    mean_error_least_squares: float


def _attack(truth: dict[Cell, int], equations: list[Equation]) -> Attack:
    cells = sorted(truth, key=lambda c: (c.commune, c.month, c.category, c.channel))
    column = {cell: i for i, cell in enumerate(cells)}
    rows, lower, upper, values = [], [], [], []
    for equation in equations:
        if equation.value is None or not equation.cells:
            continue
        row = np.zeros(len(cells))
        for cell in equation.cells:
            row[column[cell]] = 1
        rows.append(row)
        values.append(float(equation.value))
        # A positive figure says at least one record (zeros stay zeros); the slack says how far it may be off.
        lower.append(max(equation.value - equation.slack, 1 if equation.value > 0 else 0))
        upper.append(equation.value + equation.slack)
    a = np.array(rows)
    bounds_ub = np.concatenate([upper, -np.array(lower, dtype=float)])
    a_ub = np.vstack([a, -a])
    small = [column[cell] for cell in cells if 1 <= truth[cell] <= 4]
    pinned = within_one = 0
    for i in small:
        objective = np.zeros(len(cells))
        objective[i] = 1
        low = linprog(objective, A_ub=a_ub, b_ub=bounds_ub, bounds=(0, None), method="highs")
        high = linprog(-objective, A_ub=a_ub, b_ub=bounds_ub, bounds=(0, None), method="highs")
        assert (low.status, high.status) == (0, 0), "the published figures are consistent with the truth"
        span = np.floor(-high.fun + 1e-7) - np.ceil(low.fun - 1e-7)
        pinned += span == 0
        within_one += span <= 2
    true = np.array([truth[cell] for cell in cells], dtype=float)
    # The best reconstruction: the cells whose sums are nearest the published figures (least absolute deviations).
    m = len(values)
    values = np.array(values)
    fit = linprog(
        np.concatenate([np.zeros(len(cells)), np.ones(m)]),
        A_ub=np.block([[a, -np.eye(m)], [-a, -np.eye(m)]]),
        b_ub=np.concatenate([values, -np.array(values)]),
        bounds=[(0, None)] * len(cells) + [(0, None)] * m,
        method="highs",
    )
    l1 = np.round(fit.x[: len(cells)])
    squares = np.round(lsq_linear(a, values, bounds=(0, np.inf)).x)
    return Attack(
        small=len(small),
        pinned=int(pinned),
        within_one=int(within_one),
        mean_error=float(np.mean(np.abs(l1[small] - true[small]))),
        mean_error_least_squares=float(np.mean(np.abs(squares[small] - true[small]))),
    )


def test_no_set_of_questions_pins_a_small_count(
    published: tuple[dict[Cell, int], Client, Network],
    commune_a: Commune,
    commune_b: Commune,
    capsys: pytest.CaptureFixture[str],
) -> None:
    truth, client, network = published
    communes = [commune_a.slug, commune_b.slug]
    equations = _asked(client, network, truth, communes) + _funder_equations(network, truth)
    ours = _attack(truth, equations)
    theirs = _attack(truth, _suppressed(truth))
    with capsys.disabled():
        print(f"\nattack on {len(equations)} published figures of {len(truth)} cells ({ours.small} of 1 to 4):")
        for name, result in (("cell key method", ours), ("suppression k=5", theirs)):
            print(
                f"  {name:17} pinned exactly {result.pinned:3}, to ±1 {result.within_one:3}; best reconstruction's "
                f"mean error {result.mean_error:.2f} (least squares {result.mean_error_least_squares:.2f})"
            )
    assert ours.small >= 40
    assert ours.pinned == 0
    assert theirs.pinned > 0  # the baseline the method replaces did give cells away to the same questions
    assert min(ours.mean_error, ours.mean_error_least_squares) >= 0.5


def test_asking_the_same_question_a_hundred_times_gives_the_same_answer(
    published: tuple[dict[Cell, int], Client, Network],
) -> None:
    _truth, client, network = published
    query = {"network": network.code, "first": f"{YEAR}-03", "last": f"{YEAR}-03", "category": CATEGORIES[1]}
    answers = {client.get("/api/regional/comparison/", query).content for _ in range(100)}
    assert len(answers) == 1
