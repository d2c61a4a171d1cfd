"""Importing an office's earlier registers: upload, mapping, dry run, import. Office head only.

- `upload_register` reads the whole file once and refuses it with a clear reason (cases.imports.reading);
  a file that passes is kept in the commune's storage with its run, so nothing is uploaded twice.
- `confirm_mapping` saves the columns the office confirmed (offered again for the next file with these
  headings) and asks for a dry run; `ask_import` asks for the import. Both send `imports.run_import` once
  their transaction commits.
- `execute` is the work itself, a plain function the task calls: every row read, checked and reported (row,
  column, value, reason); a dry run writes nothing; an import writes everything in one transaction, or
  nothing if any row fails, unless the office asked for the valid rows only. People and cases are created
  by the workspace's own services (cases.services.people, cases.services.cases): references, due dates,
  search fields, timeline and audit log as for a visit at the desk.
- A row imported once is known by its fingerprint (a keyed hash of what identifies it) and never again.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import secrets
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from cases import calendar, dates, names, progress, timeline, uploads
from cases.errors import CaseError
from cases.imports import mapping as m
from cases.imports import reading, values
from cases.imports.models import ColumnMapping, ImportedRow, ImportRun
from cases.models import AuditEntry, Case, CaseEvent, Category, Person
from cases.permissions import Action, authorize
from cases.services import audit
from cases.services.cases import back_fill, open_case
from cases.services.people import PersonInput, register_person
from jisr import crypto
from jisr.accounts.models import User
from tenants.context import current_schema

logger = logging.getLogger(__name__)

# Uploaded files (and the values the report quotes) are not kept longer than this.
FILE_DAYS = 7
# What the report keeps of its problems; the counts are always whole.
MAX_PROBLEMS = 1_000
MAX_WARNINGS = 300
PROGRESS_EVERY = 50
CLOSING_STATUSES = (Case.Status.ANSWERED, Case.Status.CLOSED)


# --- Upload ----------------------------------------------------------------------------------------------


def upload_register(*, actor: User, upload: UploadedFile, sheet: str = "") -> ImportRun:
    """A register the office head uploads: read to the end, refused with a reason, or kept with a new run."""
    authorize(actor, Action.IMPORT_REGISTERS)
    forget_old_files()
    table = reading.inspect(upload, size=upload.size or 0, sheet=sheet.strip(), score=m.heading_score)
    run = ImportRun(
        requested_by=actor,
        original_name=uploads.safe_name(upload.name or "register"),
        size=upload.size or 0,
        file_format=table.layout.file_format,
        encoding=table.layout.encoding,
        delimiter=table.layout.delimiter,
        sheet=table.layout.sheet,
        heading_row=table.layout.heading_row,
        headings=table.headings,
        samples=table.samples,
        row_count=table.row_count,
    )
    saved = saved_mapping(table.headings)
    run.mapping = saved.fields if saved else m.suggest(table.headings, remembered_headings())
    if saved:
        run.default_category = saved.default_category
        run.default_kind, run.default_channel = saved.default_kind, saved.default_channel
    else:
        run.default_category = Category.objects.filter(code="other", active=True).first()
    upload.seek(0)
    try:
        with transaction.atomic():
            run.file.save(f"{secrets.token_hex(16)}.{run.file_format}", upload, save=False)
            run.save()
    except BaseException:
        if run.file.name:
            run.file.delete(save=False)
        raise
    return run


def _headings_key(headings: list[str]) -> str:
    return hashlib.sha256("\x1f".join(m.normalize(heading) for heading in headings).encode()).hexdigest()


def saved_mapping(headings: list[str]) -> ColumnMapping | None:
    """What the office confirmed last time for a file with exactly these headings."""
    return ColumnMapping.objects.filter(headings_key=_headings_key(headings)).select_related("default_category").first()


def remembered_headings() -> dict[str, str]:
    """Each heading the office mapped before (normalised) → the field it chose, the latest choice winning."""
    remembered: dict[str, str] = {}
    for saved in ColumnMapping.objects.order_by("saved_at"):
        for heading, chosen in zip(saved.headings, saved.fields, strict=False):
            if m.normalize(heading):
                remembered[m.normalize(heading)] = chosen
    return remembered


# --- Mapping and the requests for work -----------------------------------------------------------------


def check_mapping(*, headings: list[str], fields: list[str], default_category: Category | None) -> None:
    """The rules a mapping must follow; errors name the columns at fault."""
    errors: list[str] = []
    if len(fields) != len(headings) or any(chosen and chosen not in m.FIELDS for chosen in fields):
        raise CaseError(_("The mapping does not match the file's columns."))
    columns: dict[str, list[str]] = {}
    for index, chosen in enumerate(fields):
        if chosen:
            columns.setdefault(chosen, []).append(reading.column_name(index, headings[index]))
    for chosen, where in columns.items():
        if len(where) > 1:
            errors.append(
                _("Columns %(columns)s are all mapped to “%(field)s”: keep one.")
                % {"columns": ", ".join(where), "field": m.FIELDS[chosen]}
            )
    if not any(name in columns for name in m.NAME_FIELDS):
        errors.append(_("Map at least one column to a name: each row must say who the person is."))
    if any(name in columns for name in m.CASE_FIELDS):
        if m.OPENED_ON not in columns:
            errors.append(
                _("Cases are imported: map the column with the date each case was received (%(field)s).")
                % {"field": m.FIELDS[m.OPENED_ON]}
            )
        if m.CATEGORY not in columns and default_category is None:
            errors.append(_("No column gives the category: choose the category of the cases this file holds."))
    if m.CASE_STATUS in columns and m.ANSWERED_ON not in columns and m.CLOSED_ON not in columns:
        errors.append(
            _(
                "The status of cases is imported: map the date each case was answered too (%(field)s), without"
                " which an answered or closed case would count as answered on the day of the import."
            )
            % {"field": m.FIELDS[m.ANSWERED_ON]}
        )
    if default_category is not None and not default_category.active:
        errors.append(_("This category is no longer in use."))
    if errors:
        raise CaseError(errors)


def confirm_mapping(
    *,
    actor: User,
    run: ImportRun,
    fields: list[str],
    default_category: Category | None,
    default_kind: str,
    default_channel: str,
) -> ImportRun:
    """The office's mapping: saved for the next file with these headings, then a dry run is asked."""
    authorize(actor, Action.IMPORT_REGISTERS)
    if default_kind not in Case.Kind.values or default_channel not in Case.Channel.values:
        raise CaseError(_("Unknown kind of case or channel."))
    check_mapping(headings=run.headings, fields=fields, default_category=default_category)
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        _refuse_unless_open(run)
        ColumnMapping.objects.update_or_create(
            headings_key=_headings_key(run.headings),
            defaults={
                "headings": run.headings,
                "fields": fields,
                "default_category": default_category,
                "default_kind": default_kind,
                "default_channel": default_channel,
                "saved_by": actor,
            },
        )
        run.mapping, run.default_category = fields, default_category
        run.default_kind, run.default_channel = default_kind, default_channel
        _queue(run, actor, ImportRun.Stage.CHECK)
    return run


def ask_import(*, actor: User, run: ImportRun, only_valid: bool = False, open_rows: str = "") -> ImportRun:
    """The import, after a dry run of the same mapping (or after an import refused for its problems).

    `open_rows` is how the cases the register leaves open count (ImportRun.OpenRows; "" keeps the run's choice):
    kept open with the due date their own date gives, or closed at the import (all, or only the overdue ones).
    """
    authorize(actor, Action.IMPORT_REGISTERS)
    if open_rows and open_rows not in ImportRun.OpenRows.values:
        raise CaseError({"open_rows": [_("Choose how the open cases of the register count.")]})
    with transaction.atomic():
        run = ImportRun.objects.select_for_update().get(pk=run.pk)
        _refuse_unless_open(run)
        checked = run.stage == ImportRun.Stage.CHECK and run.state == ImportRun.State.DONE
        refused = run.stage == ImportRun.Stage.IMPORT and run.state == ImportRun.State.FAILED
        if not (checked or refused):
            raise CaseError(_("Run the dry run first: it shows what the import would do."))
        if not run.report.get("counts", {}).get("to_import"):
            raise CaseError(_("No row of this file can be imported."))
        run.only_valid = only_valid
        run.open_rows = open_rows or run.open_rows
        _queue(run, actor, ImportRun.Stage.IMPORT)
    return run


def _refuse_unless_open(run: ImportRun) -> None:
    if run.imported:
        raise CaseError(_("This file is imported already."))
    if run.busy:
        raise CaseError(_("This file is being worked on: wait for the end."))
    if not run.has_file:
        raise CaseError(_("This file was deleted: upload it again."))


def _queue(run: ImportRun, actor: User, stage: str) -> None:
    run.stage, run.state, run.error = stage, ImportRun.State.QUEUED, ""
    run.requested_by, run.started_at, run.finished_at = actor, None, None
    run.save()
    schema_name, run_id = current_schema(), run.pk
    transaction.on_commit(lambda: _send(schema_name, run_id))


def _send(schema_name: str, run_id: int) -> None:
    from cases.imports.tasks import run_import
    from jisr.celery import send_to_commune

    try:
        send_to_commune(run_import, schema_name, run_id)
    except (BrokerError, RedisError, OSError) as error:
        logger.warning("Import %s not queued: %s", run_id, error)
        run = ImportRun.objects.get(pk=run_id)
        progress.finish(run, error=_("The background work could not be started: try again in a few minutes."))


# --- The work: reading, checking, importing ------------------------------------------------------------


@dataclass
class CaseInput:
    opened_on: date
    kind: str
    category: Category
    channel: str
    subject: str
    description: str
    status: str
    answered_on: date | None
    closed_on: date | None = None


@dataclass
class Planned:
    """A row that can be imported."""

    number: int
    fingerprint: str
    person_key: tuple[object, ...]
    person: PersonInput
    case: CaseInput | None
    name_key: str


@dataclass
class Report:
    dry_run: bool
    rows: int = 0
    problems: list[dict[str, Any]] = field(default_factory=list)
    warnings: list[dict[str, Any]] = field(default_factory=list)
    problems_total: int = 0
    warnings_total: int = 0
    rows_with_problems: set[int] = field(default_factory=set)
    already: int = 0
    repeated: int = 0
    people_new: int = 0
    people_known: int = 0
    cases: int = 0
    to_import: int = 0
    # Cases the register leaves open, and how many of them are past the due date their own date gives.
    open_cases: int = 0
    overdue_if_open: int = 0

    def problem(self, row: int, column: str, value: reading.Cell, reason: str, params: dict[str, object]) -> None:
        self.rows_with_problems.add(row)
        self.problems_total += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(_entry(row, column, value, reason, params))

    def warning(self, row: int, column: str, value: reading.Cell, reason: str, params: dict[str, object]) -> None:
        self.warnings_total += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(_entry(row, column, value, reason, params))

    def as_json(self) -> dict[str, Any]:
        return {
            "dry_run": self.dry_run,
            "counts": {
                "rows": self.rows,
                "with_problems": len(self.rows_with_problems),
                "already_imported": self.already,
                "repeated": self.repeated,
                "to_import": self.to_import,
                "people_new": self.people_new,
                "people_known": self.people_known,
                "cases": self.cases,
                "open_cases": self.open_cases,
                "overdue_if_open": self.overdue_if_open,
            },
            "problems": sorted(self.problems, key=lambda item: item["row"]),
            "problems_total": self.problems_total,
            "warnings": sorted(self.warnings, key=lambda item: item["row"]),
            "warnings_total": self.warnings_total,
        }


def _entry(row: int, column: str, value: reading.Cell, reason: str, params: dict[str, object]) -> dict[str, Any]:
    shown = values.text(value) if not isinstance(value, str) else value
    return {"row": row, "column": column, "value": shown[:120], "reason": reason, "params": params}


class _Row:
    """One row's cells by field, and the problems found in them."""

    def __init__(self, row: reading.Row, run: ImportRun, report: Report) -> None:
        self.number = row.number
        self.report = report
        self.cells = {chosen: row.cells[index] for index, chosen in enumerate(run.mapping) if chosen}
        self.columns = {
            chosen: reading.column_name(index, run.headings[index])
            for index, chosen in enumerate(run.mapping)
            if chosen
        }
        self.failed = False
        self.failed_fields: set[str] = set()

    def column(self, name: str) -> str:
        for candidate in (name, *_RELATED.get(name, ())):
            if candidate in self.columns:
                return self.columns[candidate]
        return next(iter(self.columns.values()), "")

    def fail(self, name: str, reason: str, params: dict[str, object] | None = None, value: reading.Cell = None) -> None:
        self.failed = True
        self.failed_fields.add(name)
        cell = self.cells.get(name) if value is None else value
        self.report.problem(self.number, self.column(name), cell, reason, params or {})

    def remark(self, name: str, reason: str, params: dict[str, object] | None = None) -> None:
        self.report.warning(self.number, self.column(name), self.cells.get(name), reason, params or {})

    def value(self, name: str, parse: Any, *args: Any) -> Any:
        if name not in self.cells:
            return None
        try:
            return parse(self.cells[name], *args)
        except values.Invalid as error:
            self.fail(name, error.reason, error.params)
            return None


# A field a service names, and the columns that may hold it.
_RELATED: dict[str, tuple[str, ...]] = {
    m.FULL_NAME: (m.LAST_NAME_LATIN, m.FIRST_NAME_LATIN, m.LAST_NAME_AR, m.FIRST_NAME_AR),
    "first_name_latin": (m.FULL_NAME,),
    "last_name_latin": (m.FULL_NAME, m.FIRST_NAME_LATIN, m.LAST_NAME_AR, m.FIRST_NAME_AR),
    "first_name_ar": (m.FULL_NAME,),
    "last_name_ar": (m.FULL_NAME,),
    "status": (m.CASE_STATUS,),
    m.ANSWERED_ON: (m.CLOSED_ON, m.CASE_STATUS),
    m.CLOSED_ON: (m.ANSWERED_ON, m.CASE_STATUS),
    "subject": (m.CATEGORY, m.DESCRIPTION, m.OPENED_ON),
    "category": (m.SUBJECT,),
}


def _split_name(full: str) -> tuple[str, str]:
    """(first, last) of a full name: a word in capitals is the last name (AMRANI Mohamed), else the first word
    is the first name (Mohamed Ben Ali → Mohamed, Ben Ali)."""
    words = full.split()
    if len(words) < 2:
        return "", full
    capitals = [word for word in words if word.isupper() and len(word) > 1 and not names.is_arabic(word)]
    if capitals and len(capitals) < len(words):
        return " ".join(word for word in words if word not in capitals), " ".join(capitals)
    return words[0], " ".join(words[1:])


def _names(row: _Row) -> dict[str, str]:
    found = {name: row.value(name, values.short_text, 100) or "" for name in m.NAME_FIELDS if name != m.FULL_NAME}
    full = row.value(m.FULL_NAME, values.short_text, 200) or ""
    if full:
        first, last = _split_name(full)
        script = "ar" if names.is_arabic(full) else "latin"
        if not found[f"first_name_{script}"] and not found[f"last_name_{script}"]:
            found[f"first_name_{script}"], found[f"last_name_{script}"] = first, last
    # A name written in the other script than its column's goes to the column of its script, if empty.
    for part in ("first_name", "last_name"):
        latin, arabic = f"{part}_latin", f"{part}_ar"
        if found[latin] and names.is_arabic(found[latin]) and not found[arabic]:
            found[arabic], found[latin] = found[latin], ""
        if found[arabic] and not names.is_arabic(found[arabic]) and not found[latin]:
            found[latin], found[arabic] = found[arabic], ""
    for name in ("first_name_ar", "last_name_ar"):
        if found[name] and not names.is_arabic(found[name]):
            row.fail(name, N_("Write this name in Arabic script, or map the column to the Latin-script name."))
    if not any(found.values()) and not row.failed:
        row.fail(m.FULL_NAME, N_("No name on this row: each row must say who the person is."), value="")
    return found


def _plan_case(row: _Row, run: ImportRun, categories: dict[str, Category], report: Report) -> CaseInput | None:
    present = [name for name in m.CASE_FIELDS if values.text(row.cells.get(name))]
    if not present:
        return None
    opened_on = row.value(m.OPENED_ON, values.case_date)
    answered_on = row.value(m.ANSWERED_ON, values.case_date)
    closed_on = row.value(m.CLOSED_ON, values.case_date)
    kind = row.value(m.KIND, values.kind) or run.default_kind
    channel = row.value(m.CHANNEL, values.channel) or run.default_channel
    # Without a status, the dates say it: a case with a date closed is closed, with a date answered answered.
    status = row.value(m.CASE_STATUS, values.case_status) or (
        Case.Status.CLOSED if closed_on else Case.Status.ANSWERED if answered_on else Case.Status.NEW
    )
    category = row.value(m.CATEGORY, values.category, categories) if m.CATEGORY in row.cells else None
    subject = values.text(row.cells.get(m.SUBJECT))
    written = row.cells.get(m.DESCRIPTION)
    description = written.strip() if isinstance(written, str) else values.text(written)  # line breaks kept
    if opened_on is None and m.OPENED_ON not in row.failed_fields:
        row.fail(m.OPENED_ON, N_("The date the case was received is missing."), value="")
    if category is None and not values.text(row.cells.get(m.CATEGORY)):
        category = run.default_category
        if category is None:
            row.fail(m.CATEGORY, N_("No category on this row, and no category chosen for such rows."), value="")
    if not subject:
        subject = values.text(row.cells.get(m.CATEGORY)) or (category.name_fr if category else "")
    if not subject:
        row.fail(m.SUBJECT, N_("Say what the case is about: a subject or a category."), value="")
    if len(subject) > 200:
        report.warning(
            row.number,
            row.column(m.SUBJECT),
            subject,
            N_("The subject is longer than %(limit)s characters: it is cut, and kept whole in the description."),
            {"limit": 200},
        )
        description = "\n\n".join(filter(None, (subject, description)))
        subject = subject[:199] + "…"
    if not row.failed_fields & {m.OPENED_ON, m.ANSWERED_ON, m.CLOSED_ON}:  # the days as written, in their order
        for problem in dates.case_dates(opened_on=opened_on, answered_on=answered_on, closed_on=closed_on):
            row.fail(problem.field, problem.reason, problem.params)
    answered_on, closed_on = _closing_dates(row, status, answered_on, closed_on)
    if status in CLOSING_STATUSES and answered_on is None and not row.failed:
        row.fail(
            m.ANSWERED_ON,
            N_("The case is answered or closed: give the date it was answered."),
            value=row.cells.get(m.ANSWERED_ON) or "",
        )
    if row.failed or opened_on is None or category is None:
        return None
    return CaseInput(
        opened_on=opened_on,
        kind=kind,
        category=category,
        channel=channel,
        subject=subject,
        description=description,
        status=status,
        answered_on=answered_on,
        closed_on=closed_on,
    )


def _closing_dates(
    row: _Row, status: str, answered_on: date | None, closed_on: date | None
) -> tuple[date | None, date | None]:
    """The days a row's case was answered and closed, as its status keeps them: a closed case with one of the
    two dates was answered and closed that day; dates a status does not have are left aside, with a remark."""
    if status == Case.Status.CLOSED:
        return answered_on or closed_on, closed_on or answered_on
    if status == Case.Status.ANSWERED:
        if closed_on is not None:
            row.remark(m.CLOSED_ON, N_("The case is answered but not closed on this row: its date closed is not used."))
        return answered_on, None
    if answered_on is not None or closed_on is not None:
        row.remark(
            m.CASE_STATUS,
            N_("The case is neither answered nor closed on this row: its dates of answer and closing are not used."),
        )
    return None, None


def _plan_row(row: reading.Row, run: ImportRun, categories: dict[str, Category], report: Report) -> Planned | None:
    cells = _Row(row, run, report)
    found = _names(cells)
    person = PersonInput(
        first_name_latin=found["first_name_latin"],
        last_name_latin=found["last_name_latin"],
        first_name_ar=found["first_name_ar"],
        last_name_ar=found["last_name_ar"],
        sex=cells.value(m.SEX, values.sex) or "",
        birth_year=cells.value(m.BIRTH_YEAR, values.birth_year),
        generation=cells.value(m.GENERATION, values.generation) or "",
        status=cells.value(m.STATUS, values.person_status) or Person.Status.MRE,
        residence_country=cells.value(m.COUNTRY, values.country) or "",
        residence_city=cells.value(m.CITY, values.short_text, 100) or "",
        phone=cells.value(m.PHONE, values.phone) or "",
        whatsapp=cells.value(m.WHATSAPP, values.phone) or "",
        email=cells.value(m.EMAIL, values.email) or "",
        preferred_language=cells.value(m.LANGUAGE, values.language) or _default_language(found),
    )
    case = _plan_case(cells, run, categories, report)
    if cells.failed:
        return None
    full_names = " ".join((person.first_name_latin, person.last_name_latin, person.first_name_ar, person.last_name_ar))
    name_key = names.normalize(full_names)
    contact = person.phone or person.whatsapp
    identity = [
        name_key,
        contact,
        person.birth_year,
        case.opened_on.isoformat() if case else "",
        m.normalize(case.subject) if case else "",
    ]
    fingerprint = crypto.blind_index("register-import", json.dumps(identity, ensure_ascii=False))
    if contact:
        key: tuple[object, ...] = ("phone", contact)
    else:
        key = ("name", name_key, person.birth_year, person.residence_country)
    return Planned(
        number=row.number, fingerprint=fingerprint, person_key=key, person=person, case=case, name_key=name_key
    )


def _default_language(found: dict[str, str]) -> str:
    return "ar" if (found["first_name_ar"] or found["last_name_ar"]) and not found["last_name_latin"] else "fr"


def _same_name(one: str, other: str) -> bool:
    mine, theirs = set(one.split()), set(other.split())
    return bool(mine) and (mine <= theirs or theirs <= mine)


def _known_people(plans: list[Planned]) -> dict[str, list[Person]]:
    """People of the register with one of these phones (as phone or WhatsApp), by phone."""
    phones = {plan.person_key[1] for plan in plans if plan.person_key[0] == "phone"}
    found: dict[str, list[Person]] = {}
    if not phones:
        return found
    query = Person.objects.filter(Q(phone__in=phones) | Q(whatsapp__in=phones), erased_at__isnull=True).order_by("pk")
    for person in query:
        for number in {person.phone, person.whatsapp} & phones:
            found.setdefault(number, []).append(person)
    return found


@dataclass
class Plan:
    report: Report
    rows: list[Planned]
    # Who each person key is when they are already in the register (from an earlier import or a visit).
    known: dict[tuple[object, ...], Person]


def plan(run: ImportRun, *, dry_run: bool) -> Plan:
    """Every row read and checked; who is new, who is known, what was imported already. Writes nothing."""
    report = Report(dry_run=dry_run)
    categories = values.category_table()
    planned: list[Planned] = []
    with run.file.open("rb") as stream:
        for row in reading.data_rows(stream, _layout(run), width=len(run.headings)):
            report.rows += 1
            found = _plan_row(row, run, categories, report)
            if found is not None:
                planned.append(found)
            if report.rows % PROGRESS_EVERY == 0:
                progress.report(run, done=report.rows, total=run.row_count, step=_("Reading the rows"))

    imported = {
        item.fingerprint: item
        for chunk in _chunks([plan.fingerprint for plan in planned], 1000)
        for item in ImportedRow.objects.filter(fingerprint__in=chunk).select_related("person")
    }
    known: dict[tuple[object, ...], Person] = {}
    first_of_key: dict[tuple[object, ...], Planned] = {}
    seen: dict[str, int] = {}
    rows: list[Planned] = []
    for item in planned:
        earlier = imported.get(item.fingerprint)
        if earlier is not None:
            report.already += 1
            if earlier.person is not None and earlier.person.erased_at is None:
                known.setdefault(item.person_key, earlier.person)
            continue
        if item.fingerprint in seen:
            report.repeated += 1
            report.warning(
                item.number,
                "",
                "",
                N_("This row repeats row %(row)s: it is not imported twice."),
                {"row": seen[item.fingerprint]},
            )
            continue
        seen[item.fingerprint] = item.number
        first = first_of_key.setdefault(item.person_key, item)
        if first is not item and not _same_name(first.name_key, item.name_key):
            report.warning(
                item.number,
                "",
                "",
                N_("Same phone as row %(row)s but another name: taken as the same person, with row %(row)s's details."),
                {"row": first.number},
            )
        rows.append(item)

    by_phone = _known_people(rows)
    for key, first in first_of_key.items():
        if key in known or key[0] != "phone":
            continue
        matches = [
            person for person in by_phone.get(str(key[1]), []) if _same_name(first.name_key, person.search_names)
        ]
        if matches:
            known[key] = matches[0]
        elif by_phone.get(str(key[1])):
            report.warning(
                first.number,
                "",
                "",
                N_("This phone is already recorded for another person of the register: a new person is registered."),
                {},
            )

    report.to_import = len(rows)
    report.cases = sum(1 for item in rows if item.case is not None)
    _count_open_cases(rows, report)
    keys = {item.person_key for item in rows}
    report.people_known = sum(1 for key in keys if key in known)
    report.people_new = len(keys) - report.people_known
    return Plan(report=report, rows=rows, known=known)


def _count_open_cases(rows: list[Planned], report: Report) -> None:
    """How many cases the register leaves open, and how many of them would be overdue at once if kept open: the
    due date each one's own date gives (the category's business days) is already past."""
    today = timezone.localdate()
    due: dict[tuple[date, int], date] = {}  # registers repeat their days: each day's due date computed once
    for item in rows:
        if item.case is None or item.case.status not in Case.OPEN_STATUSES:
            continue
        report.open_cases += 1
        key = (item.case.opened_on, item.case.category.sla_business_days)
        if key not in due:
            due[key] = calendar.add_business_days(*key)
        report.overdue_if_open += due[key] < today


def _chunks(items: list[str], size: int) -> list[list[str]]:
    return [items[start : start + size] for start in range(0, len(items), size)]


def _layout(run: ImportRun) -> reading.Layout:
    return reading.Layout(
        file_format=run.file_format,
        encoding=run.encoding,
        delimiter=run.delimiter,
        sheet=run.sheet,
        heading_row=run.heading_row,
    )


def execute(*, run_id: int) -> ImportRun:
    """The dry run or the import asked for this run (the task's body; tests call it directly)."""
    item = ImportRun.objects.select_related("requested_by", "default_category").get(pk=run_id)
    if item.finished or item.stage == ImportRun.Stage.MAPPING:
        return item  # done already (a task delivered twice), or nothing asked
    actor = item.requested_by
    language = actor.preferred_language if actor is not None else "fr"
    with translation.override(language):
        try:
            if actor is None:
                raise CaseError(_("The person who asked for this import no longer has an account."))
            authorize(actor, Action.IMPORT_REGISTERS)
            if not item.has_file:
                raise CaseError(_("This file was deleted: upload it again."))
            progress.start(item)
            if item.stage == ImportRun.Stage.CHECK:
                _dry_run(item)
            else:
                _import(item, actor)
        except CaseError as error:
            progress.finish(item, error=" ".join(error.messages))
        except OSError as error:
            logger.warning("Import %s: the stored file cannot be read: %s", item.pk, error)
            progress.finish(item, error=_("The uploaded file can no longer be read: upload it again."))
        except Exception:
            # Said on the page instead of a bar that never ends; the error itself goes on to the logs and Sentry.
            progress.finish(
                item, error=_("The work stopped on an unexpected error; the team is told. Nothing was imported.")
            )
            raise
    return item


def _dry_run(item: ImportRun) -> None:
    found = plan(item, dry_run=True)
    ImportRun.objects.filter(pk=item.pk).update(report=found.report.as_json())
    item.report = found.report.as_json()
    progress.finish(item)


def _import(item: ImportRun, actor: User) -> None:
    with transaction.atomic():
        # One import at a time in a commune: two runs of the same file cannot both find its rows new.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"imports:{current_schema()}"])
        found = plan(item, dry_run=False)
        report = found.report
        people = cases = closed = 0
        if report.rows_with_problems and not item.only_valid:
            transaction.set_rollback(True)
        else:
            people, cases, closed = _write(item, actor, found)
            if report.rows_with_problems and not item.only_valid:
                transaction.set_rollback(True)
                people = cases = closed = 0
        if not transaction.get_rollback():
            audit.record(
                actor=actor,
                action=AuditEntry.Action.CREATE,
                target=item,
                detail=f"register import: {report.rows} rows, {people} people, {cases} cases",
            )
            if item.file.name:
                name = item.file.name
                transaction.on_commit(lambda: _delete_file(item.pk, name))
    report_json = report.as_json()
    report_json["counts"]["people_created"], report_json["counts"]["cases_created"] = people, cases
    report_json["counts"]["closed_at_import"] = closed
    ImportRun.objects.filter(pk=item.pk).update(report=report_json, people_created=people, cases_created=cases)
    item.report, item.people_created, item.cases_created = report_json, people, cases
    if report.rows_with_problems and not item.only_valid:
        progress.finish(
            item,
            error=_("%(count)s rows have problems: nothing was imported.") % {"count": len(report.rows_with_problems)},
        )
    else:
        progress.finish(item)


def _write(item: ImportRun, actor: User, found: Plan) -> tuple[int, int, int]:
    """People and cases of the rows, through the workspace's services; each row all or nothing. How many people
    and cases were created, and how many open cases were closed at the import."""
    report, people, cases, closed = found.report, 0, 0, 0
    created: dict[tuple[object, ...], Person] = dict(found.known)
    total = len(found.rows)
    for done, planned in enumerate(found.rows, start=1):
        try:
            with transaction.atomic():
                person = created.get(planned.person_key)
                new_person = person is None
                if person is None:
                    person = register_person(actor=actor, data=planned.person)
                case, closing = _open(actor, person, planned.case, item.open_rows) if planned.case else (None, False)
                ImportedRow.objects.create(
                    fingerprint=planned.fingerprint, run=item, row_number=planned.number, person=person, case=case
                )
        except CaseError as error:
            for name, messages in _messages(error):
                for message in messages:
                    report.problem(planned.number, _field_column(item, name), "", message, {})
            continue
        if new_person:
            created[planned.person_key] = person
            people += 1
        cases += case is not None
        closed += closing
        if done % PROGRESS_EVERY == 0:
            progress.report(item, done=done, total=total, step=_("Creating people and cases"))
    return people, cases, closed


def _messages(error: CaseError) -> list[tuple[str, list[str]]]:
    if hasattr(error, "error_dict"):
        return [
            (name, [str(message) for item in items for message in item.messages])
            for name, items in error.error_dict.items()
        ]
    return [(NON_FIELD_ERRORS, list(error.messages))]


def _field_column(item: ImportRun, name: str) -> str:
    candidates = (name, *_RELATED.get(name, ()))
    for candidate in candidates:
        if candidate in item.mapping:
            index = item.mapping.index(candidate)
            return reading.column_name(index, item.headings[index])
    return ""


def _open(actor: User, person: Person, data: CaseInput, open_rows: str) -> tuple[Case, bool]:
    """A case of the register, opened on its date. Answered or closed, on the days the register gives
    (cases.services.cases.back_fill: the statistics count its real time to answer). Left open, kept open with
    the due date its own date gives, or closed at the import as the office chose (ImportRun.OpenRows): then not
    counted as answered. The case, and whether it was closed at the import."""
    case = open_case(
        actor=actor,
        person=person,
        kind=data.kind,
        category=data.category,
        channel=data.channel,
        subject=data.subject,
        description=data.description,
        opened_on=data.opened_on,
    )
    if data.status in CLOSING_STATUSES:
        case = back_fill(
            actor=actor,
            case=case,
            answered_on=data.answered_on,
            closed_on=data.closed_on,
            note_key=timeline.IMPORTED_STATUS,  # worded in each reader's language, not the importer's
        )
        return case, False
    today = timezone.localdate()
    if data.status in Case.OPEN_STATUSES and (
        open_rows == ImportRun.OpenRows.CLOSE or (open_rows == ImportRun.OpenRows.CLOSE_OVERDUE and case.due_on < today)
    ):
        return back_fill(actor=actor, case=case, closed_on=today, note_key=timeline.CLOSED_AT_IMPORT), True
    if data.status == Case.Status.NEW:
        return case, False
    # In progress, waiting for a service, cancelled: the register's status, from the day of the import.
    case.status = data.status
    case.save(update_fields=["status", "updated_at"])
    CaseEvent.objects.create(
        case=case,
        kind=CaseEvent.Kind.STATUS,
        from_status=Case.Status.NEW,
        to_status=data.status,
        note_key=timeline.IMPORTED_STATUS,
        actor=actor,
    )
    audit.record(actor=actor, action=AuditEntry.Action.UPDATE, target=case, detail=f"imported status {data.status}")
    return case, False


# --- Files -----------------------------------------------------------------------------------------------


def _delete_file(run_id: int, name: str) -> None:
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None:
        return
    with contextlib.suppress(OSError):
        run.file.storage.delete(name)
    ImportRun.objects.filter(pk=run_id).update(file="", samples=[], file_deleted_at=timezone.now())


def forget_old_files(*, days: int = FILE_DAYS) -> int:
    """Files of runs older than `days` deleted, with the examples and the values their report quotes."""
    old = ImportRun.objects.filter(created_at__lt=timezone.now() - timedelta(days=days), file_deleted_at__isnull=True)
    count = 0
    for item in old.exclude(state__in=(ImportRun.State.QUEUED, ImportRun.State.RUNNING), stage__in=("check", "import")):
        if item.file.name:
            with contextlib.suppress(OSError):
                item.file.storage.delete(item.file.name)
        report = dict(item.report or {})
        for key in ("problems", "warnings"):
            report[key] = [{**entry, "value": ""} for entry in report.get(key, [])]
        ImportRun.objects.filter(pk=item.pk).update(file="", samples=[], report=report, file_deleted_at=timezone.now())
        count += 1
    return count


def record_report_download(*, actor: User, run: ImportRun) -> None:
    """The report quotes the file's values: who took a copy is in the audit log."""
    authorize(actor, Action.IMPORT_REGISTERS)
    audit.record(actor=actor, action=AuditEntry.Action.EXPORT, target=run, detail="import report")
