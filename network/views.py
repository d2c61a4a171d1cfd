"""Pages of the regional layer, on the bare platform domain."""

from __future__ import annotations

from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.selectors import public_communes, site_url_for_commune


def home(request: HttpRequest) -> HttpResponse:
    """The network of offices, region by region, each with a link to its workspace."""
    communes = list(public_communes())
    regions = [
        (region, [(commune, site_url_for_commune(commune)) for commune in members])
        for region, members in groupby(communes, key=lambda commune: commune.region)
    ]
    return render(request, "network/home.html", {"regions": regions, "commune_count": len(communes)})
