"""The on-duty rota: the office head plans, staff see their duties, the public sees times only."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from cases.errors import CaseError
from cases.guide import selectors, services
from cases.guide.models import DutyShift
from cases.models import Campaign, Holiday
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.guide.conftest import field_block, public, signed_in
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

SATURDAY = date(2030, 6, 1)
MONDAY = date(2030, 6, 3)
THRONE_DAY = date(2030, 7, 30)  # a Tuesday, a fixed public holiday
SUMMER_MONDAY = date(2030, 7, 15)


def plan(
    actor: User, staff: User, day: date, start: str = "09:00", end: str = "12:00", kind: str = "other"
) -> DutyShift:
    return services.plan_shift(
        actor=actor,
        staff=staff,
        day=day,
        starts_at=time.fromisoformat(start),
        ends_at=time.fromisoformat(end),
        kind=kind,
    )


def refusal(call: object) -> dict[str, list[str]]:
    with pytest.raises(CaseError) as refused:
        call()  # type: ignore[operator]
    return refused.value.message_dict


def marhaba() -> Campaign:
    return Campaign.objects.create(
        name="Marhaba 2030", kind=Campaign.Kind.MARHABA, starts_on=date(2030, 6, 5), ends_on=date(2030, 9, 15)
    )


def test_kinds_must_match_the_day(head: User, agent: User) -> None:
    assert plan(head, agent, SATURDAY, kind="weekend").kind == "weekend"
    assert plan(head, agent, THRONE_DAY, kind="holiday").kind == "holiday"
    assert plan(head, agent, MONDAY, kind="other").kind == "other"
    assert "kind" in refusal(lambda: plan(head, agent, MONDAY, "13:00", "14:00", kind="weekend"))
    assert "kind" in refusal(lambda: plan(head, agent, MONDAY, "13:00", "14:00", kind="holiday"))
    assert "kind" in refusal(lambda: plan(head, agent, SUMMER_MONDAY, kind="marhaba"))
    marhaba()
    assert plan(head, agent, SUMMER_MONDAY, kind="marhaba").kind == "marhaba"
    Holiday.objects.create(day=MONDAY + timedelta(days=7), name_fr="Aïd", name_ar="عيد")
    assert plan(head, agent, MONDAY + timedelta(days=7), kind="holiday").kind == "holiday"


def test_no_overlap_for_one_person_but_colleagues_may_share(head: User, agent: User, viewer: User) -> None:
    plan(head, agent, SATURDAY, "09:00", "13:00", "weekend")
    errors = refusal(lambda: plan(head, agent, SATURDAY, "12:00", "15:00", "weekend"))
    assert "already on duty from 09:00 to 13:00" in errors["starts_at"][0]
    assert plan(head, agent, SATURDAY, "13:00", "15:00", "weekend")  # touching is fine
    assert plan(head, viewer, SATURDAY, "09:00", "13:00", "weekend")
    assert "ends_at" in refusal(lambda: plan(head, viewer, SATURDAY, "18:00", "17:00", "weekend"))
    assert "ends_at" in refusal(lambda: plan(head, viewer, SATURDAY, "18:00", "18:00", "weekend"))


def test_only_active_office_staff_can_be_on_duty(head: User, in_a: Commune) -> None:
    gone = make_staff(in_a, role=Role.AGENT, email="gone@aitmelloul.test")
    gone.is_active = False
    gone.save()
    assert "staff" in refusal(lambda: plan(head, gone, SATURDAY, kind="weekend"))
    client = signed_in(in_a, head)
    form = {
        "staff": gone.pk,
        "day": "2030-06-01",
        "starts_at": "09:00",
        "ends_at": "12:00",
        "kind": "weekend",
        "note": "Permanence",
    }
    response = client.post("/guide/office/rota/", form)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Only active staff of the office can be on duty." in field_block(page, "staff")
    assert 'value="Permanence"' in page
    with schema_context(in_a.schema_name):
        assert not DutyShift.objects.exists()


def test_rota_rule_errors_sit_next_to_the_fields_and_keep_the_input(head: User, agent: User, in_a: Commune) -> None:
    client = signed_in(in_a, head)
    base = {"staff": agent.pk, "day": "2030-06-03", "starts_at": "09:00", "ends_at": "12:00", "note": "Accueil"}
    response = client.post("/guide/office/rota/", {**base, "kind": "weekend"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This day is not a weekend day." in field_block(page, "kind")
    assert 'value="2030-06-03"' in field_block(page, "day")
    response = client.post("/guide/office/rota/", {**base, "day": "2030-07-15", "kind": "marhaba"})
    assert "not inside an Opération Marhaba campaign" in field_block(response.content.decode(), "kind")
    assert client.post("/guide/office/rota/", {**base, "kind": "other"}).status_code == 302
    response = client.post("/guide/office/rota/", {**base, "starts_at": "11:00", "ends_at": "14:00", "kind": "other"})
    assert "already on duty" in field_block(response.content.decode(), "starts_at")
    response = client.post("/guide/office/rota/", {**base, "starts_at": "15:00", "ends_at": "14:00", "kind": "other"})
    assert "must end after it starts" in field_block(response.content.decode(), "ends_at")
    page = client.get("/guide/office/rota/?month=2030-06").content.decode()
    assert "Accueil" in page
    assert agent.get_full_name() in page
    with schema_context(in_a.schema_name):
        assert DutyShift.objects.count() == 1


def test_bad_rota_input_is_a_message_not_a_failure(head: User, in_a: Commune) -> None:
    client = signed_in(in_a, head)
    bad = {
        "staff": "99999999999",
        "day": "2030-02-30",
        "starts_at": "25:00",
        "ends_at": "\x00",
        "kind": "party",
        "note": "x\x00",
    }
    response = client.post("/guide/office/rota/", bad)
    assert response.status_code == 400
    page = response.content.decode()
    for name in ("staff", "day", "starts_at", "ends_at", "kind", "note"):
        assert "field__error" in field_block(page, name), name
    for month in ("9999-99", "%00", "2030-13", "abc", "-1"):
        assert client.get(f"/guide/office/rota/?month={month}").status_code == 200
    assert client.post("/guide/office/rota/99999999/remove/").status_code == 404


def test_removing_a_shift(head: User, agent: User, in_a: Commune) -> None:
    shift = plan(head, agent, SATURDAY, kind="weekend")
    client = signed_in(in_a, head)
    response = client.post(f"/guide/office/rota/{shift.pk}/remove/")
    assert response.status_code == 302
    assert response["Location"].endswith("?month=2030-06")
    with schema_context(in_a.schema_name):
        assert not DutyShift.objects.exists()


def test_agents_cannot_plan_and_viewers_can_read_the_rota(head: User, agent: User, viewer: User, in_a: Commune) -> None:
    shift = plan(head, agent, SATURDAY, kind="weekend")
    with pytest.raises(PermissionDenied):
        plan(agent, agent, SATURDAY + timedelta(days=1), kind="weekend")
    for user in (agent, viewer):
        client = signed_in(in_a, user)
        page = client.get("/guide/office/rota/?month=2030-06")
        assert page.status_code == 200
        assert "Add a shift" not in page.content.decode()
        form = {"staff": user.pk, "day": "2030-06-02", "starts_at": "09:00", "ends_at": "12:00", "kind": "weekend"}
        assert client.post("/guide/office/rota/", form).status_code == 403
        assert client.post(f"/guide/office/rota/{shift.pk}/remove/").status_code == 403
    with schema_context(in_a.schema_name):
        assert list(DutyShift.objects.values_list("pk", flat=True)) == [shift.pk]


def test_my_duties_lists_only_my_coming_shifts(head: User, agent: User, viewer: User, in_a: Commune) -> None:
    plan(head, agent, SATURDAY, kind="weekend", start="08:30")
    plan(head, viewer, SATURDAY, kind="weekend", start="10:45")
    page = signed_in(in_a, agent).get("/guide/office/my-duties/").content.decode()
    assert "08:30" in page
    assert "10:45" not in page
    page = signed_in(in_a, viewer).get("/guide/office/my-duties/").content.decode()
    assert "10:45" in page
    assert "08:30" not in page


def test_duty_now_and_upcoming_merge_shifts_and_leave_out_the_past(head: User, agent: User, viewer: User) -> None:
    plan(head, agent, SATURDAY, "09:00", "12:00", "weekend")
    plan(head, viewer, SATURDAY, "11:00", "14:00", "weekend")
    plan(head, viewer, SATURDAY + timedelta(days=1), "10:00", "12:00", "weekend")
    plan(head, agent, SATURDAY + timedelta(days=20), "10:00", "12:00", "other")
    at = timezone.make_aware(datetime(2030, 6, 1, 10, 0))
    now = selectors.duty_now(now=at)
    assert [(slot.day, slot.starts_at, slot.ends_at) for slot in now.current] == [(SATURDAY, time(9), time(14))]
    assert [(slot.day, slot.starts_at) for slot in now.upcoming] == [(SATURDAY + timedelta(days=1), time(10))]
    later = timezone.make_aware(datetime(2030, 6, 1, 15, 0))
    assert [slot.day for slot in selectors.duty_upcoming(14, now=later)] == [SATURDAY + timedelta(days=1)]
    assert len(selectors.duty_upcoming(30, now=later)) == 2
    assert selectors.duty_now(now=later).current == []


def test_the_public_duty_page_shows_times_and_regular_hours_but_no_names(head: User, in_a: Commune) -> None:
    secret = make_staff(in_a, role=Role.AGENT, email="zineb@aitmelloul.test")
    secret.full_name = "Zineb Secretname"
    secret.save()
    tomorrow = timezone.localdate() + timedelta(days=1)
    services.plan_shift(
        actor=head,
        staff=secret,
        day=tomorrow,
        starts_at=time(9, 15),
        ends_at=time(12, 45),
        kind="other",
        note="Note interne",
    )
    Commune.objects.filter(pk=in_a.pk).update(opening_hours_fr="Lundi-vendredi 8h30-16h30")
    page = public(in_a).get("/guide/on-duty/").content.decode()
    assert "09:15" in page
    assert "12:45" in page
    assert "Lundi-vendredi 8h30-16h30" in page
    assert "Secretname" not in page
    assert "Zineb" not in page
    assert "Note interne" not in page
    assert 'aria-current="page"' in page
