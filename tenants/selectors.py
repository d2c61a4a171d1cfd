"""Reads about communes, for the rest of the platform."""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.db.models import QuerySet

from tenants.context import current_schema, in_public
from tenants.models import Commune, Domain


def current_commune() -> Commune | None:
    """The commune whose schema the connection is in, or None in public."""
    if in_public():
        return None
    return Commune.objects.filter(schema_name=current_schema()).first()


def _absolute(host: str, path: str) -> str:
    port = f":{settings.PLATFORM_URL_PORT}" if settings.PLATFORM_URL_PORT else ""
    return f"{settings.PLATFORM_URL_SCHEME}://{host}{port}{path}"


def site_url(path: str = "/") -> str:
    """Absolute URL of `path` on the current schema's site, for links in e-mails."""
    if in_public():
        return _absolute(settings.PLATFORM_DOMAIN, path)
    host = (
        Domain.objects.filter(tenant__schema_name=current_schema(), is_primary=True)
        .values_list("domain", flat=True)
        .get()
    )
    return _absolute(host, path)


def site_url_for_commune(commune: Commune, path: str = "/") -> str:
    """Absolute URL on a commune's site; its domains should be prefetched."""
    primary = next((domain for domain in commune.domains.all() if domain.is_primary), None)
    return _absolute(primary.domain, path) if primary else ""


def public_communes() -> QuerySet[Commune]:
    """Communes listed on the regional layer's home page: active ones, with their region."""
    return (
        Commune.objects.filter(status=Commune.Status.ACTIVE)
        .select_related("province__region")
        .prefetch_related("domains")
        .order_by("province__region__name_fr", "name_fr")
    )


def named(communes: list[Commune], slugs: Sequence[str]) -> list[Commune]:
    """`communes`, or only those whose slug is in `slugs` when some are given (commands' arguments).
    Raises LookupError naming the slugs none of them has."""
    if not slugs:
        return communes
    missing = set(slugs) - {str(commune.slug) for commune in communes}
    if missing:
        raise LookupError(", ".join(sorted(missing)))
    return [commune for commune in communes if commune.slug in slugs]
