"""Imports of an office's earlier registers, in the commune's schema: the runs, the mappings it confirmed,
and a fingerprint of every row imported, so that no row is ever imported twice."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models import CHOSEN_CHANNELS, Case, Category, Person
from cases.progress import Job


class ImportRun(Job):
    """One file the office head uploaded, from its mapping to the dry run and the import.

    `stage` says which work was asked last (the mapping, a dry run, the import); Job.state says where
    that work stands.
    """

    class Stage(models.TextChoices):
        MAPPING = "mapping", _("columns to confirm")
        CHECK = "check", _("dry run")
        IMPORT = "import", _("import")

    class OpenRows(models.TextChoices):
        """How the cases a register leaves open (no answer, no closing) count once imported: an old register's
        open rows would otherwise all be overdue at once on the dashboard."""

        KEEP_OPEN = "open", _("kept open, each due on the day its own date gives")
        CLOSE_OVERDUE = "close_overdue", _("closed at the import when already overdue; the others kept open")
        CLOSE = "close", _("all closed at the import")

    stage = models.CharField(_("step"), max_length=10, choices=Stage.choices, default=Stage.MAPPING)
    original_name = models.CharField(_("file name"), max_length=200)
    file = models.FileField(_("uploaded file"), upload_to="imports/", blank=True)
    size = models.PositiveIntegerField(_("size"))
    file_format = models.CharField(_("format"), max_length=8)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    delimiter = models.CharField(_("delimiter"), max_length=1, blank=True)
    sheet = models.CharField(_("sheet"), max_length=100, blank=True)
    heading_row = models.PositiveIntegerField(_("row of the headings"), default=1)
    headings = models.JSONField(_("headings"), default=list)
    # Up to three values per column, shown beside the mapping; dropped with the file.
    samples = models.JSONField(_("examples of values"), default=list, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), default=0)
    # One field name per column ('' when ignored): what the office confirmed.
    mapping = models.JSONField(_("mapping"), default=list, blank=True)
    default_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("category")
    )
    default_kind = models.CharField(_("kind"), max_length=20, choices=Case.Kind.choices, default=Case.Kind.REQUEST)
    default_channel = models.CharField(_("channel"), max_length=20, choices=CHOSEN_CHANNELS, default=Case.Channel.VISIT)
    only_valid = models.BooleanField(_("only the valid rows"), default=False)
    open_rows = models.CharField(
        _("open cases of the register"), max_length=15, choices=OpenRows.choices, default=OpenRows.KEEP_OPEN
    )
    # Counts, and each problem row's row, column, value and reason (values dropped with the file).
    report = models.JSONField(_("report"), default=dict, blank=True)
    people_created = models.PositiveIntegerField(_("people created"), default=0)
    cases_created = models.PositiveIntegerField(_("cases created"), default=0)
    file_deleted_at = models.DateTimeField(_("file deleted"), null=True, blank=True)

    class Meta:
        verbose_name = _("register import")
        verbose_name_plural = _("register imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def busy(self) -> bool:
        """A dry run or an import is waiting for a worker or running."""
        return self.stage != self.Stage.MAPPING and not self.finished

    @property
    def imported(self) -> bool:
        return self.stage == self.Stage.IMPORT and self.state == self.State.DONE

    @property
    def has_file(self) -> bool:
        return bool(self.file) and self.file_deleted_at is None


class ColumnMapping(models.Model):
    """The columns the office confirmed for a file with these headings: offered again for the next one."""

    headings_key = models.CharField(max_length=64, unique=True, editable=False)
    headings = models.JSONField(_("headings"), default=list)
    fields = models.JSONField(_("mapping"), default=list)
    default_category = models.ForeignKey(
        Category, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("category")
    )
    default_kind = models.CharField(_("kind"), max_length=20, choices=Case.Kind.choices, default=Case.Kind.REQUEST)
    default_channel = models.CharField(_("channel"), max_length=20, choices=CHOSEN_CHANNELS, default=Case.Channel.VISIT)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    saved_at = models.DateTimeField(_("saved"), auto_now=True)

    class Meta:
        verbose_name = _("column mapping")
        verbose_name_plural = _("column mappings")
        ordering = ["-saved_at"]

    def __str__(self) -> str:
        return ", ".join(self.headings)[:100]


class ImportedRow(models.Model):
    """A row already imported, known by a keyed hash of what identifies it (names, phone, year of birth,
    date and subject), never by its content; and what it created."""

    fingerprint = models.CharField(_("fingerprint of the row (keyed hash)"), max_length=64, unique=True)
    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="rows")
    row_number = models.PositiveIntegerField(_("row"))
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        verbose_name = _("imported row")
        verbose_name_plural = _("imported rows")

    def __str__(self) -> str:
        return f"{self.run_id}:{self.row_number}"
