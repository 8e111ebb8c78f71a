"""Exports stream: rows are read in batches and written in chunks, never all at once."""

import csv
import io
from datetime import date

import openpyxl
import sqlalchemy as sa

from exchange.cadres.models import Cadre, CadreGram
from exchange.extensions import db
from exchange.postings.models import Posting
from exchange.text import name_grams

ROWS = 3000


def bulk_postings(app, world, n=ROWS):
    """``n`` completed postings 两江 → 天府, inserted in two statements."""
    with app.app_context():
        db.session.execute(
            sa.insert(Cadre),
            [
                {
                    "name": f"批量{i}",
                    "name_pinyin": f"piliang{i}",
                    "name_initials": "pl",
                    "home_department_id": world.lj_science,
                    "home_position": "科员",
                }
                for i in range(n)
            ],
        )
        cadre_ids = db.session.scalars(
            sa.select(Cadre.id).where(Cadre.name.like("批量%")).order_by(Cadre.id)
        ).all()
        # The search's pieces of each name, as the name validator writes them.
        db.session.execute(
            sa.insert(CadreGram),
            [
                {"gram": gram, "cadre_id": cadre_id}
                for i, cadre_id in enumerate(cadre_ids)
                for gram in name_grams(f"批量{i}", f"piliang{i}", "pl")
            ],
        )
        db.session.execute(
            sa.insert(Posting),
            [
                {
                    "cadre_id": cadre_id,
                    "programme_id": world.programme,
                    "home_district_id": world.lj,
                    "home_department_id": world.lj_science,
                    "home_position": "科员",
                    "host_district_id": world.tf,
                    "host_department_id": world.tf_hq,
                    "host_position": "@助理" if i == 7 else "助理",
                    "start_date": date(2024, 1, 1),
                    "planned_end_date": date(2024, 6, 30),
                    "status": "completed",
                }
                for i, cadre_id in enumerate(cadre_ids)
            ],
        )
        db.session.commit()


def test_csv_export_streams_many_rows_in_chunks(client, auth, app, world):
    bulk_postings(app, world)
    assert auth.login("hr.tianfu").status_code == 302
    response = client.get("/roster/export.csv", buffered=False)
    assert response.is_streamed
    chunks = list(response.response)
    response.close()
    assert len(chunks) > ROWS // 500  # a chunk every 500 rows: the download starts at once
    text = b"".join(chunks).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == ROWS + 2  # header, 张想 and the bulk rows
    assert sum(r[9] == "'@助理" for r in rows) == 1


def test_xlsx_export_of_many_rows(client, auth, app, world):
    bulk_postings(app, world, n=1500)
    assert auth.login("leader").status_code == 302
    response = client.get("/roster/export.xlsx?q=pl")
    sheet = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True).active
    rows = list(sheet.iter_rows(min_row=4, values_only=True))  # under the title and header
    assert len(rows) == 1500
    assert all(row[7] == "四川天府新区" for row in rows)


def test_the_collector_is_paused_only_while_an_export_is_made():
    """Two exports at once, one abandoned: the cycle collector is off while either runs
    and back on when the last ends, however it ends."""
    import gc

    from exchange.rosters.exports import collector_paused

    def chunks(seen):
        for n in range(3):
            seen.append(gc.isenabled())
            yield n

    assert gc.isenabled()
    first_seen, second_seen = [], []
    first, second = collector_paused(chunks(first_seen)), collector_paused(chunks(second_seen))
    assert next(first) == 0 and next(second) == 0
    first.close()  # a download abandoned
    assert not gc.isenabled(), "the other export still runs"
    assert list(second) == [1, 2]
    assert gc.isenabled()
    assert first_seen == [False] and second_seen == [False, False, False]
    gc.disable()
    try:  # a process that runs with the collector off keeps it off
        assert list(collector_paused(chunks([]))) == [0, 1, 2]
        assert not gc.isenabled()
    finally:
        gc.enable()
