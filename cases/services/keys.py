"""Rotation of the key that encrypts identity numbers at rest (jisr.crypto), commune by commune.

To rotate: put a new key first in `FIELD_ENCRYPTION_KEYS` (new values are encrypted with it at once, old
ones still open with the keys behind it), run `manage.py rotate_identity_keys`, and remove the old keys
once it says that no row needs them. The run is resumable: each batch is its own transaction and a row
records the key it was last encrypted with, so a run that stops (a limit, a crash, a deploy) loses at most
its current batch, and the next one picks up the rows still on an older key. Numbers are decrypted and
encrypted again in memory only; the keyed hash they are found by (`FIELD_HASH_KEY`) does not change.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field

from django.db import transaction

from cases.models import IdentityDocument
from jisr import crypto
from tenants.cross_schema import schema_context
from tenants.models import Commune

logger = logging.getLogger(__name__)

BATCH = 500


@dataclass
class Rotated:
    """What a run did in one commune."""

    commune: str
    reencrypted: int = 0
    left: int = 0  # rows still on an older key, that this run did not reach (a limit)
    unreadable: list[int] = field(default_factory=list)  # documents no configured key opens


def communes_holding_data() -> list[Commune]:
    """Active and suspended communes (a suspended one keeps its data, encrypted like the others)."""
    return list(Commune.objects.exclude(status=Commune.Status.POOLED).order_by("slug"))


def keys_in_use(commune: Commune) -> dict[str, int]:
    """How many of the commune's identity numbers each key encrypts (key ids, `jisr.crypto.key_id`)."""
    with schema_context(commune.schema_name):
        return dict(Counter(IdentityDocument.objects.values_list("key_id", flat=True)))


def rotate(commune: Commune, *, batch: int = BATCH, limit: int | None = None) -> Rotated:
    """Encrypt again with the newest key, `batch` rows a transaction, at most `limit` rows, the identity numbers
    of one commune that an older key encrypts. Rows no configured key opens are left as they are and named."""
    if batch < 1 or (limit is not None and limit < 0):
        raise ValueError("batch must be positive and limit not negative")
    current = crypto.primary_key_id()
    done = Rotated(commune=str(commune.slug))
    with schema_context(commune.schema_name):
        older = IdentityDocument.objects.exclude(key_id=current)
        while limit is None or done.reencrypted < limit:
            size = batch if limit is None else min(batch, limit - done.reencrypted)
            with transaction.atomic():
                # Rows a staff member is saving at this moment are skipped: they get the newest key anyway.
                rows = list(
                    older.exclude(pk__in=done.unreadable).select_for_update(skip_locked=True).order_by("pk")[:size]
                )
                if not rows:
                    break
                opened = []
                for row in rows:
                    try:
                        row.number_encrypted, row.key_id = crypto.reencrypt(row.number_encrypted)
                    except crypto.DecryptionError:
                        done.unreadable.append(row.pk)
                    else:
                        opened.append(row)
                IdentityDocument.objects.bulk_update(opened, ["number_encrypted", "key_id"])
                done.reencrypted += len(opened)
        done.left = older.exclude(pk__in=done.unreadable).count()
    if done.unreadable:
        logger.error("Commune %s: no configured key opens identity documents %s", commune.slug, done.unreadable)
    logger.info("Commune %s: %s identity numbers encrypted with key %s", commune.slug, done.reencrypted, current)
    return done
