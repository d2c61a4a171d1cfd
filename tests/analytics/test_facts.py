"""Facts taken out of a commune equal what its own data says, are brought up to date month by month,
and belong to their commune only."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from statistics import median

import pytest
from django.db.models import Sum
from django.utils import timezone

from analytics import extraction
from analytics.dimensions import DAYS_CAP, band_at, country_group
from analytics.models import AnswerTimeFact, CaseFact, Extraction, PeopleFact, ReferralFact, SatisfactionFact
from cases import demo
from cases.models import Case, Referral
from cases.portal.models import Survey
from cases.services import cases as case_services
from cases.services import referrals as referral_services
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.analytics.conftest import open_cases

pytestmark = pytest.mark.django_db
FACT_TABLES = (CaseFact, PeopleFact, AnswerTimeFact, ReferralFact, SatisfactionFact)


@pytest.fixture
def office(commune_a: Commune) -> Commune:
    """A commune with nine months of the demo's work: cases at every step, referrals, surveys."""
    with schema_context(commune_a.schema_name):
        demo.seed_office(commune_a, rng_seed=7, today=timezone.localdate())
    return commune_a


def counted(model: type, commune: Commune, *fields: str) -> Counter[tuple[object, ...]]:
    totals: Counter[tuple[object, ...]] = Counter()
    for row in model.objects.filter(commune=commune).values(*fields).annotate(n=Sum("count")):  # type: ignore[attr-defined]
        totals[tuple(row[field] for field in fields)] += row["n"]
    return totals


def month_of(day: date) -> date:
    return day.replace(day=1)


def changed(commune: Commune, since: datetime) -> dict[str, set[date]]:
    """The months of each source that changed in the commune after `since`."""
    return dict(extraction.changed_months({commune: since})[commune.pk])


def snapshot(commune: Commune) -> dict[str, list[tuple[object, ...]]]:
    return {
        model.__name__: sorted(
            tuple(row.values())
            for row in model.objects.filter(commune=commune).values().order_by()  # type: ignore[attr-defined]
            for row in [{k: v for k, v in row.items() if k != "id"}]
        )
        for model in FACT_TABLES
    }


def test_the_facts_equal_the_counts_of_the_communes_own_data(office: Commune) -> None:
    result = extraction.extract(office, full=True)
    assert result.rows > 0
    with schema_context(office.schema_name):
        cases = list(Case.objects.select_related("category", "person"))
        referrals = list(Referral.objects.select_related("regional_service", "local_service"))
        surveys = list(Survey.objects.filter(answered_at__isnull=False))
    assert len(cases) > 40
    assert referrals
    assert surveys

    by_case = Counter((month_of(c.opened_on), c.kind, c.category.code, c.channel, c.status) for c in cases)
    assert counted(CaseFact, office, "month", "kind", "category", "channel", "status") == by_case
    facts = CaseFact.objects.filter(commune=office)
    answered = [c for c in cases if c.answered_at is not None]
    answer_days = {c.pk: (timezone.localtime(c.answered_at).date() - c.opened_on).days for c in answered}
    assert facts.aggregate(n=Sum("answered"))["n"] == len(answered)
    assert facts.aggregate(n=Sum("days_to_answer"))["n"] == sum(answer_days.values())
    in_time = [c for c in answered if timezone.localtime(c.answered_at).date() <= c.due_on]
    assert facts.aggregate(n=Sum("answered_in_time"))["n"] == len(in_time)

    by_person = Counter(
        (
            month_of(c.opened_on),
            c.person.sex,
            band_at(c.person.birth_year, c.opened_on.year),
            c.person.generation,
            country_group(str(c.person.residence_country or "")),
        )
        for c in cases
    )
    assert counted(PeopleFact, office, "month", "sex", "age_band", "generation", "country_group") == by_person

    # The median answer time from the facts is the one of the cases themselves.
    times = AnswerTimeFact.objects.filter(commune=office)
    spread = [days for days, n in times.values_list("days", "count") for _ in range(n)]
    assert median(spread) == median(min(days, DAYS_CAP) for days in answer_days.values())

    by_referral = Counter((month_of(r.sent_on), r.outcome) for r in referrals)
    assert counted(ReferralFact, office, "month", "outcome") == by_referral
    assert {t for (t,) in counted(ReferralFact, office, "target_type")} == {
        f"regional:{r.regional_service.kind}" if r.regional_service else f"local:{r.local_service.kind}"
        for r in referrals
    }
    by_score = Counter((month_of(timezone.localtime(s.answered_at).date()), s.score) for s in surveys)
    assert counted(SatisfactionFact, office, "month", "score") == by_score


def test_a_later_run_counts_again_only_the_months_that_changed_and_ends_where_a_full_run_would(
    office: Commune,
) -> None:
    full = extraction.extract(office, full=True)
    state = Extraction.objects.get(commune=office)
    assert state.changes_until is not None
    # Nothing changes after the watermark ...
    assert changed(office, timezone.now()) == {}
    with schema_context(office.schema_name):
        # ... then one old case moves on.
        head = User.objects.get(role=Role.OFFICE_HEAD)
        old = Case.objects.filter(status=Case.Status.NEW, opened_on__lt=timezone.localdate() - timedelta(days=60))
        case = old.order_by("opened_on").first() or Case.objects.filter(status=Case.Status.NEW).earliest("opened_on")
        since = timezone.now()
        case_services.transition_case(actor=head, case=case, to_status=Case.Status.IN_PROGRESS)
    assert changed(office, since) == {"cases": {month_of(case.opened_on)}}

    later = extraction.extract(office)
    assert 1 <= later.months < full.months
    incremental = snapshot(office)
    extraction.extract(office, full=True)
    assert snapshot(office) == incremental
    in_progress = CaseFact.objects.filter(commune=office, month=month_of(case.opened_on), status="in_progress")
    assert in_progress.aggregate(n=Sum("count"))["n"] >= 1


def test_each_communes_facts_are_its_own(commune_a: Commune, commune_b: Commune) -> None:
    open_cases(commune_a, 6)
    extraction.extract(commune_a, full=True)
    before = snapshot(commune_a)
    assert before["CaseFact"]
    assert extraction.extract(commune_b, full=True).rows == 0  # an office with no work yet
    for model in FACT_TABLES:
        assert not model.objects.filter(commune=commune_b).exists()
    assert snapshot(commune_a) == before
    # Cases of the other commune count there, and change nothing here.
    open_cases(commune_b, 2)
    extraction.extract(commune_b, full=True)
    assert CaseFact.objects.filter(commune=commune_b).aggregate(n=Sum("count"))["n"] == 2
    assert snapshot(commune_a) == before


def test_a_recorded_outcome_is_counted_by_the_next_run_which_rewrites_only_what_differs(office: Commune) -> None:
    extraction.extract(office, full=True)
    again = extraction.extract(office, full=True)
    assert (again.rows, again.deleted) == (0, 0)  # the facts were right: nothing is written
    with schema_context(office.schema_name):
        head = User.objects.get(role=Role.OFFICE_HEAD)
        referral = Referral.objects.filter(outcome=Referral.Outcome.SENT).earliest("sent_on")
        since = timezone.now()
        referral_services.record_outcome(actor=head, referral=referral, outcome=Referral.Outcome.REFUSED)
    assert changed(office, since)["referrals"] == {month_of(referral.sent_on)}

    later = extraction.extract(office)
    assert later.rows >= 1
    assert later.deleted >= 1
    incremental = snapshot(office)
    extraction.extract(office, full=True)
    assert snapshot(office) == incremental
    refused = ReferralFact.objects.filter(commune=office, month=month_of(referral.sent_on), outcome="refused")
    assert refused.aggregate(n=Sum("count"))["n"] >= 1


def test_chunks_of_communes_give_the_facts_one_pass_gives(commune_a: Commune, commune_b: Commune) -> None:
    open_cases(commune_a, 4, answered=2)
    open_cases(commune_b, 3, answered=1, women=True)
    together = extraction.extract_all([commune_a, commune_b], full=True)
    expected = {commune.pk: snapshot(commune) for commune in (commune_a, commune_b)}
    for model in FACT_TABLES:
        model.objects.all().delete()
    apart = extraction.extract_all([commune_a, commune_b], full=True, chunk=1)  # a transaction each
    assert {commune.pk: snapshot(commune) for commune in (commune_a, commune_b)} == expected
    assert (apart.communes, apart.rows) == (2, together.rows)


def test_an_answer_just_after_local_midnight_counts_in_the_local_month(
    commune_a: Commune,
) -> None:
    open_cases(commune_a, 2)
    extraction.extract(commune_a, full=True)
    zone = timezone.get_current_timezone()
    # 00:30 on 1 June in Morocco (UTC+1 outside Ramadan) is still 31 May in UTC.
    just_after = datetime(2026, 6, 1, 0, 30, tzinfo=zone)
    assert just_after.utcoffset() == timedelta(hours=1)
    with schema_context(commune_a.schema_name):
        first, second = Case.objects.order_by("pk")[:2]
        Survey.objects.create(case=first, token_hash="a" * 64, score=5, answered_at=just_after)
        Survey.objects.create(case=second, token_hash="b" * 64, score=2, answered_at=just_after - timedelta(hours=1))
    # Answered in the past: an hourly run only sees answers given since its last run; the full run counts them.
    extraction.extract(commune_a, full=True)
    assert counted(SatisfactionFact, commune_a, "month", "score") == {
        (date(2026, 6, 1), 5): 1,
        (date(2026, 5, 1), 2): 1,
    }
