"""The regional layer's pages, on the platform's bare domain, for platform accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from analytics import labels, selectors
from analytics.exports import method_note
from analytics.forms import RANKINGS, CompareForm, default_period
from jisr.accounts.models import Role
from jisr.dates import short_month_label
from network import selectors as network_selectors
from network.models import Network

COMPARE_ROLES = (Role.OPERATOR, Role.COORDINATOR)


ALL_NETWORKS = "all"


@dataclass
class Compared:
    """What the comparison page, its exports and the API answer for one query."""

    form: CompareForm
    networks: QuerySet[Network]
    network: Network | None = None  # None with a result: all the account's networks together
    result: selectors.Comparison | None = None

    @property
    def code(self) -> str:
        return self.network.code if self.network else ALL_NETWORKS

    @property
    def name(self) -> str:
        return str(self.network.name if self.network else _("All my networks"))


def compared(user: Any, query: QueryDict) -> Compared:
    """The comparison a platform account asked for, with the page's defaults (its first network, the
    last twelve months); PermissionDenied for any account that may not compare communes.

    An empty network asks for every network of the account together (the Souss-Massa and the Oriental
    communes side by side): the communes of them all. A commune's figures are the same in every network it
    is compared in: its cells are the same records, so the same keys."""
    if getattr(user, "role", None) not in COMPARE_ROLES:
        raise PermissionDenied
    networks = network_selectors.networks_for(user).order_by("name_fr")
    data = query.copy()
    if "network" not in data and networks.exists():
        data["network"] = networks.first().code  # type: ignore[union-attr]
    # The default period, the last twelve months, shown in the form as such.
    first, last = default_period(timezone.localdate())
    data.setdefault("first", f"{first:%Y-%m}")
    data.setdefault("last", f"{last:%Y-%m}")
    form = CompareForm(data, networks=networks, categories=labels.categories())
    if not (networks.exists() and form.is_valid()):
        return Compared(form=form, networks=networks)
    network = form.cleaned_data["network"]
    chosen = [network] if network else list(networks)
    visible = set(network_selectors.communes_for(user).values_list("pk", flat=True))
    members = {c.pk: c for n in chosen for c in network_selectors.members_of(n) if c.pk in visible}
    communes = sorted(members.values(), key=lambda commune: commune.name)
    result = selectors.comparison(communes, form.filters())
    if rank := form.cleaned_data.get("rank"):
        result.rows = selectors.ranked(result.rows, rank, more_is_better=RANKINGS[rank][1])
    return Compared(form=form, networks=networks, network=network, result=result)


@login_required
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Communes of a network side by side, every figure published by the cell key method."""
    outcome = compared(request.user, request.GET)
    form, result = outcome.form, outcome.result
    context: dict[str, object] = {"form": form, "networks": outcome.networks}
    if result is not None:
        context |= {
            "method_note": method_note(result),
            "network": outcome.network,
            "compared_name": outcome.name,
            "result": result,
            "export_query": request.GET.urlencode(),
            "charts": {
                "months": [month.isoformat() for month in result.months],
                "monthLabels": [short_month_label(month) for month in result.months],
                "trend": result.trend,
                "countries": labels.one_row(result.countries, labels.country_name),
                "generations": labels.one_row(result.generations, labels.generation_name),
            },
        }
    return render(request, "analytics/compare.html", context, status=200 if form.is_valid() else 400)
