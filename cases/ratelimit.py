"""Per-client limits of the public pages, in the commune's cache (Redis; every key carries the commune's schema).

Two kinds:
- `count` and `limited`: fixed-window counters. The window opens at the first hit and is not pushed
  back by the next ones.
- `Backoff`: a lock-out with growing delays, for secrets that could be guessed (the portal's tracking
  codes): a few free failures, then a wait that doubles with each further failure, up to a ceiling.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import time
from dataclasses import dataclass

from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.http import HttpRequest

# How long an attempt may hold its place (the check of a code takes milliseconds; a crash lets go).
IN_FLIGHT_SECONDS = 30


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


def client_address(request: HttpRequest) -> str:
    """The client's address as the sign-in limit sees it: allauth honours the trusted proxies."""
    return str(get_adapter(request).get_client_ip(request))


def now() -> float:
    """The clock of the lock-outs (seconds since the epoch); tests move it forward."""
    return time.time()


def subject_key(*parts: str) -> str:
    """A short cache key for what a visitor typed (any length, any characters)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]


def minutes(seconds: float) -> int:
    """A wait as a visitor is told it: whole minutes, at least one."""
    return max(1, math.ceil(seconds / 60))


def _decr(key: str) -> None:
    with contextlib.suppress(ValueError):  # expired meanwhile
        cache.decr(key)


@dataclass(frozen=True)
class Attempt:
    """One try that holds its place until it says how it went."""

    backoff: Backoff
    subject: str
    place: str  # the key that holds the place: a counter of tries under way, or a claim on one retry
    counted: bool  # the place is a counter (decremented) rather than a claim (deleted)

    def _let_go(self) -> None:
        if self.counted:
            _decr(self.place)
        else:
            cache.delete(self.place)

    def failed(self) -> None:
        self.backoff.record_failure(self.subject)
        self._let_go()

    def succeeded(self, *, forget: bool = False) -> None:
        """It worked; `forget` wipes the subject's failures."""
        if forget:
            self.backoff.forget(self.subject)
        self._let_go()

    def withdrawn(self) -> None:
        """Not made after all (another limit said no)."""
        self._let_go()


@dataclass(frozen=True)
class Backoff:
    """`free` failures, then a lock after each further one: `first` seconds, doubling, at most `longest`.

    The failures of a subject are forgotten `memory` seconds after its last one. Tries sent at
    once cannot all slip through before the first failure is written: within the free failures,
    tries under way count as failures; after a lock runs out, a single try goes ahead.
    """

    name: str
    free: int
    first: int
    longest: int
    memory: int = 24 * 60 * 60

    def _key(self, subject: str, part: str) -> str:
        return f"backoff:{self.name}:{subject}:{part}"

    def delay(self, failures: int) -> int:
        """The lock that follows the `failures`-th failure (0: none)."""
        if failures < self.free:
            return 0
        return min(self.first * 2 ** min(failures - self.free, 30), self.longest)

    def failures(self, subject: str) -> int:
        return int(cache.get(self._key(subject, "failures")) or 0)

    def wait(self, subject: str) -> float:
        """Seconds left before `subject` may be tried again (0: now)."""
        until = cache.get(self._key(subject, "until"))
        return max(0.0, float(until) - now()) if until is not None else 0.0

    def start(self, subject: str) -> Attempt | None:
        """A place for one try, or None: it must wait (how long: `wait`)."""
        if self.wait(subject):
            return None
        failures = self.failures(subject)
        if failures >= self.free:
            # The lock ran out: one retry for this many failures, whoever claims it first.
            claim = self._key(subject, f"retry:{failures}")
            if not cache.add(claim, 1, timeout=IN_FLIGHT_SECONDS):
                return None
            attempt = Attempt(self, subject, claim, counted=False)
            if self.wait(subject):  # a failure was being written as the claim was made
                attempt.withdrawn()
                return None
            return attempt
        under_way = self._key(subject, "under-way")
        cache.add(under_way, 0, timeout=IN_FLIGHT_SECONDS)
        try:
            tries = int(cache.incr(under_way))
        except ValueError:  # expired between the two calls
            cache.set(under_way, 1, timeout=IN_FLIGHT_SECONDS)
            tries = 1
        attempt = Attempt(self, subject, under_way, counted=True)
        if failures + tries > self.free:
            attempt.withdrawn()
            return None
        return attempt

    def record_failure(self, subject: str) -> int:
        """One more failure (no place needed); the wait it brings, in seconds."""
        counter = self._key(subject, "failures")
        cache.add(counter, 0, timeout=self.memory)
        try:
            failures = int(cache.incr(counter))
        except ValueError:  # expired between the two calls
            cache.set(counter, 1, timeout=self.memory)
            failures = 1
        cache.touch(counter, self.memory)
        delay = self.delay(failures)
        if delay:
            cache.set(self._key(subject, "until"), now() + delay, timeout=delay + IN_FLIGHT_SECONDS)
        return delay

    def forget(self, subject: str) -> None:
        cache.delete_many([self._key(subject, "failures"), self._key(subject, "until")])
