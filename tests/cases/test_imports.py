"""Importing an office's earlier registers (XLSX/CSV): bad files refused with their reason and nothing kept,
each bad value reported by row, column and reason, a dry run that writes nothing, all or nothing, the valid
rows only when asked, a register never imported twice, the shipped sample imported whole, and each commune's
imports, mappings and files its own."""

from __future__ import annotations

import codecs
import csv
import io
import json
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q, Sum
from django.utils import timezone, translation
from openpyxl import Workbook

from analytics import extraction
from analytics.models import CaseFact
from cases import dates
from cases.errors import CaseError
from cases.imports import mapping, reading, services, values
from cases.imports.models import ColumnMapping, ImportedRow, ImportRun
from cases.models import AuditEntry, Case, CaseEvent, Category, Person
from cases.permissions import NotAllowed
from jisr.accounts.models import Role, User
from tenants.cross_schema import schema_context
from tenants.models import Commune
from tests.cases.conftest import person
from tests.conftest import make_staff, signed_in_client

pytestmark = pytest.mark.django_db

SAMPLE = Path(services.__file__).parent / "sample"
EXPECTED = json.loads((SAMPLE / "expected.json").read_text())
FRENCH = ["Date de réception", "Nom", "Prénom", "Sexe", "Pays", "Téléphone", "Catégorie", "Objet"]
ARABIC = ["تاريخ الاستقبال", "النسب", "الاسم الشخصي", "الجنس", "بلد الإقامة", "الهاتف", "المجال", "الموضوع"]
GOOD = ["12/03/2023", "Ouali", "Fatima", "F", "France", "+33 6 12 34 56 78", "État civil et archives", "Acte"]


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = str(tmp_path)
    return tmp_path


def csv_file(rows: list[list[str]], headings: list[str] = FRENCH, *, delimiter: str = ";") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headings)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_file(rows: list[list[Any]], headings: list[str] = FRENCH, *, above: list[list[Any]] | None = None) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in above or []:
        sheet.append(row)
    sheet.append(headings)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(actor: User, content: bytes, name: str = "registre.csv", sheet: str = "") -> ImportRun:
    return services.upload_register(actor=actor, upload=SimpleUploadedFile(name, content), sheet=sheet)


def dry_run(actor: User, run: ImportRun, fields: list[str] | None = None, **defaults: Any) -> ImportRun:
    services.confirm_mapping(
        actor=actor,
        run=run,
        fields=fields if fields is not None else run.mapping,
        default_category=defaults.get("default_category", run.default_category),
        default_kind=defaults.get("default_kind", run.default_kind),
        default_channel=defaults.get("default_channel", run.default_channel),
    )
    services.execute(run_id=run.pk)
    return ImportRun.objects.get(pk=run.pk)


def do_import(actor: User, run: ImportRun, *, only_valid: bool = False, open_rows: str = "") -> ImportRun:
    services.ask_import(actor=actor, run=run, only_valid=only_valid, open_rows=open_rows)
    services.execute(run_id=run.pk)
    return ImportRun.objects.get(pk=run.pk)


def import_file(actor: User, content: bytes, name: str = "registre.csv", **options: Any) -> ImportRun:
    return do_import(actor, dry_run(actor, upload(actor, content, name)), **options)


def database() -> tuple[int, int, int]:
    return Person.objects.count(), Case.objects.count(), ImportedRow.objects.count()


def problems(run: ImportRun) -> set[tuple[int, str, str, str]]:
    found = set()
    for entry in run.report["problems"]:
        message = entry["reason"] % entry["params"] if entry["params"] else entry["reason"]
        found.add((entry["row"], entry["column"], entry["value"], message))
    return found


# --- Bad files ------------------------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return out.getvalue()


BAD_FILES = {
    "pdf named xlsx": ("registre.xlsx", b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "This file is a PDF"),
    "old xls": ("registre.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "old Excel 97-2003"),
    "image": ("registre.csv", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "This file is an image"),
    "word": ("registre.xlsx", _zip({"[Content_Types].xml": b"<T/>", "word/document.xml": b"<w/>"}), "Word document"),
    "opendocument": (
        "registre.ods",
        _zip({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet"}),
        "LibreOffice",
    ),
    "damaged xlsx": ("registre.xlsx", b"PK\x03\x04" + b"\x13" * 300, "damaged"),
    "broken workbook": ("registre.xlsx", _zip({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<no"}), "damaged"),
    "binary": ("registre.csv", b"abc\x00\x01\x02" * 50, "neither text nor an Excel workbook"),
    "false utf-16": ("registre.csv", codecs.BOM_UTF16_LE + b"\x00\xd8a\x00", "is not: save it again"),
    "empty": ("registre.csv", b"", "The file is empty."),
    "blank lines": ("registre.csv", b"\r\n ; ;\r\n\r\n", "The file is empty."),
    "empty sheet": ("registre.xlsx", xlsx_file([], headings=[]), "is empty"),
    "headings only": ("registre.csv", csv_file([]), "column headings but no rows"),
    "headings only xlsx": ("registre.xlsx", xlsx_file([]), "column headings but no rows"),
    "same heading twice": ("registre.csv", csv_file([[*GOOD, "x"]], [*FRENCH, "Nom"]), "is on two columns (B and I)"),
    "too many columns": ("registre.csv", csv_file([["1"] * 61], [f"C{n}" for n in range(61)]), "61 columns"),
}


@pytest.mark.parametrize("case", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_with_its_reason_and_nothing_is_kept(
    head: User, media: Path, case: tuple[str, bytes, str]
) -> None:
    name, content, reason = case
    with pytest.raises(CaseError) as refused:
        upload(head, content, name)
    assert reason in " ".join(refused.value.message_dict["file"])
    assert not ImportRun.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))


def test_files_over_the_limits_are_refused(head: User, media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reading, "MAX_BYTES", 2000)
    with pytest.raises(CaseError, match=r"the limit is 2\.0"):
        upload(head, csv_file([GOOD] * 40))
    monkeypatch.setattr(reading, "MAX_BYTES", 10 * 1024 * 1024)
    monkeypatch.setattr(reading, "MAX_ROWS", 5)
    with pytest.raises(CaseError, match="more than 5 rows"):
        upload(head, csv_file([GOOD] * 6))
    assert upload(head, csv_file([GOOD] * 5)).row_count == 5
    # A zip bomb: a few kilobytes that would open to megabytes.
    monkeypatch.setattr(reading, "MAX_UNZIPPED_BYTES", 1024 * 1024)
    bomb = _zip({"[Content_Types].xml": b"<T/>", "xl/workbook.xml": b"<w/>", "xl/big.xml": b"0" * 2 * 1024 * 1024})
    assert len(bomb) < 10_000
    with pytest.raises(CaseError, match="Once opened, this workbook would take more than 1"):
        upload(head, bomb, "registre.xlsx")
    assert ImportRun.objects.count() == 1


def test_the_sheet_asked_for_must_exist(head: User) -> None:
    with pytest.raises(CaseError) as refused:
        upload(head, xlsx_file([GOOD]), "registre.xlsx", sheet="2024")
    assert "no sheet “2024”. Its sheets: Sheet." in refused.value.message_dict["sheet"][0]


# --- Reading: encodings, delimiters, headings ----------------------------------------------------------------


NAMES = [["12/03/2023", "الوالي", "فاطمة", "F", "France", "0612345678", "Autre", "Légalisation à l'état civil"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1256"])
def test_arabic_and_french_text_is_read_in_each_encoding_excel_saves(head: User, encoding: str) -> None:
    text = "\r\n".join(";".join(row) for row in [FRENCH, *NAMES])
    run = upload(head, text.encode(encoding))
    assert run.samples[1] == ["الوالي"]
    assert run.samples[7] == ["Légalisation à l'état civil"]
    assert run.encoding == {"utf-8-sig": "utf-8-sig", "utf-16": "utf-16"}.get(encoding, encoding)


def test_a_french_windows_file_is_read_as_windows_1252(head: User) -> None:
    rows = [["12/03/2023", "Ouali", "Hélène", "F", "Belgique", "", "Autre", "Réclamation É"]]
    run = upload(head, "\n".join(";".join(row) for row in [FRENCH, *rows]).encode("cp1252"))
    assert run.encoding == "cp1252"
    assert run.samples[2] == ["Hélène"]
    assert run.samples[7] == ["Réclamation É"]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_the_delimiter_is_found(head: User, delimiter: str) -> None:
    run = upload(head, csv_file([GOOD], delimiter=delimiter))
    assert run.delimiter == delimiter
    assert run.headings == FRENCH
    assert run.samples[5] == ["+33 6 12 34 56 78"]


def test_format_is_told_by_content_not_name(head: User) -> None:
    assert upload(head, xlsx_file([GOOD]), "registre.csv").file_format == "xlsx"
    assert upload(head, csv_file([GOOD]), "registre.xlsx").file_format == "csv"


def test_arabic_headings_below_a_title_are_found_and_mapped(head: User) -> None:
    title = [["جماعة أيت ملول"], ["سجل المرتفقين 2023"], []]
    run = upload(head, xlsx_file([GOOD], ARABIC, above=title), "سجل.xlsx")
    assert run.heading_row == 4
    assert run.mapping == [
        "opened_on", "last_name_ar", "first_name_ar", "sex", "residence_country", "phone", "category", "subject",
    ]  # fmt: skip


def test_french_and_english_headings_are_mapped_whatever_their_accents_and_case(head: User) -> None:
    headings = ["DATE DE RECEPTION", "Nom et prénom", "Tél. WhatsApp", "Pays de résidence", "E-mail", "Subject"]
    assert mapping.suggest(headings) == ["opened_on", "full_name", "whatsapp", "residence_country", "email", "subject"]
    assert mapping.suggest(["الإسم الكامل", "رقم الهاتف", "البلد", "ملاحظات"]) == [
        "full_name", "phone", "residence_country", "description",
    ]  # fmt: skip


# --- Values ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell",
    [
        "12/03/2023", "12-03-2023", "12.03.2023", "2023-03-12", "12/3/23", "2023/03/12", "12 mars 2023",
        "12 مارس 2023", "١٢/٠٣/٢٠٢٣", "2023-03-12 00:00:00", "44997", 44997, 44997.0, date(2023, 3, 12),
        datetime(2023, 3, 12),
    ],
)  # fmt: skip
def test_each_date_format_of_an_office_is_read(cell: reading.Cell) -> None:
    assert values.case_date(cell) == date(2023, 3, 12)


def test_dates_of_each_format_in_a_workbook_open_cases_on_that_day(head: User) -> None:
    cells: list[Any] = [datetime(2023, 3, 12), 44997, "12/03/2023", "2023-03-12", "12.03.23", "12 mars 2023"]
    rows = [[cell, "Ouali", "Fatima", "F", "FR", "", "Autre", f"Objet {n}"] for n, cell in enumerate(cells)]
    run = import_file(head, xlsx_file(rows), "registre.xlsx")
    assert run.state == ImportRun.State.DONE, run.report
    assert set(Case.objects.values_list("opened_on", flat=True)) == {date(2023, 3, 12)}
    assert Case.objects.count() == 6
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("parse", "cell", "expected"),
    [
        (values.sex, "ذكر", "male"), (values.sex, "أنثى", "female"), (values.sex, "H", "male"),
        (values.sex, "femme", "female"), (values.sex, "Male", "male"), (values.sex, "f", "female"),
        (values.country, "هولندا", "NL"), (values.country, "Pays-Bas", "NL"), (values.country, "Allemagne", "DE"),
        (values.country, "إسبانيا", "ES"), (values.country, "اسبانيا", "ES"), (values.country, "be", "BE"),
        (values.country, "ITA", "IT"), (values.country, "Germany", "DE"), (values.country, "Hollande", "NL"),
        (values.phone, "0612345678", "+212612345678"), (values.phone, "06 12 34 56 78", "+212612345678"),
        (values.phone, "00212612345678", "+212612345678"), (values.phone, "+212 6 12 34 56 78", "+212612345678"),
        (values.phone, 612345678, "+212612345678"), (values.phone, "0033 6 12 34 56 78", "+33612345678"),
        (values.phone, 33612345678, "+33612345678"), (values.phone, "٠٦١٢٣٤٥٦٧٨", "+212612345678"),
        (values.generation, "الجيل الأول", "1"), (values.generation, "2e", "2"), (values.generation, "3", "3"),
        (values.person_status, "ذوو الحقوق", "rights_holder"), (values.person_status, "MRE", "mre"),
        (values.channel, "حضوري", "visit"), (values.channel, "Téléphone", "phone"),
        (values.channel, "واتساب", "whatsapp"),
        (values.kind, "شكاية", "complaint"), (values.kind, "Renseignement", "information"),
        (values.case_status, "Clôturé", "closed"), (values.case_status, "في طور المعالجة", "in_progress"),
        (values.language, "العربية", "ar"), (values.language, "Français", "fr"),
        (values.birth_year, "12/03/1975", 1975), (values.birth_year, 1975.0, 1975),
    ],
)  # fmt: skip
def test_values_as_offices_write_them(parse: Any, cell: reading.Cell, expected: object) -> None:
    assert parse(cell) == expected


NO_NAME = "No name on this row: each row must say who the person is."
FUTURE = dates.IN_THE_FUTURE
ANSWERED_BEFORE_RECEIVED, CLOSED_BEFORE_ANSWERED = dates.ANSWERED_BEFORE_RECEIVED, dates.CLOSED_BEFORE_ANSWERED
CLOSED_BEFORE_RECEIVED = dates.CLOSED_BEFORE_RECEIVED
NO_SUBJECT = "Say what the case is about: a subject or a category."
STATUSES = "new, in progress, waiting, answered, closed or cancelled"
BAD_ROWS = [
    # row 2 onwards: (cells, column, value, reason)
    (["31/02/2023", *GOOD[1:]], "A · Date de réception", "31/02/2023", "There is no such date (31/02/2023)."),
    (["hier", *GOOD[1:]], "A · Date de réception", "hier", "Not a date: write it as 12/03/2023 or 2023-03-12."),
    (["12/03/2099", *GOOD[1:]], "A · Date de réception", "12/03/2099", FUTURE),
    (["", *GOOD[1:]], "A · Date de réception", "", "The date the case was received is missing."),
    ([*GOOD[:3], "X", *GOOD[4:]], "D · Sexe", "X", "“X” is not a sex the register knows: write F or M (أنثى or ذكر)."),
    (
        [*GOOD[:4], "Atlantide", *GOOD[5:]],
        "E · Pays",
        "Atlantide",
        "“Atlantide” is not a country the register knows: write its name or its code (FR, ES).",
    ),
    (
        [*GOOD[:5], "12345", *GOOD[6:]],
        "F · Téléphone",
        "12345",
        "“12345” is not a valid phone number: write it with its country code, e.g. +33 6 12 34 56 78.",
    ),
    (
        [*GOOD[:6], "Cuisine", GOOD[7]],
        "G · Catégorie",
        "Cuisine",
        "“Cuisine” is not one of the office's categories: use its name as in the office's settings.",
    ),
    (["12/03/2023", "", "", "F", "France", "", "Autre", "x"], "B · Nom", "", NO_NAME),
    (["12/03/2023", "Ouali", "Fatima", "F", "France", "", "", ""], "H · Objet", "", NO_SUBJECT),
]  # fmt: skip


def test_each_bad_value_is_reported_with_its_row_column_and_reason_and_the_dry_run_writes_nothing(
    head: User,
) -> None:
    run = dry_run(head, upload(head, csv_file([GOOD] + [cells for cells, *_rest in BAD_ROWS])), default_category=None)
    assert run.state == ImportRun.State.DONE
    expected = {(number, column, value, reason) for number, (_c, column, value, reason) in enumerate(BAD_ROWS, 3)}
    expected.add((12, "G · Catégorie", "", "No category on this row, and no category chosen for such rows."))
    assert problems(run) == expected
    counts = run.report["counts"]
    assert (counts["rows"], counts["with_problems"], counts["to_import"]) == (11, 10, 1)
    assert (counts["people_new"], counts["cases"]) == (1, 1)
    assert database() == (0, 0, 0)
    assert not AuditEntry.objects.exists()


def test_more_bad_values_email_year_status_and_dates_in_order(head: User) -> None:
    headings = ["Nom", "E-mail", "Année de naissance", "Date", "État du dossier", "Date de réponse", "Objet"]
    rows = [
        ["Ouali", "fatima@", "", "", "", "", ""],
        ["Amrani", "", "1850", "", "", "", ""],
        ["Idrissi", "", "", "12/03/2023", "Clôturé", "", "Acte"],
        ["Bouzid", "", "", "12/03/2023", "Traité", "01/03/2023", "Acte"],
        ["Essafi", "", "", "12/03/2023", "Perdu", "", "Acte"],
        ["الوالي", "", "", "12/03/2023", "Clôturé", "20/03/2023", "Acte"],
    ]
    run = dry_run(head, upload(head, csv_file(rows, headings)))
    year = timezone.localdate().year
    assert problems(run) == {
        (2, "B · E-mail", "fatima@", "“fatima@” is not a valid e-mail address."),
        (3, "C · Année de naissance", "1850", f"A year of birth between 1900 and {year}."),
        (4, "F · Date de réponse", "", "The case is answered or closed: give the date it was answered."),
        (5, "F · Date de réponse", "01/03/2023", ANSWERED_BEFORE_RECEIVED % {"date": "12/03/2023"}),
        (6, "E · État du dossier", "Perdu", f"“Perdu” is not a case status: {STATUSES}."),
    }  # fmt: skip
    assert run.report["counts"]["to_import"] == 1


# --- Mapping -------------------------------------------------------------------------------------------------------


def test_a_mapping_must_name_the_person_and_the_date_and_map_each_field_once(head: User) -> None:
    run = upload(head, csv_file([GOOD]))
    fields = list(run.mapping)
    for wrong, message in (
        (["", "", "", *fields[3:]], "Map at least one column to a name"),
        (["", *fields[1:]], "map the column with the date each case was received"),
        ([fields[0], "last_name_latin", "last_name_latin", *fields[3:]], "Columns B · Nom, C · Prénom are all mapped"),
        ([*fields, "phone"], "does not match the file's columns"),
    ):
        with pytest.raises(CaseError, match=message):
            dry_run(head, run, wrong)
    with pytest.raises(CaseError, match="choose the category"):
        dry_run(head, run, [*fields[:6], "", "subject"], default_category=None)
    assert ImportRun.objects.get(pk=run.pk).stage == ImportRun.Stage.MAPPING
    assert not ColumnMapping.objects.exists()


def test_the_confirmed_mapping_is_offered_again_for_the_same_headings(head: User) -> None:
    first = upload(head, csv_file([GOOD]))
    confirmed = [*first.mapping[:7], "description"]  # the office's "Objet" is a description here
    water = Category.objects.get(code="utilities")
    dry_run(head, first, confirmed, default_category=water, default_channel="phone")
    again = upload(head, csv_file([[*GOOD[:7], "Autre chose"]]))
    assert again.mapping == confirmed
    assert (again.default_category, again.default_channel) == (water, "phone")
    # Another file with one of those headings: the office's choice for it is remembered too.
    other = upload(head, csv_file([["x", "Ouali"]], ["Observations", "Objet"]))
    assert other.mapping == ["", "description"]


# --- Import ------------------------------------------------------------------------------------------------------


def test_one_bad_row_and_nothing_is_imported_unless_the_valid_rows_only_are_asked(head: User) -> None:
    rows = [GOOD, [*GOOD[:5], "0612345678", GOOD[6], "Pension"], ["hier", *GOOD[1:]]]
    run = dry_run(head, upload(head, csv_file(rows)))
    run = do_import(head, run)
    assert run.state == ImportRun.State.FAILED
    # Written by the worker in the language of the one who asked (French by default).
    assert run.error == "Lignes comportant des problèmes : 1 ; rien n'a été importé."
    assert database() == (0, 0, 0)
    assert run.has_file  # kept, to import the valid rows without uploading again

    run = do_import(head, run, only_valid=True)
    assert run.state == ImportRun.State.DONE
    assert (run.people_created, run.cases_created) == (2, 2)
    assert database() == (2, 2, 2)
    assert {entry["row"] for entry in run.report["problems"]} == {4}


def test_the_import_goes_through_the_services_references_due_dates_search_timeline_and_audit(head: User) -> None:
    rows = [
        ["12/03/2023", "Ouali", "Fatima", "F", "France", "+33 6 12 34 56 78", "État civil et archives", "Acte"],
        [
            "14/03/2023",
            "الوالي",
            "فاطمة",
            "أنثى",
            "فرنسا",
            "0033612345678",
            "Pension d'une caisse étrangère",
            "Pension",
        ],
        ["15/03/2023", "Amrani", "Mohamed", "H", "ES", "", "التعمير", "Permis d'habiter"],
    ]
    run = import_file(head, csv_file(rows))
    assert run.state == ImportRun.State.DONE, run.report
    assert run.report["warnings"][0]["row"] == 3  # same phone as row 2, another script: one person
    fatima = Person.objects.get(phone="+33612345678")
    assert (fatima.first_name_latin, fatima.residence_country, fatima.sex) == ("Fatima", "FR", "female")
    assert fatima.cases.count() == 2
    assert fatima.search_names
    mohamed = Person.objects.get(last_name_latin="Amrani")
    case = mohamed.cases.get()
    assert case.category.code == "urbanism"
    assert case.reference.startswith("AITM-2023-")
    assert case.due_on > case.opened_on == date(2023, 3, 15)
    assert case.created_by == head
    assert case.events.filter(kind=CaseEvent.Kind.CREATED).exists()
    assert AuditEntry.objects.filter(action="create", target_type="case").count() == 3
    entry = AuditEntry.objects.get(target_type="importrun")
    assert (entry.actor, entry.target_id, entry.detail) == (head, run.pk, "register import: 3 rows, 2 people, 3 cases")


def test_people_on_several_rows_are_one_person_and_known_people_are_not_registered_again(head: User) -> None:
    known = person(head, first_name_latin="Said", last_name_latin="Bouzid", phone="+34612345678")
    headings = ["Date", "Nom et prénom", "Téléphone", "Année de naissance", "Pays", "Objet"]
    rows = [
        ["12/03/2023", "BOUZID Said", "0034 612 345 678", "", "Espagne", "Eau"],
        ["12/03/2023", "Mohamed Ben Ali", "", "1960", "France", "Eau"],
        ["13/03/2023", "Mohamed Ben Ali", "", "1960", "France", "Électricité"],
        ["13/03/2023", "Mohamed Ben Ali", "", "1971", "France", "Électricité"],
        ["13/03/2023", "Mohamed Ben Ali", "", "1960", "France", "Électricité"],  # the same row again
    ]
    run = dry_run(head, upload(head, csv_file(rows, headings)))
    counts = run.report["counts"]
    assert (counts["people_new"], counts["people_known"], counts["cases"], counts["repeated"]) == (2, 1, 4, 1)
    run = do_import(head, run)
    assert run.state == ImportRun.State.DONE, run.report
    assert known.cases.count() == 1
    ben_ali = Person.objects.filter(first_name_latin="Mohamed", last_name_latin="Ben Ali")
    assert sorted(year or 0 for year in ben_ali.values_list("birth_year", flat=True)) == [1960, 1971]
    assert Person.objects.count() == 3
    assert Case.objects.count() == 4


def test_answered_and_closed_cases_keep_the_dates_of_the_register(head: User) -> None:
    headings = ["Date", "Nom", "Objet", "Catégorie", "État", "Date de réponse"]
    rows = [
        ["02/01/2023", "Ouali", "Eau", "Autre", "Clôturé", "20/01/2023"],
        ["02/01/2023", "Amrani", "Eau", "Autre", "Traité", "10/01/2023"],
        ["02/01/2023", "Idrissi", "Eau", "Autre", "En cours", ""],
    ]
    run = import_file(head, csv_file(rows, headings))
    assert run.state == ImportRun.State.DONE, run.report
    closed = Case.objects.get(person__last_name_latin="Ouali")
    assert closed.status == "closed"
    assert timezone.localtime(closed.closed_at).date() == date(2023, 1, 20)
    assert timezone.localtime(closed.answered_at).date() == date(2023, 1, 20)
    answered = Case.objects.get(person__last_name_latin="Amrani")
    assert answered.status == "answered"
    assert answered.closed_at is None
    assert Case.objects.get(person__last_name_latin="Idrissi").status == "in_progress"
    assert closed.events.filter(kind="status", to_status="closed").count() == 1


# --- Idempotence ---------------------------------------------------------------------------------------------


def test_the_same_file_twice_creates_nothing_new(head: User) -> None:
    content = (SAMPLE / "register_aitmelloul.csv").read_bytes()
    first = import_file(head, content)
    assert first.state == ImportRun.State.DONE, first.report["problems"][:3]
    before = database()

    again = dry_run(head, upload(head, content))
    counts = again.report["counts"]
    assert (counts["already_imported"], counts["to_import"], counts["people_new"]) == (EXPECTED["rows"], 0, 0)
    with pytest.raises(CaseError, match="No row of this file can be imported"):
        services.ask_import(actor=head, run=again)
    # The same register as Excel, with its Arabic headings: the same rows, already imported.
    workbook = dry_run(head, upload(head, (SAMPLE / "register_aitmelloul.xlsx").read_bytes(), "سجل.xlsx"))
    assert workbook.report["counts"]["already_imported"] == EXPECTED["rows"]
    assert database() == before


def test_a_person_erased_on_request_is_not_brought_back_by_importing_the_register_again(head: User) -> None:
    from cases.services import erasure

    rows = [
        ["12/03/2023", "Ouali", "Fatima", "F", "France", "+33 6 12 34 56 78", "Autre", "Acte"],
        ["13/03/2023", "Amrani", "Youssef", "M", "Espagne", "", "Autre", "Pension"],
    ]
    import_file(head, csv_file(rows))
    fatima = Person.objects.get(last_name_latin="Ouali")
    erasure.erase_person(actor=head, person=fatima, reason="Written request of 12 November 2026")
    assert not ImportedRow.objects.filter(person=fatima).exists()  # the row's hash no longer leads to her
    again = dry_run(head, upload(head, csv_file(rows)))
    assert again.report["counts"]["already_imported"] == 2
    assert not Person.objects.filter(last_name_latin="Ouali").exists()
    assert database() == (2, 2, 2)


def test_a_longer_register_imports_only_its_new_rows(head: User) -> None:
    families = ["Ouali", "Amrani", "Idrissi", "Bouzid", "Essafi", "Benali"]
    rows = [
        [f"1{day}/03/2023", name, "Fatima", "F", "France", "", "Autre", "Acte"] for day, name in enumerate(families)
    ]
    import_file(head, csv_file(rows[:4]))
    run = import_file(head, csv_file(rows))
    assert run.report["counts"]["already_imported"] == 4
    assert (run.people_created, run.cases_created) == (2, 2)
    assert database() == (6, 6, 6)


def test_a_person_of_a_row_imported_before_gets_the_new_rows_cases(head: User) -> None:
    rows = [["12/03/2023", "Ouali", "Fatima", "F", "France", "", "Autre", "Acte"]]
    import_file(head, csv_file(rows))
    more = [*rows, ["14/03/2023", "Ouali", "Fatima", "F", "France", "", "Autre", "Pension"]]
    run = import_file(head, csv_file(more))
    assert run.report["counts"]["people_known"] == 1
    assert Person.objects.count() == 1
    assert Case.objects.count() == 2


# --- The sample register ------------------------------------------------------------------------------------------


def test_the_shipped_sample_register_imports_completely(head: User) -> None:
    run = upload(head, (SAMPLE / "register_aitmelloul.xlsx").read_bytes(), "register_aitmelloul.xlsx")
    assert run.row_count == EXPECTED["rows"]
    run = dry_run(head, run)
    assert run.report["problems"] == [], run.report["problems"][:5]
    assert run.report["counts"]["people_new"] == EXPECTED["people"]
    run = do_import(head, run)
    assert run.state == ImportRun.State.DONE
    assert (run.people_created, run.cases_created) == (EXPECTED["people"], EXPECTED["cases"])
    assert database() == (EXPECTED["people"], EXPECTED["cases"], EXPECTED["rows"])
    assert Person.objects.exclude(first_name_ar="").exists()
    assert Person.objects.exclude(first_name_latin="").exists()
    assert set(Person.objects.values_list("residence_country", flat=True)) >= {"FR", "ES", "IT", "BE", "NL", "DE"}
    assert Case.objects.filter(status="closed", closed_at__isnull=False).exists()
    assert not Case.objects.filter(opened_on__gt=timezone.localdate()).exists()


def test_the_sample_is_made_by_its_script_the_same_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_sample", SAMPLE / "make_sample.py")
    assert spec is not None
    assert spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_sample", script)
    spec.loader.exec_module(script)
    monkeypatch.setattr(script, "HERE", tmp_path)
    script.main()
    for name in ("register_aitmelloul.xlsx", "register_aitmelloul.csv", "expected.json"):
        assert (tmp_path / name).read_bytes() == (SAMPLE / name).read_bytes(), name


# --- Files -----------------------------------------------------------------------------------------------------------


def test_the_file_is_kept_in_the_communes_storage_then_deleted(
    head: User, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    run = dry_run(head, upload(head, csv_file([GOOD])))
    stored = media / "commune_aitmelloul" / run.file.name
    assert stored.exists()
    assert "registre" not in run.file.name
    services.ask_import(actor=head, run=run)
    with django_capture_on_commit_callbacks(execute=True):
        services.execute(run_id=run.pk)
    run = ImportRun.objects.get(pk=run.pk)
    assert run.imported
    assert not run.has_file
    assert not stored.exists()
    assert run.samples == []

    old = dry_run(head, upload(head, csv_file([["hier", *GOOD[1:]]])))
    kept = media / "commune_aitmelloul" / old.file.name
    ImportRun.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=services.FILE_DAYS + 1))
    assert services.forget_old_files() == 1
    old = ImportRun.objects.get(pk=old.pk)
    assert not kept.exists()
    assert old.file_deleted_at is not None
    assert old.report["problems"][0]["value"] == ""
    assert old.report["counts"]["with_problems"] == 1
    with pytest.raises(CaseError, match="This file was deleted"):
        dry_run(head, old)


# --- Roles and communes -----------------------------------------------------------------------------------------------


def test_only_the_office_head_imports(head: User, agent: User, viewer: User, auditor: User, in_a: Commune) -> None:
    run = upload(head, csv_file([GOOD]))
    for user in (agent, viewer, auditor):
        with pytest.raises(NotAllowed):
            upload(user, csv_file([GOOD]))
        with pytest.raises(NotAllowed):
            services.confirm_mapping(
                actor=user, run=run, fields=run.mapping, default_category=None, default_kind="request",
                default_channel="visit",
            )  # fmt: skip
        client = signed_in_client(in_a, user)
        for url in ("/imports/", f"/imports/{run.pk}/", f"/imports/{run.pk}/report.csv", "/imports/sample.xlsx"):
            assert client.get(url).status_code == 403, (user.role, url)
        assert client.post("/imports/", {"file": SimpleUploadedFile("r.csv", csv_file([GOOD]))}).status_code == 403
    assert ImportRun.objects.count() == 1


def test_another_commune_sees_nothing_of_a_communes_imports_and_imports_into_its_own(
    head: User, in_a: Commune, commune_b: Commune, media: Path
) -> None:
    for _earlier in range(3):  # A's run has an id B's first runs do not have
        upload(head, csv_file([GOOD]), "registre-a.csv")
    run = dry_run(head, upload(head, csv_file([GOOD]), "registre-a.csv"), [*mapping.suggest(FRENCH)[:7], "description"])
    a_file = run.file.name
    with schema_context(commune_b.schema_name):
        head_b = make_staff(commune_b, role=Role.OFFICE_HEAD)
        b_run = upload(head_b, csv_file([GOOD]))
        assert b_run.mapping[7] == "subject"  # A's choice for "Objet" is A's own
        assert ColumnMapping.objects.count() == 0
        client = signed_in_client(commune_b, head_b)
        other = run.pk
        assert not ImportRun.objects.filter(pk=other).exists()
        for url in (f"/imports/{other}/", f"/imports/{other}/progress/", f"/imports/{other}/report.csv"):
            assert client.get(url).status_code == 404, url
        assert client.post(f"/imports/{other}/mapping/", {}).status_code == 404
        assert client.post(f"/imports/{other}/import/", {}).status_code == 404
        assert client.get(f"/media/{a_file}").status_code == 404
        b_done = import_file(head_b, (SAMPLE / "register_aitmelloul.csv").read_bytes())
        assert b_done.state == ImportRun.State.DONE
        assert database() == (EXPECTED["people"], EXPECTED["cases"], EXPECTED["rows"])
        assert (media / "commune_nador" / b_run.file.name).exists()
        listing = client.get("/imports/").content.decode()
        assert "registre.csv" in listing
        assert "registre-a.csv" not in listing
    assert database() == (0, 0, 0)  # nothing of B's import in A
    assert ColumnMapping.objects.count() == 1
    assert not (media / "commune_nador" / a_file).exists()


# --- The pages -------------------------------------------------------------------------------------------------------


def test_the_office_head_uploads_maps_checks_and_imports_through_the_pages(head: User, in_a: Commune) -> None:
    User.objects.filter(pk=head.pk).update(preferred_language="en")
    client = signed_in_client(in_a, head)
    home = client.get("/imports/")
    assert home.status_code == 200
    assert "/imports/sample.xlsx" in home.content.decode()
    assert client.get("/imports/sample.xlsx").status_code == 200

    bad = client.post("/imports/", {"file": SimpleUploadedFile("r.xlsx", b"%PDF-1.4 x")})
    assert bad.status_code == 400
    assert "This file is a PDF" in bad.content.decode()
    assert not ImportRun.objects.exists()

    rows = [GOOD, ["hier", *GOOD[1:]]]
    uploaded = client.post("/imports/", {"file": SimpleUploadedFile("registre.csv", csv_file(rows))})
    run = ImportRun.objects.get()
    assert uploaded.status_code == 302
    assert uploaded["Location"] == f"/imports/{run.pk}/"
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "Date de réception" in page
    assert "Fatima" in page

    form = {f"column_{index}": field for index, field in enumerate(run.mapping)}
    form |= {"default_kind": "request", "default_channel": "visit", "default_category": ""}
    twice = client.post(f"/imports/{run.pk}/mapping/", form | {"column_2": "last_name_latin"})
    assert twice.status_code == 400
    text = twice.content.decode()
    assert "are all mapped to" in text
    assert '<option value="last_name_latin" selected>' in text

    assert client.post(f"/imports/{run.pk}/mapping/", form).status_code == 302
    assert "Waiting for a worker" in client.get(f"/imports/{run.pk}/").content.decode()
    services.execute(run_id=run.pk)
    bar = client.get(f"/imports/{run.pk}/progress/").content.decode()
    assert "Done." in bar
    assert f'hx-get="/imports/{run.pk}/"' in bar
    report = client.get(f"/imports/{run.pk}/").content.decode()
    assert "Not a date: write it as 12/03/2023 or 2023-03-12." in report
    assert "A · Date de réception" in report

    refused = client.post(f"/imports/{run.pk}/import/", {})
    assert refused.status_code == 302
    services.execute(run_id=run.pk)
    assert "nothing was imported" in client.get(f"/imports/{run.pk}/").content.decode()
    assert database() == (0, 0, 0)

    assert client.post(f"/imports/{run.pk}/import/", {"only_valid": "on"}).status_code == 302
    services.execute(run_id=run.pk)
    done = client.get(f"/imports/{run.pk}/").content.decode()
    assert "imported" in done
    assert database() == (1, 1, 1)
    assert client.post(f"/imports/{run.pk}/import/", {"only_valid": "on"}).status_code == 400  # once only

    report_csv = client.get(f"/imports/{run.pk}/report.csv")
    lines = list(csv.reader(io.StringIO(report_csv.content.decode("utf-8-sig"))))
    assert lines[1][:3] == ["3", "A · Date de réception", "hier"]
    assert AuditEntry.objects.filter(action="export", target_type="importrun").exists()
    listing = client.get("/imports/").content.decode()
    assert "registre.csv" in listing
    assert "1 new people, 1 cases" in listing


def test_the_pages_speak_arabic(head: User, in_a: Commune) -> None:
    User.objects.filter(pk=head.pk).update(preferred_language="ar")
    client = signed_in_client(in_a, head)
    run = dry_run(head, upload(head, csv_file([["hier", *GOOD[1:]]])))
    response = client.get(f"/imports/{run.pk}/", HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert 'dir="rtl"' in response.content.decode()


def test_a_stored_file_that_disappeared_fails_the_run_with_a_reason(head: User, media: Path) -> None:
    User.objects.filter(pk=head.pk).update(preferred_language="ar")
    run = upload(head, csv_file([GOOD]))
    services.confirm_mapping(
        actor=head, run=run, fields=run.mapping, default_category=None, default_kind="request", default_channel="visit"
    )
    (media / "commune_aitmelloul" / run.file.name).unlink()
    services.execute(run_id=run.pk)
    run = ImportRun.objects.get(pk=run.pk)
    assert run.state == ImportRun.State.FAILED
    assert run.error == "لم يعد من الممكن قراءة الملف المرفوع: ارفعوه من جديد."  # in the language of the one who asked
    services.execute(run_id=run.pk)  # a task delivered twice does nothing more
    assert ImportRun.objects.get(pk=run.pk).finished_at == run.finished_at


# --- Historical rows: their days, and how the open ones count -------------------------------------------------

HISTORY = ["Date", "Nom", "Objet", "Catégorie", "Date de réponse", "Date de clôture"]


def _history_rows() -> list[list[str]]:
    today = timezone.localdate()
    return [
        ["02/01/2023", "Ouali", "Eau", "Autre", "10/01/2023", "12/01/2023"],  # answered and closed: no status column
        ["02/01/2023", "Amrani", "Eau", "Autre", "20/01/2023", ""],  # answered
        ["03/01/2023", "Idrissi", "Eau", "Autre", "", ""],  # left open two years ago: overdue if kept open
        ["04/01/2023", "Bouzid", "Eau", "Autre", "", ""],  # likewise
        [today.strftime("%d/%m/%Y"), "Essafi", "Eau", "Autre", "", ""],  # received today: not overdue
    ]


def test_the_days_answered_and_closed_of_a_register_are_kept_and_the_status_follows_them(head: User) -> None:
    run = dry_run(head, upload(head, csv_file(_history_rows()[:2], HISTORY)))
    assert run.mapping[4:] == ["answered_on", "closed_on"]
    run = do_import(head, run)
    assert run.state == ImportRun.State.DONE, run.report
    closed = Case.objects.get(person__last_name_latin="Ouali")
    assert closed.status == "closed"
    assert timezone.localtime(closed.answered_at).date() == date(2023, 1, 10)
    assert timezone.localtime(closed.closed_at).date() == date(2023, 1, 12)
    lines = [(e.from_status, e.to_status, timezone.localtime(e.at).date()) for e in closed.events.filter(kind="status")]
    assert lines == [("new", "answered", date(2023, 1, 10)), ("answered", "closed", date(2023, 1, 12))]
    assert closed.events.get(kind="created").at <= closed.events.filter(kind="status").first().at  # type: ignore[union-attr]
    answered = Case.objects.get(person__last_name_latin="Amrani")
    assert (answered.status, answered.closed_at) == ("answered", None)


def test_the_days_of_a_register_are_checked_against_reality_and_their_order(head: User) -> None:
    headings = ["Date", "Nom", "Objet", "État", "Date de réponse", "Date de clôture"]
    rows = [
        ["12/03/1950", "Ouali", "Acte", "", "", ""],
        ["12/03/2023", "Amrani", "Acte", "Clôturé", "20/03/2023", "15/03/2023"],
        ["12/03/2023", "Idrissi", "Acte", "", "", "01/03/2023"],
        ["12/03/2023", "Bouzid", "Acte", "En cours", "20/03/2023", ""],
        ["12/03/2023", "Essafi", "Acte", "Traité", "20/03/2023", "25/03/2023"],
    ]
    run = dry_run(head, upload(head, csv_file(rows, headings)))
    assert problems(run) == {
        (2, "A · Date", "12/03/1950", "This date is before 2000: check the year."),
        (3, "F · Date de clôture", "15/03/2023", CLOSED_BEFORE_ANSWERED % {"date": "20/03/2023"}),
        (4, "F · Date de clôture", "01/03/2023", CLOSED_BEFORE_RECEIVED % {"date": "12/03/2023"}),
    }  # fmt: skip
    remarks = {(entry["row"], entry["reason"]) for entry in run.report["warnings"]}
    assert remarks == {
        (5, "The case is neither answered nor closed on this row: its dates of answer and closing are not used."),
        (6, "The case is answered but not closed on this row: its date closed is not used."),
    }
    assert run.report["counts"]["to_import"] == 2


@pytest.mark.parametrize(
    ("choice", "closed_at_import", "still_open"),
    [("open", 0, ["Bouzid", "Essafi", "Idrissi"]), ("close_overdue", 2, ["Essafi"]), ("close", 3, [])],
)
def test_the_office_chooses_how_the_open_rows_of_an_old_register_count(
    head: User, in_a: Commune, choice: str, closed_at_import: int, still_open: list[str]
) -> None:
    run = dry_run(head, upload(head, csv_file(_history_rows(), HISTORY)))
    counts = run.report["counts"]
    assert (counts["open_cases"], counts["overdue_if_open"]) == (3, 2)
    with schema_context("public"):
        extraction.extract(in_a, full=True)
    run = do_import(head, run, open_rows=choice)
    assert run.state == ImportRun.State.DONE, run.report
    assert run.report["counts"]["closed_at_import"] == closed_at_import
    assert sorted(Case.objects.filter(status="new").values_list("person__last_name_latin", flat=True)) == still_open
    overdue = Case.objects.filter(status__in=Case.OPEN_STATUSES, due_on__lt=timezone.localdate()).count()
    assert overdue == (2 if choice == "open" else 0)
    for case in Case.objects.filter(person__last_name_latin__in=["Idrissi", "Bouzid", "Essafi"], status="closed"):
        assert case.answered_at is None  # not counted as answered
        assert timezone.localtime(case.closed_at).date() == timezone.localdate()
        assert "Closed at the import" in case.events.get(kind="status").note_text
    # The regional layer's facts follow, change by change as by a whole count.
    with schema_context("public"):
        extraction.extract(in_a)
        facts = CaseFact.objects.filter(commune=in_a, month=date(2023, 1, 1))
        totals = facts.aggregate(
            n=Sum("count"), answered=Sum("answered"), closed=Sum("count", filter=Q(status="closed"))
        )
        assert totals == {"n": 4, "answered": 2, "closed": 1 + (closed_at_import and 2)}
        incremental = sorted(facts.filter(count__gt=0).values_list("status", "count", "answered", "answered_in_time"))
        extraction.extract(in_a, full=True)
        recounted = sorted(facts.filter(count__gt=0).values_list("status", "count", "answered", "answered_in_time"))
        assert recounted == incremental


def test_the_dry_run_page_says_how_many_would_be_overdue_and_the_import_form_asks_how_they_count(
    head: User, in_a: Commune
) -> None:
    User.objects.filter(pk=head.pk).update(preferred_language="en")
    client = signed_in_client(in_a, head)
    run = dry_run(head, upload(head, csv_file(_history_rows(), HISTORY)))
    page = client.get(f"/imports/{run.pk}/").content.decode()
    assert "overdue at once if kept open" in page
    assert "from 0 to 2 at once" in page
    assert 'name="open_rows" value="close_overdue"' in page
    assert client.post(f"/imports/{run.pk}/import/", {"open_rows": "forever"}).status_code == 400
    assert client.post(f"/imports/{run.pk}/import/", {"open_rows": "close_overdue"}).status_code == 302
    assert ImportRun.objects.get(pk=run.pk).open_rows == "close_overdue"
    services.execute(run_id=run.pk)
    done = client.get(f"/imports/{run.pk}/").content.decode()
    assert "open cases closed at the import" in done
    with pytest.raises(CaseError):
        services.ask_import(actor=head, run=upload(head, csv_file(_history_rows(), HISTORY)), open_rows="forever")


def test_another_commune_cannot_choose_for_a_communes_import(head: User, in_a: Commune, commune_b: Commune) -> None:
    run = dry_run(head, upload(head, csv_file(_history_rows(), HISTORY)))
    with schema_context(commune_b.schema_name):
        client = signed_in_client(commune_b, make_staff(commune_b, role=Role.OFFICE_HEAD))
        assert client.post(f"/imports/{run.pk}/import/", {"open_rows": "close"}).status_code == 404
    run = ImportRun.objects.get(pk=run.pk)
    assert (run.stage, run.open_rows) == (ImportRun.Stage.CHECK, "open")
    assert not Case.objects.exists()
