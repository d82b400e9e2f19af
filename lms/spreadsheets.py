"""Excel and CSV exports with the figures the page shows.

``export_response("xlsx", "kehadiran-gelombang-3", header, rows, sheet_title="Gelombang 3")``
gives a download; ``sheets=[Sheet(...), ...]`` gives a workbook of several sheets (CSV takes the
first). Cells hold values, never formulas (a reader without a formula engine, openpyxl among
them, sees the figures), and text that a spreadsheet would run as a formula (``=``, ``+``, ``-``,
``@`` first: "CSV injection") is written as text. Rows may be any iterable, so a view can stream
a queryset's ``.iterator()`` without holding it in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_SHEET_TITLE_BAD = re.compile(r"[\[\]\*\?/\\:]")


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]


def safe_text(value: str) -> str:
    """Text a spreadsheet would take for a formula, made plain text."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def _plain(value):
    """A cell's value: numbers, dates and booleans as they are, everything else as text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal):
        return value
    if isinstance(value, dt.datetime):
        # Spreadsheets have no zones: the caller passes local times and names the zone in the
        # header or a column; an aware value is written as its wall-clock time.
        return value.replace(tzinfo=None)
    if isinstance(value, dt.date):
        return value
    return str(value)


def write_xlsx(sheets: Sequence[Sheet]) -> bytes:
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    used: set[str] = set()
    for sheet in sheets:
        title = _SHEET_TITLE_BAD.sub(" ", str(sheet.title)).strip()[:31] or "Sheet"
        base, n = title, 2
        while title.lower() in used:
            suffix = f" ({n})"
            title, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(title.lower())
        worksheet = workbook.create_sheet(title=title)
        header_cells = []
        for label in sheet.header:
            cell = WriteOnlyCell(worksheet, value=str(label))
            cell.font = bold
            header_cells.append(cell)
        worksheet.append(header_cells)
        for row in sheet.rows:
            cells = []
            for value in row:
                value = _plain(value)
                cell = WriteOnlyCell(worksheet, value=value)
                if isinstance(value, str):
                    # Never a formula, whatever the text starts with.
                    cell.data_type = "s"
                cells.append(cell)
            worksheet.append(cells)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


class _Echo:
    def write(self, value):
        return value


def _csv_lines(sheet: Sheet):
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel opens UTF-8 CSV correctly only with a BOM
    yield writer.writerow([safe_text(str(label)) for label in sheet.header])
    for row in sheet.rows:
        yield writer.writerow(
            [safe_text(v) if isinstance(v, str) else _plain(v) for v in map(_plain, row)]
        )


def export_response(
    fmt: str,
    filename_stem: str,
    header: Sequence[str] = (),
    rows: Iterable[Sequence] = (),
    *,
    sheet_title: str = "",
    sheets: Sequence[Sheet] | None = None,
):
    """A download of the rows as ``fmt`` ("xlsx" or "csv")."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format: {fmt}")
    if sheets is None:
        sheets = [Sheet(sheet_title or filename_stem, header, rows)]
    stem = slugify(filename_stem) or "ekspor"
    if fmt == "xlsx":
        response = HttpResponse(write_xlsx(sheets), content_type=XLSX_TYPE)
    else:
        response = StreamingHttpResponse(_csv_lines(sheets[0]), content_type=CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
