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
    """A file of the open data, under its licence (a `Link: rel="license"` header, as the API's answers)."""
    response = exports.attachment(content, name, cache_control=f"public, max-age={opendata.CACHE_SECONDS}")
    response["Link"] = opendata.licence_link()
    return response


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every network with its file, and the data dictionary as a table."""
    return render(
        request,
        "analytics/open_data.html",
        {
            "networks": opendata.networks(),
            "dictionary": opendata.dictionary(),
            "licence": opendata.licence_name(),
            "licence_url": opendata.licence_url(),
            "columns": opendata.COLUMNS,
        },
    )


@require_safe
def network_csv(request: HttpRequest, code: str) -> HttpResponse:
    """One network's published counts, per commune and month, as a long table (commas; `sep=semicolon`)."""
    network = get_object_or_404(Network, code=code)
    spelling = exports.csv_form(request.GET)
    content = opendata.as_csv(opendata.rows_for(network), spelling)
    return _csv(content, exports.csv_filename(f"jisr-open-data-{network.code}.csv", spelling))


@require_safe
def dictionary_csv(request: HttpRequest) -> HttpResponse:
    """What each column and code of the open-data files means, in the page's language."""
    spelling = exports.csv_form(request.GET)
    name = exports.csv_filename("jisr-open-data-dictionary.csv", spelling)
    response = _csv(opendata.dictionary_csv(spelling), name)
    response["Content-Language"] = request.LANGUAGE_CODE
    return response
