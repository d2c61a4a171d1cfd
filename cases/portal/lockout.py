"""Who may try a tracking code now: wrong codes lock out the reference that is being guessed, not a connection.

Many people share one address: a consulate's Wi-Fi, a café, a mobile operator's gateway. So the
wrong codes are counted three ways, each with growing delays (cases.ratelimit.Backoff):
- per reference and address: 5 free, then 1 minute, 2, 4, ... at most an hour;
- per reference, whatever the address (one reference guessed from many): 10 free, then the same;
- per address, whatever the reference (many references guessed from one address): 20 free, then
  the same, and this lock holds only the references that address has got wrong. A reference it has
  not got wrong is still checked, so the right code of another visitor on that connection works.
The counters are in the commune's cache: a lock-out in one commune says nothing about the same
reference string in another. The codes themselves (50 bits; one-time codes of 6 digits, 5 tries
each) are what make guessing hopeless; these limits keep the noise down and the guesser slow.
Wrong codes count the same for a reference that exists and for one that does not.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

from cases.ratelimit import Attempt, Backoff, subject_key

HOUR = 60 * 60
BY_PAIR = Backoff("track:pair", free=5, first=60, longest=HOUR)
BY_REFERENCE = Backoff("track:reference", free=10, first=60, longest=HOUR)
BY_ADDRESS = Backoff("track:address", free=20, first=60, longest=HOUR)


def network(address: str) -> str:
    """The address as one client: an IPv6 host usually holds a whole /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


@dataclass(frozen=True)
class Tries:
    """One try of a tracking code, as all three counters see it."""

    attempts: tuple[Attempt, ...]
    address: str

    def failed(self) -> None:
        for attempt in self.attempts:
            attempt.failed()
        BY_ADDRESS.record_failure(self.address)

    def succeeded(self) -> None:
        pair, *others = self.attempts
        pair.succeeded(forget=True)
        for attempt in others:
            attempt.succeeded()


@dataclass(frozen=True)
class Guard:
    """The lock-outs of one reference tried from one address."""

    pair: str
    reference: str
    address: str

    @classmethod
    def of(cls, *, reference: str, address: str) -> Guard:
        client = network(address)
        return cls(pair=subject_key(reference, client), reference=subject_key(reference), address=subject_key(client))

    def wait(self) -> float:
        """Seconds before this reference may be tried from this address (0: now)."""
        seconds = max(BY_PAIR.wait(self.pair), BY_REFERENCE.wait(self.reference))
        if BY_PAIR.failures(self.pair):
            seconds = max(seconds, BY_ADDRESS.wait(self.address))
        return seconds

    def start(self) -> Tries | None:
        """A place for one try, or None: it must wait (see `wait`)."""
        if self.wait():
            return None
        pair = BY_PAIR.start(self.pair)
        if pair is None:
            return None
        reference = BY_REFERENCE.start(self.reference)
        if reference is None:
            pair.withdrawn()
            return None
        return Tries(attempts=(pair, reference), address=self.address)
