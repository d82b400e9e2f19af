import csv
import datetime as dt
import io

from openpyxl import load_workbook

from lms import spreadsheets


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def test_xlsx_holds_values_never_formulas_and_csv_the_same_rows():
    header = ["Nama", "Hadir", "Persen", "Mulai (WIT)"]
    rows = [
        ["Siti", 7, 87.5, dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)],
        ['=HYPERLINK("http://x")', 0, 0.0, None],
    ]
    book = load_workbook(
        io.BytesIO(_body(spreadsheets.export_response("xlsx", "Kehadiran", header, rows)))
    )
    sheet = book.active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == header
    assert values[1] == [
        "Siti",
        7,
        87.5,
        dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC).replace(tzinfo=None),
    ]
    assert values[2][0] == '=HYPERLINK("http://x")' and sheet["A3"].data_type == "s"
    response = spreadsheets.export_response("csv", "Kehadiran", header, rows)
    assert response["Content-Disposition"] == 'attachment; filename="kehadiran.csv"'
    text = _body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    parsed = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert parsed[1][:3] == ["Siti", "7", "87.5"]
    assert parsed[2][0].startswith("'=")


def test_several_sheets_with_titles_excel_accepts():
    sheets = [
        spreadsheets.Sheet("Gelombang 1/2026: Jabar", ["a"], [[1]]),
        spreadsheets.Sheet("Gelombang 1/2026: Jabar", ["a"], [[2]]),
    ]
    book = load_workbook(
        io.BytesIO(_body(spreadsheets.export_response("xlsx", "x", sheets=sheets)))
    )
    assert len(book.sheetnames) == 2 and all(len(t) <= 31 and "/" not in t for t in book.sheetnames)
