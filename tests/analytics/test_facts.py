"""Facts taken out of a commune equal what its own data says, are kept up to date by the changes its
triggers write (whatever the edit), and belong to their commune only."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from statistics import median

import pytest
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from analytics import extraction
from analytics.dimensions import DAYS_CAP, band_at, country_group
from analytics.models import AnswerTimeFact, CaseFact, Extraction, PeopleFact, ReferralFact, SatisfactionFact
from cases import demo
from cases.models import Case, Category, LocalService, Referral
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


def waiting(commune: Commune) -> dict[str, list[tuple[object, ...]]]:
    """The changes the commune's triggers wrote that no run has taken yet, per theme (the empty ones left out)."""
    found = {}
    for theme in extraction.THEMES:
        rows = sorted(theme.changes.objects.filter(commune=commune).values_list(*theme.columns[1:]))
        if rows:
            found[theme.model.__name__] = rows
    return found


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


def test_an_edit_writes_its_change_and_the_next_run_adds_it_where_a_full_run_would_count_it(
    office: Commune,
) -> None:
    extraction.extract(office, full=True)
    state = Extraction.objects.get(commune=office)
    assert state.changes_until is not None
    assert waiting(office) == {}  # the full run took what the seeding wrote
    with schema_context(office.schema_name):
        head = User.objects.get(role=Role.OFFICE_HEAD)
        case = Case.objects.filter(status=Case.Status.NEW).select_related("category").earliest("opened_on")
        case_services.transition_case(actor=head, case=case, to_status=Case.Status.IN_PROGRESS)
        record_key = Case.objects.values_list("record_key", flat=True).get(pk=case.pk)
    month = month_of(case.opened_on)
    key = (month, case.kind, case.category.code, case.channel)
    # One case moved on: taken from `new`, added to `in_progress`, with its record key; its person, answer and
    # category unchanged.
    assert waiting(office) == {
        "CaseFact": sorted(
            [(*key, "in_progress", 1, 0, 0, 0, record_key, 0, 0), (*key, "new", -1, 0, 0, 0, -record_key, 0, 0)]
        ),
    }

    later = extraction.extract(office)
    assert later.months == 1
    assert waiting(office) == {}
    incremental = snapshot(office)
    again = extraction.extract(office, full=True)
    assert (again.rows, again.deleted) == (0, 0)  # the facts the changes made were right
    assert snapshot(office) == incremental
    in_progress = CaseFact.objects.filter(commune=office, month=month, status="in_progress")
    assert in_progress.aggregate(n=Sum("count"))["n"] >= 1


def test_every_kind_of_edit_reaches_the_facts_through_the_triggers(office: Commune) -> None:
    """Edits of every table the facts are counted from, the ORM's way, then one hourly run: the facts are those
    a full count gives."""
    extraction.extract(office, full=True)
    today = timezone.localdate()
    with schema_context(office.schema_name):
        head = User.objects.get(role=Role.OFFICE_HEAD)
        cases = Case.objects.select_related("person", "category").order_by("pk")
        first, second, third, fourth = cases[:4]
        # A case's own columns: its channel, its opening moved into another month, answered late.
        Case.objects.filter(pk=first.pk).update(channel="email", opened_on=first.opened_on - timedelta(days=40))
        Case.objects.filter(pk=second.pk).update(
            answered_at=timezone.now(), due_on=second.opened_on, status=Case.Status.ANSWERED
        )
        # Who brought it: sex, year of birth, country of residence (all the person's cases follow).
        someone = third.person
        someone.sex, someone.birth_year, someone.residence_country = "female", 1950, "CA"
        someone.save()
        # A case handed to another person.
        Case.objects.filter(pk=fourth.pk).update(person=second.person)
        # A category renamed: every case of it counts under its new code.
        renamed = Category.objects.filter(cases__isnull=False).distinct().first()
        Category.objects.filter(pk=renamed.pk).update(code="renamed-for-the-test")
        # A local service's kind, a referral's outcome, a referral deleted.
        referral = Referral.objects.filter(local_service__isnull=False).select_related("local_service").first()
        LocalService.objects.filter(pk=referral.local_service_id).update(kind="health")
        sent = Referral.objects.filter(outcome=Referral.Outcome.SENT).exclude(pk=referral.pk).first()
        referral_services.record_outcome(actor=head, referral=sent, outcome=Referral.Outcome.ANSWERED)
        Referral.objects.exclude(pk__in=[referral.pk, sent.pk]).order_by("pk").first().delete()
        # A survey answered, another's score changed.
        unanswered = Survey.objects.filter(answered_at__isnull=True).first()
        if unanswered is not None:
            unanswered.score, unanswered.answered_at = 4, timezone.now()
            unanswered.save()
        Survey.objects.filter(answered_at__isnull=False).exclude(score=1).update(score=1)
        # A case deleted with what hangs on it, and a new one opened.
        doomed = cases.exclude(pk__in=[first.pk, second.pk, third.pk, fourth.pk]).last()
        doomed.delete()
        case_services.open_case(
            actor=head,
            person=first.person,
            kind="complaint",
            category=first.category,
            channel="whatsapp",
            subject="New",
            opened_on=today,
        )
    assert set(waiting(office)) == {"CaseFact", "PeopleFact", "AnswerTimeFact", "ReferralFact", "SatisfactionFact"}

    extraction.extract(office)
    assert waiting(office) == {}
    incremental = snapshot(office)
    for model in FACT_TABLES:  # counted from nothing
        model.objects.filter(commune=office).delete()
    extraction.extract(office, full=True)
    assert snapshot(office) == incremental
    assert CaseFact.objects.filter(commune=office, category="renamed-for-the-test").exists()
    assert ReferralFact.objects.filter(commune=office, target_type="local:health").exists()


def test_an_edit_undone_before_the_run_changes_no_fact(office: Commune) -> None:
    extraction.extract(office, full=True)
    before = snapshot(office)
    with schema_context(office.schema_name):
        case = Case.objects.earliest("opened_on")
        Case.objects.filter(pk=case.pk).update(channel="email" if case.channel != "email" else "phone")
        Case.objects.filter(pk=case.pk).update(channel=case.channel)
        Case.objects.filter(pk=case.pk).update(subject="Only the subject: no fact reads it")
    assert len(waiting(office)["CaseFact"]) == 4  # there and back
    result = extraction.extract(office)
    assert (result.rows, result.deleted) == (0, 0)
    assert snapshot(office) == before


def test_a_commune_never_counted_is_counted_whole_by_the_hourly_run(office: Commune) -> None:
    assert not Extraction.objects.filter(commune=office).exists()
    assert waiting(office)  # the seeding's changes: not enough to make facts of
    result = extraction.extract(office)
    assert result.months > 1
    assert waiting(office) == {}
    counted_hourly = snapshot(office)
    extraction.extract(office, full=True)
    assert snapshot(office) == counted_hourly


def test_every_table_the_facts_are_counted_from_has_the_trigger_of_the_current_themes(commune_a: Commune) -> None:
    assert extraction.install_trigger_functions() == 0  # the migrations installed the current ones
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, p.proname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
            " JOIN pg_proc p ON p.oid = t.tgfoid WHERE c.relnamespace = %s::regnamespace AND t.tgname = %s",
            [commune_a.schema_name, extraction.TRIGGER],
        )
        triggers = dict(cursor.fetchall())
    read = {table for theme in extraction.THEMES for table in theme.aliases()}
    assert read == set(extraction.TENANT_TABLES)
    assert triggers == {table: f"jisr_facts_{table}" for table in read}


def test_each_communes_facts_are_its_own(commune_a: Commune, commune_b: Commune) -> None:
    open_cases(commune_a, 6)
    extraction.extract(commune_a, full=True)
    before = snapshot(commune_a)
    assert before["CaseFact"]
    assert extraction.extract(commune_b, full=True).rows == 0  # an office with no work yet
    for model in FACT_TABLES:
        assert not model.objects.filter(commune=commune_b).exists()
    assert snapshot(commune_a) == before
    # Cases of the other commune write its changes, under its own id: a run of this one leaves them waiting.
    open_cases(commune_b, 2)
    assert waiting(commune_a) == {}
    theirs = waiting(commune_b)
    assert sum(row[-7] for row in theirs["CaseFact"]) == 2  # the count, the first of seven measures
    extraction.extract(commune_a)
    assert waiting(commune_b) == theirs
    assert snapshot(commune_a) == before
    # They count there, and change nothing here.
    extraction.extract(commune_b)
    assert CaseFact.objects.filter(commune=commune_b).aggregate(n=Sum("count"))["n"] == 2
    assert snapshot(commune_a) == before


def test_a_recorded_outcome_is_counted_by_the_next_run_which_rewrites_only_what_differs(office: Commune) -> None:
    extraction.extract(office, full=True)
    again = extraction.extract(office, full=True)
    assert (again.rows, again.deleted) == (0, 0)  # the facts were right: nothing is written
    with schema_context(office.schema_name):
        head = User.objects.get(role=Role.OFFICE_HEAD)
        referral = Referral.objects.filter(outcome=Referral.Outcome.SENT).earliest("sent_on")
        referral_services.record_outcome(actor=head, referral=referral, outcome=Referral.Outcome.REFUSED)
    assert {row[0] for row in waiting(office)["ReferralFact"]} == {month_of(referral.sent_on)}

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


def test_facts_that_no_longer_match_their_changes_are_counted_whole_by_the_hourly_run(office: Commune) -> None:
    """Rows written with the triggers off (a restore, a bulk load) leave facts the changes cannot follow: the hourly
    run finds a fact that would fall below zero, and counts that commune whole instead of failing every hour (a
    fact that stays above zero is put right by the nightly count)."""
    extraction.extract(office, full=True)
    with schema_context(office.schema_name):
        case = Case.objects.filter(status=Case.Status.NEW).earliest("opened_on")
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
            cursor.execute("UPDATE cases_case SET status = 'in_progress' WHERE id = %s", [case.pk])
            cursor.execute("SET LOCAL session_replication_role = origin")
        assert waiting(office) == {}  # nothing written: the facts still count it new
        head = User.objects.get(role=Role.OFFICE_HEAD)
        case.refresh_from_db()
        case_services.transition_case(actor=head, case=case, to_status=Case.Status.WAITING_EXTERNAL)
    assert waiting(office)  # takes it from in_progress, where the facts never had it

    extraction.extract(office)
    assert waiting(office) == {}
    hourly = snapshot(office)
    extraction.extract(office, full=True)
    assert snapshot(office) == hourly
    assert not CaseFact.objects.filter(commune=office, status="in_progress", count__lt=0).exists()
