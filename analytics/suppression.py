"""Threshold k with secondary suppression: the regional layer's disclosure control until the cell key method.

No longer what publishes anything (analytics.disclosure does, by the cell key method). Kept as the baseline that
the attack test (tests/analytics/test_attack.py) and the utility benchmark (bench/disclosure.py) measure the
cell key method against: per answer it hides every small count, but answers that share totals or overlap in
time give hidden counts away (issue 20: 37 of 211 hidden cells recovered exactly from 120 requests).

A table of counts is published with its row totals, column totals and grand total. Every
non-zero count below the threshold k (default 5, set per programme) is hidden: that is
primary suppression. Zeros are shown: a zero is a true zero, it identifies nobody, and hiding
it would only protect nothing while it hides information. A total below k is hidden too (a
total is itself a cell of a coarser table), and a total of zero is shown.

Hiding the small cells is not enough, since a hidden cell could be recovered by subtracting
the shown cells from its row or column total. We look at the table with its totals as one
bigger table whose last row holds the column totals and whose last column the row totals;
with the signs of the totals flipped, every line of that bigger table sums to zero. The hidden
entries are the edges of a bipartite graph between its rows and its columns. Anything that can
change a hidden entry without breaking any sum is a combination of cycles of that graph, so a
hidden entry is determined exactly by the published numbers if and only if its edge is a bridge
(on no cycle). Secondary suppression therefore hides more entries until no hidden entry is a
bridge: for each bridge in turn, it hides the cheapest path closing a cycle through it, where
already hidden entries cost nothing (so cycles run through lines that already have hidden
cells), inner cells are preferred to totals (a total is hidden only when no inner cell can
close the cycle, the grand total last), then the smallest total value, then the fewest cells.
Only non-zero entries are ever hidden, so every cycle can move by +1 and by -1 without making
an entry negative: each hidden entry has at least one other possible value on either side, also
for someone who knows counts are never negative. A path always exists, since every non-zero
entry lies on the 4-cycle through its row total, its column total and the grand total.

The result is deterministic: rows and columns are taken in the table's order, and ties are
broken by that order.

What this does not do: it guarantees only that no hidden entry is known exactly (the possible
range can be as narrow as one either side), it does not protect the sum of several small
cells of one line against each other, and tables published separately that share totals (the
same counts cut by two different categories) are not checked against each other.
"""

from __future__ import annotations

import heapq
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

DEFAULT_THRESHOLD = 5

Label = Hashable
Cell = tuple[Label, Label]


@dataclass(frozen=True)
class Table:
    """Non-negative counts by (row, column); cells left out count zero. Totals are computed."""

    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    cells: Mapping[Cell, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        rows, columns = tuple(self.rows), tuple(self.columns)
        if len(set(rows)) != len(rows) or len(set(columns)) != len(columns):
            raise ValueError("row and column labels must be unique")
        for (row, column), count in self.cells.items():
            if row not in rows or column not in columns:
                raise ValueError(f"cell {(row, column)!r} is outside the table's rows and columns")
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise ValueError(f"cell {(row, column)!r} must be a non-negative integer, not {count!r}")
        full = {(row, column): self.cells.get((row, column), 0) for row in rows for column in columns}
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "columns", columns)
        object.__setattr__(self, "cells", MappingProxyType(full))

    @classmethod
    def one_row(cls, counts: Mapping[Label, int], *, row: Label = "total") -> Table:
        """A 1-D table (counts by one category) as a table of one row; its row total is the grand total."""
        return cls(rows=(row,), columns=tuple(counts), cells={(row, column): n for column, n in counts.items()})

    def row_total(self, row: Label) -> int:
        return sum(self.cells[row, column] for column in self.columns)

    def column_total(self, column: Label) -> int:
        return sum(self.cells[row, column] for row in self.rows)

    @property
    def grand_total(self) -> int:
        return sum(self.cells.values())


@dataclass(frozen=True)
class Suppressed:
    """What to hide in a table: inner cells (primary and secondary) and totals."""

    k: int
    primary: frozenset[Cell]
    secondary: frozenset[Cell]
    row_totals: frozenset[Label]
    column_totals: frozenset[Label]
    grand_total: bool

    @property
    def cells(self) -> frozenset[Cell]:
        return self.primary | self.secondary

    @property
    def nothing_hidden(self) -> bool:
        return not (self.cells or self.row_totals or self.column_totals or self.grand_total)


@dataclass(frozen=True)
class PublishedTable:
    """The view shown outside the commune: hidden numbers are None."""

    rows: tuple[Label, ...]
    columns: tuple[Label, ...]
    cells: Mapping[Cell, int | None]
    row_totals: Mapping[Label, int | None]
    column_totals: Mapping[Label, int | None]
    grand_total: int | None
    k: int

    def as_dict(self) -> dict[str, Any]:
        """Lists in the table's order, ready for a template or JSON."""
        return {
            "k": self.k,
            "rows": list(self.rows),
            "columns": list(self.columns),
            "cells": [[self.cells[row, column] for column in self.columns] for row in self.rows],
            "row_totals": [self.row_totals[row] for row in self.rows],
            "column_totals": [self.column_totals[column] for column in self.columns],
            "grand_total": self.grand_total,
        }


# Internally, entries of the bordered table are positions (i, j), with i == len(rows) for the
# row of column totals and j == len(columns) for the column of row totals. In the graph, row i
# is node i and column j is node n + 1 + j.
_Position = tuple[int, int]
# Cost of a path: (totals hidden, weighted by how visible they are; counts hidden; cells hidden).
_Cost = tuple[int, int, int]
_FREE: _Cost = (0, 0, 0)


def suppress(table: Table, k: int = DEFAULT_THRESHOLD, *, column_totals: bool = True) -> Suppressed:
    """Which cells and totals to hide so that no count in 1..k-1 is shown or can be deduced.

    `column_totals=False` is for a page that does not publish the column totals nor the grand total
    (communes side by side, each with its own total, and no total of the network): they are then
    unknowns to whoever reads the page, like hidden entries that need no protection of their own.
    """
    if k < 1:
        raise ValueError("the threshold k must be at least 1")
    n, m = len(table.rows), len(table.columns)
    values = _bordered(table)
    unpublished = set() if column_totals else {(n, j) for j in range(m + 1)}
    hidden = {position for position, value in values.items() if 0 < value < k and position not in unpublished}
    primary = {(i, j) for i, j in hidden if i < n and j < m}
    # The unpublished totals that are not zero take part in cycles (a reader does not know them).
    unknown = {position for position in unpublished if values[position] > 0}
    while (bridge := _first_bridge(hidden, n, also=unknown)) is not None:
        path = _cheapest_cycle_closing(bridge, hidden | unknown, values, n, m)
        hidden.update(path)
    hidden -= unpublished

    def label(i: int, j: int) -> Cell:
        return (table.rows[i], table.columns[j])

    return Suppressed(
        k=k,
        primary=frozenset(label(i, j) for i, j in primary),
        secondary=frozenset(label(i, j) for i, j in hidden - primary if i < n and j < m),
        row_totals=frozenset(table.rows[i] for i, j in hidden if i < n and j == m),
        column_totals=frozenset(table.columns[j] for i, j in hidden if i == n and j < m),
        grand_total=(n, m) in hidden,
    )


def apply(table: Table, suppressed: Suppressed) -> PublishedTable:
    """The published view of `table`, with what `suppressed` hides as None."""
    hidden = suppressed.cells
    return PublishedTable(
        rows=table.rows,
        columns=table.columns,
        cells=MappingProxyType({cell: None if cell in hidden else n for cell, n in table.cells.items()}),
        row_totals=MappingProxyType(
            {row: None if row in suppressed.row_totals else table.row_total(row) for row in table.rows}
        ),
        column_totals=MappingProxyType(
            {
                column: None if column in suppressed.column_totals else table.column_total(column)
                for column in table.columns
            }
        ),
        grand_total=None if suppressed.grand_total else table.grand_total,
        k=suppressed.k,
    )


def protect(table: Table, k: int = DEFAULT_THRESHOLD, *, column_totals: bool = True) -> PublishedTable:
    """The safe view of `table` at threshold k: `apply(table, suppress(table, k))`.

    With `column_totals=False` the column totals and the grand total come out as None: not published.
    """
    suppressed = suppress(table, k, column_totals=column_totals)
    if not column_totals:
        suppressed = replace(suppressed, column_totals=frozenset(table.columns), grand_total=True)
    return apply(table, suppressed)


def _bordered(table: Table) -> dict[_Position, int]:
    n, m = len(table.rows), len(table.columns)
    values = {
        (i, j): table.cells[row, column] for i, row in enumerate(table.rows) for j, column in enumerate(table.columns)
    }
    for i, row in enumerate(table.rows):
        values[i, m] = table.row_total(row)
    for j, column in enumerate(table.columns):
        values[n, j] = table.column_total(column)
    values[n, m] = table.grand_total
    return values


def _first_bridge(hidden: Iterable[_Position], n: int, also: Iterable[_Position] = ()) -> _Position | None:
    """The first hidden entry, in table order, whose edge lies on no cycle of hidden entries
    (and of the unknown entries `also`, which are edges of the graph but need no protection)."""
    edges = sorted({*hidden, *also})
    for edge in sorted(hidden):
        if not _connected(edge, [other for other in edges if other != edge], n):
            return edge
    return None


def _connected(edge: _Position, edges: list[_Position], n: int) -> bool:
    start, goal = edge[0], n + 1 + edge[1]
    neighbours: dict[int, list[int]] = {}
    for i, j in edges:
        neighbours.setdefault(i, []).append(n + 1 + j)
        neighbours.setdefault(n + 1 + j, []).append(i)
    seen, stack = {start}, [start]
    while stack:
        node = stack.pop()
        if node == goal:
            return True
        for other in neighbours.get(node, ()):
            if other not in seen:
                seen.add(other)
                stack.append(other)
    return False


def _cheapest_cycle_closing(
    bridge: _Position, hidden: set[_Position], values: Mapping[_Position, int], n: int, m: int
) -> list[_Position]:
    """The entries, not yet hidden, on the cheapest path from the bridge's row to its column."""

    def cost(position: _Position) -> _Cost:
        if position in hidden:
            return _FREE
        i, j = position
        visibility = (i == n) + (j == m)  # 0 inner cell, 1 a row or column total, 2 the grand total
        return (visibility * visibility, values[position], 1)

    usable = sorted(p for p, value in values.items() if p != bridge and (p in hidden or value > 0))
    neighbours: dict[int, list[tuple[int, _Position]]] = {}
    for i, j in usable:
        neighbours.setdefault(i, []).append((n + 1 + j, (i, j)))
        neighbours.setdefault(n + 1 + j, []).append((i, (i, j)))
    start, goal = bridge[0], n + 1 + bridge[1]
    best: dict[int, _Cost] = {start: _FREE}
    came_by: dict[int, tuple[int, _Position]] = {}
    queue: list[tuple[_Cost, int]] = [(_FREE, start)]
    done: set[int] = set()
    while queue:
        so_far, node = heapq.heappop(queue)
        if node in done:
            continue
        done.add(node)
        if node == goal:
            break
        for other, position in neighbours.get(node, ()):
            step = cost(position)
            total = (so_far[0] + step[0], so_far[1] + step[1], so_far[2] + step[2])
            if other not in done and (other not in best or total < best[other]):
                best[other] = total
                came_by[other] = (node, position)
                heapq.heappush(queue, (total, other))
    if goal not in done:  # cannot happen: every non-zero entry lies on a cycle of non-zero entries
        raise AssertionError(f"no cycle of non-zero entries through {bridge}")
    path, node = [], goal
    while node != start:
        node, position = came_by[node]
        path.append(position)
    return [position for position in path if position not in hidden]
