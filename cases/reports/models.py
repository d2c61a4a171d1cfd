"""The office's reports, archived in the commune's schema, their files in the commune's storage."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from cases.progress import Job

LANGUAGES = ("ar", "fr")  # the office's paper languages


def whole_month(first: date, last: date) -> bool:
    """`first`..`last` is one whole calendar month."""
    same_month = (first.year, first.month) == (last.year, last.month)
    return same_month and first.day == 1 and (last + timedelta(days=1)).day == 1


class Report(Job):
    """The statistics of a period, as PDF and XLSX in Arabic and French."""

    first = models.DateField(_("from"))
    last = models.DateField(_("to"))
    # Made by beat on the 1st for the month before (one per month), or asked for by someone, for any period.
    monthly = models.BooleanField(_("monthly report"), default=False)
    # The headline figures, for the archive's list without opening a file.
    summary = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-last", "-first", "-id"]
        constraints = [
            models.CheckConstraint(name="report_period_in_order", condition=Q(last__gte=F("first"))),
            models.UniqueConstraint(fields=["first", "last"], condition=Q(monthly=True), name="report_one_monthly"),
        ]

    def __str__(self) -> str:
        return f"{self.first:%Y-%m-%d} – {self.last:%Y-%m-%d}"

    @property
    def is_month(self) -> bool:
        """The period is one whole calendar month."""
        return whole_month(self.first, self.last)


class ReportFile(models.Model):
    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        XLSX = "xlsx", "Excel"

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")
    language = models.CharField(_("language"), max_length=2)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(upload_to="reports/%Y/")
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        ordering = ["language", "format"]
        constraints = [
            models.UniqueConstraint(fields=["report", "language", "format"], name="report_file_once"),
        ]

    def __str__(self) -> str:
        return self.filename

    @property
    def filename(self) -> str:
        """`jisr-report-2026-10-ar.pdf` for a month, `jisr-report-2026-01-01-2026-03-31-fr.xlsx` otherwise."""
        report = self.report
        period = f"{report.first:%Y-%m}" if report.is_month else f"{report.first:%Y-%m-%d}-{report.last:%Y-%m-%d}"
        return f"jisr-report-{period}-{self.language}.{self.format}"
