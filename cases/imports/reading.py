"""Reading an office's register from the file it uploads: an Excel workbook (.xlsx) or a CSV text file.

The format is told by the content, never by the file's name. What cannot be read gets one clear message
naming the problem (a PDF called .xlsx, an old .xls, a file that is not text, an empty sheet, headings
without rows, too many rows, a workbook that would expand to gigabytes), and nothing is kept.

Text files: UTF-8 (with or without its BOM) and UTF-16 with its BOM, as Excel saves "CSV UTF-8" and
"Unicode text"; without a BOM and not UTF-8, Windows-1256 (Arabic Excel on Windows) or Windows-1252
(French Excel). Both give every byte a letter, so the rule is in the text: Arabic words are runs of bytes
above 0x7F, French accents are single bytes between ASCII letters (and Windows-1256 has the French accented
small letters at the same places as Windows-1252, so a French file read as 1256 would still mostly look
right: the runs decide).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import IO, Any

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from cases.errors import CaseError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 60
# An .xlsx is a zip: what its parts weigh once opened, all together. 10 MB of real registers open to
# well under this; a "zip bomb" (a few kB that expand to gigabytes) does not.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
# Rows looked at to find the headings (a register often has a title above them).
HEADING_SEARCH_ROWS = 10

XLSX, CSV = "xlsx", "csv"
DELIMITERS = (",", ";", "\t")

Cell = str | int | float | date | datetime | time | None


@dataclass(frozen=True)
class Layout:
    """How to read a file again, as found when it was uploaded."""

    file_format: str
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    heading_row: int = 1  # 1-based, as the spreadsheet numbers rows


@dataclass(frozen=True)
class Table:
    layout: Layout
    headings: list[str]
    row_count: int  # rows with something in them, below the headings
    samples: list[list[str]]  # up to three values per column, for the mapping form


@dataclass(frozen=True)
class Row:
    number: int  # as the spreadsheet numbers it
    cells: list[Cell]


def column_name(index: int, heading: str) -> str:
    """'C · Téléphone': the column's letter, as the office sees it in Excel, and its heading."""
    letter = get_column_letter(index + 1)
    return f"{letter} · {heading}" if heading else letter


def _refuse(message: str) -> CaseError:
    return CaseError({"file": [message]})


# --- What the file is -------------------------------------------------------------------------------------


def sniff(head: bytes, stream: IO[bytes]) -> str:
    """XLSX or CSV, from the content; anything else is refused with what it looks like."""
    if head.startswith(b"%PDF-"):
        raise _refuse(_("This file is a PDF, not a register. Save the register as Excel (.xlsx) or CSV."))
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise _refuse(
            _(
                "This is an old Excel 97-2003 file (.xls) or another old Office file. Open it in Excel and save it"
                " as “Excel Workbook (.xlsx)” or as “CSV UTF-8”."
            )
        )
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")) or head[8:12] == b"WEBP":
        raise _refuse(_("This file is an image, not a register. Save the register as Excel (.xlsx) or CSV."))
    if head.startswith(b"PK\x03\x04"):
        _check_zip(stream)
        return XLSX
    if head.startswith(b"PK"):
        raise _refuse(_("This file is a damaged or incomplete archive. Save the register again as Excel (.xlsx)."))
    return CSV


def _check_zip(stream: IO[bytes]) -> None:
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
            names = {entry.filename for entry in entries}
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise _refuse(_("This Excel file is damaged: it cannot be opened. Save it again from Excel.")) from error
    if len(entries) > MAX_ZIP_ENTRIES or sum(entry.file_size for entry in entries) > MAX_UNZIPPED_BYTES:
        raise _refuse(
            _("Once opened, this workbook would take more than %(limit)s: it is not accepted.")
            % {"limit": filesizeformat(MAX_UNZIPPED_BYTES)}
        )
    if "mimetype" in names:
        raise _refuse(
            _("This is an OpenDocument file (LibreOffice). Save it as “Excel 2007-365 (.xlsx)” or as CSV (UTF-8).")
        )
    if not any(name.startswith("xl/") for name in names):
        if any(name.startswith("word/") for name in names):
            raise _refuse(_("This is a Word document, not a register. Save the register as Excel (.xlsx) or CSV."))
        raise _refuse(_("This archive is not an Excel workbook. Save the register as Excel (.xlsx) or CSV."))


# --- Text: encoding and delimiter -------------------------------------------------------------------------


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding name) of a CSV file's bytes; refused when it is not text."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8) :], "utf-8", label="utf-8-sig")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", label="utf-16")
    if b"\x00" in data[:4096]:
        raise _refuse(
            _(
                "This file is neither text nor an Excel workbook (it holds binary data). Save the register as"
                " Excel (.xlsx) or CSV."
            )
        )
    try:
        return _strict(data, "utf-8", label="utf-8")
    except CaseError:
        pass
    try:
        latin = data.decode("cp1252")
    except UnicodeDecodeError:
        latin = ""  # bytes Windows-1252 does not use: not a French file
    if not latin or _looks_arabic(data):
        return _text_only(data.decode("cp1256")), "cp1256"
    return _text_only(latin), "cp1252"


def _strict(data: bytes, encoding: str, *, label: str) -> tuple[str, str]:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise _refuse(
            _("This file says it is %(encoding)s but is not: save it again as “CSV UTF-8”.")
            % {"encoding": encoding.upper()}
        ) from error
    return _text_only(text.removeprefix("\ufeff")), label


def _looks_arabic(data: bytes) -> bool:
    """Most bytes above 0x7F stand next to another one: words written in Arabic letters, not French accents."""
    high = [index for index, byte in enumerate(data) if byte > 0x7F]
    if not high:
        return False
    high_set = set(high)
    in_runs = sum(1 for index in high if index - 1 in high_set or index + 1 in high_set)
    return in_runs * 2 >= len(high)


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _text_only(text: str) -> str:
    if len(CONTROL.findall(text[:20000])) > 10:
        raise _refuse(
            _(
                "This file is neither text nor an Excel workbook (it holds binary data). Save the register as"
                " Excel (.xlsx) or CSV."
            )
        )
    return text


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon (French Excel) or tab: the one that cuts the first lines into the most equal columns."""
    lines = [line for line in text.splitlines()[:30] if line.strip()]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delimiter)]
        except csv.Error:
            continue
        if not counts:
            continue
        widest = max(counts)
        if widest < 2:
            continue
        score = (sum(1 for count in counts if count == counts[0]), widest)
        if score > best_score:
            best, best_score = delimiter, score
    return best


# --- Rows ------------------------------------------------------------------------------------------------


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _csv_rows(text: str, delimiter: str) -> Iterator[list[Cell]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for row in reader:
            yield list(row)
    except csv.Error as error:
        raise _refuse(
            _("Line %(line)s of this CSV file cannot be read (%(problem)s).")
            % {"line": reader.line_num, "problem": str(error)}
        ) from error


def _xlsx_rows(stream: IO[bytes], sheet: str) -> tuple[Iterator[list[Cell]], str]:
    stream.seek(0)
    try:
        book = load_workbook(stream, read_only=True, data_only=True)
    except Exception as error:
        raise _refuse(_("This Excel file is damaged: it cannot be opened. Save it again from Excel.")) from error
    names = book.sheetnames
    if sheet:
        if sheet not in names:
            raise CaseError(
                {
                    "sheet": [
                        _("This workbook has no sheet “%(sheet)s”. Its sheets: %(names)s.")
                        % {"sheet": sheet, "names": ", ".join(names)}
                    ]
                }
            )
        chosen = sheet
    else:
        chosen = next((name for name in names if _has_data(book[name])), names[0] if names else "")
    if not chosen:
        raise _refuse(_("This workbook has no sheet."))

    def rows() -> Iterator[list[Cell]]:
        try:
            for values in book[chosen].iter_rows(values_only=True):
                yield list(values)
        except Exception as error:
            raise _refuse(_("This Excel file is damaged: it cannot be read to the end.")) from error
        finally:
            book.close()

    return rows(), chosen


def _has_data(worksheet: Any) -> bool:
    for values in worksheet.iter_rows(min_row=1, max_row=HEADING_SEARCH_ROWS + 5, values_only=True):
        if any(not _blank(cell) for cell in values):
            return True
    return False


def _raw_rows(stream: IO[bytes], layout: Layout) -> Iterator[list[Cell]]:
    if layout.file_format == XLSX:
        rows, _sheet = _xlsx_rows(stream, layout.sheet)
        return rows
    stream.seek(0)
    text, _encoding = decode(stream.read())
    return _csv_rows(text, layout.delimiter)


def heading_text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime) and cell.time() == time():
        cell = cell.date()
    if isinstance(cell, date) and not isinstance(cell, datetime):
        return cell.strftime("%d/%m/%Y")
    return " ".join(str(cell).split())


# --- Reading a file ---------------------------------------------------------------------------------------


def inspect(stream: IO[bytes], *, size: int, sheet: str = "", score: Any = None) -> Table:
    """Everything about a file the office uploads, read to the end once: refused as soon as a limit is passed.

    `score(headings) -> int` says how much a row looks like the register's headings (cases.imports.mapping).
    """
    if size == 0:
        raise _refuse(_("The file is empty."))
    if size > MAX_BYTES:
        raise _refuse(
            _("The file is %(size)s; the limit is %(limit)s. Split the register into several files.")
            % {"size": filesizeformat(size), "limit": filesizeformat(MAX_BYTES)}
        )
    stream.seek(0)
    head = stream.read(16)
    file_format = sniff(head, stream)
    encoding = delimiter = ""
    if file_format == CSV:
        stream.seek(0)
        text, encoding = decode(stream.read())
        if not text.strip():
            raise _refuse(_("The file is empty."))
        delimiter = sniff_delimiter(text)
        raw: Iterator[list[Cell]] = _csv_rows(text, delimiter)
        chosen = ""
    else:
        raw, chosen = _xlsx_rows(stream, sheet)

    first: list[tuple[int, list[Cell]]] = []
    for number, cells in enumerate(raw, start=1):
        if any(not _blank(cell) for cell in cells):
            first.append((number, cells))
        if len(first) >= HEADING_SEARCH_ROWS or number > HEADING_SEARCH_ROWS * 5:
            break
    if not first:
        if file_format == XLSX:
            raise _refuse(_("The sheet “%(sheet)s” is empty.") % {"sheet": chosen})
        raise _refuse(_("The file is empty."))
    heading_row, heading_cells = _pick_headings(first, score)
    headings = _headings(heading_cells)
    layout = Layout(
        file_format=file_format, encoding=encoding, delimiter=delimiter, sheet=chosen, heading_row=heading_row
    )

    count, samples = 0, [list[str]() for _heading in headings]
    for row in data_rows(stream, layout, width=len(headings)):
        count += 1
        if count > MAX_ROWS:
            raise _refuse(
                _("The register has more than %(limit)s rows. Split it into several files of at most %(limit)s rows.")
                % {"limit": f"{MAX_ROWS:,}".replace(",", " ")}
            )
        for index, cell in enumerate(row.cells):
            if not _blank(cell) and len(samples[index]) < 3:
                samples[index].append(heading_text(cell)[:60])
    if count == 0:
        raise _refuse(_("The file has column headings but no rows below them."))
    return Table(layout=layout, headings=headings, row_count=count, samples=samples)


def _pick_headings(first: list[tuple[int, list[Cell]]], score: Any) -> tuple[int, list[Cell]]:
    """The row that looks most like headings; else the first with two cells or more."""
    if score is not None:
        scored = [(score([heading_text(cell) for cell in cells]), -number, number, cells) for number, cells in first]
        best = max(scored, key=lambda item: (item[0], item[1]))
        if best[0] > 0:
            return best[2], best[3]
    for number, cells in first:
        if sum(1 for cell in cells if not _blank(cell)) >= 2:
            return number, cells
    return first[0]


def _headings(cells: list[Cell]) -> list[str]:
    while cells and _blank(cells[-1]):
        cells = cells[:-1]
    if len(cells) > MAX_COLUMNS:
        raise _refuse(
            _("The register has %(count)s columns; at most %(limit)s are read. Remove the columns you do not need.")
            % {"count": len(cells), "limit": MAX_COLUMNS}
        )
    headings = [heading_text(cell) for cell in cells]
    seen: dict[str, int] = {}
    for index, heading in enumerate(headings):
        key = heading.casefold()
        if not key:
            continue
        if key in seen:
            raise _refuse(
                _(
                    "The heading “%(heading)s” is on two columns (%(first)s and %(second)s): rename one of them so"
                    " each column can be told apart."
                )
                % {
                    "heading": heading,
                    "first": get_column_letter(seen[key] + 1),
                    "second": get_column_letter(index + 1),
                }
            )
        seen[key] = index
    return headings


def data_rows(stream: IO[bytes], layout: Layout, *, width: int) -> Iterator[Row]:
    """The rows below the headings, blank ones left out, each cut or padded to the headings' width."""
    for number, cells in enumerate(_raw_rows(stream, layout), start=1):
        if number <= layout.heading_row:
            continue
        if all(_blank(cell) for cell in cells):
            continue
        cells = list(cells[:width]) + [None] * max(0, width - len(cells))
        yield Row(number=number, cells=cells)
