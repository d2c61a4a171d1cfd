"""Retention: closed cases past the commune's years lose their text, people with nothing newer are erased."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from analytics import extraction
from cases.models import AuditEntry, Case, CaseEvent, Person
from cases.services import cases as case_services
from cases.services import erasure, retention
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import facts_of, person
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEARS_AGO = {years: TODAY.replace(year=TODAY.year - years, day=min(TODAY.day, 28)) for years in (1, 2, 6, 7)}


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def registered(actor: User, name: str, on: date) -> Person:
    someone = person(actor, first_name_latin=name)
    Person.objects.filter(pk=someone.pk).update(created_at=moment(on))
    return Person.objects.get(pk=someone.pk)


def closed_case(actor: User, who: Person, closed_on: date) -> Case:
    case = new_case(actor, person=who, opened_on=closed_on - timedelta(days=30), subject=f"Dossier de {who}")
    case_services.add_note(actor=actor, case=case, body=f"{who} a appelé")
    Case.objects.filter(pk=case.pk).update(
        status=Case.Status.CLOSED, answered_at=moment(closed_on), closed_at=moment(closed_on)
    )
    return Case.objects.get(pk=case.pk)


@dataclass
class Office:
    gone: Person  # registered 7 years ago, one case closed 6 years ago
    forgotten: Person  # registered 7 years ago, never a case
    back: Person  # a case closed 6 years ago, and one open today
    recent: Person  # a case closed 2 years ago
    waiting: Person  # a case opened 7 years ago, still open
    newcomer: Person  # registered a year ago, no case
    old_cases: list[Case]  # closed 6 years ago: gone's and back's


@pytest.fixture
def office(head: User, in_a: Commune) -> Office:
    Commune.objects.filter(pk=in_a.pk).update(retention_years=5)
    gone = registered(head, "Gone", YEARS_AGO[7])
    back = registered(head, "Back", YEARS_AGO[7])
    recent = registered(head, "Recent", YEARS_AGO[7])
    waiting = registered(head, "Waiting", YEARS_AGO[7])
    old_cases = [closed_case(head, gone, YEARS_AGO[6]), closed_case(head, back, YEARS_AGO[6])]
    new_case(head, person=back)
    closed_case(head, recent, YEARS_AGO[2])
    new_case(head, person=waiting, opened_on=YEARS_AGO[7])
    return Office(
        gone=gone,
        forgotten=registered(head, "Forgotten", YEARS_AGO[7]),
        back=back,
        recent=recent,
        waiting=waiting,
        newcomer=registered(head, "Newcomer", YEARS_AGO[1]),
        old_cases=old_cases,
    )


def register_state() -> dict[str, Any]:
    return {
        "people": sorted(Person.objects.values_list("pk", "first_name_latin", "phone", "erased_at")),
        "cases": sorted(Case.objects.values_list("pk", "subject", "description")),
        "notes": sorted(CaseEvent.objects.values_list("pk", "body")),
    }


def test_a_dry_run_says_what_a_run_would_do_and_changes_nothing(office: Office) -> None:
    before = register_state()

    plan = retention.apply_retention(dry_run=True)

    assert (plan.years, plan.cases, plan.people, plan.dry_run) == (5, 2, 2, True)
    assert register_state() == before
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ERASE).exists()


def test_a_run_anonymises_the_old_cases_erases_people_with_nothing_newer_and_keeps_the_rest(
    office: Office, in_a: Commune
) -> None:
    extraction.extract_all([in_a], full=True)
    counted = facts_of(in_a)
    plan = retention.apply_retention(dry_run=True)

    done = retention.apply_retention(dry_run=False)

    assert (done.cases, done.people) == (plan.cases, plan.people) == (2, 2)
    erased = set(Person.objects.filter(erased_at__isnull=False).values_list("pk", flat=True))
    assert erased == {office.gone.pk, office.forgotten.pk}
    for kept in (office.back, office.recent, office.waiting, office.newcomer):
        assert Person.objects.get(pk=kept.pk).first_name_latin == kept.first_name_latin
    old = {case.pk for case in office.old_cases}
    for case in Case.objects.all():
        anonymised = (case.subject, case.description) == (erasure.ERASED, "")
        assert anonymised == (case.pk in old), case.reference
    assert set(CaseEvent.objects.filter(case__in=old).values_list("body", flat=True)) == {""}
    assert "" not in set(CaseEvent.objects.exclude(case__in=old).filter(kind="note").values_list("body", flat=True))
    logged = AuditEntry.objects.filter(action=AuditEntry.Action.ERASE, actor__isnull=True)
    assert {(entry.target_type, entry.target_id) for entry in logged} == {("case", pk) for pk in old} | {
        ("person", pk) for pk in erased
    }
    assert all(entry.detail.startswith("retention: nothing newer than 5 years") for entry in logged)
    assert facts_of(in_a) == counted  # the statistics do not move
    extraction.extract_all([in_a], full=True)
    assert facts_of(in_a) == counted

    again = retention.apply_retention(dry_run=False)
    assert (again.cases, again.people) == (0, 0)


def test_each_commune_keeps_its_own_rule_and_data(office: Office, in_a: Commune, commune_b: Commune) -> None:
    with schema_context(commune_b.schema_name):
        other_head = make_staff(commune_b, role=Role.OFFICE_HEAD)
        there = registered(other_head, "Nador", YEARS_AGO[7])
        closed_case(other_head, there, YEARS_AGO[6])
        before_b = register_state()
    Commune.objects.filter(pk=commune_b.pk).update(retention_years=10)

    out = StringIO()
    call_command("apply_retention", stdout=out)

    assert f"{in_a.slug} (5 years" in out.getvalue()
    assert "2 cases were anonymised, 2 people were erased" in out.getvalue()
    assert f"{commune_b.slug} (10 years" in out.getvalue()
    assert "0 cases were anonymised, 0 people were erased" in out.getvalue()
    with schema_context(commune_b.schema_name):
        assert register_state() == before_b
    with schema_context(in_a.schema_name):
        assert Person.objects.filter(erased_at__isnull=False).count() == 2


def test_the_command_dry_run_and_an_unknown_commune(office: Office, in_a: Commune) -> None:
    from django.core.management import CommandError

    before = register_state()
    out = StringIO()
    call_command("apply_retention", str(in_a.slug), "--dry-run", stdout=out)
    assert "2 cases would be anonymised, 2 people would be erased" in out.getvalue()
    with schema_context(in_a.schema_name):
        assert register_state() == before
    with pytest.raises(CommandError, match="nowhere"):
        call_command("apply_retention", "nowhere")


def test_the_cutoff_of_29_february() -> None:
    assert retention.cutoff_for(5, date(2028, 2, 29)) == date(2023, 2, 28)
    assert retention.cutoff_for(4, date(2028, 2, 29)) == date(2024, 2, 29)


def test_beat_applies_retention_in_every_office_at_night(commune_a: Commune, commune_b: Commune) -> None:
    from cases.tasks import every_office
    from jisr.celery import app

    entry = app.conf.beat_schedule["cases-retention"]
    assert (entry["task"], entry["args"]) == ("cases.every_office", ["cases.apply_retention"])
    assert entry["schedule"].hour == {2}
    assert every_office("cases.apply_retention") >= 2  # queued for each active commune
