"""Tenant tasks: thin, each calls a service."""

from __future__ import annotations

from celery import shared_task

from tenants import services


@shared_task(name="tenants.refill_pool")
def refill_pool() -> int:
    """Keep TENANT_POOL_SIZE migrated schemas ready for new communes."""
    services.migrate_pool()
    return services.fill_pool()
