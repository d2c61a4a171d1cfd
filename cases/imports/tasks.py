"""The import's work, in a worker: thin, it calls the service (cases.imports.services.execute)."""

from __future__ import annotations

from celery import shared_task

from jisr.celery import CommuneTask


@shared_task(name="imports.run_import", base=CommuneTask)
def run_import(run_id: int) -> str:
    from cases.imports.services import execute

    return execute(run_id=run_id).state


@shared_task(name="imports.forget_old_files", base=CommuneTask)
def forget_old_files() -> int:
    """Uploaded registers kept no longer than needed (cases.imports.services.FILE_DAYS)."""
    from cases.imports.services import forget_old_files as forget

    return forget()
