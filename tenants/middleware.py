"""Host name → schema. The first middleware after the health checks.

- the bare platform domain serves the regional layer (public schema);
- a commune's domain serves its office, in its schema;
- any other host gets the platform's 404 page: never a fallback to another tenant;
- a suspended commune gets a clear page and none of its data.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import set_urlconf
from django.utils import translation

from jisr import errors
from tenants.context import use_commune, use_public
from tenants.models import Commune, Domain


class CommuneMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # Start every request from the public schema: a connection reused from
        # a previous request must not keep that request's commune.
        use_public()
        try:
            host = request.get_host().rsplit(":", 1)[0].lower().rstrip(".")
        except DisallowedHost:
            return _not_found(request)

        if host == settings.PLATFORM_DOMAIN:
            _route(request, settings.PUBLIC_SCHEMA_URLCONF)
            return self.get_response(request)

        domain = Domain.objects.select_related("tenant").filter(domain=host).first()
        if domain is None or domain.tenant.status == Commune.Status.POOLED:
            return _not_found(request)
        commune = domain.tenant
        if commune.status == Commune.Status.SUSPENDED:
            return _suspended(request, commune)

        request.tenant = commune  # type: ignore[attr-defined]
        use_commune(commune)
        _route(request, settings.ROOT_URLCONF)
        # The schema stays set after the view returns: a streaming response
        # still reads this commune's rows. The next request resets it first.
        return self.get_response(request)


def _route(request: HttpRequest, urlconf: str) -> None:
    request.urlconf = urlconf  # type: ignore[attr-defined]  # Django's per-request URLconf
    set_urlconf(urlconf)


def _not_found(request: HttpRequest) -> HttpResponse:
    # The platform's 404, the same for every unknown host: nothing about which hosts exist.
    return errors.unknown_host(request)


def _suspended(request: HttpRequest, commune: Commune) -> HttpResponse:
    language = translation.get_language_from_request(request)
    with translation.override(language):
        response = TemplateResponse(
            request,
            "tenants/suspended.html",
            {"commune": commune, "lang": language},
            status=503,
        )
        response.render()
    return response
