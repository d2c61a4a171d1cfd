"""The regional layer's pages, on the platform's bare domain, for platform accounts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from analytics import labels, selectors
from analytics.forms import CompareForm, default_period
from jisr.accounts.models import Role
from network import selectors as network_selectors

COMPARE_ROLES = (Role.OPERATOR, Role.COORDINATOR)


@login_required
@require_safe
def compare(request: HttpRequest) -> HttpResponse:
    """Communes of a network side by side, every figure protected by disclosure control."""
    user = request.user
    if getattr(user, "role", None) not in COMPARE_ROLES:
        raise PermissionDenied
    networks = network_selectors.networks_for(user).order_by("name_fr")
    data = request.GET.copy()
    if "network" not in data and networks.exists():
        data["network"] = networks.first().code  # type: ignore[union-attr]
    # The default period, the last twelve months, shown in the form as such.
    first, last = default_period(timezone.localdate())
    data.setdefault("first", f"{first:%Y-%m}")
    data.setdefault("last", f"{last:%Y-%m}")
    form = CompareForm(data, networks=networks, categories=labels.categories())
    context: dict[str, object] = {"form": form, "networks": networks}
    if networks.exists() and form.is_valid():
        network = form.cleaned_data["network"]
        visible = set(network_selectors.communes_for(user).values_list("pk", flat=True))
        communes = [c for c in network_selectors.members_of(network).order_by("name_fr") if c.pk in visible]
        k = network_selectors.threshold_for(network)
        result = selectors.comparison(communes, form.filters(), k=k)
        context |= {
            "network": network,
            "result": result,
            "charts": {
                "months": [month.isoformat() for month in result.months],
                "trend": result.trend,
                "countries": labels.one_row(result.countries, labels.country_name),
                "generations": labels.one_row(result.generations, labels.generation_name),
            },
        }
    return render(request, "analytics/compare.html", context, status=200 if form.is_valid() else 400)
