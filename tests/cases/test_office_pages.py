"""The office's settings pages and its audit log, as the office head, the agents and the auditor see them."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from cases.models import Activity, AuditEntry, Campaign, Category, Holiday, LocalService
from cases.services import audit
from jisr.accounts.models import Invitation, Role, User
from jisr.outbox.models import Message
from network.models import ExternalService
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import person
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

MANAGEMENT_PAGES = [
    "/office/",
    "/office/categories/",
    "/office/categories/new/",
    "/office/holidays/",
    "/office/campaigns/",
    "/office/campaigns/new/",
    "/office/services/",
    "/office/services/new/",
    "/office/staff/",
]


def signed_in(commune: Commune, user: User, language: str = "en") -> Client:
    """A browser signed in on the commune's host, without the login page (and its rate limit of 30 a minute).

    The language cookie wins over the account's language; the messages checked below are the English ones.
    """
    client = client_for(commune)
    with schema_context(commune.schema_name):
        client.force_login(user)
    client.cookies["django_language"] = language
    return client


def page_of(response: object) -> str:
    return response.content.decode()  # type: ignore[attr-defined]


def field_block(html: str, name: str) -> str:
    """The markup of one form field (label, input, errors), to check an error sits next to its field."""
    for block in html.split('<div class="field'):
        if f'name="{name}"' in block:
            return block
    raise AssertionError(f"no field {name!r} on the page")


@pytest.fixture
def head_client(head: User, in_a: Commune) -> Client:
    return signed_in(in_a, head)


@pytest.fixture
def campaign(in_a: Commune) -> Campaign:
    return Campaign.objects.create(
        name="Opération Marhaba 2026", kind=Campaign.Kind.MARHABA, starts_on=date(2026, 6, 5), ends_on=date(2026, 9, 15)
    )


@pytest.fixture
def local_service(in_a: Commune) -> LocalService:
    return LocalService.objects.create(name_fr="Agence urbaine d'Agadir", kind="urban_agency", phone="+212528241234")


# --- Every page, in both directions ------------------------------------------


@pytest.mark.parametrize(
    ("language", "direction", "commune_name"), [("fr", "ltr", "Aït Melloul"), ("ar", "rtl", "أيت ملول")]
)
def test_the_office_head_opens_every_settings_page_in_french_and_arabic(
    head: User,
    in_a: Commune,
    campaign: Campaign,
    local_service: LocalService,
    language: str,
    direction: str,
    commune_name: str,
) -> None:
    head_client = signed_in(in_a, head, language=language)
    with schema_context(in_a.schema_name):
        holiday = Holiday.objects.create(day=date(2026, 3, 20), name_fr="Aïd al-Fitr", name_ar="عيد الفطر")
        category = Category.objects.get(code="foreign_pension")
    pages = [
        *MANAGEMENT_PAGES,
        f"/office/categories/{category.pk}/",
        f"/office/campaigns/{campaign.pk}/",
        f"/office/services/{local_service.pk}/",
        f"/office/holidays/{holiday.pk}/delete/",
        "/office/activities/",
        "/audit/",
    ]
    for path in pages:
        response = head_client.get(path)
        assert response.status_code == 200, path
        assert f'<html lang="{language}" dir="{direction}">' in page_of(response), path
        assert commune_name in page_of(response), path


def test_the_holiday_page_shows_the_national_holidays_of_the_year_read_only(head_client: Client) -> None:
    page = page_of(head_client.get("/office/holidays/?year=2026"))
    assert "Fête du Trône" in page
    assert "رأس السنة الأمازيغية" in page  # observed since 2024
    assert "رأس السنة الأمازيغية" not in page_of(head_client.get("/office/holidays/?year=2020"))
    # A year that is not one falls back to this year rather than failing.
    assert head_client.get("/office/holidays/?year=abc").status_code == 200
    assert head_client.get("/office/holidays/?year=99999999999999999999").status_code == 200


def test_empty_lists_say_so(head_client: Client) -> None:
    assert "No campaigns yet" in page_of(head_client.get("/office/campaigns/"))
    assert "The office has no entries of its own yet" in page_of(head_client.get("/office/services/"))
    assert "No activity recorded" in page_of(head_client.get("/office/activities/"))


# --- Who may see what -----------------------------------------------------------


@pytest.mark.parametrize("role", [Role.AGENT, Role.VIEWER, Role.AUDITOR])
def test_other_roles_get_403_on_every_management_page(in_a: Commune, campaign: Campaign, role: str) -> None:
    client = signed_in(in_a, make_staff(in_a, role=role))
    for path in [*MANAGEMENT_PAGES, f"/office/campaigns/{campaign.pk}/"]:
        assert client.get(path).status_code == 403, path
    form = {"name_fr": "Sans droit", "name_ar": "بدون حق", "sla_business_days": "5", "active": "on"}
    assert client.post("/office/categories/new/", form).status_code == 403
    invitation = {"email": "intruder@example.com", "role": Role.OFFICE_HEAD, "language": "fr"}
    assert client.post("/office/staff/", invitation).status_code == 403
    with schema_context(in_a.schema_name):
        assert not Category.objects.filter(name_fr="Sans droit").exists()
        assert not Invitation.objects.filter(email="intruder@example.com").exists()
        assert not Message.objects.filter(recipient="intruder@example.com").exists()


def test_the_office_menu_is_only_for_the_office_head(head_client: Client, in_a: Commune) -> None:
    assert 'href="/office/"' in page_of(head_client.get("/office/activities/"))
    agent_client = signed_in(in_a, make_staff(in_a, role=Role.AGENT))
    assert 'href="/office/"' not in page_of(agent_client.get("/office/activities/"))


def test_agents_keep_the_activity_log_and_viewers_cannot(in_a: Commune) -> None:
    agent_client = signed_in(in_a, make_staff(in_a, role=Role.AGENT))
    response = agent_client.post(
        "/office/activities/",
        {"kind": "open_day", "subject": "Journée portes ouvertes", "place": "Salle des fêtes", "day": "2026-07-12"},
    )
    assert response.status_code == 302
    assert "Journée portes ouvertes" in page_of(agent_client.get(response["Location"]))
    viewer_client = signed_in(in_a, make_staff(in_a, role=Role.VIEWER))
    assert viewer_client.get("/office/activities/").status_code == 403
    assert (
        viewer_client.post("/office/activities/", {"kind": "meeting", "subject": "x", "day": "2026-01-05"}).status_code
        == 403
    )


def test_the_auditor_reads_the_audit_log(in_a: Commune, head: User, auditor: User) -> None:
    with schema_context(in_a.schema_name):
        someone = person(head)
    response = signed_in(in_a, auditor).get("/audit/")
    assert response.status_code == 200
    page = page_of(response)
    assert f"#{someone.pk}" in page
    assert f'href="?who={head.pk}"' in page
    assert "Fatima" not in page  # names stay out of the log


def test_pages_ask_for_a_login(in_a: Commune) -> None:
    for path in [*MANAGEMENT_PAGES, "/audit/", "/office/activities/"]:
        response = client_for(in_a).get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/accounts/login/")


# --- Categories ----------------------------------------------------------------


def test_head_adds_a_category_and_changes_its_time_to_answer(head_client: Client, in_a: Commune) -> None:
    response = head_client.post(
        "/office/categories/new/",
        {"name_fr": "Plan d'aménagement de la corniche", "name_ar": "تصميم التهيئة", "sla_business_days": "12",
         "active": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    with schema_context(in_a.schema_name):
        category = Category.objects.get(name_fr="Plan d'aménagement de la corniche")
    assert (category.sla_business_days, category.active) == (12, True)
    listing = page_of(head_client.get(response["Location"]))
    assert "Plan d&#x27;aménagement de la corniche" in listing
    assert "saved" in listing  # the success message

    response = head_client.post(
        f"/office/categories/{category.pk}/",
        {"name_fr": category.name_fr, "name_ar": category.name_ar, "sla_business_days": "8"},
    )
    assert response.status_code == 302
    with schema_context(in_a.schema_name):
        category.refresh_from_db()
    assert (category.sla_business_days, category.active) == (8, False)  # unticked: no longer in use


@pytest.mark.parametrize(("typed", "message"), [("0", "Between 1 and 365"), ("400", "Between 1 and 365"),
                                                ("douze", "Enter a whole number")])  # fmt: skip
def test_a_wrong_time_to_answer_is_refused_and_what_was_typed_stays(
    head_client: Client, in_a: Commune, typed: str, message: str
) -> None:
    with schema_context(in_a.schema_name):
        category = Category.objects.get(code="civil_status")
    response = head_client.post(
        f"/office/categories/{category.pk}/",
        {"name_fr": "État civil (modifié)", "name_ar": category.name_ar, "sla_business_days": typed, "active": "on"},
    )
    assert response.status_code == 400
    page = page_of(response)
    block = field_block(page, "sla_business_days")
    assert message in block
    assert f'value="{typed}"' in block
    assert 'value="État civil (modifié)"' in page
    with schema_context(in_a.schema_name):
        category.refresh_from_db()
    assert (category.name_fr, category.sla_business_days) == ("État civil et archives", 5)


def test_a_category_needs_its_names(head_client: Client) -> None:
    response = head_client.post("/office/categories/new/", {"name_fr": "", "name_ar": "", "sla_business_days": "5"})
    assert response.status_code == 400
    assert "field__error" in field_block(page_of(response), "name_fr")


# --- Holidays ------------------------------------------------------------------


def test_head_enters_a_local_closure_once_and_removes_it_after_confirming(head_client: Client, in_a: Commune) -> None:
    form = {"day": "2026-06-03", "name_fr": "Moussem de la commune", "name_ar": "موسم الجماعة"}
    response = head_client.post("/office/holidays/", form)
    assert response.status_code == 302
    assert response["Location"].endswith("?year=2026")
    assert "Moussem de la commune" in page_of(head_client.get(response["Location"]))

    again = head_client.post("/office/holidays/", {**form, "name_fr": "Moussem (2e jour)"})
    assert again.status_code == 400
    assert "There is already a holiday on this day." in field_block(page_of(again), "day")
    assert 'value="Moussem (2e jour)"' in page_of(again)

    with schema_context(in_a.schema_name):
        holiday = Holiday.objects.get(day=date(2026, 6, 3))
    confirm = head_client.get(f"/office/holidays/{holiday.pk}/delete/")
    assert confirm.status_code == 200
    assert 'method="post"' in page_of(confirm)
    with schema_context(in_a.schema_name):
        assert Holiday.objects.filter(pk=holiday.pk).exists()  # looking does not remove
    assert head_client.post(f"/office/holidays/{holiday.pk}/delete/").status_code == 302
    with schema_context(in_a.schema_name):
        assert not Holiday.objects.filter(pk=holiday.pk).exists()
    assert head_client.post(f"/office/holidays/{holiday.pk}/delete/").status_code == 404


@pytest.mark.parametrize("day", ["2026-02-30", "hier", ""])
def test_a_holiday_on_a_date_that_is_not_one_is_a_form_error(head_client: Client, day: str) -> None:
    response = head_client.post("/office/holidays/", {"day": day, "name_fr": "Mawlid", "name_ar": "المولد النبوي"})
    assert response.status_code == 400
    assert "field__error" in field_block(page_of(response), "day")


# --- Campaigns -----------------------------------------------------------------


def test_a_campaign_that_ends_before_it_starts_says_so_at_its_end_date(head_client: Client, in_a: Commune) -> None:
    form = {"name": "Enquête publique PA", "kind": "public_inquiry", "starts_on": "2023-04-27", "ends_on": "2023-03-24"}
    response = head_client.post("/office/campaigns/new/", form)
    assert response.status_code == 400
    page = page_of(response)
    assert "The campaign ends before it starts." in field_block(page, "ends_on")
    assert 'value="2023-03-24"' in field_block(page, "ends_on")
    assert 'value="Enquête publique PA"' in page
    with schema_context(in_a.schema_name):
        assert not Campaign.objects.exists()

    response = head_client.post("/office/campaigns/new/", {**form, "starts_on": "2023-03-24", "ends_on": "2023-04-27"})
    assert response.status_code == 302
    listing = page_of(head_client.get("/office/campaigns/"))
    assert "Enquête publique PA" in listing
    assert "public inquiry" in listing


def test_a_campaign_shows_how_many_cases_are_tagged_with_it(
    head_client: Client, in_a: Commune, head: User, campaign: Campaign
) -> None:
    from tests.cases.test_workflow import new_case

    with schema_context(in_a.schema_name):
        new_case(head).campaigns.add(campaign)
    page = page_of(head_client.get(f"/office/campaigns/{campaign.pk}/"))
    assert "1 case tagged with this campaign." in page
    assert f"?campaign={campaign.pk}" in page
    assert f'value="{campaign.name}"' in page


def test_a_campaign_with_a_date_that_is_not_one_is_a_form_error(head_client: Client, campaign: Campaign) -> None:
    response = head_client.post(
        f"/office/campaigns/{campaign.pk}/",
        {"name": campaign.name, "kind": "marhaba", "starts_on": "2026-13-01", "ends_on": "2026-09-15"},
    )
    assert response.status_code == 400
    assert "field__error" in field_block(page_of(response), "starts_on")


# --- Activity log ----------------------------------------------------------------


def test_activities_are_listed_newest_first_by_year(head_client: Client, in_a: Commune, head: User) -> None:
    with schema_context(in_a.schema_name):
        for day, subject in [(date(2025, 3, 1), "Réunion 2025"), (date(2026, 1, 10), "Formation CNDP"),
                             (date(2026, 5, 2), "Émission radio Souss")]:  # fmt: skip
            Activity.objects.create(kind="meeting", subject=subject, day=day, recorded_by=head)
    page = page_of(head_client.get("/office/activities/?year=2026"))
    assert page.index("Émission radio Souss") < page.index("Formation CNDP")
    assert "Réunion 2025" not in page
    assert "Réunion 2025" in page_of(head_client.get("/office/activities/?year=2025"))
    assert head_client.get("/office/activities/?year=x&kind=nonsense&page=zz").status_code == 200


def test_an_activity_without_subject_keeps_what_was_typed(head_client: Client) -> None:
    response = head_client.post(
        "/office/activities/", {"kind": "radio", "subject": "  ", "place": "Radio Agadir", "day": "2026-02-03"}
    )
    assert response.status_code == 400
    page = page_of(response)
    assert "field__error" in field_block(page, "subject")
    assert 'value="Radio Agadir"' in page


# --- Directory of services ---------------------------------------------------------


def test_the_regional_directory_is_read_only_and_the_local_one_editable(
    head_client: Client, in_a: Commune, local_service: LocalService
) -> None:
    ExternalService.objects.create(
        name_fr="Caisse nationale de sécurité sociale", name_ar="الصندوق الوطني للضمان الاجتماعي",
        name_en="CNSS", kind="pension_fund",
    )  # fmt: skip
    page = page_of(head_client.get("/office/services/"))
    assert "CNSS" in page  # the name in the reader's language
    assert "regional" in page
    # One edit link: the office's own entry; the regional one has none.
    assert re.findall(r"/office/services/(\d+)/", page) == [str(local_service.pk)]
    head_client.cookies["django_language"] = "ar"
    assert "الصندوق الوطني للضمان الاجتماعي" in page_of(head_client.get("/office/services/"))


def test_a_local_service_with_a_wrong_email_is_refused(head_client: Client, in_a: Commune) -> None:
    form = {"name_fr": "Amendis Tétouan", "kind": "utility", "email": "contact@", "phone": "0528 24 12 34"}
    response = head_client.post("/office/services/new/", form)
    assert response.status_code == 400
    page = page_of(response)
    assert "Enter a valid email address." in field_block(page, "email")
    assert 'value="Amendis Tétouan"' in page
    with schema_context(in_a.schema_name):
        assert not LocalService.objects.exists()

    bad_phone = head_client.post("/office/services/new/", {**form, "email": "", "phone": "12"})
    assert bad_phone.status_code == 400
    assert "This is not a valid phone number." in field_block(page_of(bad_phone), "phone")

    response = head_client.post("/office/services/new/", {**form, "email": "Contact@Amendis.ma", "active": "on"})
    assert response.status_code == 302
    with schema_context(in_a.schema_name):
        service = LocalService.objects.get()
    assert (service.email, service.phone) == ("contact@amendis.ma", "+212528241234")


def test_a_local_service_is_deactivated_not_deleted(
    head_client: Client, in_a: Commune, local_service: LocalService
) -> None:
    response = head_client.post(
        f"/office/services/{local_service.pk}/",
        {"name_fr": local_service.name_fr, "kind": local_service.kind, "phone": local_service.phone},
    )
    assert response.status_code == 302
    with schema_context(in_a.schema_name):
        local_service.refresh_from_db()
    assert local_service.active is False
    assert local_service.name_fr not in page_of(head_client.get("/office/services/"))
    assert local_service.name_fr.replace("'", "&#x27;") in page_of(head_client.get("/office/services/?show=all"))


# --- Staff -----------------------------------------------------------------------


def test_head_invites_an_agent_and_the_email_waits_in_the_outbox(head_client: Client, in_a: Commune) -> None:
    response = head_client.post(
        "/office/staff/",
        {"email": "Nadia.Agent@Example.com", "full_name": "Nadia Amrani", "role": Role.AGENT, "language": "ar"},
    )
    assert response.status_code == 302
    with schema_context(in_a.schema_name):
        invitation = Invitation.objects.get(email="nadia.agent@example.com")
        message = Message.objects.get(recipient="nadia.agent@example.com")
    assert invitation.role == Role.AGENT
    assert (message.kind, message.language) == ("invitation", "ar")
    assert invitation.token in message.body
    page = page_of(head_client.get("/office/staff/"))
    assert "nadia.agent@example.com" in page
    assert "Invitation sent" in page


def test_an_invitation_to_a_known_or_wrong_address_is_refused(head_client: Client, head: User) -> None:
    taken = head_client.post("/office/staff/", {"email": head.email, "role": Role.AGENT, "language": "fr"})
    assert taken.status_code == 400
    assert "exists already" in field_block(page_of(taken), "email")

    wrong = head_client.post("/office/staff/", {"email": "nobody@", "full_name": "Personne", "role": "operator",
                                                "language": "fr"})  # fmt: skip
    assert wrong.status_code == 400
    page = page_of(wrong)
    assert "field__error" in field_block(page, "email")
    assert "field__error" in field_block(page, "role")  # a platform role is not offered in an office
    assert 'value="Personne"' in page


# --- Audit log -------------------------------------------------------------------


def test_the_audit_log_filters_by_who_action_target_and_date(
    in_a: Commune, head: User, agent: User, auditor: User
) -> None:
    with schema_context(in_a.schema_name):
        someone = person(agent)  # created by the agent
        other = person(head, first_name_latin="Ahmed")
        audit.record(actor=head, action=AuditEntry.Action.VIEW, target=someone)
        old = audit.record(actor=head, action=AuditEntry.Action.PRINT, target=other)
        AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    client = signed_in(in_a, auditor)

    def rows(query: str) -> list[str]:
        response = client.get(f"/audit/?{query}")
        assert response.status_code == 200, query
        return re.findall(r"<tr>\s*<td><time", page_of(response))

    assert len(rows("")) == 4
    assert len(rows(f"who={agent.pk}")) == 1
    assert len(rows("action=view")) == 1
    assert len(rows("target_type=person")) == 4
    assert len(rows(f"target_type=person&target_id={other.pk}")) == 2
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert len(rows(f"date_from={since}")) == 3
    assert len(rows(f"date_to={since}")) == 1
    assert len(rows(f"date_from={since}&action=print")) == 0


@pytest.mark.parametrize(
    "query",
    ["who=abc", "who=999999", "action=drop", "target_type=x%27%3B", "target_id=-3", "target_id=99999999999999999999999",
     "date_from=2026-02-31", "date_from=2026-05-01&date_to=2026-04-01", "page=0", "page=9999", "page=x"],
)  # fmt: skip
def test_filters_that_do_not_parse_are_reported_not_crashed_on(
    in_a: Commune, head: User, auditor: User, query: str
) -> None:
    with schema_context(in_a.schema_name):
        person(head)
    response = signed_in(in_a, auditor).get(f"/audit/?{query}")
    assert response.status_code == 200


def test_the_audit_log_is_paginated(in_a: Commune, head: User) -> None:
    with schema_context(in_a.schema_name):
        someone = person(head)
        AuditEntry.objects.bulk_create(
            AuditEntry(actor=head, action="view", target_type="person", target_id=someone.pk) for _ in range(60)
        )
    client = signed_in(in_a, head)
    first = page_of(client.get("/audit/?action=view"))
    assert "Page 1 of 2" in first
    assert "action=view&amp;page=2" in first
    assert "Page 2 of 2" in page_of(client.get("/audit/?action=view&page=2"))


# --- One commune's settings stay its own ------------------------------------------


def test_another_communes_head_cannot_reach_these_settings_by_id(
    commune_a: Commune, commune_b: Commune, campaign: Campaign, local_service: LocalService, head: User
) -> None:
    with schema_context(commune_a.schema_name):
        category = Category.objects.create(code="a-only", name_fr="Propre à Aït Melloul", name_ar="خاص")
        holiday = Holiday.objects.create(day=date(2026, 8, 26), name_fr="Mawlid", name_ar="المولد")
    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    client_b = signed_in(commune_b, head_b)
    for path in [f"/office/categories/{category.pk}/", f"/office/campaigns/{campaign.pk}/",
                 f"/office/services/{local_service.pk}/", f"/office/holidays/{holiday.pk}/delete/"]:  # fmt: skip
        assert client_b.get(path).status_code == 404, path
        assert client_b.post(path, {"name_fr": "Pris", "name": "Pris"}).status_code == 404, path
    with schema_context(commune_a.schema_name):
        assert Category.objects.get(pk=category.pk).name_fr == "Propre à Aït Melloul"
        assert Campaign.objects.get(pk=campaign.pk).name == "Opération Marhaba 2026"
        assert Holiday.objects.filter(pk=holiday.pk).exists()


def test_a_communes_lists_never_show_another_communes_rows(commune_a: Commune, commune_b: Commune, head: User) -> None:
    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    with schema_context(commune_b.schema_name):
        Category.objects.create(code="nador-only", name_fr="Catégorie de Nador", name_ar="فئة الناظور")
        Holiday.objects.create(day=date(2026, 6, 16), name_fr="Fête de Nador", name_ar="عيد الناظور")
        Campaign.objects.create(name="Campagne de Nador", starts_on=date(2026, 1, 1), ends_on=date(2026, 2, 1))
        Activity.objects.create(kind="radio", subject="Radio de Nador", day=date(2026, 1, 5))
        LocalService.objects.create(name_fr="Service de Nador", kind="other")
        Invitation.objects.create(email="invite@nador.test", role=Role.AGENT)
        audit.record(actor=head_b, action=AuditEntry.Action.VIEW, target=head_b)
    client_a = signed_in(commune_a, head)
    lists = ["/office/", "/office/categories/", "/office/holidays/?year=2026", "/office/campaigns/",
             "/office/activities/?year=2026", "/office/services/?show=all", "/office/staff/", "/audit/"]  # fmt: skip
    for path in lists:
        page = page_of(client_a.get(path))
        for foreign in ["Nador", "الناظور", "nador.test", head_b.full_name]:
            assert foreign not in page, (path, foreign)


def test_a_session_from_another_commune_is_not_valid_here(commune_a: Commune, commune_b: Commune) -> None:
    head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
    client_b = signed_in_client(commune_b, head_b)  # through the login page, as a browser would
    assert client_b.get("/office/").status_code == 200
    stolen = client_for(commune_a)
    stolen.cookies["sessionid"] = client_b.cookies["sessionid"].value
    for path in ["/office/", "/office/categories/", "/audit/"]:
        response = stolen.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
