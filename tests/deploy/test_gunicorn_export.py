"""The shipped gunicorn config serves a 100,000-row XLSX export whole.

With sync workers and gunicorn's default 30 s timeout, the arbiter killed the worker in
the middle of this download: the browser had "200 OK" and kept a truncated, unopenable
file. Here gunicorn runs deploy/gunicorn.conf.py as systemd would, except that its
worker timeout is cut to 10 s (WORKER_TIMEOUT), far below the export's duration: with
gthread workers the worker keeps reporting while a thread streams, so the file must still
arrive whole. It is opened with openpyxl; its rows are counted straight from the sheet's
XML (openpyxl takes a minute to walk 1.5 million cells), after the zip's checksums show
that every byte arrived.
"""

import http.client
import re
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bench import fill
from tests.deploy.gunicorn import serving
from tests.security.http import HttpSession

pytestmark = pytest.mark.slow

ROWS = 100_000
WORKER_TIMEOUT = 10


def count_sheet_rows(path: Path) -> tuple[int, int]:
    """(<row> elements, the last row's number) in the first worksheet, read in chunks."""
    pattern = re.compile(rb'<row r="(\d+)"')
    count, last, data = 0, 0, b""
    with zipfile.ZipFile(path) as archive, archive.open("xl/worksheets/sheet1.xml") as sheet:
        while True:
            chunk = sheet.read(1 << 20)
            data += chunk
            # Leave the last bytes for the next round: a tag may straddle two chunks.
            safe = len(data) - 32 if chunk else len(data)
            for match in pattern.finditer(data):
                if match.start() >= safe:
                    break
                count, last = count + 1, int(match.group(1))
            data = data[max(safe, 0) :]
            if not chunk:
                return count, last


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """100,000 postings in a SQLite file, served by gunicorn with deploy/gunicorn.conf.py."""
    tmp = tmp_path_factory.mktemp("export")
    url = f"sqlite:///{tmp / 'big.db'}"
    fill.build(url, rows=ROWS)
    with serving(url, tmp, WEB_CONCURRENCY="1", WORKER_TIMEOUT=str(WORKER_TIMEOUT)) as served:
        yield served


def test_the_whole_xlsx_export_arrives_through_gunicorn(served, tmp_path):
    base, port, log_path = served
    session = HttpSession(base)
    assert session.login("leader", fill.PASSWORD).status == 302

    target = tmp_path / "roster.xlsx"
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    started = time.monotonic()
    try:
        connection.request("GET", "/roster/export.xlsx", headers={"Cookie": cookie})
        response = connection.getresponse()
        assert response.status == 200
        with target.open("wb") as out:
            while chunk := response.read(1 << 16):
                out.write(chunk)
    finally:
        connection.close()
    seconds = time.monotonic() - started

    with zipfile.ZipFile(target) as archive:
        assert archive.testzip() is None  # every member's CRC: nothing cut off
    workbook = openpyxl.load_workbook(target, read_only=True)
    rows = workbook.active.iter_rows(values_only=True)
    titles = 0  # the document's title lines above its header row
    while (header := next(rows))[0] != "干部":
        titles += 1
    first = dict(zip(header, next(rows), strict=True))
    assert titles > 0 and "接收区域" in header
    assert first["干部"] and first["开始"] is not None  # a name and a start date
    workbook.close()
    assert count_sheet_rows(target) == (titles + ROWS + 1, titles + ROWS + 1)
    assert "WORKER TIMEOUT" not in log_path.read_text()
    print(f"\n100,000-row XLSX through gunicorn: {seconds:.1f} s, {target.stat().st_size:,} bytes")
