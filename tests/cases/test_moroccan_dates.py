"""Dates the Moroccan way: the day first and a 24-hour clock in every language, and in Arabic the month
names Moroccan administrations write (ماي، يوليوز، غشت، شتنبر، نونبر، دجنبر), on a page, in a PDF, in an
e-mail, in a workbook and on a chart's axis."""

from __future__ import annotations

import io
import json
import re
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from django.conf import settings
from django.core import mail
from django.utils import formats, timezone, translation
from openpyxl import load_workbook

from cases.models import CaseEvent
from cases.reports import services
from cases.reports.models import Report
from jisr import dates
from jisr.accounts.models import Role, User
from jisr.outbox import services as outbox
from tenants.models import Commune
from tests.cases.test_slip import pdf_text
from tests.cases.test_workflow import new_case
from tests.conftest import make_staff, signed_in_client

# As the issue and the seeds write them.
MOROCCAN_MONTHS = [
    "يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر",
]  # fmt: skip
MASHRIQ_ONLY = ["مايو", "يوليو ", "أغسطس", "سبتمبر", "نوفمبر", "ديسمبر"]
AFTERNOON = "\u0645"  # « م », the Arabic p.m.


def test_arabic_month_names_are_moroccan_and_babel_ar_ma_s() -> None:
    babel = Locale.parse("ar_MA").months["format"]["wide"]
    assert [babel[number] for number in range(1, 13)] == MOROCCAN_MONTHS
    with translation.override("ar"):
        for number, name in enumerate(MOROCCAN_MONTHS, start=1):
            day = date(2026, number, 12)
            # Django's date filter (F, E, N) and our own functions say the same.
            assert formats.date_format(day, "F") == name
            assert formats.date_format(day, "E") == name
            assert formats.date_format(day, "N") == name
            assert dates.month_label(day) == f"{name} 2026"
            assert dates.long_date(day) == f"12 {name} 2026"
    assert dates.month_names("fr") == [Locale.parse("fr_MA").months["stand-alone"]["wide"][n] for n in range(1, 13)]


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
def test_every_language_writes_the_day_first_on_a_24_hour_clock(language: str) -> None:
    moment = timezone.make_aware(datetime(2026, 7, 12, 15, 40))
    with translation.override(language):
        short = formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
        assert re.match(r"12\D0?7\D2026 15:40$", short), short
        assert re.match(r"12\D", formats.date_format(moment.date(), "SHORT_DATE_FORMAT"))
        assert formats.date_format(moment.date(), "DATE_FORMAT").startswith("12")
        assert formats.time_format(moment.time(), "TIME_FORMAT") == "15:40"


@pytest.mark.django_db
def test_the_arabic_case_page_shows_the_timeline_day_first_on_24_hours(head: User, in_a: Commune) -> None:
    case = new_case(head, opened_on=date(2026, 5, 4))
    CaseEvent.objects.filter(case=case).update(at=timezone.make_aware(datetime(2026, 7, 12, 15, 40)))
    User.objects.filter(pk=head.pk).update(preferred_language="ar")
    page = signed_in_client(in_a, head).get(f"/cases/{case.pk}/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert "12/07/2026 15:40" in page
    assert "3:40" not in page
    assert "04/05/2026" in page or "4 ماي 2026" in page  # the day it was opened, day first
    for mashriq in MASHRIQ_ONLY:
        assert mashriq not in page


@pytest.mark.django_db
def test_the_arabic_report_pdf_workbook_and_e_mail_say_mai_2026(
    head: User, in_a: Commune, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    new_case(head, opened_on=date(2026, 5, 4))
    User.objects.filter(pk=head.pk).update(preferred_language="ar")
    report = services.monthly_report(today=date(2026, 6, 1))
    assert report is not None
    assert report.state == Report.State.DONE

    with report.files.get(language="ar", format="pdf").file.open("rb") as handle:
        text = pdf_text(handle.read())
    assert "ماي 2026" in text
    assert "مايو" not in text

    with report.files.get(language="ar", format="xlsx").file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    summary = {row[0]: row[1] for row in book.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert "ماي 2026" in str(book.worksheets[0]["A1"].value) or "ماي 2026" in str(summary.values())
    # The period's first and last days are date cells written day first.
    day_cells = [c for c in book.worksheets[0]["B"] if isinstance(c.value, datetime | date)]
    assert day_cells
    assert all(cell.number_format == "dd/mm/yyyy" for cell in day_cells)

    outbox.flush()
    sent = next(message for message in mail.outbox if message.to == [head.email])
    assert "ماي 2026" in sent.subject
    assert "ماي 2026" in sent.body


@pytest.mark.django_db
def test_the_arabic_e_mail_of_a_reminder_writes_its_date_day_first(head: User, in_a: Commune) -> None:
    agent = make_staff(in_a, role=Role.AGENT, email="agent-dates@aitmelloul.test")
    User.objects.filter(pk=agent.pk).update(preferred_language="ar")
    case = new_case(head, opened_on=date(2026, 5, 4))
    from cases.services import cases as case_services

    case_services.assign_case(actor=head, case=case, assignee=User.objects.get(pk=agent.pk))
    outbox.flush()
    sent = next(message for message in mail.outbox if message.to == [agent.email])
    due = case.__class__.objects.get(pk=case.pk).due_on
    assert f"{due.day} {MOROCCAN_MONTHS[due.month - 1]} {due.year}" in sent.body


@pytest.mark.django_db
def test_the_dashboard_chart_axis_speaks_moroccan_arabic(head: User, in_a: Commune) -> None:
    User.objects.filter(pk=head.pk).update(preferred_language="ar")
    page = signed_in_client(in_a, head).get("/").content.decode()
    data = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', page, re.S)
    assert data is not None
    labels = json.loads(data.group(1))["perWeek"]["labels"]
    today = timezone.localdate()
    assert labels
    assert all(re.fullmatch(r"\d{1,2} \S+", label) for label in labels)
    assert any(label.endswith(MOROCCAN_MONTHS[today.month - 1]) for label in labels[-6:])


def test_chart_labels_and_long_dates_in_every_staff_language() -> None:
    may = date(2026, 5, 1)
    assert dates.short_month_label(may, "ar") == "ماي 26"
    assert dates.short_month_label(may, "fr") == "mai 26"
    assert dates.day_label(date(2026, 12, 7), "ar") == "7 دجنبر"
    assert dates.long_date(date(2026, 8, 20), "fr") == "20 août 2026"
    assert dates.short_datetime(timezone.make_aware(datetime.combine(date(2026, 7, 12), time(15, 40)))) == (
        "12/07/2026 15:40"
    )
