"""The office's statistics report: its figures equal the database, its PDF reads right in Arabic and French,
its workbook's cells are the counts, beat draws and mails last month's once, and a commune sees only its own."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone, translation
from openpyxl import load_workbook

from cases.guide.models import DutyShift
from cases.models import Activity, Case, LocalService, Person, Referral
from cases.permissions import NotAllowed
from cases.portal.models import Survey
from cases.reports import services
from cases.reports.figures import office_figures
from cases.reports.models import Report
from cases.services import referrals
from jisr.accounts.models import Role, User
from jisr.outbox import services as outbox
from jisr.outbox.models import Message
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import category, consenting, person
from tests.cases.test_slip import pdf_text, poppler
from tests.cases.test_workflow import new_case
from tests.conftest import client_for, make_staff, signed_in_client

pytestmark = pytest.mark.django_db

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def at(day: date, hour: int = 11) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


@dataclass
class March:
    """A month of an office: what the report must count, and what it must leave out."""

    cases: list[Case]
    outside: list[Case]
    service: LocalService


@pytest.fixture
def march(head: User) -> March:
    fatima = consenting(head, person(head, sex="female", birth_year=1958, generation="1", residence_country="FR"))
    youssef = person(
        head, first_name_latin="Youssef", last_name_latin="Amrani", sex="male", birth_year=1990, generation="2",
        residence_country="ES",
    )  # fmt: skip
    amina = person(
        head, first_name_latin="Amina", last_name_latin="Idrissi", sex="female", birth_year=2001, generation="3",
        residence_country="FR",
    )  # fmt: skip
    unknown = person(head, first_name_latin="Karim", last_name_latin="Said", residence_country="")
    cases = [
        new_case(head, person=fatima, kind="complaint", channel="visit", opened_on=date(2026, 3, 2)),
        new_case(
            head,
            person=fatima,
            kind="request",
            channel="phone",
            opened_on=date(2026, 3, 9),
            category=category("utilities"),
        ),
        new_case(
            head,
            person=youssef,
            kind="request",
            channel="email",
            opened_on=date(2026, 3, 9),
            category=category("utilities"),
        ),
        new_case(head, person=amina, kind="information", channel="visit", opened_on=date(2026, 3, 20)),
        new_case(
            head,
            person=unknown,
            kind="request",
            channel="whatsapp",
            opened_on=date(2026, 3, 31),
            category=category("civil_status"),
        ),
    ]
    outside = [
        new_case(head, person=youssef, opened_on=date(2026, 2, 28)),
        new_case(head, person=amina, opened_on=date(2026, 4, 1)),
    ]
    # Answered in March: one on time, one late (due 5 business days after 20 March... forced below).
    Case.objects.filter(pk=cases[0].pk).update(status="answered", answered_at=at(date(2026, 3, 10)))
    Case.objects.filter(pk=cases[3].pk).update(
        status="answered", due_on=date(2026, 3, 23), answered_at=at(date(2026, 3, 27))
    )
    # Answered in April: not answered in March, and open (and overdue) at the end of March.
    Case.objects.filter(pk=outside[0].pk).update(
        status="answered", due_on=date(2026, 3, 13), answered_at=at(date(2026, 4, 2))
    )
    service = LocalService.objects.create(name_fr="Agence urbaine d'Agadir", name_ar="الوكالة الحضرية لأكادير")
    sent = referrals.refer_case(actor=head, case=cases[1], purpose="Avis sur le raccordement", local_service=service)
    Referral.objects.filter(pk=sent.pk).update(sent_on=date(2026, 3, 12), outcome="answered")
    answered_survey = Survey.objects.create(
        case=cases[0], token_hash="a" * 64, score=4, answered_at=at(date(2026, 3, 15))
    )
    Survey.objects.create(case=cases[2], token_hash="b" * 64, score=2, answered_at=at(date(2026, 4, 15)))
    assert answered_survey.pk
    DutyShift.objects.create(
        day=date(2026, 3, 7), starts_at=time(8, 30), ends_at=time(12, 30), kind="weekend", staff=head
    )
    DutyShift.objects.create(
        day=date(2026, 3, 8), starts_at=time(12, 30), ends_at=time(16, 30), kind="weekend", staff=head
    )
    DutyShift.objects.create(
        day=date(2026, 4, 4), starts_at=time(8, 30), ends_at=time(12, 30), kind="weekend", staff=head
    )
    Activity.objects.create(
        kind="meeting", subject="اجتماع اللجنة الإقليمية للجالية", place="مقر العمالة", day=date(2026, 3, 18)
    )
    Activity.objects.create(kind="radio", subject='=HYPERLINK("http://x")', place="Radio Agadir", day=date(2026, 3, 25))
    Activity.objects.create(kind="training", subject="Formation hors période", day=date(2026, 4, 2))
    return March(cases=cases, outside=outside, service=service)


# --- The figures -----------------------------------------------------------------------


def test_the_figures_count_the_period_and_nothing_else(march: March) -> None:
    figures = office_figures(*MARCH)
    assert figures.received == 5 == Case.objects.filter(opened_on__range=MARCH).count()
    assert figures.people == 4  # Fatima came twice
    assert figures.received_by["kind"].count("request") == 3
    assert figures.received_by["channel"].count("visit") == 2
    utilities = str(category("utilities").pk)
    assert figures.received_by["category"].count(utilities) == 2
    assert figures.people_by["sex"].count("female") == 2
    assert figures.people_by["sex"].count("") == 1
    assert figures.people_by["age_band"].count("60-74") == 1  # born 1958: 68 in 2026
    assert figures.people_by["age_band"].count("18-29") == 1  # 2001: 25
    assert figures.people_by["age_band"].count("30-44") == 1  # 1990: 36
    assert figures.people_by["country"].count("FR") == 2
    assert figures.people_by["country"].count("") == 1
    assert [row.key for row in figures.people_by["country"].rows][-1] == ""  # not known comes last
    assert (figures.answered, figures.answered_on_time) == (2, 1)
    assert figures.median_days_to_answer == (8 + 7) / 2
    # Open at the end of March: three of March's, and February's answered only in April (overdue).
    assert figures.open_at_end == 4
    # Overdue: the two utilities cases of 9 March (10 business days) and February's (due 13 March).
    assert figures.overdue_at_end == 3
    assert figures.referrals_sent == 1
    assert figures.referral_outcomes.count("answered") == 1
    assert [(line.named, line.total) for line in figures.referrals_by_service] == [(march.service, 1)]
    assert figures.surveys_answered == 1
    assert figures.satisfaction_mean == 4.0
    assert dict(figures.scores) == {1: 0, 2: 0, 3: 0, 4: 1, 5: 0}
    assert (figures.duty_shifts, figures.duty_hours) == (2, 8.0)
    assert [activity.day for activity in figures.activities] == [date(2026, 3, 18), date(2026, 3, 25)]
    assert len(figures.series) == 31
    assert dict(figures.series)[date(2026, 3, 9)] == 2
    assert sum(n for _, n in figures.series) == figures.received


def test_a_longer_period_is_counted_per_month(march: March) -> None:
    figures = office_figures(date(2026, 1, 1), date(2026, 4, 30))
    assert figures.series_unit == "month"
    assert dict(figures.series) == {date(2026, 1, 1): 0, date(2026, 2, 1): 1, date(2026, 3, 1): 5, date(2026, 4, 1): 1}
    assert figures.received == 7


# --- The files -------------------------------------------------------------------------


@pytest.fixture
def drawn(march: March, head: User) -> Report:
    report = Report.objects.create(first=MARCH[0], last=MARCH[1], requested_by=head)
    return services.generate(report)


def test_the_report_has_four_files_and_its_headline_figures(drawn: Report) -> None:
    assert drawn.state == Report.State.DONE
    assert drawn.finished_at is not None
    assert sorted((item.language, item.format) for item in drawn.files.all()) == [
        ("ar", "pdf"), ("ar", "xlsx"), ("fr", "pdf"), ("fr", "xlsx"),
    ]  # fmt: skip
    assert drawn.summary["received"] == 5
    assert drawn.summary["people"] == 4
    assert {item.filename for item in drawn.files.all()} >= {
        "jisr-report-2026-03-ar.pdf",
        "jisr-report-2026-03-fr.xlsx",
    }


def _file(report: Report, language: str, format_: str) -> bytes:
    with report.files.get(language=language, format=format_).file.open("rb") as handle:
        return handle.read()


def test_the_arabic_pdf_reads_right_to_left_with_the_database_counts(drawn: Report) -> None:
    text = pdf_text(_file(drawn, "ar", "pdf"))
    assert "التقرير الشهري لإحصائيات الاستقبال" in text  # the words joined and in their order
    assert "مارس 2026" in text
    assert "الربط بشبكتي الماء والكهرباء" in text  # the category, shaped
    assert "اجتماع اللجنة الإقليمية للجالية" in text  # the activity's subject, as typed
    assert "الوكالة الحضرية لأكادير" in text
    layout = poppler("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", pdf=_file(drawn, "ar", "pdf"))
    # The category's line holds its count: 2 of 5 cases, 40 %.
    line = next(line for line in layout.splitlines() if "الربط بشبكتي" in line)
    assert re.search(r"\b2\b", line)
    assert "40 %" in line
    assert "Formation hors période" not in text  # April's activity


def test_the_french_pdf_has_every_section_and_the_database_counts(drawn: Report) -> None:
    pdf = _file(drawn, "fr", "pdf")
    text = pdf_text(pdf)
    assert "Rapport mensuel des statistiques d'accueil" in text
    assert "mars 2026" in text
    layout = poppler("pdftotext", "-layout", "-enc", "UTF-8", "-", "-", pdf=pdf)
    counts = {
        "Raccordement eau et électricité": Case.objects.filter(
            opened_on__range=MARCH, category__code="utilities"
        ).count(),
        "Espagne": Person.objects.filter(residence_country="ES").count(),
    }
    for label, count in counts.items():
        line = next(line for line in layout.splitlines() if label in line)
        assert re.search(rf"\s{count}\s", line), line
    for section in (
        "Personnes reçues",
        "Orientations vers les services externes",
        "Satisfaction",
        "Journal des activités",
    ):
        assert section in text
    pages = int(re.search(r"Pages:\s+(\d+)", poppler("pdfinfo", "-", pdf=pdf)).group(1))  # type: ignore[union-attr]
    assert f"page {pages} / {pages}" in text


def test_the_workbook_cells_are_the_database_counts(drawn: Report) -> None:
    book = load_workbook(io.BytesIO(_file(drawn, "fr", "xlsx")))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert summary["Dossiers reçus"] == Case.objects.filter(opened_on__range=MARCH).count()
    assert summary["Personnes reçues"] == 4
    assert summary["Orientations envoyées"] == Referral.objects.filter(sent_on__range=MARCH).count()
    cases_sheet = {row[0]: row[1] for row in book["Dossiers"].iter_rows(values_only=True) if row and row[0]}
    assert cases_sheet["demande"] == Case.objects.filter(opened_on__range=MARCH, kind="request").count()
    assert cases_sheet["visite"] == 2
    activities = list(book["Activités"].iter_rows(values_only=True))
    assert activities[2][2] == '\'=HYPERLINK("http://x")'  # never a formula in the office's spreadsheet
    arabic = load_workbook(io.BytesIO(_file(drawn, "ar", "xlsx")))
    assert arabic.worksheets[0].sheet_view.rightToLeft
    assert arabic.worksheets[0]["A1"].value == "التقرير الشهري لإحصائيات الاستقبال"


# --- Asking for one, following it ---------------------------------------------------------


def test_asking_for_a_report_checks_the_period_and_the_role(head: User, viewer: User, in_a: Commune) -> None:
    report = services.request_report(actor=viewer, first=MARCH[0], last=MARCH[1])  # read-only may ask
    assert report.state == Report.State.QUEUED
    assert report.requested_by == viewer
    # The same period while it is being drawn: the same report.
    assert services.request_report(actor=head, first=MARCH[0], last=MARCH[1]) == report
    from cases.errors import CaseError

    with pytest.raises(CaseError):
        services.request_report(actor=head, first=MARCH[1], last=MARCH[0])
    with pytest.raises(CaseError):
        services.request_report(actor=head, first=date(2019, 1, 1), last=date(2026, 1, 1))
    with pytest.raises(CaseError):
        services.request_report(
            actor=head, first=timezone.localdate() + timedelta(days=3), last=timezone.localdate() + timedelta(days=9)
        )


def test_the_page_keeps_a_bad_period_and_follows_a_good_one(head: User, in_a: Commune) -> None:
    client = signed_in_client(in_a, head)
    response = client.post("/reports/", {"date_from": "2026-03-31", "date_to": "2026-03-01"})
    assert response.status_code == 400
    assert 'value="2026-03-31"' in response.content.decode()
    assert not Report.objects.exists()
    response = client.post("/reports/", {"date_from": "nonsense", "date_to": "2026-03-01"})
    assert response.status_code == 400
    response = client.post("/reports/", {"date_from": "2026-03-01", "date_to": "2026-03-31"})
    report = Report.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert f'hx-get="/reports/{report.pk}/progress/"' in page
    from cases import progress

    progress.start(report)
    progress.report(report, done=2, total=5, step=services.STEP_NAMES["pdf-ar"])
    with translation.override("en"):
        bar = client.get(f"/reports/{report.pk}/progress/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'value="40"' in bar
    assert "every 1s" in bar
    services.generate(report)
    bar = client.get(f"/reports/{report.pk}/progress/").content.decode()
    assert "every 1s" not in bar
    assert f'hx-get="/reports/{report.pk}/"' in bar
    download = client.get(f"/reports/{report.pk}/ar.pdf")
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")  # type: ignore[attr-defined]
    assert 'filename="jisr-report-2026-03-ar.pdf"' in download["Content-Disposition"]
    assert client.get(f"/reports/{report.pk}/ar.docx").status_code == 404
    listing = client.get("/reports/").content.decode()
    assert f"/reports/{report.pk}/fr.xlsx" in listing


def test_a_failed_drawing_is_said_and_kept(head: User, in_a: Commune, monkeypatch: pytest.MonkeyPatch) -> None:
    report = Report.objects.create(first=MARCH[0], last=MARCH[1], requested_by=head)

    def broken(*args: object) -> bytes:
        raise ValueError("no ink")

    monkeypatch.setattr("cases.reports.xlsx.render", broken)
    with pytest.raises(ValueError, match="no ink"):
        services.generate(report)
    report.refresh_from_db()
    assert report.state == Report.State.FAILED
    assert "no ink" in report.error
    assert not report.files.exists()
    page = signed_in_client(in_a, head).get(f"/reports/{report.pk}/").content.decode()
    assert "every 1s" not in page
    assert 'role="alert"' in page


# --- Beat: last month's report, archived and mailed once ------------------------------------


def test_beat_draws_last_months_report_once_and_mails_each_head(march: March, head: User, in_a: Commune) -> None:
    other_head = make_staff(in_a, email="second-head@aitmelloul.test", role=Role.OFFICE_HEAD)
    User.objects.filter(pk=other_head.pk).update(preferred_language="ar")
    make_staff(in_a, role=Role.AGENT)
    report = services.monthly_report(today=date(2026, 4, 1))
    assert report is not None
    assert report.monthly
    assert (report.first, report.last) == MARCH
    assert report.state == Report.State.DONE
    messages = Message.objects.filter(kind="monthly_report").order_by("recipient")
    assert [m.recipient for m in messages] == sorted([head.email, "second-head@aitmelloul.test"])
    arabic = messages.get(recipient="second-head@aitmelloul.test")
    assert [a["name"] for a in arabic.attachments] == ["jisr-report-2026-03-ar.pdf", "jisr-report-2026-03-ar.xlsx"]
    # The next mornings find it done: no second report, no second e-mail.
    assert services.monthly_report(today=date(2026, 4, 2)) == report
    assert Report.objects.filter(monthly=True).count() == 1
    assert Message.objects.filter(kind="monthly_report").count() == 2
    # The e-mail leaves with its files.
    outbox.flush()
    sent = next(m for m in mail.outbox if m.to == ["second-head@aitmelloul.test"])
    name, content, kind = sent.attachments[0]
    assert name == "jisr-report-2026-03-ar.pdf"
    assert content.startswith(b"%PDF-")
    assert kind == "application/pdf"


def test_beat_draws_again_a_monthly_report_that_failed(march: March, head: User) -> None:
    failed = Report.objects.create(first=MARCH[0], last=MARCH[1], monthly=True, state=Report.State.FAILED)
    assert services.monthly_report(today=date(2026, 4, 3)) == failed
    failed.refresh_from_db()
    assert failed.state == Report.State.DONE
    assert failed.files.count() == 4


def test_beat_asks_every_office_each_morning() -> None:
    from jisr.celery import app

    entry = app.conf.beat_schedule["reports-monthly-report"]
    assert entry["task"] == "cases.every_office"
    assert entry["args"] == ["reports.monthly_report"]


def test_every_office_knows_each_task_beat_names(commune_a: Commune, commune_b: Commune) -> None:
    from cases.tasks import every_office
    from jisr.celery import app

    named = [entry["args"][0] for entry in app.conf.beat_schedule.values() if entry["task"] == "cases.every_office"]
    assert {"reports.monthly_report", "imports.forget_old_files", "cases.apply_retention"} <= set(named)
    for name in named:
        assert every_office(name) >= 2, name  # queued for each active commune


# --- Who may, and which commune ------------------------------------------------------------


def test_every_office_role_may_read_reports_and_no_one_else(drawn: Report, in_a: Commune) -> None:
    for role in (Role.OFFICE_HEAD, Role.AGENT, Role.VIEWER, Role.AUDITOR):
        client = signed_in_client(in_a, make_staff(in_a, email=f"{role}@reports.test", role=role))
        assert client.get(f"/reports/{drawn.pk}/fr.pdf").status_code == 200
    anonymous = client_for(in_a)
    assert anonymous.get(f"/reports/{drawn.pk}/fr.pdf").status_code == 302


def test_another_commune_neither_sees_nor_counts_this_ones_reports(
    drawn: Report, commune_a: Commune, commune_b: Commune
) -> None:
    mine = drawn.files.get(language="fr", format="pdf").file.path
    with schema_context(commune_b.schema_name):
        head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
        client_b = signed_in_client(commune_b, head_b)
        for url in (f"/reports/{drawn.pk}/", f"/reports/{drawn.pk}/progress/", f"/reports/{drawn.pk}/fr.pdf"):
            assert client_b.get(url).status_code == 404, url
        assert f"/reports/{drawn.pk}/" not in client_b.get("/reports/").content.decode()
        own = services.generate(Report.objects.create(first=MARCH[0], last=MARCH[1], requested_by=head_b))
        assert own.summary["received"] == 0  # B's schema: none of A's cases
        theirs = own.files.get(language="fr", format="pdf").file.path
    # Each commune's files in its own folder of the storage.
    assert f"/{commune_a.schema_name}/" in mine
    assert f"/{commune_b.schema_name}/" not in mine
    assert f"/{commune_b.schema_name}/" in theirs


def test_platform_accounts_may_not_ask_for_an_office_report(in_a: Commune) -> None:
    operator = User(email="operator@jisr.test", role=Role.OPERATOR, is_active=True)
    with pytest.raises(NotAllowed):
        services.request_report(actor=operator, first=MARCH[0], last=MARCH[1])


@pytest.fixture(autouse=True)
def _french() -> Iterator[None]:
    with translation.override("fr"):
        yield


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    """The files of this test's reports in a folder of its own, not in the checkout's var/media."""
    settings.MEDIA_ROOT = tmp_path
