"""Open data, for anybody, on the platform's bare domain: no sign-in, every count already suppressed.

Nothing on the bare domain asks for a sign-in unless the view does (no login middleware), so these
views simply do not. They are not marked `jisr.languages.public_page`: that mark is about languages (it
would offer Spanish, Dutch and German, which these pages' strings are not translated into); like the
rest of the regional layer they speak Arabic, French and English.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from analytics import exports, opendata
from network.models import Network


def _csv(content: bytes, name: str) -> HttpResponse:
    return exports.attachment(content, name, cache_control=f"public, max-age={opendata.CACHE_SECONDS}")


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every network with its file, and the data dictionary as a table."""
    return render(
        request,
        "analytics/open_data.html",
        {
            "networks": opendata.networks(),
            "dictionary": opendata.dictionary(),
            "licence": opendata.LICENCE,
            "licence_url": opendata.LICENCE_URL,
            "columns": opendata.COLUMNS,
        },
    )


@require_safe
def network_csv(request: HttpRequest, code: str) -> HttpResponse:
    """One network's suppressed aggregates, per commune and month, as a long table."""
    network = get_object_or_404(Network, code=code)
    return _csv(opendata.as_csv(opendata.rows_for(network)), f"jisr-open-data-{network.code}.csv")


@require_safe
def dictionary_csv(request: HttpRequest) -> HttpResponse:
    """What each column and code of the open-data files means, in the page's language."""
    response = _csv(opendata.dictionary_csv(), "jisr-open-data-dictionary.csv")
    response["Content-Language"] = request.LANGUAGE_CODE
    return response
