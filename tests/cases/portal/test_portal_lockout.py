"""Wrong tracking codes lock out the reference being guessed, with growing delays, never a whole connection.

Through the tracking page on each commune's host, with the real Redis of the tests; the lock-outs'
clock (cases.ratelimit.now) is moved forward instead of waiting.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable

import pytest

from cases import ratelimit
from cases.portal.lockout import BY_ADDRESS, BY_PAIR, BY_REFERENCE
from tenants.models import Commune
from tests.cases.portal.test_portal import NEUTRAL, submit, tracking, visitor

pytestmark = pytest.mark.django_db

SEEN = "Received on"  # what only the right code shows
CAFE = "203.0.113.50"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[float], None]:
    """Moves the lock-outs' clock forward by so many seconds."""
    offset = [0.0]
    real = ratelimit.now
    monkeypatch.setattr(ratelimit, "now", lambda: real() + offset[0])

    def forward(seconds: float) -> None:
        offset[0] += seconds

    return forward


def wait_said(page: str) -> int | None:
    found = re.search(r"You can try again in (\d+) minutes?\.", page)
    return int(found.group(1)) if found else None


def test_a_wrong_code_keeps_the_reference_clears_the_code_and_says_so(commune_a: Commune) -> None:
    reference, _code = submit(commune_a)
    response = visitor(commune_a).post(
        "/portal/track/", {"action": "track", "reference": reference, "code": "WRONG-CODE1"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert NEUTRAL in page
    assert "We kept the reference and cleared the code" in page
    assert re.search(rf'name="reference" value="{reference}"[^>]*id="id_reference"', page)
    code_field = re.search(r'<input[^>]*name="code"[^>]*>', page)
    assert code_field is not None
    assert "value=" not in code_field.group(0)  # the secret is not written back into the page
    assert "autofocus" in code_field.group(0)  # the cursor waits where the code goes
    assert "WRONG-CODE1" not in page


def test_wrong_codes_from_one_address_lock_the_reference_with_growing_delays(
    commune_a: Commune, clock: Callable[[float], None]
) -> None:
    reference, code = submit(commune_a)
    client = visitor(commune_a, "192.0.2.30")
    for attempt in range(BY_PAIR.free - 1):
        page = tracking(client, reference, f"WRONG-{attempt:05d}")
        assert NEUTRAL in page
        assert wait_said(page) is None
    fifth = tracking(client, reference, "WRONG-00005")
    assert NEUTRAL in fifth
    assert wait_said(fifth) == 1  # told at once, with the answer to the fifth code

    refused = client.post("/portal/track/", {"action": "track", "reference": reference, "code": code})
    assert refused.status_code == 429  # even the right code: else guessing would go on
    assert SEEN not in refused.content.decode()
    assert wait_said(refused.content.decode()) == 1
    assert f'value="{reference}"' in refused.content.decode()

    # Each further wrong code doubles the wait: 2 minutes, then 4.
    clock(61)
    assert wait_said(tracking(client, reference, "WRONG-00006")) == 2
    clock(61)
    assert wait_said(tracking(client, reference, code)) == 1  # a minute of the two left
    clock(60)
    seventh = tracking(client, reference, "WRONG-00007")
    assert wait_said(seventh) == 4
    assert [BY_PAIR.delay(n) for n in range(4, 13)] == [0, 60, 120, 240, 480, 960, 1920, 3600, 3600]

    # Once it runs out the right code works, and the failures of this address are forgotten.
    clock(4 * 60 + 1)
    assert SEEN in tracking(client, reference, code)
    assert wait_said(tracking(client, reference, "AGAIN-00001")) is None


def test_a_cafe_shares_an_address_and_only_the_guessed_references_wait(
    commune_a: Commune, clock: Callable[[float], None]
) -> None:
    neighbour, neighbours_code = submit(commune_a)
    slip, slips_code = submit(commune_a)
    guessed, guessed_code = submit(commune_a)
    guesser, other_visitor = visitor(commune_a, CAFE), visitor(commune_a, CAFE)

    # Someone at the café guesses one reference until it locks: the others on the Wi-Fi do not notice.
    for attempt in range(BY_PAIR.free + 1):
        tracking(guesser, guessed, f"WRONG-{attempt:05d}")
    assert SEEN not in tracking(guesser, guessed, guessed_code)
    assert SEEN in tracking(other_visitor, neighbour, neighbours_code)

    # A visitor mistypes a code once; then the guesser goes on through many references.
    assert NEUTRAL in tracking(other_visitor, slip, "TYPO0-TYPO0")
    for number in range(BY_ADDRESS.free):
        tracking(guesser, f"AIT-2026-{90000 + number}", "WRONG-WRONG")

    # The address now guesses: every reference it got wrong waits, the right code of another still works.
    held = tracking(other_visitor, slip, slips_code)
    assert SEEN not in held
    assert wait_said(held) is not None
    assert SEEN in tracking(other_visitor, neighbour, neighbours_code)
    new_guess = tracking(guesser, "AIT-2026-99999", "WRONG-WRONG")
    assert NEUTRAL in new_guess
    assert wait_said(new_guess) is not None  # told to wait like the others
    assert wait_said(tracking(guesser, "AIT-2026-99999", "WRONG-WRONG")) is not None
    # The same reference from another address is not held back by the café's guessing.
    assert SEEN in tracking(visitor(commune_a, "198.51.100.77"), slip, slips_code)

    clock(BY_ADDRESS.longest + 1)
    assert SEEN in tracking(other_visitor, slip, slips_code)


def test_a_reference_guessed_from_many_addresses_waits_for_everyone(
    commune_a: Commune, clock: Callable[[float], None]
) -> None:
    reference, code = submit(commune_a)
    for number in range(BY_REFERENCE.free):
        assert NEUTRAL in tracking(visitor(commune_a, f"192.0.2.{100 + number}"), reference, f"WRONG-{number:05d}")
    refused = visitor(commune_a, "192.0.2.200").post(
        "/portal/track/", {"action": "track", "reference": reference, "code": code}
    )
    assert refused.status_code == 429
    assert wait_said(refused.content.decode()) == 1
    other, others_code = submit(commune_a)
    assert SEEN in tracking(visitor(commune_a, "192.0.2.200"), other, others_code)
    clock(61)
    assert SEEN in tracking(visitor(commune_a, "192.0.2.200"), reference, code)


def test_a_reference_that_does_not_exist_locks_the_same_way(commune_a: Commune) -> None:
    client = visitor(commune_a, "192.0.2.40")
    for attempt in range(BY_PAIR.free):
        tracking(client, "AIT-1999-00001", f"WRONG-{attempt:05d}")
    refused = client.post("/portal/track/", {"action": "track", "reference": "AIT-1999-00001", "code": "X"})
    assert refused.status_code == 429  # the lock-out says nothing about whether the reference exists


def test_one_ipv6_host_is_one_client_whatever_its_address_in_the_64(commune_a: Commune) -> None:
    reference, code = submit(commune_a)
    for attempt in range(BY_PAIR.free):
        tracking(visitor(commune_a, f"2001:db8:1:2::{attempt + 1:x}"), reference, f"WRONG-{attempt:05d}")
    assert (
        visitor(commune_a, "2001:db8:1:2::ffff")
        .post("/portal/track/", {"action": "track", "reference": reference, "code": code})
        .status_code
        == 429
    )
    assert SEEN in tracking(visitor(commune_a, "2001:db8:1:3::1"), reference, code)


@pytest.mark.parametrize(
    ("language", "said"),
    [
        ("fr", "Trop de codes erronés pour cette référence. Vous pourrez réessayer dans 1 minute."),
        ("ar", "عدد كبير من الرموز الخاطئة لهذا المرجع. يمكنكم المحاولة من جديد بعد دقيقة واحدة."),
        ("de", "Zu viele falsche Codes für diese Referenz. Sie können es in 1 Minute erneut versuchen."),
    ],
)
def test_the_wait_is_said_in_the_visitors_language(commune_a: Commune, language: str, said: str) -> None:
    reference, code = submit(commune_a)
    client = visitor(commune_a, "192.0.2.50", HTTP_ACCEPT_LANGUAGE=language)
    for attempt in range(BY_PAIR.free):
        tracking(client, reference, f"WRONG-{attempt:05d}")
    page = client.post("/portal/track/", {"action": "track", "reference": reference, "code": code}).content.decode()
    assert said in page


def test_a_lockout_in_one_commune_does_not_reach_the_same_reference_in_another(
    commune_a: Commune, commune_b: Commune
) -> None:
    reference, code = submit(commune_b)  # a request of commune B
    in_a = visitor(commune_a, CAFE)
    # In commune A, the same reference string is guessed from the café until both the reference,
    # the pair and the address are locked there.
    for number in range(BY_REFERENCE.free):
        tracking(visitor(commune_a, f"192.0.2.{150 + number}"), reference, f"WRONG-{number:05d}")
    for attempt in range(BY_PAIR.free):
        tracking(in_a, reference, f"WRONG-{attempt:05d}")
    for number in range(BY_ADDRESS.free):
        tracking(in_a, f"NAD-2026-{90000 + number}", "WRONG-WRONG")
    assert in_a.post("/portal/track/", {"action": "track", "reference": reference, "code": code}).status_code == 429

    # In commune B, from the same café, nothing of it: the right code works, a wrong one is just wrong.
    in_b = visitor(commune_b, CAFE)
    assert wait_said(tracking(in_b, reference, "WRONG-WRONG")) is None
    assert SEEN in tracking(in_b, reference, code)


def test_tries_sent_at_once_get_only_the_free_ones() -> None:
    backoff = ratelimit.Backoff("test-burst", free=5, first=60, longest=3600)
    started: list[ratelimit.Attempt] = []
    lock = threading.Lock()
    gate = threading.Barrier(40)

    def attempt() -> None:
        gate.wait()
        got = backoff.start("one-reference")
        if got is not None:
            with lock:
                started.append(got)

    threads = [threading.Thread(target=attempt) for _n in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(started) == backoff.free
    for got in started:
        got.failed()
    assert backoff.wait("one-reference") > 0
    assert backoff.start("one-reference") is None


def test_a_reference_and_code_typed_in_arabic_indic_digits_find_the_request(commune_a: Commune) -> None:
    reference, code = submit(commune_a)
    eastern = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
    page = tracking(visitor(commune_a), reference.lower().translate(eastern), code.translate(eastern))
    assert SEEN in page
