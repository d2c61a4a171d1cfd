"""The demo offices' sample data and the network's directory of external services.

A newcomer opens a demo office and finds its work under way: cases at every
step, referrals answered, refused and still silent, people who can be
reached, all written the way the office works: Aït Melloul in Arabic, Nador
in French, in many words. Seeding again changes nothing, and no other office
sees any of it.
"""

from __future__ import annotations

import importlib
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import TypeVar

import phonenumbers
import pytest
from django.apps import apps
from django.db.models import CharField, TextField
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from cases import demo, names
from cases.appointments.models import Booking, Closure, WeeklySlot
from cases.guide.models import DutyShift, Procedure
from cases.models import (
    Activity,
    AuditEntry,
    Campaign,
    Case,
    CaseEvent,
    Consent,
    Holiday,
    IdentityDocument,
    LocalService,
    Person,
    PersonLink,
    Referral,
)
from cases.portal.models import Survey, Tracking
from jisr import demo as jisr_demo
from jisr import holidays
from jisr.accounts.models import Role, User
from jisr.demo import DEMO_PASSWORD, agent_email, office_head_email, viewer_email, working_language
from jisr.models import LunarHolidayDate
from jisr.outbox.models import Message
from network.models import ExternalService, Province
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.conftest import host_of

pytestmark = pytest.mark.django_db
S = Case.Status
T = TypeVar("T")


@pytest.fixture
def office_a(commune_a: Commune) -> Commune:
    """Aït Melloul, in its prefecture (so that it sees its region's directory), with its sample data."""
    Commune.objects.filter(pk=commune_a.pk).update(province=Province.objects.get(code="inezgane-ait-melloul"))
    commune = Commune.objects.get(pk=commune_a.pk)
    jisr_demo.confirm_lunar_holidays(timezone.localdate())  # as `jisr demo` does first, in the public schema
    with schema_context(commune.schema_name):
        demo.seed_office(commune, rng_seed=2026, today=timezone.localdate())
    return commune


def test_the_office_has_cases_at_every_step_with_referrals_answered_refused_and_silent(office_a: Commune) -> None:
    today = timezone.localdate()
    with schema_context(office_a.schema_name):
        cases = list(Case.objects.all())
        # Every status an office reaches alone; "transferred" comes from the demo's step between offices.
        assert {case.status for case in cases} == set(S.values) - {S.TRANSFERRED}
        assert len({case.category_id for case in cases}) >= 10
        assert len({case.kind for case in cases}) == len(Case.Kind.values)
        assert len({case.channel for case in cases}) >= 5
        assert any(case.is_overdue for case in cases)
        for case in cases:
            assert case.due_on > case.opened_on
            assert case.opened_on >= today - timedelta(days=demo.HISTORY_DAYS + 7)
            assert (case.answered_at is not None) == (case.status in (S.ANSWERED, S.CLOSED))
            assert (case.closed_at is not None) == (case.status == S.CLOSED)
            if case.closed_at is not None:
                assert case.answered_at is not None
                assert case.answered_at <= case.closed_at

        # Timelines read in the order things happened, between the opening and now.
        opened = {case.pk: case.created_at for case in cases}
        moments: dict[int, list[object]] = defaultdict(list)
        for event in CaseEvent.objects.order_by("case_id", "id"):
            assert opened[event.case_id] <= event.at <= timezone.now()
            moments[event.case_id].append(event.at)
        assert all(times == sorted(times) for times in moments.values())
        assert not AuditEntry.objects.filter(at__gt=timezone.now()).exists()

        referrals = list(Referral.objects.select_related("case"))
        assert {r.outcome for r in referrals} == set(Referral.Outcome.values)
        assert any(r.regional_service is not None and r.regional_service.region_id for r in referrals)
        assert any(r.local_service is not None for r in referrals)
        assert any(r.consent_override_reason for r in referrals)
        for referral in referrals:
            assert referral.sent_on >= referral.case.opened_on
            assert referral.outcome_on is None or referral.outcome_on >= referral.sent_on

        assert Campaign.objects.filter(kind=Campaign.Kind.MARHABA, name__startswith="عملية مرحبا").exists()
        inquiry = Campaign.objects.get(kind=Campaign.Kind.PUBLIC_INQUIRY)
        assert inquiry.cases.filter(category__code="urban_plan_objection").count() >= 3
        assert Activity.objects.count() >= 3
        assert 2 <= LocalService.objects.count() <= 3


# A text of an office's register that was left unfinished: a placeholder not filled in, filler words.
UNFINISHED = re.compile(r"[{}]|lorem|ipsum|\bTODO\b|\bxxx\b", re.IGNORECASE)
LATIN_LETTER = re.compile("[A-Za-z]")
ARABIC_LETTER = re.compile("[\u0621-\u064a]")


def written_by_the_office() -> dict[str, list[str]]:
    """What the office wrote, by kind. Requests sent through the portal are left out: the person wrote them,
    in their own language, and the office answered them in it."""
    cases = Case.objects.exclude(channel=Case.Channel.WEB)
    referrals = Referral.objects.filter(case__in=cases)
    staff = User.objects.filter(role__in=[Role.OFFICE_HEAD, Role.AGENT, Role.VIEWER])
    return {
        "subjects": list(cases.values_list("subject", flat=True)),
        "descriptions": list(cases.values_list("description", flat=True)),
        "notes": list(CaseEvent.objects.filter(case__in=cases).exclude(body="").values_list("body", flat=True)),
        "referrals": [
            text
            for row in referrals.values_list("purpose", "outcome_note", "consent_override_reason")
            for text in row
            if text
        ],
        "office": [
            *(text for row in Campaign.objects.values_list("name", "description") for text in row),
            *(text for row in Activity.objects.values_list("subject", "place") for text in row),
            *(text for row in LocalService.objects.values_list("address", "contact_person") for text in row),
        ],
        "staff": list(staff.values_list("full_name", flat=True)),
    }


def share(items: Sequence[T], test: Callable[[T], bool]) -> float:
    """The share of the items that pass the test."""
    return sum(1 for item in items if test(item)) / len(items)


def in_latin_letters(text: str) -> bool:
    return not names.is_arabic(text)


def test_each_demo_office_has_a_working_language_arabic_in_souss_massa_and_beni_mellal(db: None) -> None:
    from jisr.demo import DEMO_COMMUNES, WORKING_LANGUAGES

    assert set(WORKING_LANGUAGES) == {commune.slug for commune in DEMO_COMMUNES}
    by_region: dict[str, set[str]] = defaultdict(set)
    for commune in DEMO_COMMUNES:
        region = Province.objects.get(code=commune.province).region.code
        by_region[region].add(working_language(commune.slug))
    assert by_region["souss-massa"] == {"ar"}
    assert by_region["beni-mellal-khenifra"] == {"ar"}
    assert by_region["oriental"] == {"ar", "fr"}
    assert working_language("aitmelloul") == "ar"
    assert working_language("nador") == "fr"


def test_an_arabic_office_writes_its_register_in_arabic_in_many_words(office_a: Commune) -> None:
    """Aït Melloul keeps its register in Arabic: cases, notes, referrals, campaigns and staff names are in
    Arabic script, varied, with nothing left unfinished; its head and agent work in Arabic."""
    with schema_context(office_a.schema_name):
        written = written_by_the_office()
        head = User.objects.get(email=office_head_email("aitmelloul"))
        agent = User.objects.get(email=agent_email("aitmelloul"))
        people = list(Person.objects.exclude(status=Person.Status.FOREIGN_NATIONAL))
    for kind in ("subjects", "descriptions", "notes", "referrals"):
        assert len(written[kind]) >= 30, kind
        assert share(written[kind], names.is_arabic) >= 0.9, (
            kind,
            [t for t in written[kind] if not names.is_arabic(t)],
        )
    for kind in ("office", "staff"):
        assert all(names.is_arabic(text) for text in written[kind] if text), written[kind]
    everything = [text for texts in written.values() for text in texts]
    assert not [text for text in everything if UNFINISHED.search(text)]
    letters = "".join(everything)
    assert len(LATIN_LETTER.findall(letters)) < 0.01 * len(ARABIC_LETTER.findall(letters))
    # Not the same few sentences over and over.
    assert len(set(written["subjects"])) >= 0.6 * len(written["subjects"])
    assert len(set(written["descriptions"])) >= 0.6 * len(written["descriptions"])
    assert len(set(written["notes"])) >= 30
    assert len(set(written["referrals"])) >= 30
    # The people are written down in Arabic too, some also (or only) in Latin letters.
    assert share(people, lambda person: bool(person.first_name_ar)) >= 0.8
    assert any(person.first_name_latin for person in people)
    assert (head.preferred_language, agent.preferred_language) == ("ar", "ar")
    assert names.is_arabic(head.full_name)
    assert names.is_arabic(agent.full_name)


def test_a_french_office_writes_its_register_in_french(commune_b: Commune) -> None:
    """Nador's cell keeps its register in French; its head works in French, its agent in Arabic."""
    with schema_context(commune_b.schema_name):
        demo.seed_office(commune_b, rng_seed=2026, today=timezone.localdate())
        written = written_by_the_office()
        head = User.objects.get(email=office_head_email("nador"))
        agent = User.objects.get(email=agent_email("nador"))
        assert Campaign.objects.filter(kind=Campaign.Kind.MARHABA, name__startswith="Opération Marhaba").exists()
        people = list(Person.objects.all())
    for kind in ("subjects", "descriptions", "notes", "referrals"):
        assert share(written[kind], in_latin_letters) >= 0.9, (kind, [t for t in written[kind] if names.is_arabic(t)])
    for kind in ("office", "staff"):
        assert all(in_latin_letters(text) for text in written[kind]), written[kind]
    assert not [text for texts in written.values() for text in texts if UNFINISHED.search(text)]
    assert len(set(written["subjects"])) >= 0.6 * len(written["subjects"])
    assert share(people, lambda person: bool(person.first_name_latin)) >= 0.8
    assert (head.preferred_language, agent.preferred_language) == ("fr", "ar")


# « de » left whole before a vowel: « de Aït Melloul » for « d'Aït Melloul » (jisr.wording.of_place).
DE_BEFORE_A_VOWEL = re.compile(r"\bde [AEÉÈIOUÂÎÔ]")


def texts_of_the_office() -> list[str]:
    """Every text in the office's schema: each text column of the office's apps, and the messages it sent."""
    texts = []
    for model in apps.get_models():
        if not (model._meta.app_config.name.startswith("cases") or model._meta.label == "outbox.Message"):
            continue
        columns = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, CharField | TextField) and not field.choices
        ]
        if columns and model._meta.managed and not model._meta.proxy:
            texts += [text for row in model.objects.values_list(*columns) for text in row if isinstance(text, str)]
    return texts


def test_the_demo_writes_of_a_commune_as_french_and_arabic_do(commune_a: Commune) -> None:
    """Aït Melloul's office, seeded in French: « d'Aït Melloul », never « de Aït Melloul »."""
    with schema_context(commune_a.schema_name):
        demo.seed_office(commune_a, rng_seed=2026, today=timezone.localdate(), language="fr")
        texts = texts_of_the_office()
        inquiry = Campaign.objects.get(kind=Campaign.Kind.PUBLIC_INQUIRY).name
    assert len(texts) > 500
    assert not [text for text in texts if DE_BEFORE_A_VOWEL.search(text)]
    assert inquiry == "Enquête publique du projet de plan d'aménagement d'Aït Melloul"
    assert len([text for text in texts if "Aït Melloul" in text]) >= 3  # named often enough for the scan to matter


def test_the_head_of_an_arabic_office_signs_in_to_an_arabic_office(office_a: Commune) -> None:
    with schema_context(office_a.schema_name):
        head = User.objects.get(email=office_head_email("aitmelloul"))
        subject = Case.objects.exclude(channel=Case.Channel.WEB).order_by("-opened_on", "-pk").first().subject
    client = Client(HTTP_HOST=host_of(office_a))
    response = client.post("/accounts/login/", {"login": head.email, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    page = client.get("/cases/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert escape(head.full_name) in page
    assert escape(subject) in page


def test_the_register_has_people_who_can_be_reached_with_consents_and_families(office_a: Commune) -> None:
    with schema_context(office_a.schema_name):
        people = list(Person.objects.all())
        assert 45 <= len(people) <= 80
        for person in people:
            for number in filter(None, (person.phone, person.whatsapp)):
                parsed = phonenumbers.parse(number)
                assert phonenumbers.is_valid_number(parsed), number
                assert number == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
            assert person.email == "" or person.email.endswith("@example.org")
            assert person.first_name_ar == "" or names.is_arabic(person.first_name_ar)
        countries = {person.residence_country.code for person in people}
        assert len(countries) >= 5
        assert {"FR", "MA"} <= countries
        assert {person.status for person in people} >= {"mre", "rights_holder", "returnee", "foreign_national"}
        consenting = Consent.objects.filter(purpose=Consent.Purpose.SHARE_WITH_SERVICES).count()
        # Those who came or called the office; people who wrote through the portal consent to their request only.
        received = Person.objects.exclude(cases__channel=Case.Channel.WEB).count()
        assert consenting >= 0.75 * received
        assert {link.kind for link in PersonLink.objects.all()} >= {"widow_of", "heir_of", "proxy_for"}
        assert IdentityDocument.objects.exists()

        staff = {user.email: user.role for user in User.objects.all()}
        assert staff[office_head_email("aitmelloul")] == Role.OFFICE_HEAD
        assert staff[agent_email("aitmelloul")] == Role.AGENT
        assert staff[viewer_email("aitmelloul")] == Role.VIEWER
        assert not Case.objects.filter(assigned_to__role=Role.VIEWER).exists()


def test_the_lunar_holidays_are_confirmed_once_for_the_country_and_no_office_repeats_them(
    office_a: Commune, commune_b: Commune
) -> None:
    """The demo confirms the lunar holidays of its months nationally, as the operator does; the offices enter
    none of them (nor any national holiday) as a local closure, and their deadlines skip them all the same."""
    today = timezone.localdate()
    start = today - timedelta(days=demo.HISTORY_DAYS)
    expected = [
        (kind, first_day)
        for kind, first_day, _days in jisr_demo.LUNAR_HOLIDAYS
        if start.year <= first_day.year <= today.year
    ]
    assert expected  # the table has the demo's years: add the next year's dates when this fails
    confirmed = set(LunarHolidayDate.objects.values_list("kind", "first_day"))
    assert set(expected) <= confirmed
    # Run again (the demo is idempotent): nothing added, nothing moved.
    assert jisr_demo.confirm_lunar_holidays(today) == []
    assert set(LunarHolidayDate.objects.values_list("kind", "first_day")) == confirmed

    # Every lunar holiday of those years is the confirmed date, in every commune: none left to the estimate.
    lunar = [
        holiday
        for holiday in holidays.national_holidays(date(start.year, 1, 1), date(today.year, 12, 31))
        if holiday.kind
    ]
    assert not [holiday for holiday in lunar if holiday.estimated]
    assert set(expected) <= {(holiday.kind, holiday.day) for holiday in lunar}
    national_days = {holiday.day for holiday in holidays.national_holidays(start, today + timedelta(days=400))}
    with schema_context(commune_b.schema_name):
        demo.seed_office(commune_b, rng_seed=2026, today=today)
    for commune in (office_a, commune_b):
        with schema_context(commune.schema_name):
            closures = set(Holiday.objects.values_list("day", flat=True))
            assert not closures & national_days, commune.slug
            assert not Case.objects.filter(due_on__in=national_days).exists(), commune.slug


def test_seeding_twice_adds_nothing_and_other_offices_stay_empty(office_a: Commune, commune_b: Commune) -> None:
    def counts() -> list[int]:
        return [model.objects.count() for model in (Person, Case, CaseEvent, Referral, AuditEntry, Campaign, User)]

    with schema_context(office_a.schema_name):
        before = counts()
        demo.seed_office(office_a, rng_seed=99, today=timezone.localdate())
        assert counts() == before
    with schema_context(commune_b.schema_name):
        assert not Person.objects.exists()
        assert not Case.objects.exists()
        assert not Campaign.objects.exists()
        assert not LocalService.objects.exists()
        assert not User.objects.filter(email=agent_email("aitmelloul")).exists()


def test_the_regional_directory_serves_souss_massa_and_the_oriental_in_arabic_and_french(db: None) -> None:
    seeded = ExternalService.objects.exclude(code="").select_related("region", "province")
    by_region = defaultdict(list)
    for service in seeded:
        by_region[service.region.code if service.region else ""].append(service)
        assert names.is_arabic(service.name_ar)
        assert service.name_fr
        assert service.name_en
        assert service.province is None or service.province.region_id == service.region_id
    assert len(by_region["souss-massa"]) >= 10
    assert len(by_region["oriental"]) >= 10
    assert {s.kind for s in by_region[""]} >= {"pension_fund", "consulate", "customs"}
    assert ExternalService.objects.get(code="land-registry-nador").province.code == "nador"


def test_loading_the_directory_again_updates_entries_instead_of_adding_copies(db: None) -> None:
    migration = importlib.import_module("network.migrations.0004_externalservice_code_directory")
    ExternalService.objects.filter(code="pension-cnss").update(name_fr="renamed by hand")
    count = ExternalService.objects.count()
    migration.load(apps, None)
    assert ExternalService.objects.count() == count
    assert ExternalService.objects.get(code="pension-cnss").name_fr.startswith("Caisse nationale de sécurité sociale")


def test_the_office_portal_is_ready_to_use_and_other_offices_get_none_of_it(
    office_a: Commune, commune_b: Commune
) -> None:
    """Timetable with people booked, a published procedures guide, a duty rota, requests sent from abroad
    (the office started on one) and answered surveys; seen through the public pages of the office."""
    today = timezone.localdate()
    with schema_context(office_a.schema_name):
        assert WeeklySlot.objects.filter(active=True).count() >= 20
        assert Closure.objects.filter(starts_on__gt=today).exists()
        booked = list(Booking.objects.filter(status=Booking.Status.BOOKED))
        assert len(booked) >= 4
        assert all(booking.day >= today for booking in booked)
        confirmations = Message.objects.filter(kind="appointment_confirmation")
        for booking in booked:  # each told by the way they chose, and by e-mail too when they gave one
            told = {message.channel for message in confirmations if str(booking.pk) in message.dedupe_key.split(":")}
            assert booking.notify_by in told
            assert ("email" in told) == bool(booking.email)
        assert {booking.notify_by for booking in booked} == {"email", "whatsapp", "sms"}
        published = Procedure.objects.filter(published=True)
        assert published.count() >= 6
        assert Procedure.objects.filter(published=False, template__isnull=False).exists()
        shifts = DutyShift.objects.all()
        assert shifts.filter(day__gt=today).exists()
        assert shifts.filter(day__lte=today).exists()
        assert {shift.kind for shift in shifts} >= {DutyShift.Kind.WEEKEND}
        assert all(shift.day.weekday() in (5, 6) or shift.kind != DutyShift.Kind.WEEKEND for shift in shifts)
        from_abroad = Case.objects.filter(channel=Case.Channel.WEB)
        assert Tracking.objects.filter(case__in=from_abroad).count() >= 3
        assert {case.person.notify_by for case in from_abroad} == {"email", "whatsapp"}
        assert from_abroad.filter(status=S.IN_PROGRESS, events__shareable=True).exists()
        answered = Survey.objects.filter(answered_at__isnull=False)
        assert answered.exists()
        assert all(1 <= survey.score <= 5 for survey in answered)
        assert all(survey.answered_at <= timezone.now() for survey in answered)
        procedure_title = escape(published.order_by("position").first().title_fr)

    client = Client(HTTP_HOST=host_of(office_a), HTTP_ACCEPT_LANGUAGE="fr")
    assert procedure_title in client.get("/guide/").content.decode()
    assert office_a.name_tzm in client.get("/portal/").content.decode()
    in_two_weeks = {"week": (today + timedelta(days=14)).isoformat()}  # the public page shows one week
    assert client.get("/appointments/", in_two_weeks).content.decode().count('class="appointments-slot"') >= 10
    with schema_context(commune_b.schema_name):
        for model in (WeeklySlot, Booking, Procedure, DutyShift, Tracking, Survey):
            assert not model.objects.exists(), model
    other = Client(HTTP_HOST=host_of(commune_b), HTTP_ACCEPT_LANGUAGE="fr")
    assert procedure_title not in other.get("/guide/").content.decode()
