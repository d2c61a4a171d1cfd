"""Per-client limits of the public pages: fixed-window counters in the commune's cache.

The window opens at the first hit and is not pushed back by the next ones.
"""

from __future__ import annotations

from django.core.cache import cache


def count(key: str, window_seconds: int) -> int:
    """One more hit on `key`; how many in the current window."""
    cache.add(key, 0, timeout=window_seconds)
    try:
        return int(cache.incr(key))
    except ValueError:  # expired between the two calls
        cache.set(key, 1, timeout=window_seconds)
        return 1


def limited(key: str, limit: int) -> bool:
    """`limit` hits or more in the current window."""
    return int(cache.get(key) or 0) >= limit
