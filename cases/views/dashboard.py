"""The office dashboard: what is open, late, waiting; charts of the last weeks."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cases import selectors
from cases.permissions import Action, can
from cases.views.common import office_view
from jisr.accounts.selectors import office_staff
from jisr.dates import day_label


@office_view
def home(request: HttpRequest) -> HttpResponse:
    board = selectors.dashboard(actor=request.user)  # type: ignore[arg-type]
    mine = selectors.cases(actor=request.user, filters=selectors.SAVED_VIEWS["mine"])  # type: ignore[arg-type]
    charts = {
        "perWeek": {
            "labels": [day_label(date.fromisoformat(week)) for week, _ in board.per_week],
            "values": [n for _, n in board.per_week],
        },
        "byCategory": {"labels": [name for name, _ in board.by_category], "values": [n for _, n in board.by_category]},
        "byChannel": {"labels": [name for name, _ in board.by_channel], "values": [n for _, n in board.by_channel]},
    }
    context = {
        "section": "dashboard",
        "board": board,
        "charts": charts,
        "mine": mine.order_by("due_on")[:10],
        "staff": office_staff(),
        "can_edit": can(request.user, Action.EDIT_CASES),  # type: ignore[arg-type]
        # Cases other offices sent here, for those who answer them (office head, agents).
        "incoming_transfers": (
            selectors.incoming_transfers(actor=request.user).count()  # type: ignore[arg-type]
            if can(request.user, Action.TRANSFER_CASES)  # type: ignore[arg-type]
            else None
        ),
    }
    return render(request, "cases/dashboard.html", context)
