"""The roster and its exports show each posting's report compliance."""

import csv
import io


def test_roster_and_csv_show_report_compliance(client, auth, world):
    # 张想's posting runs from 2026-06-01; on 2026-09-01 (test today) the monthly reports
    # due on 07-01 and 08-01 are missing (his one report is a reflection, not a monthly).
    auth.login("leader")
    page = client.get("/roster?q=张想").get_data(as_text=True)
    assert "报告完成率" in page
    assert "0%" in page and "缺交 2 份" in page
    text = client.get("/roster/export.csv?q=张想").get_data(as_text=True).lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][-1] == "报告完成率"
    assert rows[1][0] == "张想" and rows[1][-1] == "0% (0/2)"
