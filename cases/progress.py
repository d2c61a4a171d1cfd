"""Long work a page follows while a worker does it: a report being drawn, a register being imported.

The job's row says where it stands for good (queued, running, done, failed). While it runs, how far it
got goes to the cache, not to the row: an import writes inside one transaction (all or nothing), and a
row updated there would stay invisible to the page until the end. Cache keys carry the commune's schema
(django_tenants.cache.make_key), so one commune's page never reads another's progress. A cache that
does not answer costs the bar, never the work.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Longer than any job: a stale bar expires by itself.
PROGRESS_SECONDS = 6 * 3600


class Job(models.Model):
    """What every long job records: its state, who asked, when, and why it failed."""

    class State(models.TextChoices):
        QUEUED = "queued", _("waiting for a worker")
        RUNNING = "running", _("in progress")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    FINISHED = (State.DONE, State.FAILED)

    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.QUEUED)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("asked"), default=timezone.now, editable=False)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def finished(self) -> bool:
        return self.state in self.FINISHED

    def progress_key(self) -> str:
        return f"progress:{self._meta.label_lower}:{self.pk}"


@dataclass(frozen=True)
class Progress:
    state: str
    done: int
    total: int
    step: str

    @property
    def percent(self) -> int:
        if self.state == Job.State.DONE:
            return 100
        return 0 if self.total <= 0 else min(100, int(100 * self.done / self.total))

    @property
    def finished(self) -> bool:
        return self.state in Job.FINISHED


def report(job: Job, *, done: int, total: int, step: str = "") -> None:
    """How far `job` got; seen at once by the page, whatever transaction the job is in."""
    try:
        cache.set(job.progress_key(), (done, total, str(step)), PROGRESS_SECONDS)
    except (RedisError, OSError) as error:
        logger.warning("Progress of %s not recorded: %s", job.progress_key(), error)


def progress_of(job: Job) -> Progress:
    """Where the job stands: its row for the state, the cache for how far a running job got."""
    job.refresh_from_db(fields=["state", "error", "started_at", "finished_at"])
    done, total, step = 0, 0, ""
    if not job.finished:
        with contextlib.suppress(RedisError, OSError):
            done, total, step = cache.get(job.progress_key()) or (0, 0, "")
    return Progress(state=job.state, done=done, total=total, step=step)


def start(job: Job) -> None:
    type(job)._default_manager.filter(pk=job.pk).update(state=Job.State.RUNNING, started_at=timezone.now())
    job.state = Job.State.RUNNING


def finish(job: Job, *, error: str = "") -> None:
    """Done, or failed with a reason the page shows; the bar is forgotten."""
    state = Job.State.FAILED if error else Job.State.DONE
    type(job)._default_manager.filter(pk=job.pk).update(state=state, error=error, finished_at=timezone.now())
    job.state, job.error = state, error
    with contextlib.suppress(RedisError, OSError):
        cache.delete(job.progress_key())
