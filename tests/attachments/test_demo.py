"""The demo has 张想's dispatch letter and the 2020 agreement on file, and one import run."""

import sqlalchemy as sa

from exchange.attachments.models import Attachment
from exchange.extensions import db
from exchange.imports.models import ImportRun


def test_demo_documents_and_import_run(app, runner, client, auth):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert "nothing to add" in runner.invoke(args=["seed-demo"]).output
    with app.app_context():
        letter = db.session.scalar(sa.select(Attachment).where(Attachment.posting_id.is_not(None)))
        letter_id, posting_id = letter.id, letter.posting_id
        assert db.session.scalar(sa.select(sa.func.count(ImportRun.id))) == 1
    auth.login("hr.tianfu", app.config["DEMO_PASSWORD"])
    assert "关于选派张想同志" in client.get(f"/postings/{posting_id}").get_data(as_text=True)
    download = client.get(f"/attachments/{letter_id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF-1.4")
    auth.logout()
    auth.login("hr.liangjiang", app.config["DEMO_PASSWORD"])
    assert "2026年第二批互派干部名单" in client.get("/imports").get_data(as_text=True)
