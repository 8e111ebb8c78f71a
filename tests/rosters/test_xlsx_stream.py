"""The streamed XLSX writer: valid workbooks, bounded buffering, text never a formula."""

import io
from datetime import date

import openpyxl

from exchange.rosters.xlsx import column_letter, stream_xlsx


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == [
        "A",
        "Z",
        "AA",
        "AB",
        "ZZ",
        "AAA",
    ]


def test_bytes_leave_before_all_rows_are_read():
    consumed = []

    def rows():
        for i in range(5000):
            consumed.append(i)
            yield [f"干部{i}", i, date(2026, 1, 1)]

    chunks = stream_xlsx(["姓名", "序号", "日期"], [10, 8, 12], rows(), "名册", rows_per_chunk=100)
    received = [next(chunks), next(chunks)]
    assert received[0].startswith(b"PK")
    assert len(consumed) < 5000, "the first rows were sent before the last were read"
    data = b"".join(received) + b"".join(chunks)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.max_row == 5001 and sheet.title == "名册"
    assert sheet["A5001"].value == "干部4999" and sheet["B5001"].value == 4999
    assert sheet["C2"].value.date() == date(2026, 1, 1)
    assert sheet["A1"].font.b and sheet.freeze_panes == "A2"


def test_formulas_and_control_characters_stay_inert_text():
    rows = [["=1+2", "@SUM(A1)", "-3+x", "a\x00b\x1fc", "<b>&</b>"]]
    data = b"".join(stream_xlsx(["a", "b", "c", "d", "e"], [8] * 5, rows, "x"))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [c.value for c in sheet[2]] == ["=1+2", "@SUM(A1)", "-3+x", "abc", "<b>&</b>"]
    assert all(c.data_type == "s" for c in sheet[2])
