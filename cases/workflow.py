"""Which status a case may move to from which. The one place that says so."""

from __future__ import annotations

from cases.models import Case

S = Case.Status

TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.IN_PROGRESS, S.WAITING_EXTERNAL, S.ANSWERED, S.CANCELLED}),
    S.IN_PROGRESS: frozenset({S.WAITING_EXTERNAL, S.ANSWERED, S.CANCELLED}),
    S.WAITING_EXTERNAL: frozenset({S.IN_PROGRESS, S.ANSWERED, S.CANCELLED}),
    S.ANSWERED: frozenset({S.CLOSED, S.IN_PROGRESS}),  # back to work: reopened
    S.CLOSED: frozenset({S.IN_PROGRESS}),  # reopened
    S.CANCELLED: frozenset({S.IN_PROGRESS}),  # reopened
    # Final: set only when another office accepts the case (cases.services.transfers), never by a move.
    S.TRANSFERRED: frozenset(),
}

REOPENING = frozenset({S.ANSWERED, S.CLOSED, S.CANCELLED})

# "Answer and close" as one step (cases.services.cases.answer_and_close): offered beside the statuses on the
# case page, and as its own action in the API, from any status that may become answered.
ANSWER_AND_CLOSE = "answered_and_closed"


def allowed(from_status: str, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(from_status, frozenset())


def next_statuses(status: str) -> list[str]:
    """In the order a person would read them."""
    order = list(S.values)
    return sorted(TRANSITIONS.get(status, frozenset()), key=order.index)


def is_reopening(from_status: str, to_status: str) -> bool:
    return from_status in REOPENING and to_status == S.IN_PROGRESS


def answers_and_closes(status: str) -> bool:
    """Whether a case in `status` may be answered and closed in one step: both moves allowed in turn."""
    return allowed(status, S.ANSWERED) and allowed(S.ANSWERED, S.CLOSED)
