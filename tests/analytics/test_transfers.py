"""The coordinator's comparison shows transfers between communes' offices: Nador (B) counts a case Aït Melloul
(A) handed it as transferred in, in the month it accepted it; A counts it as transferred out, in the month it
opened it. Both come out of the case facts' own dimensions (channel and status), incrementally and by a full
recount alike, and are published by the cell key method like every count: never the raw number."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from analytics import disclosure, extraction, selectors
from analytics.disclosure import Counts, Keyed
from analytics.models import CaseFact
from cases.models import Case
from cases.services import transfers
from jisr.accounts.models import Role
from network import services
from network.models import Network
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.test_compare import signed_in
from tests.cases.test_transfers import (  # noqa: F401  (fixtures)
    Offices,
    a_case,
    accept,
    in_,
    incoming_of,
    media,
    propose,
    two,
)

pytestmark = pytest.mark.django_db

API = "/api/regional/comparison/"


@pytest.fixture
def network(two: Offices) -> Network:  # noqa: F811
    network = Network.objects.get(code="prim-souss-massa")
    for commune in (two.a, two.b):
        services.join(commune=commune, network=network, on=date(2020, 1, 1))
    return network


def from_records(commune: Commune, first: date, last: date, **matching: str) -> tuple[int, int]:
    """(true, published) count of the commune's cases that match, from their own record keys block by block
    (analytics.disclosure), neither through the facts nor through analytics.selectors."""
    with schema_context(commune.schema_name):
        cases = list(Case.objects.filter(**matching).values_list("opened_on", "record_key"))
    counts = Counts.over(first, last)
    for opened_on, record_key in cases:
        counts.add("cases", opened_on.replace(day=1), Keyed(1, record_key))
    return counts.true_count(["cases"]), counts.published(["cases"])


def recount(communes: list[Commune]) -> None:
    """The facts thrown away and counted again from the communes' rows (the nightly run)."""
    for commune in communes:
        for theme in extraction.THEMES:
            theme.model.objects.filter(commune=commune).delete()
    extraction.extract_all(communes, full=True)


def test_an_accepted_transfer_is_in_at_the_receiver_and_out_at_the_sender(two: Offices, network: Network) -> None:  # noqa: F811
    both = [two.a, two.b]
    extraction.extract_all(both, full=True)
    sent = a_case(two, last_name="Sent", documents=False)
    propose(two, sent)
    declined = a_case(two, last_name="Declined", documents=False)
    propose(two, declined)  # two waiting at once: B answers the first, then the second
    with in_(two.b):
        first_in, second_in = transfers.incoming_pending()
        transfers.accept_transfer(incoming=first_in, by=two.head_b)
        transfers.decline_transfer(incoming=second_in, reason="Not here", by=two.head_b)
    extraction.extract_all(both)  # the hourly run, from what the triggers wrote down

    today = timezone.localdate()
    # Counted where they happened: B's case in the month B accepted it, A's in the month A opened it.
    facts_in = CaseFact.objects.filter(commune=two.b, channel=Case.Channel.TRANSFERRED)
    assert list(facts_in.values_list("month", "status", "count")) == [(today.replace(day=1), "new", 1)]
    facts_out = CaseFact.objects.filter(commune=two.a, status=Case.Status.TRANSFERRED)
    assert list(facts_out.values_list("month", "count")) == [(sent.opened_on.replace(day=1), 1)]
    assert not CaseFact.objects.filter(commune=two.b, status=Case.Status.TRANSFERRED).exists()
    assert not CaseFact.objects.filter(commune=two.a, channel=Case.Channel.TRANSFERRED).exists()

    first, last = sent.opened_on.replace(day=1), today.replace(day=1)
    query = {"network": network.code, "first": f"{first:%Y-%m}", "last": f"{last:%Y-%m}"}
    client = signed_in(Role.COORDINATOR, [network])
    answer = client.get(API, query).json()
    rows = {row["commune"]: row for row in answer["rows"]}
    true_in, published_in = from_records(two.b, first, last, channel=Case.Channel.TRANSFERRED)
    true_out, published_out = from_records(two.a, first, last, status=Case.Status.TRANSFERRED)
    assert (true_in, true_out) == (1, 1)
    assert rows[two.b.slug]["transferred_in"] == published_in
    assert rows[two.a.slug]["transferred_out"] == published_out
    assert rows[two.a.slug]["transferred_in"] == rows[two.b.slug]["transferred_out"] == 0  # true zeros stay zeros

    # The nightly recount gives the same facts, so the same published numbers.
    recount(both)
    assert client.get(API, query).json() == answer

    # A transferred-in count is the cell of B's cases received by the channel "transferred": the same records,
    # so the same key and the same number as the comparison filtered by that channel.
    by_channel = client.get(API, {**query, "channel": Case.Channel.TRANSFERRED}).json()
    assert {row["commune"]: row["received"] for row in by_channel["rows"]} == {
        two.a.slug: 0,
        two.b.slug: published_in,
    }
    result = selectors.comparison(both, selectors.Filters(selectors.Period(first, last)))
    assert {row.commune.slug: (row.transferred_in, row.transferred_out) for row in result.rows} == {
        two.a.slug: (0, published_out),
        two.b.slug: (published_in, 0),
    }
    # The share answered is of the cases that stayed: one handed over is answered by the other office.
    for row in result.rows:
        stayed = max((row.received or 0) - (row.transferred_out or 0), 0)
        assert row.answered_share == disclosure.share(row.answered or 0, stayed)

    # The files give them too, in the last two columns.
    lines = list(csv.reader(io.StringIO(client.get("/regional/compare/export.csv", query).content.decode("utf-8-sig"))))
    assert lines[0][-2:] == ["Transferred in", "Transferred out"]
    by_code = {line[1]: line for line in lines[1:] if len(line) > 1}
    assert by_code[two.b.slug][-2:] == [str(published_in), "0"]
    assert by_code[two.a.slug][-2:] == ["0", str(published_out)]
    book = load_workbook(io.BytesIO(client.get("/regional/compare/export.xlsx", query).content))
    header, *values = list(book["Communes"].values)
    assert header[-2:] == ("Transferred in", "Transferred out")
    assert {row[1]: row[-2:] for row in values} == {
        two.a.slug: (0, published_out),
        two.b.slug: (published_in, 0),
    }


def test_a_waiting_transfer_counts_nowhere(two: Offices, network: Network) -> None:  # noqa: F811
    propose(two, a_case(two, documents=False))
    extraction.extract_all([two.a, two.b], full=True)
    assert not CaseFact.objects.filter(channel=Case.Channel.TRANSFERRED).exists()
    assert not CaseFact.objects.filter(status=Case.Status.TRANSFERRED).exists()
    answer = signed_in(Role.COORDINATOR, [network]).get(API, {"network": network.code}).json()
    assert [(row["transferred_in"], row["transferred_out"]) for row in answer["rows"]] == [(0, 0), (0, 0)]


@pytest.mark.parametrize(
    ("language", "texts"),
    [
        ("fr", ["Dossiers reçus par transfert", "Dossiers transférés ailleurs", "transféré par un autre bureau"]),
        ("ar", ["الملفات الواردة بالتحويل", "الملفات المحوّلة إلى مكتب آخر", "محوّل من مكتب آخر"]),
        ("en", ["Transferred in", "Transferred out", "transferred from another office"]),
    ],
)
def test_the_page_names_the_measures_and_the_channel_in_the_coordinators_language(
    two: Offices,  # noqa: F811
    network: Network,
    language: str,
    texts: list[str],
) -> None:
    client = signed_in(Role.COORDINATOR, [network])
    client.cookies["django_language"] = language
    page = client.get("/regional/compare/").content.decode()
    for text in texts:  # the two columns, and the channel "transferred" among the filter's choices
        assert text in page, text
