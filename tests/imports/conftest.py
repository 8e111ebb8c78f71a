"""Helpers for import tests: spreadsheets built in memory, files kept in a temporary store."""

import csv
import io

import openpyxl
import pytest


@pytest.fixture
def app_config(tmp_path):
    return {"FILE_STORAGE_DIR": str(tmp_path / "files")}


def xlsx(rows: list[list]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


CADRE_HEADER = ["姓名", "性别", "出生年月", "单位", "职务", "职级", "联系电话"]
POSTING_HEADER = [
    "姓名",
    "接收区域",
    "接收单位",
    "挂职职务",
    "交流批次",
    "开始日期",
    "计划结束日期",
    "状态",
    "实际结束日期",
]
