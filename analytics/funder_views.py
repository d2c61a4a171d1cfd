"""The programmes' indicators, actual against target, for funders: read-only, on the bare platform domain.

Funders see their programmes, operators every programme, coordinators the programmes of their
networks, and then only the part of the programme in their own networks (the page says so).
Commune staff and signed-out visitors see nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from analytics import disclosure, exports, funder_exports, funding
from analytics.exports import method_note
from jisr.accounts.models import Role
from jisr.dates import short_month_label
from network import selectors as network_selectors
from network.models import Network, Programme

INDICATOR_ROLES = (Role.OPERATOR, Role.COORDINATOR, Role.FUNDER)


class IndicatorsForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=gettext_lazy("Programme"), queryset=Programme.objects.none(), empty_label=None, to_field_name="code"
    )
    year = forms.TypedChoiceField(label=gettext_lazy("Year"), coerce=int)

    def __init__(
        self, data: QueryDict, *, programmes: QuerySet[Programme], years: Callable[[Programme], list[int]], today: date
    ) -> None:
        super().__init__(data)
        self.query = data.urlencode()  # what the page shows, defaults included: the exports ask for the same
        field = self.fields["programme"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = programmes
        # The years offered are those of the programme asked for; an unknown programme gets this year only.
        try:
            chosen = field.clean(self.data.get("programme"))
        except ValidationError:
            chosen = None
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(str(y), str(y)) for y in (years(chosen) if chosen else [today.year])]


def _scope(user: Any) -> QuerySet[Programme]:
    if getattr(user, "role", None) not in INDICATOR_ROLES:
        raise PermissionDenied
    return network_selectors.programmes_for(user).order_by("name_fr")


def _networks(user: Any, programme: Programme) -> list[Network]:
    """The programme's networks the account may see: all of them, but for a coordinator its own only."""
    return list(network_selectors.networks_for(user).filter(programme=programme).order_by("name_fr"))


def _form(request: HttpRequest, programmes: QuerySet[Programme]) -> IndicatorsForm:
    today = timezone.localdate()
    data = request.GET.copy()
    if "programme" not in data and programmes.exists():
        data["programme"] = programmes.first().code  # type: ignore[union-attr]
    data.setdefault("year", str(today.year))
    return IndicatorsForm(
        data,
        programmes=programmes,
        years=lambda programme: funding.years_of(programme, _networks(request.user, programme), today=today),
        today=today,
    )


def _figures(request: HttpRequest, form: IndicatorsForm) -> dict[str, Any]:
    programme: Programme = form.cleaned_data["programme"]
    year: int = form.cleaned_data["year"]
    networks = _networks(request.user, programme)
    values = funding.indicator_values(programme, year, networks=networks)
    return {
        "programme": programme,
        "year": year,
        "networks": networks,
        "partial": len(networks) < programme.networks.count(),
        "values": values,
    }


def _chart(figures: dict[str, Any]) -> dict[str, Any]:
    """Cases received month by month against the monthly pace of the year's target."""
    received = next(value for value in figures["values"] if value.indicator.slug == "received")
    pace = None if received.target is None else float(received.target) / 12
    months = funding.months_of(figures["year"])
    this_month = timezone.localdate().replace(day=1)
    return {
        "months": [month.isoformat() for month in months],
        "monthLabels": [short_month_label(month) for month in months],
        # Months still to come have no figure yet, not a zero.
        "actual": [None if month > this_month else n for month, n in zip(months, received.monthly, strict=True)],
        "pace": None if pace is None else [round(pace, 1)] * 12,
        "labels": {"actual": _("Cases received"), "pace": _("Monthly pace of the target")},
    }


@login_required
@require_safe
def indicators(request: HttpRequest) -> HttpResponse:
    """A programme's indicators for a year: definition, target, actual, progress, disaggregations."""
    programmes = _scope(request.user)
    form = _form(request, programmes)
    context: dict[str, Any] = {"form": form, "programmes": programmes, "query": request.GET.urlencode()}
    if programmes.exists() and form.is_valid():
        figures = _figures(request, form)
        context |= figures | {
            "chart": _chart(figures),
            "hidden_reason": funding.HIDDEN_REASON % {"base": disclosure.MIN_BASE},
            "method_note": method_note(),
            "empty_reason": funding.EMPTY_REASON,
            "query": form.query,
        }
    return render(request, "analytics/indicators.html", context, status=200 if form.is_valid() else 400)


def _export(request: HttpRequest, kind: str) -> HttpResponse:
    programmes = _scope(request.user)
    form = _form(request, programmes)
    if not (programmes.exists() and form.is_valid()):
        return render(
            request, "analytics/indicators.html", {"form": form, "programmes": programmes, "query": ""}, status=400
        )
    figures = _figures(request, form)
    table = funder_exports.rows(figures["programme"], figures["year"], figures["values"])
    name = f"indicators-{figures['programme'].code}-{figures['year']}"
    if kind == "xlsx":
        return exports.attachment(funder_exports.as_xlsx(table, title=_("Indicators")), f"{name}.xlsx")
    spelling = exports.csv_form(request.GET)  # commas, or semicolons for Excel in French
    return exports.attachment(exports.csv_bytes(table, spelling), exports.csv_filename(f"{name}.csv", spelling))


@login_required
@require_safe
def indicators_csv(request: HttpRequest) -> HttpResponse:
    return _export(request, "csv")


@login_required
@require_safe
def indicators_xlsx(request: HttpRequest) -> HttpResponse:
    return _export(request, "xlsx")
