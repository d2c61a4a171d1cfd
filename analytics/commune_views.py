"""On a commune's subdomain: the office's own figures beside its networks' (analytics.beside)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from analytics import beside
from analytics.forms import PeriodForm, default_period
from cases.permissions import Action, authorize
from cases.views.common import office_view, staff
from jisr.dates import short_month_label


@office_view
@require_safe
def beside_network(request: HttpRequest) -> HttpResponse:
    """The office's figures, exact (its own data), beside each network's, published by the cell key method."""
    authorize(staff(request), Action.VIEW_DASHBOARD)
    data = request.GET.copy()
    first, last = default_period(timezone.localdate())
    data.setdefault("first", f"{first:%Y-%m}")
    data.setdefault("last", f"{last:%Y-%m}")
    form = PeriodForm(data)
    context: dict[str, object] = {"section": "dashboard", "form": form}
    if form.is_valid():
        result = beside.beside_networks(request.tenant, form.period())  # type: ignore[attr-defined]
        context |= {
            "result": result,
            "charts": {
                "months": [month.isoformat() for month in result.period.months],
                "monthLabels": [short_month_label(month) for month in result.period.months],
                "trend": {
                    gettext("Your office"): result.own_months,
                    **{
                        gettext("%(network)s, per office") % {"network": side.network.name}: side.per_office
                        for side in result.networks
                    },
                },
            },
        }
    return render(request, "analytics/beside_network.html", context, status=200 if form.is_valid() else 400)
