"""The downloadable import templates: XLSX with Chinese headers, a notes row, validation lists.

Written with openpyxl (the file is small, so its ordinary writer does). Row 1 holds the
headers, row 2 explains each column and its allowed values and starts with ``※`` so the
reader knows to skip it; data begins on row 3. Text columns are formatted as text, so
Excel keeps 1980.10 as typed instead of turning it into the number 1980.1.
"""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from exchange.extensions import db
from exchange.imports.reader import NOTE_MARK, Column
from exchange.org.models import District
from exchange.programmes.models import Programme

DATA_ROWS = 2000  # how far down the validation lists reach


def _lists(columns: list[Column]) -> dict[str, tuple[str, ...]]:
    """Choices that come from the database (districts, programmes) for validation lists."""
    districts = tuple(db.session.scalars(sa.select(District.name).order_by(District.id)))
    programmes = tuple(db.session.scalars(sa.select(Programme.name).order_by(Programme.start_date)))
    found = {}
    for column in columns:
        if column.choices:
            found[column.key] = column.choices
        elif column.key in ("district", "host_district"):
            found[column.key] = districts
        elif column.key == "programme":
            found[column.key] = programmes
    return found


def template_workbook(columns: list[Column], title: str) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    lists_sheet = None
    header_font = Font(bold=True)
    note_font = Font(italic=True, color="666666", size=9)
    fill = PatternFill("solid", fgColor="DDEBF7")
    choices = _lists(columns)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cell = sheet.cell(row=1, column=index, value=column.zh + ("*" if column.required else ""))
        cell.font, cell.fill = header_font, fill
        note = str(column.note)
        if column.choices:
            note += " " + "/".join(column.choices)
        note_cell = sheet.cell(row=2, column=index, value=(NOTE_MARK if index == 1 else "") + note)
        note_cell.font = note_font
        note_cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = column.width
        for row in range(3, DATA_ROWS + 3):
            sheet.cell(row=row, column=index).number_format = "@"
        values = choices.get(column.key)
        if values:
            if lists_sheet is None:
                lists_sheet = workbook.create_sheet("lists")
                lists_sheet.sheet_state = "hidden"
            for row, value in enumerate(values, start=1):
                lists_sheet.cell(row=row, column=index, value=value)
            validation = DataValidation(
                type="list",
                formula1=f"=lists!${letter}$1:${letter}${max(len(values), 1)}",
                allow_blank=True,
                showErrorMessage=True,
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}3:{letter}{DATA_ROWS + 2}")
    sheet.row_dimensions[2].height = 48
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
